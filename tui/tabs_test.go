package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// TestTabBarNamesEveryScreen: at 80 columns every tab has a short name (the
// issue saw "1 Profile 2 3 4 5 6 7 8"); wide windows add the digits; at 60
// the tabs around the active one show, with ‹ › where some are left out.
func TestTabBarNamesEveryScreen(t *testing.T) {
	m, _ := newRoot(t)
	for _, c := range []struct {
		w      int
		screen string
		want   string
	}{
		{120, "1", " 1 Profile  2 Email  3 Password  4 Identities  5 Two-step  6 Tokens  7 Sessions  8 Danger"},
		{80, "1", " Profile  Email  Password  Identities  Two-step  Tokens  Sessions  Danger"},
		{60, "1", " Profile Email Password Identities Two-step Tokens ›"},
		{60, "8", " ‹ Password Identities Two-step Tokens Sessions Danger"},
		{60, "4", " Profile Email Password Identities Two-step Tokens ›"},
	} {
		signInAt(t, m, c.w, 24)
		tt.Drive(t, rootUpdater{m}, tt.Key(c.screen))
		got := tt.Plain(m.tabs())
		if got != c.want {
			t.Errorf("at %d on %s:\n got %q\nwant %q", c.w, c.screen, got, c.want)
		}
		if n := len([]rune(got)); n > c.w {
			t.Errorf("the tab bar is %d wide at %d", n, c.w)
		}
	}
}

// TestTabBarMarksScreensTheBackendLacks: in the Account API mode the Tokens
// tab is dimmed and in parentheses, unlike the others (the danger zone
// opens: its export and lockdown work there, and it says itself that
// deletion does not), and the full help says which digit shows which screen.
func TestTabBarMarksScreensTheBackendLacks(t *testing.T) {
	m, _ := newAccountRoot(t, nil)
	bar := m.tabs()
	if got := tt.Plain(bar); !strings.Contains(got, "Two-step  (Tokens)  Sessions  Danger") {
		t.Errorf("tab bar: %q", got)
	}
	faint := m.c.Styles.Tab.Faint(true).Render("(Tokens)")
	if !strings.Contains(bar, faint) || strings.Contains(bar, m.c.Styles.Tab.Faint(true).Render("Sessions")) {
		t.Errorf("only the lacking screens are dimmed: %q", bar)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("?"))
	view := tt.Plain(m.render())
	for _, want := range []string{"1 Profile", "2 Email & phone", "5 Two-step", "(6 Tokens)", "7 Sessions", "8 Danger zone"} {
		if !strings.Contains(view, want) {
			t.Errorf("the full help does not name %q:\n%s", want, view)
		}
	}
	tt.Golden(t, m.render())
	tt.Drive(t, rootUpdater{m}, tt.Key("?"), tt.Key("6"), tt.Key("?"))
	if view := tt.Plain(m.render()); strings.Contains(view, "new token") || !strings.Contains(view, "nothing in this mode") {
		t.Errorf("the full help of a screen this mode lacks offers its keys:\n%s", view)
	}
	tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 60, Height: 20})
	for i, l := range strings.Split(tt.Plain(m.render()), "\n") {
		if n := len([]rune(l)); n > 60 {
			t.Errorf("line %d is %d wide at 60: %q", i, n, l)
		}
	}
}
