package sshserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto/emulator"
)

// attachWithEnv is attach (server_test.go) for a PTY session that sends
// env first, with SSH "env" requests, as `ssh -o SendEnv=LANG` does.
func attachWithEnv(t *testing.T, c *gossh.Client, env map[string]string) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatalf("env %s: %v", k, err)
		}
	}
	tm := &term{t: t, client: c, sess: sess, screen: vt.NewEmulator(100, 30), done: make(chan struct{})}
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	tm.in, _ = sess.StdinPipe()
	out, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(tm.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				tm.raw.Write(buf[:n])
				_, _ = tm.screen.Write(buf[:n])
				tm.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { // the program's terminal queries get the emulator's answers
		buf := make([]byte, 512)
		for {
			n, err := tm.screen.Read(buf)
			if n > 0 {
				_, _ = tm.in.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { c.Close() })
	return tm
}

// codeOn reads the spaced user code off the sign-in screen once heading
// shows (in the session's language).
func codeOn(tm *term, heading string) string {
	tm.t.Helper()
	tm.waitFor(heading)
	for _, line := range strings.Split(tm.screenText(), "\n") {
		if parts := strings.Split(line, "│"); len(parts) >= 3 {
			if code := strings.ReplaceAll(parts[1], " ", ""); len(code) == 9 && code[4] == '-' {
				return code
			}
		}
	}
	tm.t.Fatalf("no code on screen:\n%s", tm.screenText())
	return ""
}

// Each session speaks its client's LANG, or the server's language when the
// client sends none, side by side in one process; and the requests made
// for each session's user ask Logto for that session's language.
func TestSessionsSpeakTheirClientsLanguage(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	var mu sync.Mutex
	asked := map[string]string{} // user id → Accept-Language of its Management API requests
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/api/users/"); ok {
			id, _, _ := strings.Cut(rest, "/")
			mu.Lock()
			asked[id] = r.Header.Get("Accept-Language")
			mu.Unlock()
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)
	_, addr, _ := serveTenant(t, api.URL, io.Discard, func(c *Config) { c.Language = i18n.SimplifiedChinese }, "")
	ada := emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	marie := emu.SeedUser(emulator.UserSeed{Username: "marie", Name: "Marie Curie"})

	c, _, err := dial(t, addr)
	if err != nil {
		t.Fatal(err)
	}
	fr := attachWithEnv(t, c, map[string]string{"LANG": "fr_FR.UTF-8"})
	zh := open(t, addr, true) // sends no LANG: the server's language
	codeFr := codeOn(fr, "Connexion par navigateur ou téléphone")
	codeZh := codeOn(zh, "用浏览器或手机登录")
	if err := emu.ApproveDevice(codeFr, marie, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := emu.ApproveDevice(codeZh, ada, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	fr.waitFor("Compte connecté : Marie Curie.")
	fr.waitFor("Mot de passe")
	zh.waitFor("已以 Ada Lovelace 身份登录。")
	zh.waitFor("两步验证")
	mu.Lock()
	defer mu.Unlock()
	if asked[marie] != i18n.AcceptLanguage(i18n.French) || asked[ada] != i18n.AcceptLanguage(i18n.SimplifiedChinese) {
		t.Errorf("Accept-Language asked of Logto: Marie's %q, Ada's %q", asked[marie], asked[ada])
	}
}
