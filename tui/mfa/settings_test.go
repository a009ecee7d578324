package mfa

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// accountScreen is the two-step screen on the Account API at 80×24 (the
// root gives a screen 78×20), the user with an authenticator app, seven of
// ten backup codes used, and a tenant offering passkey sign-in.
func accountScreen(t *testing.T) (*Model, *tt.AccountEnv) {
	t.Helper()
	env := tt.NewAccountEnv(t)
	env.Emu.SeedTOTP(tt.UserID, seededSecret)
	env.Emu.SeedBackupCodes(tt.UserID, 7)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Name: "Ada Lovelace", Email: "ada@example.com"}
	c.Proof.Until = env.Account.ProofExpiry
	sie := logto.SignInExperience{}.WithDefaults()
	sie.MFA = logto.MFASettings{Factors: []string{"Totp", "BackupCode"}, Policy: "PromptAtSignInAndSignUp"}
	sie.PasskeySignIn.Enabled = true
	c.SignInExp = &sie
	m := New(c, func() Backend { return env.Account }, Deps{Issuer: "tenant.example"})
	tt.HostOf(m).Backend = env.Account
	m.SetSize(78, 20)
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u}, common.ShownMsg{})
	return m, env
}

func prove(t *testing.T, m *Model) {
	t.Helper()
	if !strings.Contains(tt.Plain(tt.HostOf(m).View()), "Confirm it is you") {
		t.Fatalf("no proof asked:\n%s", tt.Plain(tt.HostOf(m).View()))
	}
	tt.Drive(t, m, tt.Type(tt.Password)...)
	tt.Drive(t, m, tt.Key("enter"))
}

// TestTwoStepSettingsOnTheAccountAPI: the screen says whether Logto asks
// for the second step at sign-in and offers a passkey; a asks before
// turning the question off (and names the risk), the change needs a proof,
// and Logto then holds it.
func TestTwoStepSettingsOnTheAccountAPI(t *testing.T) {
	m, env := accountScreen(t)
	tt.Golden(t, m.View())
	tt.Drive(t, m, tt.Key("a"))
	if !strings.Contains(strings.Join(strings.Fields(tt.Plain(m.View())), " "), "password alone") || env.Emu.CountRequests("PATCH", "/api/my-account/mfa-settings") != 0 {
		t.Fatalf("a must ask first:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("n"))
	if m.mode != listing {
		t.Fatal("n did not cancel")
	}
	tt.Drive(t, m, tt.Key("a"), tt.Key("y"))
	prove(t, m)
	if s, _ := env.Account.TwoStepSettings(context.Background()); s == nil || !s.SkipMFAOnSignIn {
		t.Fatalf("skipMfaOnSignIn was not set: %+v", s)
	}
	if !strings.Contains(m.View(), "does not ask for a second step") {
		t.Errorf("the screen still says it asks:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("o"), tt.Key("y"))
	if s, _ := env.Account.TwoStepSettings(context.Background()); !s.PasskeySkipped {
		t.Errorf("the passkey offer was not turned off: %+v", s)
	}
}

// TestUsedBackupCodesAfterAProof: u asks for a proof, then lists which
// codes were used by their first four characters and when; unused codes
// never show.
func TestUsedBackupCodesAfterAProof(t *testing.T) {
	m, env := accountScreen(t)
	tt.Drive(t, m, tt.Key("u"))
	prove(t, m)
	view := tt.Plain(m.View())
	tt.Golden(t, regexp.MustCompile(`[0-9a-f]{4}…`).ReplaceAllString(view, "xxxx…")) // the seeded codes are random
	if !strings.Contains(view, "3 unused") || strings.Count(view, "… 2026-") != 7 {
		t.Fatalf("used codes:\n%s", view)
	}
	codes, err := env.Account.BackupCodes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		if strings.Contains(view, c.Code.Reveal()) {
			t.Errorf("a whole backup code is on screen")
		}
	}
}

// TestUsedBackupCodesOnTheManagementAPISaysWhy: Logto's Management API
// tells how many codes are left, not which; u says so and sends nothing.
func TestUsedBackupCodesOnTheManagementAPISaysWhy(t *testing.T) {
	m, env, _ := setup(t, true)
	m.SetSize(78, 20)
	tt.Drive(t, m, tt.Key("u"))
	if !strings.Contains(strings.Join(strings.Fields(tt.Plain(m.View())), " "), "how many backup codes are left") || env.Emu.CountRequests("", "/api/") != 0 {
		t.Errorf("u on the Management API:\n%s", tt.Plain(m.View()))
	}
	tt.Golden(t, m.View())
}

// TestTwoStepFullHelpListsTheListsKeys: ? on the list names a, o and u
// where they act, and not the backup codes' c, w and esc (which do nothing
// on the list); o only on a tenant that offers passkeys at sign-in.
func TestTwoStepFullHelpListsTheListsKeys(t *testing.T) {
	keys := func(m *Model) map[string]bool {
		out := map[string]bool{}
		for _, g := range m.KeyMap().FullHelp() {
			for _, b := range g {
				if b.Enabled() {
					out[b.Help().Key] = true
				}
			}
		}
		return out
	}
	m, _ := accountScreen(t)
	k := keys(m)
	for _, want := range []string{"t", "b", "a", "o", "u"} {
		if !k[want] {
			t.Errorf("%s is not in the full help: %v", want, k)
		}
	}
	for _, not := range []string{"c", "w", "esc"} {
		if k[not] {
			t.Errorf("%s (the backup codes' key) is in the list's full help", not)
		}
	}
	m.C.SignInExp.PasskeySignIn.Enabled = false
	if keys(m)["o"] {
		t.Error("o is offered on a tenant without passkey sign-in, where it does nothing")
	}
}

// TestNewBackupCodesDropTheOldUsedList: after new backup codes the list of
// used ones (read for the old set) goes; it stayed, "3 of 10 used" under
// "10 left".
func TestNewBackupCodesDropTheOldUsedList(t *testing.T) {
	m, _ := accountScreen(t)
	tt.Drive(t, m, tt.Key("u"))
	prove(t, m)
	if !strings.Contains(tt.Plain(m.View()), "Backup codes used") {
		t.Fatalf("no used codes:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("b"), tt.Key("y"))
	if m.mode == listing && tt.HostOf(m).Proof.Active() {
		prove(t, m)
	}
	if m.mode != showingCodes {
		t.Fatalf("no new codes (err %q):\n%s", m.err, tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("enter"))
	if v := tt.Plain(m.View()); strings.Contains(v, "Backup codes used") {
		t.Errorf("the old set's used codes are still listed:\n%s", v)
	}
}
