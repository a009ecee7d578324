package sshserver

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/logto/emulator"
)

// dialProxied connects from the loopback address from, sends a PROXY
// header (version 1 or 2; 0 none) naming client as the source, and speaks
// SSH over the connection. refused is the server's one-line reason when it
// closed the connection before the handshake.
func dialProxied(t *testing.T, from, addr string, version byte, client string) (c *gossh.Client, refused string, err error) {
	t.Helper()
	d := net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	if version != 0 {
		src := &net.TCPAddr{IP: net.ParseIP(client), Port: 50000}
		if _, err := proxyproto.HeaderProxyFromAddrs(version, src, conn.RemoteAddr()).WriteTo(conn); err != nil {
			t.Fatal(err)
		}
	}
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	br := bufio.NewReader(conn)
	line, err := br.ReadString('\n')
	if err != nil {
		conn.Close()
		return nil, "", err
	}
	if strings.HasPrefix(line, "logto-account: connection refused") {
		conn.Close()
		return nil, line, nil
	}
	// Hand the version line back to the SSH client.
	cc, chans, reqs, err := gossh.NewClientConn(&prefixed{Conn: conn, r: io.MultiReader(strings.NewReader(line), br)}, addr,
		&gossh.ClientConfig{User: "anyone", Timeout: 10 * time.Second, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		conn.Close()
		return nil, "", err
	}
	_ = conn.SetDeadline(time.Time{})
	return gossh.NewClient(cc, chans, reqs), "", nil
}

type prefixed struct {
	net.Conn
	r io.Reader
}

func (p *prefixed) Read(b []byte) (int, error) { return p.r.Read(b) }

func TestProxyProtocolGivesLimitsTheClientsAddress(t *testing.T) {
	h := start(t, func(c *Config) {
		c.TrustedProxies = []string{"127.0.0.1"}
		c.Limits.MaxConnsPerAddr = 2
	}, "")
	// Two connections through the balancer (127.0.0.1) from 203.0.113.5,
	// one with each version of the header, fill that client's places.
	for _, v := range []byte{1, 2} {
		c, refused, err := dialProxied(t, "127.0.0.1", h.addr, v, "203.0.113.5")
		if err != nil || refused != "" {
			t.Fatalf("v%d: %v %q", v, err, refused)
		}
		defer c.Close()
	}
	_, refused, err := dialProxied(t, "127.0.0.1", h.addr, 2, "203.0.113.5")
	if err != nil || !strings.Contains(refused, "too many connections from this address") {
		t.Fatalf("third from one client: %v %q", err, refused)
	}
	// Another client behind the same balancer is not that one.
	c, refused, err := dialProxied(t, "127.0.0.1", h.addr, 2, "203.0.113.6")
	if err != nil || refused != "" {
		t.Fatalf("another client: %v %q", err, refused)
	}
	c.Close()
	if !strings.Contains(h.logs.String(), "remote=203.0.113.5") {
		t.Errorf("the log does not name the client:\n%s", h.logs)
	}
	// The balancer's address must send the header.
	if _, _, err := dialProxied(t, "127.0.0.1", h.addr, 0, ""); err == nil {
		t.Error("a trusted balancer's connection without a header was served")
	}
	// Anyone else connects as themselves; a header they send is not read.
	plain, refused, err := dialProxied(t, "127.0.0.2", h.addr, 0, "")
	if err != nil || refused != "" {
		t.Fatalf("a direct client: %v %q", err, refused)
	}
	plain.Close()
	if _, _, err := dialProxied(t, "127.0.0.3", h.addr, 2, "203.0.113.9"); err == nil {
		t.Error("a header from an untrusted address was believed")
	}
	if !eventually(30*time.Second, func() bool { return h.srv.Stats().Refused[refusedNoProxyHeader] == 1 }) {
		t.Errorf("refusals: %v", h.srv.Stats().Refused)
	}
	if strings.Contains(h.logs.String(), "203.0.113.9") {
		t.Error("a spoofed address reached the log")
	}
}

// scrape reads /metrics and returns the lines that start with name.
func scrape(t *testing.T, url, name string) string {
	t.Helper()
	res, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, name) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func health(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, strings.TrimSpace(string(b))
}

func TestMetricsAndHealth(t *testing.T) {
	m := NewMetrics()
	h, _, _ := keyServer(t, func(c *Config) {
		c.Metrics = m
		c.HTTP = &http.Client{Timeout: 30 * time.Second, Transport: m.Transport(nil)}
	})
	ops := httptest.NewServer(h.srv.OpsHandler())
	t.Cleanup(ops.Close)
	if code, body := health(t, ops.URL); code != 200 || body != "ok" {
		t.Fatalf("healthz %d %q", code, body)
	}
	ada := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	key := newSigner(t)
	h.remember(t, key, ada)
	tm := openKey(t, h.addr, key)
	tm.waitFor("Your remembered SSH key opened it")
	if c, err := dialAs(h.addr, "ada", nil); err == nil { // a session without a terminal is refused
		s, _ := c.NewSession()
		_, _ = s.CombinedOutput("")
		c.Close()
	}
	for name, want := range map[string]string{
		"logto_account_sessions":                                   `logto_account_sessions{state="signed_in"} 1`,
		"logto_account_sign_ins_total":                             `logto_account_sign_ins_total{method="device"} 1`,
		"logto_account_remembered_key_sign_ins_total{result=\"ok":  `logto_account_remembered_key_sign_ins_total{result="ok"} 1`,
		"logto_account_refusals_total{limit=\"no_pty":              `logto_account_refusals_total{limit="no_pty"} 1`,
		"logto_account_logto_request_duration_seconds_count":       `group="oidc/device/auth"`,
		"logto_account_sign_ins_total{method=\"key":                `logto_account_sign_ins_total{method="key"} 1`,
		"logto_account_logto_request_duration_seconds_count{group": `group="oidc/token"`,
	} {
		if !eventually(30*time.Second, func() bool { return strings.Contains(scrape(t, ops.URL, name), want) }) {
			t.Errorf("%s lacks %s:\n%s", name, want, scrape(t, ops.URL, name))
		}
	}
	// Draining: the health check fails at once, and connections are still
	// served until Shutdown.
	h.srv.Drain()
	if code, body := health(t, ops.URL); code != http.StatusServiceUnavailable || body != "draining" {
		t.Errorf("healthz while draining: %d %q", code, body)
	}
	if !strings.Contains(scrape(t, ops.URL, "logto_account_draining"), "logto_account_draining 1") {
		t.Error("the draining gauge is not 1")
	}
	openKey(t, h.addr, nil).userCode()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = h.srv.Shutdown(ctx)
	if _, err := dialAs(h.addr, "ada", nil); err == nil {
		t.Error("connections are accepted after Shutdown")
	}
}

func TestRouteGroupsAreABoundedSet(t *testing.T) {
	for path, want := range map[string]string{
		"/oidc/token": "oidc/token", "/oidc/device/auth": "oidc/device/auth", "/oidc/.well-known/openid-configuration": "oidc/discovery",
		"/oidc/token/revocation": "oidc/token/revocation", "/oidc/session/end": "oidc/other",
		"/api/users/u1": "users", "/api/users": "users/search", "/api/users/u1/password/verify": "users/password",
		"/api/users/u1/mfa-verifications/m1": "users/mfa-verifications", "/api/users/u1/whatever": "users/other",
		"/api/verification-codes/verify": "verification-codes", "/api/sign-in-exp": "sign-in-exp", "/api/roles": "api/other",
		"/tenant/api/users/u1/sessions": "users/sessions", "/favicon.ico": "other",
	} {
		if got := RouteGroup(path); got != want {
			t.Errorf("RouteGroup(%q) = %q, want %q", path, got, want)
		}
	}
}
