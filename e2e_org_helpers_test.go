package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// needHAProxy finds Debian's haproxy; without it the test skips, except
// under CI=true, where it fails (CI installs it).
func needHAProxy(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"haproxy", "/usr/sbin/haproxy"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	const why = "HAProxy is not installed (apt-get install haproxy)"
	if os.Getenv("CI") == "true" {
		t.Fatal(why + "; CI must run the load-balancer test")
	}
	t.Skip(why + "; skipping the load-balancer test")
	return ""
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// lockedBuffer is a process's stderr, read while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// writeHostKey writes one ed25519 host key in OpenSSH's format (0600): the
// key every replica serves with.
func writeHostKey(t *testing.T, path string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
}

func newClientKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sshClient is one connection through the balancer with a PTY session;
// it keeps the output with escape sequences stripped.
type sshClient struct {
	c       *gossh.Client
	in      io.WriteCloser
	mu      sync.Mutex
	out     strings.Builder
	done    chan struct{}
	hostKey string
	refusal string // the server's reason when it refused the connection
}

// connect opens an SSH connection to addr from the loopback address from
// (keyboard-interactive, and signer's key first when given) and, unless
// refused, a session with a PTY.
func connect(from, addr string, signer gossh.Signer) (*sshClient, error) {
	d := net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	br := bufio.NewReader(conn)
	line, err := br.ReadString('\n')
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("no greeting: %w", err)
	}
	if strings.HasPrefix(line, "logto-account: connection refused") {
		conn.Close()
		return &sshClient{refusal: strings.TrimSpace(line)}, nil
	}
	var auth []gossh.AuthMethod
	if signer != nil {
		auth = append(auth, gossh.PublicKeys(signer))
	}
	auth = append(auth, gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil }))
	sc := &sshClient{done: make(chan struct{})}
	cfg := &gossh.ClientConfig{User: "ada", Auth: auth, Timeout: 30 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error {
			sc.hostKey = gossh.FingerprintSHA256(k)
			return nil
		}}
	cc, chans, reqs, err := gossh.NewClientConn(&replayConn{Conn: conn, r: io.MultiReader(strings.NewReader(line), br)}, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	sc.c = gossh.NewClient(cc, chans, reqs)
	sess, err := sc.c.NewSession()
	if err != nil {
		sc.c.Close()
		return nil, err
	}
	if err := sess.RequestPty("xterm-256color", 30, 110, gossh.TerminalModes{}); err != nil {
		sc.c.Close()
		return nil, err
	}
	sc.in, _ = sess.StdinPipe()
	out, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		sc.c.Close()
		return nil, err
	}
	go func() {
		defer close(sc.done)
		buf := make([]byte, 16<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				sc.mu.Lock()
				sc.out.WriteString(strings.Join(strings.Fields(ansi.Strip(string(buf[:n]))), ""))
				sc.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	return sc, nil
}

type replayConn struct {
	net.Conn
	r io.Reader
}

func (c *replayConn) Read(b []byte) (int, error) { return c.r.Read(b) }

// has reports whether the output held want (compared without spaces: the
// renderer moves the cursor over runs of blanks).
func (c *sshClient) has(want string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Contains(c.out.String(), strings.Join(strings.Fields(want), ""))
}

func (c *sshClient) waitFor(t *testing.T, want string) {
	t.Helper()
	if !within(60*time.Second, func() bool { return c.has(want) }) {
		c.mu.Lock()
		tail := c.out.String()
		c.mu.Unlock()
		if len(tail) > 600 {
			tail = tail[len(tail)-600:]
		}
		t.Fatalf("never saw %q; the output ends: %s", want, tail)
	}
}

func (c *sshClient) close() {
	if c.c != nil {
		c.c.Close()
		<-c.done
	}
}

// within polls cond until it holds or d passes.
func within(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// metric reads one sample from a replica's /metrics (-1 when absent).
func metric(opsAddr, sample string) float64 {
	res, err := http.Get("http://" + opsAddr + "/metrics")
	if err != nil {
		return -1
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, sample+" "); ok {
			var f float64
			_, _ = fmt.Sscan(v, &f)
			return f
		}
	}
	return -1
}

// haproxyStatus reads HAProxy's view of each server ("UP", "DOWN", …)
// from its stats socket.
func haproxyStatus(sock string) map[string]string {
	c, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		return nil
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("show stat\n")); err != nil {
		return nil
	}
	b, _ := io.ReadAll(c)
	out := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Split(l, ",")
		if len(f) > 17 && f[0] == "replicas" && f[1] != "BACKEND" {
			out[f[1]] = f[17]
		}
	}
	return out
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
