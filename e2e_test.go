package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

// TestEndToEndInATerminal runs the real binary against an emulator started
// here, as an operator would (M2M credentials), and reads the screen.
func TestEndToEndInATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	dir, emu, srv := newE2E(t)
	seed := adaSeed()
	seed.Phone, seed.Profile, seed.CustomData = "442079460958", map[string]any{"givenName": "Ada"}, map[string]any{"theme": "dark"}
	uid := emu.SeedUser(seed)
	before, _ := emu.User(uid)
	s := startScreen(t, operatorEnv(dir, srv.URL), 100, 30)

	s.waitFor("Enter this code")
	eventually(t, "a pending user code", func() bool { return len(emu.PendingUserCodes()) > 0 })
	codes := emu.PendingUserCodes()
	if len(codes) != 1 || !strings.Contains(strings.ReplaceAll(s.text(), " ", ""), codes[0]) {
		t.Fatalf("the user code is not on screen: %v\n%s", codes, redact(s.text()))
	}
	emu.ResetRequests()
	if err := emu.ApproveDevice(codes[0], uid, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	s.waitFor("1 Profile")
	s.waitFor("Id " + uid) // from GET user, not the ID token the header uses
	if n := exactCount(emu, http.MethodGet, "/api/users/"+uid); n != 1 {
		t.Errorf("opening the profile took %d GET user requests, want 1", n)
	}

	// Change the name.
	s.renameOnProfile("Ada King")
	s.waitFor("Profile saved")

	// Change the email through a code.
	emu.ResetRequests()
	s.changeEmail(emu, "countess@example.com", emulator.DemoPassword)
	if sends, verifies, patches := emu.CountRequests(http.MethodPost, "/api/verification-codes")-emu.CountRequests(http.MethodPost, "/api/verification-codes/verify"),
		emu.CountRequests(http.MethodPost, "/api/verification-codes/verify"), emu.CountRequests(http.MethodPatch, "/api/users/"); sends != 1 || verifies != 1 || patches != 1 {
		t.Errorf("changing the email: send=%d verify=%d patch=%d, want 1 each", sends, verifies, patches)
	}

	// Change the password.
	s.changePassword(emulator.DemoPassword, "Difference-Engine-1822")

	// Link a social identity: the test plays the browser, following the
	// provider's address on screen to the program's loopback listener.
	s.press("4")
	s.waitFor("Social identities")
	s.waitFor("enter to link")
	s.press(keyEnter)
	s.waitFor("Open this address")
	provider := s.linkAddress()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(provider + "&sub=ada-at-provider")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	callback := resp.Header.Get("Location")
	if !strings.HasPrefix(callback, "http://127.0.0.1:") {
		t.Fatalf("provider redirected to %q", callback)
	}
	// A forged request with another state first: refused, nothing linked.
	forged := strings.Split(callback, "?")[0] + "?code=evil&state=forged"
	if resp, err := http.Get(forged); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("forged callback got HTTP %d", resp.StatusCode)
		}
	}
	s.waitFor("state mismatch")
	if u, _ := emu.User(uid); len(u.Identities) != 0 {
		t.Fatalf("a forged callback linked %v", u.Identities)
	}
	s.press(keyEnter)
	s.waitFor("Open this address")
	provider = s.linkAddress()
	resp, err = noFollow.Get(provider + "&sub=ada-at-provider")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp, err := http.Get(resp.Header.Get("Location")); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	s.waitFor("is linked")
	if u, _ := emu.User(uid); u.Identities["mock-social"] != "ada-at-provider" {
		t.Fatalf("identities = %v", u.Identities)
	}
	s.waitFor("linked Mock Social")
	s.press("d")
	s.waitFor("(y/n)")
	s.press("y")
	s.waitFor("was unlinked")
	if u, _ := emu.User(uid); len(u.Identities) != 0 {
		t.Errorf("unlink left %v", u.Identities)
	}

	// Resize to 20×5 and back: state is kept.
	s.resize(20, 5)
	s.waitFor("too small")
	s.resize(100, 30)
	s.waitFor("4 Identities")

	s.press("q")
	if err := s.waitExit("q"); err != nil {
		t.Fatalf("exit: %v", err)
	}

	after, _ := emu.User(uid)
	if after.Name != "Ada King" || after.Email != "countess@example.com" || !emu.CheckPassword(uid, "Difference-Engine-1822") {
		t.Errorf("changes missing: %+v", after)
	}
	if after.Username != before.Username || after.Phone != before.Phone || after.Profile["givenName"] != "Ada" ||
		after.CustomData["theme"] != "dark" || len(after.Profile) != len(before.Profile) || len(after.Identities) != 0 {
		t.Errorf("something else changed: before %+v after %+v", before, after)
	}
	// Operator mode keeps the tokens in the state directory (keyring off here).
	if files, _ := filepath.Glob(filepath.Join(dir, "state", "logto-account", "tokens-*.json")); len(files) != 1 {
		t.Errorf("token files: %v", files)
	}
}

// TestDemoStartsAndSignsIn runs README's first command's binary: demo.
func TestDemoStartsAndSignsIn(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	dir := t.TempDir()
	s := startScreen(t, isolatedEnv(dir), 100, 30, "demo")
	s.waitFor("DEMO")
	s.waitFor("Enter this code")
	s.waitFor("will be approved for you in 3s")
	s.waitFor("1 Profile")
	s.waitFor("Ada Lovelace")
	s.press(ctrlC)
	s.waitExit("ctrl+c")
	// Nothing outside a temp directory: the demo writes no state at all.
	for _, sub := range []string{"state", "config", "data"} {
		if _, err := os.Stat(filepath.Join(dir, sub)); !os.IsNotExist(err) {
			t.Errorf("demo wrote %s", sub)
		}
	}
}

// TestEndToEndTokensSessionsAndDeletion creates a PAT and reads it once,
// renames and deletes it, revokes a session and a grant, then deletes the
// account and checks the local token file is gone.
func TestEndToEndTokensSessionsAndDeletion(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	dir, emu, srv := newE2E(t)
	uid := emu.SeedUser(adaSeed())
	emu.AddApp(emulator.App{ID: "notes-app", Name: "Notes", Type: "Native"})
	emu.SeedSession(uid, emulator.SessionOptions{ClientID: "notes-app", IP: "198.51.100.23", City: "Berlin", Country: "DE",
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", Scope: "openid offline_access", Offline: true})
	s := startScreen(t, operatorEnv(dir, srv.URL), 110, 32)
	signIn(t, s, emu, uid)

	// Tokens: create (value shown once), rename, delete.
	s.press("6")
	s.waitFor("Personal access tokens (0)")
	s.press("n")
	s.typeText("deploy/ci #1")
	s.press(keyTab)
	s.typeText("30d")
	s.press(keyEnter)
	s.waitFor("Confirm it is you")
	s.typeText(emulator.DemoPassword)
	s.press(keyEnter)
	s.waitFor("will not show it again")
	client := emuClient(t, srv.URL)
	pats, _ := client.PersonalAccessTokens(t.Context(), uid)
	if len(pats) != 1 || !strings.Contains(s.text(), pats[0].Value.Reveal()) {
		t.Fatalf("the new token's value is not on screen once: %d tokens", len(pats))
	}
	s.press("x")
	s.waitFor("Personal access tokens (1)")
	if strings.Contains(s.text(), pats[0].Value.Reveal()) {
		t.Fatal("the value stayed on screen")
	}
	s.press("r", ctrlU)
	s.typeText("deploy-renamed")
	s.press(keyEnter)
	s.waitFor("renamed to deploy-renamed")
	s.press("d")
	s.waitFor("(y/n)")
	s.press("y")
	s.waitFor("Personal access tokens (0)")

	// Sessions: revoke the Berlin session (keeping its apps), then the Notes grant.
	s.press("7")
	s.waitFor("Berlin")
	s.press("d")
	s.waitFor("Also revoke the apps")
	s.press("n")
	s.waitFor("Signed-in browsers (1)")
	s.waitFor("Notes · granted")
	s.moveTo("Notes ·", "j")
	s.press("d")
	s.waitFor("Revoke Notes")
	s.press("y")
	s.waitFor("Notes no longer has access")
	grants, _ := client.Grants(t.Context(), uid, "")
	for _, g := range grants {
		if g.Payload.ClientID == "notes-app" {
			t.Error("the Notes grant survived")
		}
	}

	// Delete the account.
	files, _ := filepath.Glob(filepath.Join(dir, "state", "logto-account", "tokens-*.json"))
	if len(files) != 1 {
		t.Fatalf("token files before deletion: %v", files)
	}
	s.press("8")
	s.waitFor("Delete this account")
	s.press("x")
	s.typeText("ada")
	s.press(keyEnter)
	s.waitFor("Confirm it is you")
	s.typeText(emulator.DemoPassword)
	s.press(keyEnter)
	s.waitFor("Goodbye")
	s.waitExit("the deletion")
	if _, ok := emu.User(uid); ok {
		t.Error("the user still exists")
	}
	if _, err := os.Stat(files[0]); !os.IsNotExist(err) {
		t.Error("the local token file survived the deletion")
	}
}

// TestEndToEndAdminSuspends runs --user as an operator and suspends
// another user; the emulator then refuses that user's refresh token.
func TestEndToEndAdminSuspends(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	dir, emu, srv := newE2E(t)
	emu.SeedUser(emulator.UserSeed{ID: "operator0001", Username: "grace", Name: "Grace Hopper", Password: "Cobol-1959-Compiler"})
	victim := emu.SeedUser(emulator.UserSeed{ID: "charles00001", Username: "charles", Email: "charles@example.com", Name: "Charles Babbage"})
	rt := deviceLogin(t, srv.URL, emu, victim)
	s := startScreen(t, operatorEnv(dir, srv.URL), 110, 32, "--user", "charles@example.com")
	signIn(t, s, emu, "operator0001")
	s.waitFor("ADMIN · acting on Charles Babbage")
	s.waitFor("charles")
	s.press("8")
	s.waitFor("this user is active")
	s.press("s")
	s.waitFor("Suspend Charles Babbage?")
	s.press("y")
	s.waitFor("User suspended")
	if u, _ := emu.User(victim); !u.Suspended {
		t.Fatal("not suspended")
	}
	resp, err := http.PostForm(srv.URL+"/oidc/token", map[string][]string{"grant_type": {"refresh_token"},
		"refresh_token": {rt}, "client_id": {emulator.DefaultDeviceAppID}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the suspended user's refresh token still works: HTTP %d", resp.StatusCode)
	}
	if u, _ := emu.User("operator0001"); u.Suspended {
		t.Error("the operator was suspended")
	}
	s.press("q")
}
