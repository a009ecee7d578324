package main

import (
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/logto-account/logto-account/logto/emulator"
)

var secretLine = regexp.MustCompile(`^\s*([A-Z2-7]{4}(?: [A-Z2-7]{1,4})+)(?:\s|$)`)

// totpSecretOnScreen reads the grouped secret under "type the secret:".
func totpSecretOnScreen(t *testing.T, s *screen) string {
	t.Helper()
	lines := strings.Split(s.text(), "\n")
	for i, l := range lines {
		if !strings.Contains(l, "the secret") {
			continue
		}
		// the groups of four, on one line or wrapped onto a second
		var secret string
		for _, next := range lines[i+1:] {
			m := secretLine.FindStringSubmatch(next)
			if m == nil {
				break
			}
			secret += strings.ReplaceAll(m[1], " ", "")
		}
		if len(secret) == 32 {
			return secret
		}
	}
	t.Fatal("no TOTP secret on screen")
	return ""
}

// TestEndToEndAccountAPIWithoutAnySecret runs the binary as an end user:
// no M2M credential anywhere, so it works through Logto's Account API with
// the user's own token. It changes the name, the email (identity proof +
// new-address record), the password, adds TOTP (the server checks the
// code) and revokes a session, then checks that no admin token was ever
// asked for and no Management route was called.
func TestEndToEndAccountAPIWithoutAnySecret(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	dir, emu, srv := newE2E(t)
	seed := adaSeed()
	seed.Profile = map[string]any{"givenName": "Ada"}
	uid := emu.SeedUser(seed)
	emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "BackupCode"}, "policy": "UserControlled"}})
	emu.AddApp(emulator.App{ID: "notes-app", Name: "Notes", Type: "Native"})
	emu.SeedSession(uid, emulator.SessionOptions{ClientID: "notes-app", IP: "198.51.100.23", City: "Berlin", Country: "DE",
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", Scope: "openid offline_access", Offline: true})

	s := startScreen(t, endUserEnv(dir, srv.URL), 110, 34)
	signIn(t, s, emu, uid)
	s.waitFor("Account API")
	s.waitFor("Id " + uid)

	// Name: PATCH /api/my-account.
	s.renameOnProfile("Ada King")
	s.waitFor("Profile saved")

	// Email: a password record proves who she is, a code record proves the
	// new address.
	s.changeEmail(emu, "countess@example.com", emulator.DemoPassword)
	for path, want := range map[string]int{"/api/verifications/password": 1, "/api/verifications/verification-code/verify": 1,
		"/api/my-account/primary-email": 1} {
		if n := exactCount(emu, http.MethodPost, path); n != want {
			t.Errorf("POST %s: %d calls, want %d", path, n, want)
		}
	}

	// Password: the server applies the policy.
	s.changePassword(emulator.DemoPassword, "Difference-Engine-1822")

	// TOTP: Logto checks the app's code itself.
	s.press("5")
	s.waitFor("Two-step")
	s.press("t")
	s.waitFor("type the secret")
	secret := totpSecretOnScreen(t, s)
	c, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.typeText(c)
	s.press(keyEnter)
	s.waitFor("Authenticator app added")
	if got, ok := emu.TOTPSecret(uid); !ok || got != secret {
		t.Error("the TOTP secret on screen is not the one Logto stored")
	}

	// Tokens are not available in this mode, and say where to go.
	s.press("6")
	s.waitFor("Not available in this mode")
	s.waitFor("SSH service")

	// Sessions: listed after the proof, Berlin revoked.
	s.press("7")
	s.waitFor("Berlin")
	s.press("d")
	s.waitFor("Also revoke the apps")
	s.press("n")
	s.waitFor("Signed-in browsers (1)")

	s.press("q")
	if err := s.waitExit("q"); err != nil {
		t.Fatalf("exit: %v", err)
	}

	after, _ := emu.User(uid)
	if after.Name != "Ada King" || after.Email != "countess@example.com" || !emu.CheckPassword(uid, "Difference-Engine-1822") {
		t.Errorf("changes missing: %+v", after)
	}
	if after.Profile["givenName"] != "Ada" {
		t.Errorf("the profile changed: %v", after.Profile)
	}
	if n := emu.M2MTokensIssued(); n != 0 {
		t.Errorf("%d M2M tokens were issued in end-user mode", n)
	}
	if n := emu.CountRequests("", "/api/users"); n != 0 {
		t.Errorf("%d Management API calls in end-user mode", n)
	}
	if n := emu.CountRequests("", "/api/my-account"); n == 0 {
		t.Error("no Account API call was made")
	}
}

// TestEndToEndAccountAPIResumesAndRespectsTheTenant signs in with `login`,
// then starts the TUI, which uses the kept tokens without a new code; the
// tenant makes the name read-only and the phone hidden, and the screens say
// so. With the Account Center off, the program says what to do.
func TestEndToEndAccountAPIResumesAndRespectsTheTenant(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	dir, emu, srv := newE2E(t)
	seed := adaSeed()
	seed.Phone = "442079460958"
	uid := emu.SeedUser(seed)
	fields := emulator.AllFields(emulator.FieldEdit)
	fields["name"], fields["phone"] = emulator.FieldReadOnly, emulator.FieldOff
	emu.SetAccountCenter(true, fields)
	env := endUserEnv(dir, srv.URL)

	login := startScreen(t, env, 100, 40, "login", "--no-qr")
	login.waitFor("enter the code")
	approvePending(t, emu, uid)
	if err := login.waitExit("the approval"); err != nil {
		t.Fatalf("login: %v", err)
	}

	cmd := exec.Command(e2eBinary, "status")
	cmd.Env = env
	status, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("status: %v\n%s", err, status)
	}
	if !strings.Contains(string(status), "Account API with your own token") {
		t.Errorf("status does not say the mode:\n%s", status)
	}

	s := startScreen(t, env, 110, 34)
	s.waitFor("Id " + uid)
	if len(emu.PendingUserCodes()) != 0 || strings.Contains(s.text(), "Enter this code") {
		t.Fatal("the kept sign-in was not used")
	}
	s.press("2")
	s.waitFor("phone not shared with this app")
	s.press("1")
	s.waitFor("Id " + uid)
	s.renameOnProfile("Ada King")
	s.waitFor("makes this field read-only")
	s.waitFor("name read-only")
	if u, _ := emu.User(uid); u.Name != "Ada Lovelace" {
		t.Errorf("a read-only name changed to %q", u.Name)
	}
	if !strings.Contains(s.text(), "Ada King") {
		t.Error("the typed name was lost")
	}
	s.press("q")
	s.waitFor("Quit anyway")
	s.press("y")
	s.waitExit("quit anyway")

	// Account Center off: a sentence, not a stack of errors.
	emu.SetAccountCenter(false, fields)
	s = startScreen(t, env, 110, 34)
	s.waitFor("Self-service is switched off")
	s.press(ctrlC)
}

// TestDemoOnTheAccountAPI: `demo --account-api` lets anyone try the
// end-user mode: the sessions list opens after a password proof, and the
// screens the Account API cannot serve say so.
func TestDemoOnTheAccountAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	_, s := startDemo(t, 110, 34, "--account-api")
	s.waitFor("DEMO · Account API")
	s.waitFor("Id ")
	s.press("7")
	s.waitFor("Confirm it is you")
	s.typeText(emulator.DemoPassword)
	s.press(keyEnter)
	s.waitFor("Signed-in browsers")
	s.press("6")
	s.waitFor("Not available in this mode")
	s.press(ctrlC)
	s.waitExit("ctrl+c")
}
