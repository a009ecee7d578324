package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// screen runs the binary in a pseudo-terminal and keeps a virtual terminal
// of what a person would see.
type screen struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	term *vt.Emulator
	done chan error
}

func startScreen(t *testing.T, bin string, env []string, w, h int, args ...string) *screen {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		t.Fatal(err)
	}
	s := &screen{t: t, cmd: cmd, tty: tty, term: vt.NewEmulator(w, h), done: make(chan error, 1)}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := tty.Read(buf)
			if n > 0 {
				s.mu.Lock()
				_, _ = s.term.Write(buf[:n])
				s.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { // answers to the program's terminal queries
		buf := make([]byte, 1024)
		for {
			n, err := s.term.Read(buf)
			if n > 0 {
				_, _ = tty.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		tty.Close()
		// vt.Emulator.Close races with a blocked Read inside the library;
		// the answering goroutine ends with the test binary instead.
	})
	return s
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.String()
}

// waitFor waits until the screen shows want.
func (s *screen) waitFor(want string) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(s.text(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("the screen never showed %q; it shows:\n%s", want, redact(s.text()))
}

// waitForEither waits until the screen shows one of two texts and says which.
func (s *screen) waitForEither(a, b string) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		text := s.text()
		switch {
		case strings.Contains(text, a):
			return a
		case strings.Contains(text, b):
			return b
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("the screen never showed %q or %q; it shows:\n%s", a, b, redact(s.text()))
	return ""
}

// secretLike matches what could be a secret on a screen (a PAT value, a
// TOTP secret in groups of four, a backup code): failure output masks it.
var secretLike = regexp.MustCompile(`[A-Za-z0-9_\-]{20,}|(?:[A-Z2-7]{4} ){3,}[A-Z2-7]{1,4}|\b[0-9a-f]{10}\b`)

// redact masks secret-like runs in a screen dump for test output.
func redact(screen string) string { return secretLike.ReplaceAllString(screen, "«hidden»") }

// press types keys one at a time, like a person.
func (s *screen) press(keys ...string) {
	for _, k := range keys {
		if _, err := s.tty.Write([]byte(k)); err != nil {
			s.t.Fatal(err)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func (s *screen) typeText(text string) {
	for _, r := range text {
		s.press(string(r))
	}
}

func (s *screen) resize(w, h int) {
	s.mu.Lock()
	s.term.Resize(w, h)
	s.mu.Unlock()
	_ = pty.Setsize(s.tty, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
}

// exactCount counts answered requests with exactly this method and path.
func exactCount(emu *emulator.Emulator, method, path string) int {
	n := 0
	for _, r := range emu.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// linkAddress reads the (wrapped) provider address under "Open this address".
func (s *screen) linkAddress() string {
	lines := strings.Split(s.text(), "\n")
	var parts []string
	for i, l := range lines {
		if !strings.Contains(l, "Open this address") {
			continue
		}
		for _, next := range lines[i+1:] {
			if strings.TrimSpace(next) == "" {
				break
			}
			parts = append(parts, strings.TrimSpace(next))
		}
	}
	return strings.Join(parts, "")
}

const (
	keyEnter = "\r"
	keyEsc   = "\x1b"
	keyTab   = "\t"
	ctrlU    = "\x15"
	ctrlC    = "\x03"
)

// TestEndToEndInATerminal runs the real binary against an emulator started
// here, as an operator would (M2M credentials), and reads the screen.
func TestEndToEndInATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	dir, bin, emu, srv := newE2E(t)
	seed := adaSeed()
	seed.Phone, seed.Profile, seed.CustomData = "442079460958", map[string]any{"givenName": "Ada"}, map[string]any{"theme": "dark"}
	uid := emu.SeedUser(seed)
	before, _ := emu.User(uid)
	env := append(isolatedEnv(dir)[:len(isolatedEnv(dir))-2],
		"LOGTO_ACCOUNT_ENDPOINT="+srv.URL, "LOGTO_ACCOUNT_APP_ID="+emulator.DefaultDeviceAppID,
		"LOGTO_ACCOUNT_M2M_APP_ID="+emulator.DefaultM2MAppID, "LOGTO_ACCOUNT_M2M_APP_SECRET="+emulator.DefaultM2MAppSecret,
		"TERM=xterm-256color")
	s := startScreen(t, bin, env, 100, 30)

	s.waitFor("Enter this code")
	deadline := time.Now().Add(10 * time.Second)
	for len(emu.PendingUserCodes()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
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
	select {
	case err := <-s.done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("q did not quit")
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
	_ = io.EOF
}

// TestDemoStartsAndSignsIn runs README's first command's binary: demo.
func TestDemoStartsAndSignsIn(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	dir, s := startDemo(t, 100, 30)
	s.waitFor("DEMO")
	s.waitFor("will be approved")
	s.waitFor("1 Profile")
	s.waitFor("Ada Lovelace")
	s.press(ctrlC)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatal("ctrl+c did not quit")
	}
	// Nothing outside a temp directory: the demo writes no state at all.
	for _, sub := range []string{"state", "config", "data"} {
		if _, err := os.Stat(filepath.Join(dir, sub)); !os.IsNotExist(err) {
			t.Errorf("demo wrote %s", sub)
		}
	}
}

// BenchmarkDemoFirstFrame is exec → the first frame of `demo` showing the
// sign-in code, in a pseudo-terminal.
func BenchmarkDemoFirstFrame(b *testing.B) {
	dir := b.TempDir()
	bin := buildBinary(b, dir)
	env := isolatedEnv(dir)
	for b.Loop() {
		cmd := exec.Command(bin, "demo")
		cmd.Env = env
		tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 100, Rows: 30})
		if err != nil {
			b.Fatal(err)
		}
		var seen strings.Builder
		buf := make([]byte, 64<<10)
		for !strings.Contains(seen.String(), "Enter this code") {
			n, err := tty.Read(buf)
			if err != nil {
				b.Fatal(err)
			}
			seen.Write(buf[:n])
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		tty.Close()
	}
}

// newE2E builds the binary into a temp dir and starts an emulator on
// loopback for one end-to-end test.
func newE2E(t *testing.T) (dir, bin string, emu *emulator.Emulator, srv *httptest.Server) {
	t.Helper()
	dir = t.TempDir()
	bin = buildBinary(t, dir)
	emu = emulator.New(emulator.Options{})
	srv = httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return dir, bin, emu, srv
}

// adaSeed is the user most end-to-end tests act as; each adds what it needs.
func adaSeed() emulator.UserSeed {
	return emulator.UserSeed{ID: "ada000000001", Username: "ada", Email: "ada@example.com", Name: "Ada Lovelace",
		Password: emulator.DemoPassword}
}

// startDemo runs `demo --approve-after 0s` with more flags in a w×h
// pseudo-terminal, in an isolated home (dir).
func startDemo(t *testing.T, w, h int, flags ...string) (dir string, s *screen) {
	t.Helper()
	dir = t.TempDir()
	bin := buildBinary(t, dir)
	return dir, startScreen(t, bin, isolatedEnv(dir), w, h, append([]string{"demo", "--approve-after", "0s"}, flags...)...)
}

// operatorEnv is the binary's environment against emu as an operator.
func operatorEnv(dir, url string) []string {
	base := isolatedEnv(dir)
	return append(base[:len(base)-2],
		"LOGTO_ACCOUNT_ENDPOINT="+url, "LOGTO_ACCOUNT_APP_ID="+emulator.DefaultDeviceAppID,
		"LOGTO_ACCOUNT_M2M_APP_ID="+emulator.DefaultM2MAppID, "LOGTO_ACCOUNT_M2M_APP_SECRET="+emulator.DefaultM2MAppSecret,
		"TERM=xterm-256color")
}

// signIn approves the code on screen as uid and waits for the screens.
func signIn(t *testing.T, s *screen, emu *emulator.Emulator, uid string) {
	t.Helper()
	s.waitFor("Enter this code")
	approvePending(t, emu, uid)
	s.waitFor("Profile")
}

// approvePending waits for a pending user code and approves it as uid, as
// the person in the browser would.
func approvePending(t *testing.T, emu *emulator.Emulator, uid string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(emu.PendingUserCodes()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	codes := emu.PendingUserCodes()
	if len(codes) == 0 {
		t.Fatal("no user code is pending")
	}
	if err := emu.ApproveDevice(codes[0], uid, emulator.SessionOptions{UserAgent: "logto-account e2e"}); err != nil {
		t.Fatal(err)
	}
}

// renameOnProfile edits the Name field on the profile screen and saves.
func (s *screen) renameOnProfile(name string) {
	s.press("j", keyEnter, ctrlU)
	s.typeText(name)
	s.press(keyEsc)
	time.Sleep(100 * time.Millisecond)
	s.press("s")
}

// changeEmail walks the email change: new address, the password proof,
// the code the emulator sent, and waits for the confirmation.
func (s *screen) changeEmail(emu *emulator.Emulator, addr, password string) {
	s.t.Helper()
	s.press("2")
	s.waitFor("Email")
	s.press(keyEnter)
	s.typeText(addr)
	s.press(keyEnter)
	s.waitFor("Confirm it is you")
	s.typeText(password)
	s.press(keyEnter)
	s.waitFor("Code sent to")
	code, ok := emu.LastCode(addr)
	if !ok {
		s.t.Fatal("no code was sent")
	}
	s.typeText(code)
	s.press(keyEnter)
	s.waitFor("is now " + addr)
}

// changePassword fills the password screen, proves who it is with current
// when the prompt asks (a proof may still be fresh from an earlier change),
// and declines signing out elsewhere.
func (s *screen) changePassword(current, next string) {
	s.press("3")
	s.waitFor("Repeat it")
	s.press(keyEnter)
	s.typeText(next)
	s.press(keyTab)
	s.typeText(next)
	s.press(keyEnter)
	if s.waitForEither("Password changed", "Confirm it is you") == "Confirm it is you" {
		s.typeText(current)
		s.press(keyEnter)
	}
	s.waitFor("Password changed")
	s.press("n")
}

// TestEndToEndTokensSessionsAndDeletion creates a PAT and reads it once,
// renames and deletes it, revokes a session and a grant, then deletes the
// account and checks the local token file is gone.
func TestEndToEndTokensSessionsAndDeletion(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	dir, bin, emu, srv := newE2E(t)
	uid := emu.SeedUser(adaSeed())
	emu.AddApp(emulator.App{ID: "notes-app", Name: "Notes", Type: "Native"})
	emu.SeedSession(uid, emulator.SessionOptions{ClientID: "notes-app", IP: "198.51.100.23", City: "Berlin", Country: "DE",
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", Scope: "openid offline_access", Offline: true})
	s := startScreen(t, bin, operatorEnv(dir, srv.URL), 110, 32)
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
	for range 3 {
		s.press("j")
	}
	for !strings.Contains(s.text(), "› Notes") {
		s.press("k")
	}
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
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not exit after deletion")
	}
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
	dir, bin, emu, srv := newE2E(t)
	emu.SeedUser(emulator.UserSeed{ID: "operator0001", Username: "grace", Name: "Grace Hopper", Password: "Cobol-1959-Compiler"})
	victim := emu.SeedUser(emulator.UserSeed{ID: "charles00001", Username: "charles", Email: "charles@example.com", Name: "Charles Babbage"})
	rt := deviceLogin(t, srv.URL, emu, victim)
	s := startScreen(t, bin, operatorEnv(dir, srv.URL), 110, 32, "--user", "charles@example.com")
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

func emuClient(t *testing.T, url string) *logto.Client {
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: url, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	c, err := logto.New(logto.Options{Endpoint: url, Tokens: ts})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// deviceLogin signs uid in through the device flow and returns its refresh token.
func deviceLogin(t *testing.T, base string, emu *emulator.Emulator, uid string) string {
	resp, err := http.PostForm(base+"/oidc/device/auth", map[string][]string{"client_id": {emulator.DefaultDeviceAppID},
		"scope": {"openid offline_access"}})
	if err != nil {
		t.Fatal(err)
	}
	var da map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&da)
	resp.Body.Close()
	if err := emu.ApproveDevice(da["user_code"].(string), uid, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	resp, err = http.PostForm(base+"/oidc/token", map[string][]string{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"},
		"device_code": {da["device_code"].(string)}, "client_id": {emulator.DefaultDeviceAppID}})
	if err != nil {
		t.Fatal(err)
	}
	var tok map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	return tok["refresh_token"].(string)
}
