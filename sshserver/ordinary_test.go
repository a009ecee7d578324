package sshserver

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto/emulator"
)

// inputSpy records what input reaches the session's screens.
type inputSpy struct {
	tea.Model
	mu  *sync.Mutex
	got *[]string
}

func (s inputSpy) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var note string
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		note = "key " + m.String()
	case tea.PasteMsg:
		note = "paste " + m.Content
	case tea.MouseClickMsg:
		note = "click " + m.String()
	case tea.MouseReleaseMsg:
		note = "release " + m.String()
	case tea.MouseWheelMsg:
		note = "wheel " + m.String()
	}
	if note != "" {
		s.mu.Lock()
		*s.got = append(*s.got, note)
		s.mu.Unlock()
	}
	m, cmd := s.Model.Update(msg)
	return inputSpy{m, s.mu, s.got}, cmd
}

// TestOrdinaryInputStillReachesTheScreens: the input filter (see
// inputFilter) passes what real terminals send, through a real SSH client
// and a signed-in session: arrow keys move between the profile's fields,
// UTF-8 typed a character at a time (accents, CJK, emoji) and a bracketed
// paste of ordinary text go into a field and are saved, and mouse reports
// (which the screens do not ask for, but a terminal may send) arrive as
// mouse events, not as keys typed into the field.
func TestOrdinaryInputStillReachesTheScreens(t *testing.T) {
	var mu sync.Mutex
	var got []string
	h := start(t, func(c *Config) {
		c.wrap = func(m tea.Model) tea.Model { return inputSpy{m, &mu, &got} }
	}, "")
	ada := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	tm := open(t, h.addr, true)
	h.approve(t, tm, ada)
	tm.waitFor("Ada Lovelace")
	// The profile is read (its header says when the account was made):
	// keys pressed while it loads are not edits (enter opens no field yet).
	tm.waitFor("Last sign-in")
	seen := func(want string) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, g := range got {
			if g == want {
				return true
			}
		}
		return false
	}
	waitSeen := func(want string) {
		t.Helper()
		if !eventually(30*time.Second, func() bool { return seen(want) }) {
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("%q never reached the screens; they got %q\nscreen:\n%s", want, got, tm.screenText())
		}
	}
	// The profile is the first screen: esc leaves whatever the sign-in put
	// over it (the check-up), then down (ESC [ B, and ESC O B as in
	// application mode), up and down again go from Username to Name.
	tm.press("\x1b")
	waitSeen("key esc")
	tm.press("1")
	waitSeen("key 1")
	tm.press("\x1b[B")
	waitSeen("key down")
	tm.press("\x1bOA")
	waitSeen("key up")
	tm.press("\x1bOB")
	tm.press("\r\x15") // enter edits, ctrl+u clears
	typed := "Zoë 李白 🎉"
	for _, r := range typed { // a character at a time, as typed
		tm.press(string(r))
		if r == ' ' {
			waitSeen("key space")
		} else {
			waitSeen("key " + string(r))
		}
	}
	tm.press("\x1b[D\x1b[C") // sideways inside the field, and back to its end
	waitSeen("key left")
	waitSeen("key right")
	tm.press("\x1b[200~ and friends, 朋友\x1b[201~")
	waitSeen("paste  and friends, 朋友")
	// Mouse reports: a click, a release and a wheel (SGR), then a click
	// and a release at the right edge (X10, whose bytes stay under 0x80
	// up to column 95).
	tm.press("\x1b[<0;12;7M\x1b[<0;12;7m\x1b[<64;12;7M")
	waitSeen("wheel wheelup")
	tm.press("\x1b[M \x7f!\x1b[M#\x7f!")
	if !eventually(30*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Count(strings.Join(got, "\n"), "release") == 2 // X10 says not which button
	}) {
		t.Fatalf("the X10 mouse reports never arrived: %q", got)
	}
	tm.press("\x13") // ctrl+s saves
	want := typed + " and friends, 朋友"
	if !eventually(30*time.Second, func() bool {
		u, _ := h.emu.User(ada)
		return u.Name == want
	}) {
		u, _ := h.emu.User(ada)
		t.Fatalf("the saved name is %q; want %q\nscreen:\n%s", u.Name, want, tm.screenText())
	}
	tm.waitFor("李白")
	mu.Lock()
	defer mu.Unlock()
	for _, g := range got {
		if strings.HasPrefix(g, "key ") && strings.ContainsAny(g[4:], "<[;") && len(g) > 5 {
			t.Errorf("a piece of a sequence arrived as a key: %q", g)
		}
	}
	t.Logf("input events: %q", got)
}
