package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// TestHelpLinesFitAt80InEveryState walks the screens through their states
// at 80×24 — lists, forms, questions, prompts — and reads the help line
// each time: it lists the state's own keys, never cut with "…", and ends
// with how to get help and quit (ctrl+c while typing).
func TestHelpLinesFitAt80InEveryState(t *testing.T) {
	env := tt.NewEnv(t)
	env.Emu.SeedTOTP(tt.UserID, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
	env.Emu.SeedBackupCodes(tt.UserID, 7)
	env.Emu.SeedWebAuthn(tt.UserID, "YubiKey", "Firefox on Linux", tt.Epoch.Add(-time.Hour))
	env.Emu.SeedPAT(tt.UserID, "ci deploy", nil)
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{IP: "203.0.113.7", UserAgent: "Firefox on Linux", Country: "GB", Offline: true})
	m := New(Options{Tenant: "tenant.example", Badge: "DEMO", Flow: instantFlow{acct: env.Account}, NoColor: true,
		Clock: tt.NewClock(tt.Epoch), ClientID: emulator.DefaultDeviceAppID})
	signInAt(t, m, 80, 24)
	keys := func(ks ...string) {
		for _, k := range ks {
			tt.Drive(t, rootUpdater{m}, keyOf(k))
		}
	}
	typed := func(s string) { tt.Drive(t, rootUpdater{m}, tt.Type(s)...) }
	for _, st := range []struct {
		name string
		do   func()
		want string
	}{
		{"profile", func() { keys("1") }, "enter edit"},
		{"profile editing", func() { keys("j", "enter") }, "esc stop editing"},
		{"profile edited", func() { typed("!"); keys("esc") }, "u undo edits"},
		{"profile undo?", func() { keys("u") }, "y undo every edit"},
		{"email & phone", func() { keys("n", "2") }, "enter change"},
		{"new address", func() { keys("enter") }, "enter send a code"},
		{"proof prompt", func() { typed("new@example.com"); keys("enter") }, "enter confirm • tab use a code"},
		{"proof by code", func() { keys("tab") }, "ctrl+r new code"},
		{"code step", func() { keys("tab"); typed(tt.Password); keys("enter") }, "enter check the code"},
		{"remove?", func() { keys("esc", "j", "d") }, "y remove"},
		{"password", func() { keys("n", "3") }, "enter start typing"},
		{"password typing", func() { keys("enter") }, "enter next: repeat it • ctrl+t show • esc clear"},
		{"password repeat", func() { keys("tab") }, "enter change password"},
		{"identities", func() { keys("esc", "4") }, "d unlink"},
		{"unlink?", func() { keys("d") }, "y unlink"},
		{"two-step", func() { keys("n", "5") }, "t authenticator app"},
		{"on a passkey", func() { keys("j", "j") }, "d remove"},
		{"remove factor?", func() { keys("d") }, "y yes"},
		{"add app", func() { keys("n", "t") }, "enter check the code and add"},
		{"passkey page", func() { keys("esc", "p") }, "c copy address"},
		{"tokens", func() { keys("esc", "6") }, "n new token • v show value"},
		{"token name", func() { keys("n") }, "enter next: expiry"},
		{"token expiry", func() { typed("deploy"); keys("enter") }, "enter create"},
		{"token rename", func() { keys("esc", "r") }, "enter save • esc cancel"},
		{"delete token?", func() { keys("esc", "d") }, "y delete"},
		{"sessions", func() { keys("n", "7") }, "d sign it out"},
		{"sign out?", func() { keys("d") }, "y with its apps"},
		{"sign-in history", func() { keys("esc", "e") }, "f show everything • esc back"},
		{"history, everything", func() { keys("f") }, "f sign-ins only • esc back"},
		{"danger", func() { keys("esc", "8") }, "x delete account"},
		{"delete typing", func() { keys("x") }, "enter confirm"},
		{"full help", func() { keys("esc", "?") }, "?/esc close help • q quit"},
	} {
		st.do()
		line := tt.Plain(m.shortHelp())
		if !strings.Contains(line, st.want) || strings.Contains(line, "…") || len([]rune(line)) > 80 ||
			!strings.HasSuffix(line, "help • q quit") && !strings.HasSuffix(line, "ctrl+c quit") {
			t.Errorf("%s: %q (want %q, uncut, ending in help and quit)\n%s", st.name, line, st.want, tt.Plain(m.render()))
		}
	}
}

// TestKeysDoNotReachTheScreenUnderTheHelp: with ? open, enter began
// editing the profile field under it, and what was typed next (? too) went
// into that field unseen, so ? no longer closed the help. Keys now stop at
// the help; ? or esc closes it, and the profile is as it was.
func TestKeysDoNotReachTheScreenUnderTheHelp(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 80, 24)
	tt.Drive(t, rootUpdater{m}, tt.Key("?"), tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, tt.Type("xyz?")...)
	if m.dirty() || m.current().Capturing() {
		t.Fatalf("keys under the help reached the profile (dirty %v, typing %v)", m.dirty(), m.current().Capturing())
	}
	if m.full {
		t.Fatal("? did not close the help")
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("?"), tt.Key("esc"))
	if m.full {
		t.Error("esc did not close the help")
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("?"), tt.Key("2"))
	if m.current().ID() != common.ProfileID {
		t.Error("a digit under the help switched screens unseen")
	}
}

// TestFullHelpScrollsWhereItDoesNotFit: at 60×20 the two-step screen's
// help is longer than the window; ↓ brings the keys that work everywhere
// into view (C, R, ctrl+c were cut off, with no way to see them), and the
// help line says how.
func TestFullHelpScrollsWhereItDoesNotFit(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 60, 20)
	tt.Drive(t, rootUpdater{m}, tt.Key("5"), tt.Key("?"))
	if h := tt.Plain(m.shortHelp()); !strings.Contains(h, "scroll") {
		t.Errorf("the help line does not say the help scrolls: %q", h)
	}
	for range 30 {
		tt.Drive(t, rootUpdater{m}, tt.Key("j"))
	}
	view := tt.Plain(m.render())
	for _, want := range []string{"security check-up", "reload", "ctrl+c", "keys do not reach the screen", "under it"} {
		if !strings.Contains(view, want) {
			t.Errorf("scrolled to the end, the help lacks %q:\n%s", want, view)
		}
	}
	if n := len(strings.Split(view, "\n")); n != 20 {
		t.Errorf("%d lines", n)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("k")) // one line back up, however far ↓ was pressed
	if view := tt.Plain(m.render()); strings.Contains(view, "under it") || !strings.Contains(view, "security check-up") {
		t.Errorf("↑ after the end:\n%s", view)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"), tt.Key("?"))
	if !strings.Contains(tt.Plain(m.render()), "On this screen") {
		t.Error("the help opened again scrolled")
	}
}

// TestQuitQuestionHelpOffersItsAnswers: while "Quit anyway? (y/n)" waits,
// the help line offers y and n, the only keys that mean anything then (it
// offered the screen's "enter edit", "s save", which only answered no).
func TestQuitQuestionHelpOffersItsAnswers(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 80, 24)
	tt.Drive(t, rootUpdater{m}, tt.Key("j"), tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, tt.Type(" Byron")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"), tt.Key("q"))
	view := tt.Plain(m.render())
	if !strings.Contains(view, "Quit anyway? (y/n)") {
		t.Fatalf("no question:\n%s", view)
	}
	h := tt.Plain(m.shortHelp())
	if !strings.Contains(h, "y quit") || !strings.Contains(h, "n stay") || strings.Contains(h, "save") || strings.Contains(h, "edit •") {
		t.Errorf("help line during the question: %q", h)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("n"))
	if h := tt.Plain(m.shortHelp()); !strings.Contains(h, "save") {
		t.Errorf("after n: %q", h)
	}
}
