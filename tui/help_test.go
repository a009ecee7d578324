package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
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
		{"full help", func() { keys("esc", "?") }, "? help"},
	} {
		st.do()
		line := tt.Plain(m.shortHelp())
		if !strings.Contains(line, st.want) || strings.Contains(line, "…") || len([]rune(line)) > 80 ||
			!strings.HasSuffix(line, "? help • q quit") && !strings.HasSuffix(line, "ctrl+c quit") {
			t.Errorf("%s: %q (want %q, uncut, ending in help and quit)\n%s", st.name, line, st.want, tt.Plain(m.render()))
		}
	}
}
