package tui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// waitingFlow gives a device code and waits for an approval nobody gives.
type waitingFlow struct{}

func (waitingFlow) Start(context.Context) (*auth.DeviceCode, error) {
	return &auth.DeviceCode{UserCode: "BCDF-GHJK", VerificationURI: "http://127.0.0.1/device",
		VerificationURIComplete: "http://127.0.0.1/device?user_code=BCDF-GHJK", Expiry: tt.Epoch.Add(10 * time.Minute)}, nil
}

func (waitingFlow) Finish(ctx context.Context, _ *auth.DeviceCode) (any, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// squash drops every space and line break, so that a sentence folded at
// the window's edge (at a space, or inside a run of Chinese) still reads
// as one.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// checkFits fails when a line of view is wider than w cells (a Chinese
// character is two), or when a sentence the user must read is not there
// in full: the renderer cuts a line too wide with "…", so a sentence cut
// would be missing.
func checkFits(t *testing.T, name string, view string, w, h int, whole ...string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%s: %d lines in a window of %d", name, len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("%s: line %d is %d cells wide, the window %d: %q", name, i+1, n, w, ansi.Strip(l))
		}
	}
	plain := squash(tt.Plain(view))
	for _, s := range whole {
		if !strings.Contains(plain, squash(s)) {
			t.Errorf("%s: %q is not there in full:\n%s", name, s, tt.Plain(view))
		}
	}
}

// The translated screens fit 80×24 and 60×20 as the English ones do:
// nothing runs past the edge, and nothing the user must read is cut.
func TestTranslatedScreensFit(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)

			// The sign-in screen, waiting for the code to be entered.
			m := New(Options{Language: lang, Tenant: "tenant.example", Flow: waitingFlow{}, NoColor: true,
				Clock: tt.NewClock(tt.Epoch)})
			defer m.Stop() // the wait for an approval ends with the test
			tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: w, Height: h})
			tt.Drive(t, rootUpdater{m}, tt.Run(m.signin.Init())...)
			checkFits(t, name+" sign-in", m.render(), w, h,
				l.T("signin.heading"), l.T("signin.step_open"), l.T("signin.step_enter"), "B C D F - G H J K",
				l.T("signin.waiting"), l.T("signin.expires_in", "Left", l.N("signin.minutes", 10)),
				"? "+l.T("root.key_help"), "q "+l.T("root.key_quit"))
			// At 80×24 the QR code for a phone has room beside the steps, in
			// every language (a longer sentence would push it off the screen).
			if w == 80 && (!strings.Contains(m.render(), "▀") || strings.Contains(squash(tt.Plain(m.render())), squash(l.T("signin.enlarge_for_qr")))) {
				t.Errorf("%s: no QR code at 80×24:\n%s", name, tt.Plain(m.render()))
			}
			if got := tt.Plain(m.tabs()); !strings.Contains(got, l.T("signin.title")) {
				t.Errorf("%s: the tab bar reads %q", name, got)
			}

			// Signed in: the tab bar, the header and the status line.
			m, _ = newRoot(t)
			m.c.Lang = l
			m.keys = newKeyMap(m.c, false)
			signInAt(t, m, w, h)
			view := m.render()
			checkFits(t, name+" signed in", view, w, h,
				l.T("root.signed_in", "Name", "Ada Lovelace"), "? "+l.T("root.key_help"), "q "+l.T("root.key_quit"),
				"Ada Lovelace "+l.T("root.badge_demo"))
			tabs := tt.Plain(m.tabs())
			if !strings.Contains(tabs, l.T("root.tab_profile")) {
				t.Errorf("%s: the active tab is not there in full: %q", name, tabs)
			}
			if w >= 80 { // every tab has room at 80 columns
				for _, id := range tabLabels {
					if !strings.Contains(tabs, l.T(id)) {
						t.Errorf("%s: tab %q missing from %q", name, l.T(id), tabs)
					}
				}
			}
			// The full help, at 80×24 (as TestFullHelpListsEveryKeyAt80x24).
			if w == 80 {
				m.full = true
				checkFits(t, name+" help", m.render(), w, h, l.T("root.help_here"), l.T("root.help_everywhere"),
					l.T("root.help_screens"), l.T("root.help_close"), l.T("root.key_checkup"), l.T("root.key_prev"))
				m.full = false
			}
			// Quitting with unsaved edits asks, in full.
			m.confirm = true
			checkFits(t, name+" confirm", m.render(), w, h, l.T("root.confirm_quit"))
			m.confirm = false
			// The too-small window says so in the language.
			tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 40, Height: 10})
			checkFits(t, name+" too small", m.render(), 40, 10,
				strings.Split(l.T("root.too_small", "W", 40, "H", 10, "MinW", MinWidth, "MinH", MinHeight), "\n")...)
		}
	}
}

// The full help's list of screens keeps a gap between its two columns in
// every language (French "E-mail et téléphone" is longer than the column
// English needs: the two names ran together, "téléphone6 Jetons").
func TestHelpScreenListKeepsItsColumnsApart(t *testing.T) {
	twoColumns := regexp.MustCompile(`^ +\(?[1-4] .*\S {2,}\(?[5-8] \S`)
	for _, lang := range i18n.Languages() {
		m, _ := newRoot(t)
		m.c.Lang = i18n.New(lang)
		m.keys = newKeyMap(m.c, false)
		signInAt(t, m, 100, 40)
		lines := strings.Split(tt.Plain(m.screenList()), "\n")[1:]
		if len(lines) != 4 {
			t.Fatalf("%s: %d lines of screens:\n%s", lang, len(lines), strings.Join(lines, "\n"))
		}
		for _, line := range lines {
			if !twoColumns.MatchString(line) {
				t.Errorf("%s: the columns run together: %q", lang, line)
			}
		}
		// At 80×24 the full help cuts no line short (the list takes one
		// column when two do not fit beside the keys).
		m.full = true
		tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 80, Height: 24})
		for _, line := range strings.Split(tt.Plain(m.render()), "\n") {
			if strings.HasSuffix(strings.TrimRight(line, " "), "…") {
				t.Errorf("%s: the full help at 80×24 cuts %q", lang, line)
			}
		}
	}
}
