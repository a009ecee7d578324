package tui

import (
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// TestListsAreReadAgainAfterALockdown: the lockdown on the danger zone
// revokes every session and token and signs this terminal in again; the
// Tokens and Sessions screens, read before it, then list what is left,
// not what was revoked (they showed the revoked ones until R).
func TestListsAreReadAgainAfterALockdown(t *testing.T) {
	m, env := newRoot(t)
	env.Emu.SeedPAT(tt.UserID, "ci-deploy", nil)
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{Offline: true, Scope: "openid offline_access"})
	signInAt(t, m, 80, 24)
	drive := func(keys ...string) {
		for _, k := range keys {
			tt.Drive(t, rootUpdater{m}, tt.Key(k))
		}
	}
	screen := func() string { return tt.Plain(m.render()) }
	drive("6")
	if !strings.Contains(screen(), "ci-deploy") {
		t.Fatalf("the token is not listed:\n%s", screen())
	}
	drive("7")
	if !strings.Contains(screen(), "Signed-in browsers (1)") {
		t.Fatalf("the session is not listed:\n%s", screen())
	}
	drive("8", "m", "y")
	tt.Drive(t, rootUpdater{m}, tt.Type(tt.Password)...)
	drive("enter")
	if !strings.Contains(screen(), "Revoked:") {
		t.Fatalf("no lockdown report:\n%s", screen())
	}
	drive("6")
	if v := screen(); strings.Contains(v, "ci-deploy") || !strings.Contains(v, "Personal access tokens (0)") {
		t.Errorf("Tokens still lists a revoked token:\n%s", v)
	}
	drive("7")
	if v := screen(); !strings.Contains(v, "Signed-in browsers (0)") {
		t.Errorf("Sessions still lists a revoked session:\n%s", v)
	}
}

// TestTheScreenOnShowReadsAgainAfterASignIn: signed in again (the sign-in
// ended), the screen on show reads its list at once, and a screen under
// the check-up reads it when the check-up closes.
func TestTheScreenOnShowReadsAgainAfterASignIn(t *testing.T) {
	m, env := newRoot(t)
	signInAt(t, m, 80, 24)
	tt.Drive(t, rootUpdater{m}, tt.Key("6"))
	if !strings.Contains(tt.Plain(m.render()), "Personal access tokens (0)") {
		t.Fatalf("tokens:\n%s", tt.Plain(m.render()))
	}
	env.Emu.SeedPAT(tt.UserID, "made-elsewhere", nil)
	tt.Drive(t, rootUpdater{m}, common.SessionExpiredMsg{})
	for _, msg := range tt.Run(m.signin.Init()) {
		tt.DriveAll(t, rootUpdater{m}, msg)
	}
	if m.signing || !strings.Contains(tt.Plain(m.render()), "made-elsewhere") {
		t.Errorf("the list on screen was not read again after the sign-in:\n%s", tt.Plain(m.render()))
	}
	env.Emu.SeedPAT(tt.UserID, "made-meanwhile", nil)
	tt.Drive(t, rootUpdater{m}, tt.Key("C"))
	tt.Drive(t, rootUpdater{m}, common.StaleMsg{})
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"))
	if m.checking || !strings.Contains(tt.Plain(m.render()), "made-meanwhile") {
		t.Errorf("the list under the check-up was not read again when it closed:\n%s", tt.Plain(m.render()))
	}
}
