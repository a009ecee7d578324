package sshserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

type harness struct {
	api  *httptest.Server
	emu  *emulator.Emulator
	srv  *Server
	addr string
	key  string
	logs *syncBuffer
	// deviceTTL, when set, replaces the device code lifetime the tenant
	// announces (seconds).
	deviceTTL atomic.Int64
	mu        sync.Mutex
	revoked   []string // refresh tokens sent to the revocation endpoint
}

// syncBuffer is a log destination shared by the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func fastSleep(ctx context.Context, _ time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(50 * time.Millisecond):
		return nil
	}
}

// tenant is the emulator as the server sees it: revocations are recorded
// (to check that no token reaches a log), and the device code lifetime can
// be shortened.
func (h *harness) tenant(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == "/oidc/token/revocation" {
		body, _ := io.ReadAll(r.Body)
		if f, err := url.ParseQuery(string(body)); err == nil {
			h.mu.Lock()
			h.revoked = append(h.revoked, f.Get("token"))
			h.mu.Unlock()
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	ttl := h.deviceTTL.Load()
	if ttl == 0 || r.URL.Path != "/oidc/device/auth" {
		h.emu.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	h.emu.ServeHTTP(rec, r)
	var body map[string]any
	if json.Unmarshal(rec.Body.Bytes(), &body) == nil && body["expires_in"] != nil {
		body["expires_in"] = ttl
	}
	out, _ := json.Marshal(body)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(out)
}

// revokedTokens are the refresh tokens revoked so far.
func (h *harness) revokedTokens() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.revoked...)
}

func start(t testing.TB, mod func(*Config), keyPath string) *harness {
	t.Helper()
	h := &harness{emu: emulator.New(emulator.Options{}), logs: &syncBuffer{}}
	h.api = httptest.NewServer(http.HandlerFunc(h.tenant))
	t.Cleanup(h.api.Close)
	t.Cleanup(func() { // after the server's shutdown, which revokes grants
		logs := h.logs.String()
		for _, tok := range h.revokedTokens() {
			if tok != "" && strings.Contains(logs, tok) {
				t.Error("a refresh token reached the server's log")
			}
		}
	})
	h.srv, h.addr, h.key = serveTenant(t, h.api.URL, h.logs, mod, keyPath)
	return h
}

// serveTenant starts a server for the tenant at endpoint (the emulator's
// default apps) on a loopback port, logging to logs, and stops it when the
// test ends. It returns the server, its address and its host key's path.
func serveTenant(t testing.TB, endpoint string, logs io.Writer, mod func(*Config), keyPath string) (*Server, string, string) {
	t.Helper()
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: endpoint, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	client, _ := logto.New(logto.Options{Endpoint: endpoint, Tokens: ts})
	if keyPath == "" {
		keyPath = filepath.Join(t.TempDir(), "data", "ssh_host_ed25519")
	}
	cfg := Config{Listen: "127.0.0.1:0", HostKeyPath: keyPath, Endpoint: endpoint, ClientID: emulator.DefaultDeviceAppID,
		Scopes: []string{"openid", "offline_access", "profile", "email"}, Client: client, Sleep: fastSleep,
		Log: slog.New(slog.NewTextHandler(logs, nil))}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := &acceptingListener{Listener: tcp, accepting: make(chan struct{})}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	// The SSH library's Shutdown waits on a WaitGroup that Serve adds to
	// before its first Accept: a test ending sooner is a data race.
	select {
	case <-ln.accepting:
	case err := <-served:
		t.Fatalf("the server did not start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv, ln.Addr().String(), keyPath
}

// acceptingListener closes accepting when the server first asks for a
// connection.
type acceptingListener struct {
	net.Listener
	once      sync.Once
	accepting chan struct{}
}

func (l *acceptingListener) Accept() (net.Conn, error) {
	l.once.Do(func() { close(l.accepting) })
	return l.Listener.Accept()
}
