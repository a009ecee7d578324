package sshserver

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/vt"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
)

// term is one SSH client with a PTY, read through a virtual terminal.
type term struct {
	t      *testing.T
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	mu     sync.Mutex
	screen *vt.Emulator
	raw    bytes.Buffer
	done   chan struct{}
}

func dial(_ *testing.T, addr string) (*gossh.Client, string, error) {
	var fp string
	cfg := &gossh.ClientConfig{User: "anyone", Timeout: 5 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			sum := sha256.Sum256(key.Marshal())
			fp = base64.StdEncoding.EncodeToString(sum[:])
			return nil
		}}
	c, err := gossh.Dial("tcp", addr, cfg)
	return c, fp, err
}

func open(t *testing.T, addr string, pty bool) *term {
	t.Helper()
	c, _, err := dial(t, addr)
	if err != nil {
		t.Fatal(err)
	}
	return attach(t, c, pty)
}

// attach opens a shell session (with a 100×30 PTY when pty) on c.
func attach(t *testing.T, c *gossh.Client, pty bool) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, client: c, sess: sess, screen: vt.NewEmulator(100, 30), done: make(chan struct{})}
	if pty {
		if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
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

// screenText is the visible screen only, read under the lock.
func (tm *term) screenText() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.screen.String()
}

func (tm *term) text() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.screen.String() + "\n" + tm.raw.String()
}

func (tm *term) waitFor(want string) {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(tm.text(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("never saw %q; screen:\n%s", want, tm.screenText())
}

func (tm *term) press(s string) { _, _ = tm.in.Write([]byte(s)) }

// userCode reads the spaced user code off the sign-in screen.
func (tm *term) userCode() string {
	tm.t.Helper()
	tm.waitFor("Enter this code")
	for _, line := range strings.Split(tm.screenText(), "\n") {
		if parts := strings.Split(line, "│"); len(parts) >= 3 {
			code := strings.ReplaceAll(parts[1], " ", "")
			if len(code) == 9 && code[4] == '-' {
				return code
			}
		}
	}
	tm.t.Fatalf("no code on screen:\n%s", tm.screenText())
	return ""
}

func TestTwoSessionsEachSeeOnlyTheirOwnAccount(t *testing.T) {
	h := start(t, nil, "")
	ada := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	grace := h.emu.SeedUser(emulator.UserSeed{Username: "grace", Name: "Grace Hopper"})
	a, g := open(t, h.addr, true), open(t, h.addr, true)
	codeA, codeG := a.userCode(), g.userCode()
	if codeA == codeG {
		t.Fatal("two sessions share a code")
	}
	if err := h.emu.ApproveDevice(codeA, ada, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := h.emu.ApproveDevice(codeG, grace, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	// Each screen shows its user's loaded account: the only one it can load.
	a.waitFor("Ada Lovelace")
	g.waitFor("Grace Hopper")
	if strings.Contains(a.screenText(), "Grace") || strings.Contains(g.screenText(), "Ada") {
		t.Error("a session shows another user's account")
	}
	if st := h.srv.Stats(); st.SignedIn != 2 || st.Waiting != 0 {
		t.Errorf("signed in %d, waiting %d; want 2 and 0", st.SignedIn, st.Waiting)
	}
}

func TestNoPTYGetsAMessage(t *testing.T) {
	h := start(t, nil, "")
	c, _, err := dial(t, h.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, _ := c.NewSession()
	out, _ := sess.CombinedOutput("")
	if !strings.Contains(string(out), "needs a terminal") {
		t.Errorf("output = %q", out)
	}
}

func TestDisconnectDuringSignInLeavesNothingBehind(t *testing.T) {
	h := start(t, nil, "")
	ignore := goleak.IgnoreCurrent()
	lc, err := dialLight(sourceIP(0), h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	lc.wait(t, "Enter this code")
	before := h.emu.CountRequests(http.MethodPost, "/oidc/token")
	if !eventually(30*time.Second, func() bool { return h.emu.CountRequests(http.MethodPost, "/oidc/token") > before }) {
		t.Fatal("the device flow never polled")
	}
	lc.client.Close()
	<-lc.done
	if !eventually(30*time.Second, func() bool { st := h.srv.Stats(); return st.Conns+st.Waiting+st.SignedIn == 0 }) {
		t.Fatalf("still held after the disconnect: %+v", h.srv.Stats())
	}
	// No goroutine of the session is left, the device flow's poll loop
	// included: nothing is left to poll the tenant.
	noLeaks(t, ignore)
}

// panicky panics on "P", like a bug in one screen.
type panicky struct{ tea.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "P" {
		panic("test panic")
	}
	m, cmd := p.Model.Update(msg)
	return panicky{m}, cmd
}

// TestGuardKeepsItsModelThroughAPanic: the guard answers a panic in Update
// with itself, never a nil model (bubbletea would panic drawing it, print
// the stack on the server's stdout and stop the loop under the reader),
// and closes the input, which ends the program.
func TestGuardKeepsItsModelThroughAPanic(t *testing.T) {
	g := &guard{Model: panicky{}, in: newInput(strings.NewReader(""))}
	m, cmd := g.Update(tea.KeyPressMsg{Code: 'P', Text: "P"})
	if m != g || cmd != nil || g.panicText() != "test panic" {
		t.Errorf("after a panic: model %v, command %v, panic %q", m, cmd != nil, g.panicText())
	}
	select {
	case <-g.in.closed():
	default:
		t.Error("the input is still open")
	}
}

func TestAPanicInOneSessionLeavesTheOthers(t *testing.T) {
	h := start(t, func(c *Config) { c.wrap = func(m tea.Model) tea.Model { return panicky{m} } }, "")
	a, b := open(t, h.addr, true), open(t, h.addr, true)
	a.userCode()
	b.userCode()
	a.press("P")
	select {
	case <-a.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the panicking session did not end")
	}
	b.press("r") // still answers: r is ignored while waiting, the spinner goes on
	c := open(t, h.addr, true)
	c.userCode()
	if !strings.Contains(b.screenText(), "Enter this code") {
		t.Error("the other session broke")
	}
}

func TestIdleTimeoutFiresWhileTheSpinnerRuns(t *testing.T) {
	h := start(t, func(c *Config) { c.Limits.IdleTimeout = 600 * time.Millisecond }, "")
	tm := open(t, h.addr, true)
	tm.userCode() // the spinner keeps redrawing; nobody types
	select {
	case <-tm.done:
	case <-time.After(8 * time.Second):
		t.Fatal("an idle session stayed open")
	}
	if !strings.Contains(tm.text(), "idle session") {
		t.Error("no word on why the session closed")
	}
}

func TestHostKeySurvivesARestart(t *testing.T) {
	key := filepath.Join(t.TempDir(), "data", "logto-account", "ssh_host_ed25519")
	h1 := start(t, nil, key)
	c1, fp1, err := dial(t, h1.addr)
	if err != nil {
		t.Fatal(err)
	}
	c1.Close()
	st, err := os.Stat(key)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("host key file: %v %v", st, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_ = h1.srv.Shutdown(ctx)
	cancel()
	h2 := start(t, nil, key)
	c2, fp2, err := dial(t, h2.addr)
	if err != nil {
		t.Fatal(err)
	}
	c2.Close()
	if fp1 == "" || fp1 != fp2 {
		t.Errorf("fingerprint %s changed to %s", fp1, fp2)
	}
	fmt.Fprint(io.Discard, fp1)
}

func TestShutdownTellsOpenSessions(t *testing.T) {
	h := start(t, nil, "")
	tm := open(t, h.addr, true)
	tm.userCode()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	go func() { _ = h.srv.Shutdown(ctx) }()
	tm.waitFor("service is stopping")
	select {
	case <-tm.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the session outlived the grace period")
	}
	if _, _, err := dial(t, h.addr); err == nil {
		t.Error("new connections are still accepted after shutdown")
	}
}

// crasher hands the root a crash on "C", as a request that panicked would.
type crasher struct{ tea.Model }

func (c crasher) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "C" {
		msg = common.CrashMsg{Value: "test crash"}
	}
	m, cmd := c.Model.Update(msg)
	return crasher{m}, cmd
}

// TestACrashTellsTheUserAndTheServerGoesOn: a crash the screens catch ends
// that session with the same sentence a local user reads, and the server
// keeps serving the others.
func TestACrashTellsTheUserAndTheServerGoesOn(t *testing.T) {
	h := start(t, func(c *Config) { c.wrap = func(m tea.Model) tea.Model { return crasher{m} } }, "")
	a, b := open(t, h.addr, true), open(t, h.addr, true)
	a.userCode()
	b.userCode()
	a.press("C")
	select {
	case <-a.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the crashed session did not end")
	}
	if !strings.Contains(a.text(), "stopped because of a bug") {
		t.Errorf("the user was not told: %q", a.text())
	}
	if !strings.Contains(b.screenText(), "Enter this code") {
		t.Error("the other session broke")
	}
}
