package admin

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// directory is the picker's backend over the emulator: the Management API
// client, which is what admin mode hands the picker.
func directory(t testing.TB, env *tt.Env) *logto.Client {
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: env.URL, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	c, err := logto.New(logto.Options{Endpoint: env.URL, Tokens: ts})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// setup seeds n engineers beside the test user and shows the picker on
// query at 120×40 (the root's body is 118×36).
func setup(t testing.TB, n int, query string) (*Model, *tt.Env) {
	env := tt.NewEnv(t)
	for i := range n {
		env.Emu.SeedUser(emulator.UserSeed{ID: fmt.Sprintf("eng%09d", i), Username: fmt.Sprintf("eng%d", i),
			Email: fmt.Sprintf("eng%d@example.com", i), Name: fmt.Sprintf("Engineer %d", i), Suspended: i == n-1})
	}
	dir := directory(t, env)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, func() Directory { return dir }, query, "")
	m.SetSize(118, 36)
	tt.Drive(t, m, tt.Run(m.Init())...)
	return m, env
}

func picked(msgs []tea.Msg) *logto.User {
	for _, msg := range msgs {
		if p, ok := msg.(PickedMsg); ok {
			return &p.User
		}
	}
	return nil
}

func TestPickerPagesThroughEveryUser(t *testing.T) {
	m, env := setup(t, 60, "")
	view := tt.Plain(m.View())
	tt.Golden(t, m.View())
	// 61 users (60 + Ada), 27 rows a page at this height: newest first.
	if !strings.Contains(view, "Users 1–27 of 61 · page 1 of 3") || !strings.Contains(view, "n next") {
		t.Fatalf("summary:\n%s", view)
	}
	if !strings.Contains(view, "Engineer 59") || !strings.Contains(view, "suspended") {
		t.Errorf("the newest (suspended) user is not first:\n%s", view)
	}
	env.Emu.ResetRequests()
	tt.Drive(t, m, tt.Key("n"))
	tt.Drive(t, m, tt.Key("n"))
	view = tt.Plain(m.View())
	if !strings.Contains(view, "Users 55–61 of 61 · page 3 of 3") || !strings.Contains(view, "Ada Lovelace") {
		t.Fatalf("last page:\n%s", view)
	}
	if got := env.Emu.CountRequests("GET", "/api/users"); got != 2 {
		t.Errorf("two page turns made %d requests, want 2", got)
	}
	tt.Drive(t, m, tt.Key("n")) // no page after the last: nothing sent
	if got := env.Emu.CountRequests("GET", "/api/users"); got != 2 {
		t.Errorf("n on the last page sent a request")
	}
	tt.Drive(t, m, tt.Key("G"), tt.Key("j"), tt.Key("j"), tt.Key("j"), tt.Key("j"), tt.Key("j"), tt.Key("j"))
	u := picked(tt.Drive(t, m, tt.Key("enter")))
	if u == nil || u.ID != tt.UserID {
		t.Fatalf("enter on the last row picked %+v, want Ada", u)
	}
	tt.Drive(t, m, tt.Key("p"))
	if view := tt.Plain(m.View()); !strings.Contains(view, "Users 28–54 of 61 · page 2 of 3") {
		t.Errorf("p did not go back:\n%s", view)
	}
}

func TestPickerSearchesAndKeepsTheTextOnEsc(t *testing.T) {
	m, env := setup(t, 30, "")
	env.Emu.ResetRequests()
	tt.Drive(t, m, tt.Key("/"))
	if !m.Capturing() {
		t.Fatal("/ did not start typing")
	}
	// q and digits are text here, not quit or navigation.
	tt.Drive(t, m, tt.Type("eng2q")...)
	tt.Drive(t, m, tt.Key("backspace"), tt.Key("enter"))
	view := tt.Plain(m.View())
	// eng2, eng20–eng29: 11 users.
	if !strings.Contains(view, "“eng2”") || !strings.Contains(view, "Users 1–11 of 11 · page 1 of 1") {
		t.Fatalf("search:\n%s", view)
	}
	if strings.Contains(view, "Engineer 3 ") || strings.Contains(view, "Ada") {
		t.Errorf("users outside the search are listed:\n%s", view)
	}
	if got := env.Emu.CountRequests("GET", "/api/users"); got != 1 {
		t.Errorf("a search made %d requests, want 1", got)
	}
	// Esc while typing goes back to the search on screen, sending nothing.
	tt.Drive(t, m, tt.Key("/"))
	tt.Drive(t, m, tt.Type("zzz")...)
	tt.Drive(t, m, tt.Key("esc"))
	if m.Capturing() || m.input.Value() != "eng2" || env.Emu.CountRequests("GET", "/api/users") != 1 {
		t.Errorf("esc: capturing=%v input=%q", m.Capturing(), m.input.Value())
	}
	tt.Drive(t, m, tt.Key("/"), tt.Key("backspace"), tt.Key("backspace"), tt.Key("backspace"), tt.Key("backspace"))
	tt.Drive(t, m, append(tt.Type("nobody-like-this"), tt.Key("enter"))...)
	view = tt.Plain(m.View())
	if !strings.Contains(view, "No user matches “nobody-like-this”. Press / to search again.") {
		t.Errorf("empty result:\n%s", view)
	}
	if picked(tt.Drive(t, m, tt.Key("enter"))) != nil {
		t.Error("enter on an empty list picked someone")
	}
	// While the search is being typed, "/" would only be typed into it.
	tt.Drive(t, m, tt.Key("/"))
	if view = tt.Plain(m.View()); !m.Capturing() || strings.Contains(view, "Press /") || !strings.Contains(view, "Change the search, or esc.") {
		t.Errorf("typing a search that matches nobody:\n%s", view)
	}
}

func TestPickerErrorKeepsTheSearchAndRetries(t *testing.T) {
	m, env := setup(t, 3, "eng")
	env.Emu.InjectFault(emulator.Fault{Method: "GET", PathPrefix: "/api/users", Status: 500, Times: 1})
	tt.Drive(t, m, tt.Key("n")) // only one page: nothing to fetch
	tt.Drive(t, m, tt.Key("r"))
	view := tt.Plain(m.View())
	if !strings.Contains(view, "Press r to search again.") || !strings.Contains(view, "“eng”") {
		t.Fatalf("error:\n%s", view)
	}
	tt.Drive(t, m, tt.Key("r"))
	view = tt.Plain(m.View())
	if strings.Contains(view, "search again.") || !strings.Contains(view, "Users 1–3 of 3") {
		t.Errorf("r did not recover:\n%s", view)
	}
}

// slowDirectory holds the search for "ada" until first is closed.
type slowDirectory struct {
	Directory
	first chan struct{}
}

func (d *slowDirectory) SearchUsers(ctx context.Context, q logto.UserQuery) (*logto.UserPage, error) {
	if q.Search == "ada" {
		<-d.first
	}
	return d.Directory.SearchUsers(ctx, q)
}

func TestPickerDropsAStaleAnswer(t *testing.T) {
	env := tt.NewEnv(t)
	env.Emu.SeedUser(emulator.UserSeed{ID: "charles00001", Username: "charles", Name: "Charles Babbage"})
	slow := &slowDirectory{Directory: directory(t, env), first: make(chan struct{})}
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, func() Directory { return slow }, "ada", "")
	m.SetSize(118, 36)
	first := m.Init()
	second := m.search("charles", 1)
	late := make(chan tea.Msg, 1)
	go func() { late <- first() }()
	host := tt.HostOf(m) // delivers replies as the root does
	host.Update(second())
	close(slow.first)
	host.Update(<-late)
	if u := m.Selected(); u == nil || u.ID != "charles00001" || m.query != "charles" {
		t.Fatalf("the older search's late answer replaced the newer one: %+v", u)
	}
}

func TestPickerFitsNarrowWindows(t *testing.T) {
	m, _ := setup(t, 2, "")
	for _, w := range []int{58, 78, 94, 118} {
		m.SetSize(w, 18)
		for i, line := range strings.Split(tt.Plain(m.View()), "\n") {
			if n := len([]rune(line)); n > w {
				t.Errorf("width %d: line %d is %d wide: %q", w, i, n, line)
			}
		}
	}
	m.SetSize(58, 18)
	view := tt.Plain(m.View())
	if !strings.Contains(view, "ada000000001") || !strings.Contains(view, "Ada Lovelace") {
		t.Errorf("the id and the name must stay at 58 columns:\n%s", view)
	}
}

func BenchmarkPickerView(b *testing.B) {
	m, _ := setup(b, 120, "")
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// TestPickerSearchesAsYouType: a pause in typing searches what was typed
// (one request for a burst of keys, none before the pause), Enter still
// searches at once, and a single page offers no page keys.
func TestPickerSearchesAsYouType(t *testing.T) {
	m, env := setup(t, 30, "")
	m.SetSize(78, 20) // the body of an 80×24 window
	clock := m.C.Clock.(*tt.Clock)
	env.Emu.ResetRequests()
	tt.Drive(t, m, tt.Key("/"))
	tt.Drive(t, m, tt.Type("eng2")...)
	if got := env.Emu.CountRequests("GET", "/api/users"); got != 0 {
		t.Fatalf("%d searches before typing paused", got)
	}
	tt.Drive(t, m, clock.Advance(SearchDelay)...)
	if got := env.Emu.CountRequests("GET", "/api/users"); got != 1 {
		t.Fatalf("a pause after a burst of keys made %d searches, want 1", got)
	}
	if !m.Capturing() || !strings.Contains(tt.Plain(m.View()), "Users 1–11 of 11") {
		t.Fatalf("the results did not follow the typing, or typing stopped:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Type("5")...)
	tt.Drive(t, m, tt.Key("enter"))
	if got := env.Emu.CountRequests("GET", "/api/users"); got != 2 || !strings.Contains(tt.Plain(m.View()), "Users 1–1 of 1") {
		t.Fatalf("enter did not search at once (%d searches):\n%s", got, tt.Plain(m.View()))
	}
	tt.Drive(t, m, clock.Advance(SearchDelay)...) // the timer of "5" finds nothing left to do
	if got := env.Emu.CountRequests("GET", "/api/users"); got != 2 {
		t.Errorf("a timer searched again after enter: %d", got)
	}
	tt.Golden(t, m.View())
	for _, k := range m.KeyMap().ShortHelp() {
		if k.Enabled() && (k.Help().Key == "n" || k.Help().Key == "p") {
			t.Errorf("a single page offers %q", k.Help().Key+" "+k.Help().Desc)
		}
	}
	if strings.Count(tt.Plain(m.View()), "Choose") != 0 {
		t.Errorf("a second heading under the tab:\n%s", tt.Plain(m.View()))
	}
}

// TestPickerSearchLineFitsWhileTyping: the search field and its hint fit
// one line at 80 and 60 columns.
func TestPickerSearchLineFitsWhileTyping(t *testing.T) {
	m, _ := setup(t, 2, "")
	tt.Drive(t, m, tt.Key("/"))
	for _, w := range []int{78, 58} {
		m.SetSize(w, 18)
		line := ""
		for _, l := range strings.Split(tt.Plain(m.View()), "\n") {
			if strings.HasPrefix(l, "Search ") {
				line = l
			}
		}
		if !strings.HasPrefix(line, "Search ") || !strings.HasSuffix(line, "searches as you type") || len([]rune(line)) > w {
			t.Errorf("at %d: %q", w, line)
		}
	}
}
