package tui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
	"github.com/logto-account/logto-account/tui/signin"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	m.Run()
}

// instantFlow signs in at once as the test user; with once set, later
// sign-ins wait for their context (nobody approves).
type instantFlow struct {
	acct  Account
	once  bool
	calls *int
}

func (f instantFlow) Start(context.Context) (*auth.DeviceCode, error) {
	return &auth.DeviceCode{UserCode: "BCDF-GHJK", VerificationURI: "http://127.0.0.1/device",
		VerificationURIComplete: "http://127.0.0.1/device?user_code=BCDF-GHJK", Expiry: time.Now().Add(10 * time.Minute)}, nil
}

func (f instantFlow) Finish(ctx context.Context, _ *auth.DeviceCode) (any, error) {
	if f.once {
		*f.calls++
		if *f.calls > 1 {
			<-ctx.Done()
			return nil, ctx.Err()
		}
	}
	return &SignedIn{Account: f.acct, Display: "Ada Lovelace"}, nil
}

func newRoot(t testing.TB) (*Model, *tt.Env) {
	env := tt.NewEnv(t)
	m := New(Options{Tenant: "tenant.example", Badge: "DEMO", Flow: instantFlow{acct: env.Account}, NoColor: true,
		Clock: tt.NewClock(tt.Epoch)})
	return m, env
}

func waitText(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains([]byte(ansi.Strip(string(b))), []byte(text))
	}, teatest.WithDuration(60*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func TestSignInThenNavigate(t *testing.T) {
	m, _ := newRoot(t)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	waitText(t, tm, "Custom data") // the profile is loaded, not only its tab
	tm.Send(tt.Key("2"))
	waitText(t, tm, "+44 20 7946 0958")
	tm.Send(tt.Key("l"))
	waitText(t, tm, "Repeat")
	tm.Send(tt.Key("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(60*time.Second))
}

func TestQuitAsksWhenThereAreUnsavedEdits(t *testing.T) {
	m, _ := newRoot(t)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	waitText(t, tm, "Custom data") // the profile is loaded, not only its tab
	tm.Send(tt.Key("j"))
	tm.Send(tt.Key("enter"))
	tm.Type(" Byron")
	tm.Send(tt.Key("esc"))
	tm.Send(tt.Key("q"))
	waitText(t, tm, "anyway?")
	tm.Send(tt.Key("n"))
	waitText(t, tm, "Not")
	tm.Send(tt.Key("ctrl+c"))
	waitText(t, tm, "anyway?")
	tm.Send(tt.Key("y"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(60*time.Second))
}

func TestTinyWindowKeepsState(t *testing.T) {
	m, env := newRoot(t)
	signInAt(t, m, 80, 24)
	if m.signing {
		t.Fatal("not signed in")
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("j"), tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, tt.Type("Z")...)
	for _, size := range [][2]int{{20, 5}, {1, 1}, {59, 19}} {
		tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		view := tt.Plain(m.render())
		if size[0] > 4 && !strings.Contains(view, "too small") {
			t.Errorf("%v: %q", size, view)
		}
	}
	tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 80, Height: 24})
	if !strings.Contains(tt.Plain(m.render()), "Ada LovelaceZ") {
		t.Error("typed text lost across resizes")
	}
	_ = env
	tt.Golden(t, m.render())
}

func TestSessionExpiryKeepsInput(t *testing.T) {
	m, env := newRoot(t)
	calls := 0
	m.opts.Flow = instantFlow{acct: env.Account, once: true, calls: &calls}
	m.signin = signinFor(m)
	signInAt(t, m, 80, 24)
	tt.Drive(t, rootUpdater{m}, tt.Key("j"), tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, tt.Type("!")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"), common.ErrMsg{Err: auth.ErrSignInRequired})
	if !m.signing || !strings.Contains(m.status, "Sign in again") {
		t.Fatalf("not back at sign-in: signing=%v status=%q", m.signing, m.status)
	}
	if !m.dirty() {
		t.Error("unsaved input was dropped on expiry")
	}
}

// rootUpdater adapts the root to tuitest.Drive.
type rootUpdater struct{ m *Model }

func (r rootUpdater) Update(msg tea.Msg) tea.Cmd {
	_, cmd := r.m.Update(msg)
	return cmd
}

// Common lets tuitest.Drive see the requests that wait on a person.
func (r rootUpdater) Common() *common.Common { return r.m.c }

// signInAt sizes the root and runs its sign-in to the end.
func signInAt(t testing.TB, m *Model, w, h int) {
	t.Helper()
	tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: w, Height: h})
	for _, msg := range tt.Run(m.signin.Init()) {
		tt.DriveAll(t, rootUpdater{m}, msg) // the test flow approves at once
	}
}

func signinFor(m *Model) *signin.Model { return signin.New(m.c, m.opts.Flow, nil) }

// TestIdleProgramStopsTicking: the status spinner ticks only while a
// screen waits for Logto, so an idle session draws no frames (the SSH
// service holds hundreds; ticking idle sessions saturated 2 cores at about
// 360 of them).
func TestIdleProgramStopsTicking(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 80, 24)
	clock := m.c.Clock.(*tt.Clock)
	tt.Drive(t, rootUpdater{m}, clock.Advance(common.SpinInterval)...) // the sign-in's spinner timer
	if m.signing || m.busy() || m.spinning {
		t.Fatalf("signed in and idle, yet signing=%v busy=%v spinning=%v", m.signing, m.busy(), m.spinning)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("j"), tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, tt.Type("!")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"))
	_, cmd := m.Update(tt.Key("s"))
	if !m.spinning || cmd == nil || clock.Pending() == 0 {
		t.Fatal("saving did not start the spinner")
	}
	for _, msg := range tt.Run(cmd) { // the save's answer
		tt.Drive(t, rootUpdater{m}, msg)
	}
	if m.busy() {
		t.Fatal("still busy after the save")
	}
	pending := clock.Pending()
	tt.Drive(t, rootUpdater{m}, clock.Advance(common.SpinInterval)...) // the spinner's timer fires
	if m.spinning || clock.Pending() >= pending {
		t.Error("an idle program renewed its spinner timer")
	}
}

// TestNarrowHeaderKeepsUserAndBadge: at 60 columns the tenant gives way
// before the user's name and the DEMO/ADMIN badge.
func TestNarrowHeaderKeepsUserAndBadge(t *testing.T) {
	m, _ := newRoot(t)
	m.opts.Tenant = "a-rather-long-tenant-name.eu.logto.app"
	signInAt(t, m, 60, 20)
	h := tt.Plain(m.header())
	if !strings.HasSuffix(h, "Ada Lovelace DEMO") && !strings.HasSuffix(h, "Ada Lovelace  DEMO") || !strings.Contains(h, "a-rather") {
		t.Errorf("header at 60: %q", h)
	}
	if n := len([]rune(h)); n > 60 {
		t.Errorf("header is %d wide", n)
	}
}

// TestFullHelpListsEveryKeyAt80x24: ? lists the screen's keys and the ones
// that work everywhere, none cut off at the window's edge.
func TestFullHelpListsEveryKeyAt80x24(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 80, 24)
	tt.Drive(t, rootUpdater{m}, tt.Key("?"))
	view := tt.Plain(m.render())
	for _, want := range []string{"On this screen", "save", "undo edits", "1 Profile", "8 Danger zone", "Everywhere", "next screen",
		"previous screen", "reload", "quit", "? or esc closes this help"} {
		if !strings.Contains(view, want) {
			t.Errorf("full help lacks %q:\n%s", want, view)
		}
	}
	lines := strings.Split(view, "\n")
	if body := strings.Join(lines[:len(lines)-1], "\n"); strings.Contains(body, "…") { // the short help line may be cut
		t.Errorf("something is cut:\n%s", view)
	}
}

// TestShortHelpAlwaysOffersHelpAndQuit: the screen's keys give way so that
// "? help" and "q quit" stay on the line, which never passes the window
// (at 60 the screen hint goes first, to leave the screen's keys room).
func TestShortHelpAlwaysOffersHelpAndQuit(t *testing.T) {
	for _, c := range []struct {
		w, h   int
		screen string
		want   []string
	}{
		{80, 24, "1", []string{"enter edit", "←→/1-8 screens"}},
		{60, 20, "5", []string{"t authenticator app"}},
	} {
		m, _ := newRoot(t)
		signInAt(t, m, c.w, c.h)
		tt.Drive(t, rootUpdater{m}, tt.Key(c.screen))
		line := tt.Plain(m.shortHelp())
		ok := strings.HasSuffix(line, "? help • q quit") && len([]rune(line)) <= c.w
		for _, want := range c.want {
			ok = ok && strings.Contains(line, want)
		}
		if !ok {
			t.Errorf("help line at %d: %q", c.w, line)
		}
	}
}

// TestReloadSaysWhenDoneAndTheClockIsNeverCut: R reloads what is on screen
// and says when it is done; a long status message gives way to the
// "verified" clock instead of cutting it.
func TestReloadSaysWhenDoneAndTheClockIsNeverCut(t *testing.T) {
	m, env := newRoot(t)
	signInAt(t, m, 80, 24)
	tt.Drive(t, rootUpdater{m}, tt.Key("6"))
	env.Emu.SeedPAT(tt.UserID, "added-elsewhere", nil)
	tt.Drive(t, rootUpdater{m}, tt.Key("R"))
	if !strings.Contains(m.status, "Reloaded") || !strings.Contains(tt.Plain(m.render()), "added-elsewhere") {
		t.Errorf("after R: status %q\n%s", m.status, tt.Plain(m.render()))
	}
	m.c.Proof.Record()
	m.Update(common.StatusMsg{Text: "Saved."})
	if lines := m.footer(); !strings.HasSuffix(tt.Plain(lines[len(lines)-1]), "left") {
		t.Errorf("the clock is not whole beside a short message: %q", lines)
	}
	m.Update(common.StatusMsg{Text: strings.Repeat("a long message ", 10)})
	for _, line := range m.footer() { // the message wins; the clock is whole or absent, never cut
		if l := tt.Plain(line); len([]rune(l)) > 80 || strings.Contains(l, "l…") || strings.Contains(l, "verified · 4") && !strings.HasSuffix(l, "left") {
			t.Errorf("status line: %q", l)
		}
	}
}

// TestLongUserNameKeepsProgramAndBadge: a name wider than the window (a
// profile's name may be 128 CJK characters) is cut with "…" and the
// header still says which program this is and that it is the DEMO; before,
// the name pushed both off the line.
func TestLongUserNameKeepsProgramAndBadge(t *testing.T) {
	for _, w := range []int{80, 60} {
		m, _ := newRoot(t)
		signInAt(t, m, w, 20)
		m.display = strings.Repeat("漢", 70)
		h := tt.Plain(m.header())
		if !strings.HasPrefix(h, "logto-account") || !strings.HasSuffix(h, "…  DEMO") && !strings.HasSuffix(h, "… DEMO") {
			t.Errorf("header at %d: %q", w, h)
		}
		if n := common.Width(h); n > w {
			t.Errorf("header at %d is %d wide", w, n)
		}
	}
}

// TestLongActedOnNameKeepsTheAdminBadgeInTheWindow: the name of the user an
// operator acts on is cut inside the ADMIN badge rather than running the
// header past the window's edge.
func TestLongActedOnNameKeepsTheAdminBadgeInTheWindow(t *testing.T) {
	m, _ := adminRoot(t, nil, "example.com")
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	if m.target == nil {
		t.Fatal("no user picked")
	}
	long := strings.Repeat("漢", 70)
	m.target.Name = &long
	for _, w := range []int{80, 60} {
		m.w = w
		h := tt.Plain(m.header())
		if !strings.HasPrefix(h, "logto-account") || !strings.Contains(h, "ADMIN · acting on 漢") || !strings.HasSuffix(strings.TrimSpace(h), "…") {
			t.Errorf("header at %d: %q", w, h)
		}
		if n := common.Width(h); n > w {
			t.Errorf("header at %d is %d wide", w, n)
		}
	}
}
