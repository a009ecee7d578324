package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/checkup"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
	"github.com/logto-account/logto-account/tui/mfa"
)

// TestCheckupFixCheckupClean walks the check-up end to end on the real
// root against the emulator, at 80×24: after sign-in the check-up shows
// itself because the user has no second step on a tenant that offers one;
// enter on that line opens Two-step; an authenticator app is added (its
// code computed from the secret) and backup codes made; C shows the
// check-up again, now clean.
func TestCheckupFixCheckupClean(t *testing.T) {
	env := tt.NewEnv(t)
	env.Emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "BackupCode"}, "policy": "UserControlled"}})
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	m := New(Options{Tenant: "tenant.example", Flow: instantFlow{acct: env.Account}, NoColor: true, Clock: tt.NewClock(tt.Epoch),
		ClientID: emulator.DefaultDeviceAppID, CheckupAfterSignIn: true,
		MFA: mfa.Deps{Issuer: "tenant.example", NewSecret: func() string { return secret }}})
	signInAt(t, m, 80, 24)
	drive := func(msgs ...tea.Msg) { tt.Drive(t, rootUpdater{m}, msgs...) }
	screen := func() string { return tt.Plain(m.render()) }

	if !m.checking || !strings.Contains(screen(), "1 thing needs your attention") || !strings.Contains(screen(), "No second step") {
		t.Fatalf("the check-up did not show itself after sign-in:\n%s", screen())
	}
	tt.Golden(t, screen())
	drive(tt.Key("enter")) // the first line: no second step
	if m.checking || m.current().ID() != common.MFAID {
		t.Fatalf("enter did not go to Two-step:\n%s", screen())
	}
	drive(tt.Key("t"))
	code, _ := totp.GenerateCodeCustom(secret, tt.Epoch, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	drive(tt.Type(code)...)
	drive(tt.Key("enter"))
	if m.proof.Active() {
		drive(tt.Type(tt.Password)...)
		drive(tt.Key("enter"))
	}
	drive(tt.Key("b"))
	if !strings.Contains(screen(), "backup codes") {
		t.Fatalf("no backup codes shown:\n%s", screen())
	}
	drive(tt.Key("enter"))
	drive(tt.Key("C"))
	if !m.checking || !strings.Contains(screen(), "All good") {
		t.Fatalf("the check-up is not clean after the fix:\n%s", screen())
	}
	if f := m.checkup.Findings(); checkup.NeedsAttention(f) {
		t.Errorf("findings still need attention: %+v", f)
	}
	drive(tt.Key("esc"))
	if m.checking || m.current().ID() != common.MFAID {
		t.Error("esc did not return to the screen the user was on")
	}
}

// TestCheckupIsNotShownUnlessSomethingNeedsAttention: a user with nothing
// to fix signs in to the first screen; C shows the check-up from anywhere.
func TestCheckupIsNotShownUnlessSomethingNeedsAttention(t *testing.T) {
	env := tt.NewEnv(t) // the tenant offers no second step: nothing to fix
	m := New(Options{Tenant: "tenant.example", Flow: instantFlow{acct: env.Account}, NoColor: true, Clock: tt.NewClock(tt.Epoch),
		CheckupAfterSignIn: true})
	signInAt(t, m, 80, 24)
	if m.checking {
		t.Fatalf("shown with nothing to fix:\n%s", tt.Plain(m.render()))
	}
	// The check-up took the user the root read: one read of the user.
	n := 0
	for _, r := range env.Emu.Requests() {
		if r.Method == "GET" && r.Path == "/api/users/"+tt.UserID {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the user was read %d times at sign-in", n)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("7"), tt.Key("C"))
	if !m.checking || !strings.Contains(tt.Plain(m.render()), "Security check-up") {
		t.Fatalf("C did not show the check-up:\n%s", tt.Plain(m.render()))
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("C"))
	if m.checking || m.current().ID() != common.SessionsID {
		t.Error("C did not return to Sessions")
	}
}
