package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto/emulator"
)

// capture records every response body the CLI receives, so the test knows
// each secret that went over the wire (tokens, device codes).
type capture struct {
	mu      sync.Mutex
	secrets []string
}

func (c *capture) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || resp.StatusCode != 200 {
		return resp, err
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	var m map[string]any
	if json.Unmarshal(raw, &m) == nil {
		c.mu.Lock()
		for _, k := range []string{"device_code", "access_token", "refresh_token", "id_token"} {
			if s, ok := m[k].(string); ok {
				c.secrets = append(c.secrets, s)
			}
		}
		c.mu.Unlock()
	}
	return resp, nil
}

type harness struct {
	emu    *emulator.Emulator
	srv    *httptest.Server
	env    *Env
	out    *bytes.Buffer
	errOut *bytes.Buffer
	cap    *capture
	userID string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	h := &harness{emu: emu, srv: srv, out: &bytes.Buffer{}, errOut: &bytes.Buffer{}, cap: &capture{}}
	h.userID = emu.SeedDemo()
	dir := t.TempDir()
	vars := map[string]string{"LOGTO_ACCOUNT_ENDPOINT": srv.URL, "LOGTO_ACCOUNT_APP_ID": emulator.DefaultDeviceAppID}
	h.env = &Env{Stdin: strings.NewReader(""), Stdout: h.out, Stderr: h.errOut,
		Getenv:     func(k string) string { return vars[k] },
		ConfigPath: filepath.Join(dir, "config.toml"), StateDir: filepath.Join(dir, "state"),
		HTTPClient: &http.Client{Transport: h.cap},
		Sleep: func(ctx context.Context, d time.Duration) error {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(5 * time.Millisecond):
				return nil
			}
		}}
	return h
}

// approveSoon approves the first pending code, like a person on /device.
func (h *harness) approveSoon(t *testing.T) {
	go func() {
		for range 400 {
			if codes := h.emu.PendingUserCodes(); len(codes) > 0 {
				if err := h.emu.ApproveDevice(codes[0], h.userID, emulator.SessionOptions{}); err != nil {
					t.Error(err)
				}
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
}

// denySoon declines the first pending code, like a person on /device.
func (h *harness) denySoon() {
	go func() {
		for range 400 {
			if codes := h.emu.PendingUserCodes(); len(codes) > 0 {
				_ = h.emu.DenyDevice(codes[0])
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
}

func (h *harness) run(args ...string) int {
	h.out.Reset()
	h.errOut.Reset()
	return Run(args, h.env)
}

func TestLoginStatusLogout(t *testing.T) {
	h := newHarness(t)
	if code := h.run("status"); code != ExitNotSignedIn || !strings.Contains(h.out.String(), "logto-account login") {
		t.Fatalf("status before login: %d %q", code, h.out.String())
	}
	h.approveSoon(t)
	if code := h.run("login"); code != ExitOK {
		t.Fatalf("login: %d\n%s\n%s", code, h.out.String(), h.errOut.String())
	}
	// Not a terminal: the code and URL go to stderr, stdout stays clean.
	if !strings.Contains(h.errOut.String(), h.srv.URL+"/device") || !strings.Contains(h.errOut.String(), "Signed in") {
		t.Errorf("stderr = %q", h.errOut.String())
	}
	if !strings.Contains(h.errOut.String(), "Tokens are kept in "+h.env.StateDir) {
		t.Errorf("no word on where tokens are kept: %q", h.errOut.String())
	}
	if code := h.run("status", "--json"); code != ExitOK {
		t.Fatalf("status: %d %s", code, h.errOut.String())
	}
	var st map[string]any
	if err := json.Unmarshal(h.out.Bytes(), &st); err != nil {
		t.Fatalf("status --json is not JSON: %q", h.out.String())
	}
	if st["user_id"] != h.userID || st["username"] != emulator.DemoUsername || st["access_token"] != nil || st["signed_in"] != true ||
		st["profile_as_of"] == nil {
		t.Errorf("status = %v", st)
	}
	if code := h.run("status"); code != ExitOK || !strings.Contains(h.out.String(), "Ada Lovelace") || !strings.Contains(h.out.String(), "hidden") ||
		!strings.Contains(h.out.String(), "As of:") {
		t.Errorf("human status: %q", h.out.String())
	}
	files, _ := filepath.Glob(filepath.Join(h.env.StateDir, "tokens-*.json"))
	if len(files) != 1 {
		t.Fatalf("token files = %v", files)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %04o", fi.Mode().Perm())
	}
	grantsBefore := len(mustGrants(t, h))
	if code := h.run("logout"); code != ExitOK {
		t.Fatalf("logout: %d %s", code, h.errOut.String())
	}
	if _, err := os.Stat(files[0]); !os.IsNotExist(err) {
		t.Error("logout left the token file")
	}
	if after := len(mustGrants(t, h)); after != grantsBefore-1 {
		t.Errorf("grants %d → %d: logout did not revoke the refresh token's grant", grantsBefore, after)
	}
	if code := h.run("status"); code != ExitNotSignedIn {
		t.Errorf("status after logout = %d", code)
	}
}

func mustGrants(t *testing.T, h *harness) []any {
	t.Helper()
	tok := mintM2M(t, h.srv.URL)
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/api/users/"+h.userID+"/grants", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Grants []any }
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return body.Grants
}

func mintM2M(t *testing.T, base string) string {
	req, _ := http.NewRequest(http.MethodPost, base+"/oidc/token",
		strings.NewReader("grant_type=client_credentials&scope=all&resource="+emulator.ManagementResource))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(emulator.DefaultM2MAppID, emulator.DefaultM2MAppSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return m["access_token"].(string)
}

func TestLoginDeniedExitsWithItsCode(t *testing.T) {
	h := newHarness(t)
	h.denySoon()
	if code := h.run("login"); code != ExitSignInRefused || !strings.Contains(h.errOut.String(), "declined") {
		t.Errorf("denied login: %d %q", code, h.errOut.String())
	}
}

func TestLogoutOfflineStillWipes(t *testing.T) {
	h := newHarness(t)
	h.approveSoon(t)
	if code := h.run("login"); code != ExitOK {
		t.Fatal(h.errOut.String())
	}
	h.srv.Close() // the tenant is unreachable
	if code := h.run("logout"); code != ExitOK || !strings.Contains(h.errOut.String(), "wiped anyway") {
		t.Errorf("offline logout: %d %q", code, h.errOut.String())
	}
	if _, err := (&auth.Store{Dir: h.env.StateDir}).Load(auth.Key(h.srv.URL, emulator.DefaultDeviceAppID)); err == nil {
		t.Error("tokens survived an offline logout")
	}
}

func TestBadConfigurationExitsWithUsage(t *testing.T) {
	h := newHarness(t)
	_ = os.WriteFile(h.env.ConfigPath, []byte("endpont = \"x\"\n"), 0o600)
	if code := h.run("status"); code != ExitUsage || !strings.Contains(h.errOut.String(), "config.toml:1: endpont") {
		t.Errorf("bad config: %d %q", code, h.errOut.String())
	}
	if code := h.run("nonsense"); code != ExitUsage {
		t.Errorf("unknown command: %d", code)
	}
}

// TestNoSecretInAnyOutput runs every command and scans all they printed for
// the tokens and device codes that crossed the wire, and the M2M secret.
func TestNoSecretInAnyOutput(t *testing.T) {
	h := newHarness(t)
	var all bytes.Buffer
	record := func(args ...string) {
		h.run(args...)
		all.Write(h.out.Bytes())
		all.Write(h.errOut.Bytes())
	}
	for _, args := range [][]string{{"login"}, {"login", "--json"}, {"login"}} {
		h.approveSoon(t)
		record(args...)
	}
	record("status")
	record("status", "--json")
	record("logout", "--json")
	record("status")
	h.cap.mu.Lock()
	secrets := append([]string{emulator.DefaultM2MAppSecret}, h.cap.secrets...)
	h.cap.mu.Unlock()
	if len(secrets) < 5 {
		t.Fatalf("only %d secrets captured; the scan would prove nothing", len(secrets))
	}
	hits := 0
	for _, s := range secrets {
		if strings.Contains(all.String(), s) {
			hits++
		}
	}
	if hits != 0 {
		t.Errorf("%d secrets appear in the commands' output", hits)
	}
	// --show-token is the one way to print a token, on request.
	h.approveSoon(t)
	h.run("login")
	h.run("status", "--show-token")
	tok, _ := (&auth.Store{Dir: h.env.StateDir}).Load(auth.Key(h.srv.URL, emulator.DefaultDeviceAppID))
	if !strings.Contains(h.out.String(), tok.AccessToken.Reveal()) {
		t.Error("--show-token did not print the token")
	}
}

func TestBrowserIsOfferedOnlyLocally(t *testing.T) {
	for _, ssh := range []bool{false, true} {
		h := newHarness(t)
		vars := map[string]string{"LOGTO_ACCOUNT_ENDPOINT": h.srv.URL, "LOGTO_ACCOUNT_APP_ID": emulator.DefaultDeviceAppID}
		if ssh {
			vars["SSH_CONNECTION"] = "198.51.100.1 50000 192.0.2.1 22"
		}
		h.env.Getenv = func(k string) string { return vars[k] }
		h.env.StdinIsTerminal = true
		opened := make(chan string, 1)
		h.env.OpenBrowser = func(u string) error { opened <- u; return nil }
		h.env.Stdin = strings.NewReader("\n")
		h.approveSoon(t)
		if code := h.run("login"); code != ExitOK {
			t.Fatalf("login: %s", h.errOut.String())
		}
		prompted := strings.Contains(h.errOut.String(), "Press Enter")
		var got string
		select {
		case got = <-opened:
		case <-time.After(200 * time.Millisecond):
		}
		if ssh && (prompted || got != "") {
			t.Error("over SSH the browser was offered or opened")
		}
		if !ssh && (!prompted || !strings.Contains(got, "/device?user_code=")) {
			t.Errorf("locally: prompted=%v opened=%q", prompted, got)
		}
	}
}

// TestEndUserModeLoginAsksForTheAccountScopes: without M2M credentials,
// login asks for the Account API's scopes (sessions among them) even when
// the configured scopes lack them, status names the mode, and --user (admin
// mode) is refused with what it needs.
func TestEndUserModeLoginAsksForTheAccountScopes(t *testing.T) {
	h := newHarness(t)
	h.approveSoon(t)
	if code := h.run("login", "--json"); code != ExitOK {
		t.Fatalf("login: %d %s", code, h.errOut.String())
	}
	if code := h.run("status"); code != ExitOK {
		t.Fatalf("status: %d", code)
	}
	out := h.out.String()
	if !strings.Contains(out, "urn:logto:scope:sessions") || !strings.Contains(out, "Account API with your own token") {
		t.Errorf("status after an end-user login:\n%s", out)
	}
	if strings.Contains(out, "lacks") {
		t.Errorf("status warns about scopes the login asked for:\n%s", out)
	}
	if code := h.run("--user", "someone@example.com"); code != ExitUsage || !strings.Contains(h.errOut.String(), "M2M credentials") {
		t.Errorf("--user without M2M: %d %q", code, h.errOut.String())
	}
	if code := h.run("--pick"); code != ExitUsage || !strings.Contains(h.errOut.String(), "--pick are admin mode") {
		t.Errorf("--pick without M2M: %d %q", code, h.errOut.String())
	}
	if n := h.emu.M2MTokensIssued(); n != 0 {
		t.Errorf("%d M2M tokens issued", n)
	}
}

// TestScreensNeedATerminal: without a terminal the screens do not start
// (bubbletea would fail on the epoll of a pipe); the message says what
// scripts can use instead, and nothing is asked of Logto.
func TestScreensNeedATerminal(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"demo"}, {}, {"--tenant", ""}} {
		if code := h.run(args...); code != ExitUsage || !strings.Contains(h.errOut.String(), "need a terminal") ||
			!strings.Contains(h.errOut.String(), "--json") {
			t.Errorf("%v: %d %q", args, code, h.errOut.String())
		}
	}
	if n := len(h.emu.Requests()); n != 0 {
		t.Errorf("%d requests reached Logto", n)
	}
}

func TestDemoAdminAndAccountAPIDoNotMix(t *testing.T) {
	h := newHarness(t)
	h.env.StdinIsTerminal, h.env.StdoutIsTerminal = true, true
	if code := h.run("demo", "--admin", "--account-api"); code != ExitUsage || !strings.Contains(h.errOut.String(), "pick one") {
		t.Errorf("%d %q", code, h.errOut.String())
	}
}

// interruptOnRevoke is Ctrl+C pressed while the tenant has not answered
// logout's revocation: the signal is sent once the request is under way
// (logout listens for it by then), and the tenant never answers.
type interruptOnRevoke struct{ sent *bool }

func (i interruptOnRevoke) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/revocation") {
		return http.DefaultTransport.RoundTrip(r)
	}
	*i.sent = true
	_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
	<-r.Context().Done()
	return nil, r.Context().Err()
}

// TestLogoutCtrlCStopsTheWaitNotTheWipe: Ctrl+C while logout waits for the
// tenant ended the program with the tokens still on disk; now it stops the
// wait, wipes them, warns, and exits 130.
func TestLogoutCtrlCStopsTheWaitNotTheWipe(t *testing.T) {
	h := newHarness(t)
	h.approveSoon(t)
	if code := h.run("login"); code != ExitOK {
		t.Fatalf("login: %d %s", code, h.errOut)
	}
	sent := false
	h.env.HTTPClient = &http.Client{Transport: interruptOnRevoke{&sent}}
	code := h.run("logout")
	if !sent {
		t.Fatal("logout did not try to revoke")
	}
	if code != ExitInterrupted || !strings.Contains(h.errOut.String(), "interrupted (Ctrl+C)") || !strings.Contains(h.errOut.String(), "wiped anyway") {
		t.Errorf("logout interrupted: exit %d, stderr %q", code, h.errOut)
	}
	if files, _ := filepath.Glob(filepath.Join(h.env.StateDir, "tokens-*.json")); len(files) != 0 {
		t.Errorf("the tokens stayed: %v", files)
	}
}
