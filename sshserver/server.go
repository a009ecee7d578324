// Package sshserver is `logto-account serve`: the server-side application
// of Logto's "Account settings by Management API" guide, reached with ssh.
// It holds the M2M secret; every SSH session signs its user in with the
// device flow and acts only on the user of its own verified ID token. One
// tea.Program runs per session, with that session's context, PTY size and
// input. Sessions share only what is the tenant's, not a user's: the M2M
// token cache and the ID-token verifier (discovery document and keys).
package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/sshserver/keystore"
	"github.com/logto-account/logto-account/tui"
)

// Config configures the service.
type Config struct {
	// Listen is the address (default 127.0.0.1:23234).
	Listen string
	// HostKeyPath is the ed25519 host key, made on first start (0600); an
	// existing key that group or others can read is refused.
	HostKeyPath string
	// Endpoint, ClientID and Scopes are the tenant and the device-flow app.
	Endpoint string
	ClientID string
	Scopes   []string
	// Client is the Management API client (with the shared M2M source).
	Client *logto.Client
	// HTTP sends the device-flow, JWKS and revocation requests.
	HTTP *http.Client
	// Limits bound what clients can hold; zero fields take their defaults.
	Limits Limits
	// PasteRedirect is the redirect URI for linking identities over SSH.
	PasteRedirect string
	// Language is what a session speaks when its client sends no LC_ALL,
	// LC_MESSAGES or LANG (an i18n tag; "" is English).
	Language string
	// AvatarPreviews lets users have the server fetch their avatar's
	// address for a preview (https, public addresses only, 2 MB, 5 s):
	// off unless the operator allows it, since the server fetches an
	// address a user chose.
	AvatarPreviews bool
	// Log receives connection, sign-in and action lines (never secrets).
	Log *slog.Logger
	// Sleep, when set, replaces the device-flow wait between polls (tests).
	Sleep func(ctx context.Context, d time.Duration) error
	// Keys, when set, remembers SSH keys: the service accepts public-key
	// authentication (keyboard-interactive without a question for clients
	// with no key; "none" no longer), offers after a device sign-in to
	// remember the key, and signs a connection with a remembered key in
	// without the device flow. Nil: every session uses the device flow and
	// any client is let in without authentication, as before.
	Keys keystore.Store
	// KeyLifetime is how long a remembered key lasts from the device
	// sign-in that remembered or renewed it (default 30 days).
	KeyLifetime time.Duration
	// TrustedProxies are the addresses (IPs or CIDRs) of load balancers
	// that must start each connection with a PROXY protocol header (v1 or
	// v2): limits and logs then see the client's address. A header from any
	// other address is not read.
	TrustedProxies []string
	// Metrics, when set, counts sessions, sign-ins, refusals and Logto
	// requests (the HTTP client's transport is measured by the caller).
	Metrics *Metrics

	// wrap, in tests, wraps each session's model (to make one panic).
	wrap func(tea.Model) tea.Model
	// events, in tests, is told of decisions that leave things as they are
	// (so that a test need not wait to see that nothing happens).
	events func(event string)
}

var errNoHostKey = errors.New("sshserver: a host key path is needed (it is created on first start)")

// Server is a running SSH service.
type Server struct {
	cfg      Config
	lim      Limits
	verifier *auth.SharedVerifier // every session's sign-in is checked with it
	srv      *ssh.Server
	count    counters
	sessions sync.WaitGroup
	mu       sync.Mutex
	programs map[*tea.Program]struct{}
	conns    map[*trackedConn]struct{}
	closing  atomic.Bool
	draining atomic.Bool
	metrics  *Metrics
	// stopBg ends the server's own background work (pruning keys).
	stopBg context.CancelFunc
	bg     sync.WaitGroup
}

func (s *Server) observe(event string) {
	if s.cfg.events != nil {
		s.cfg.events(event)
	}
}

// New builds the server and loads (or makes) its host key.
func New(cfg Config) (*Server, error) {
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:23234"
	}
	cfg.Limits.fill()
	if cfg.PasteRedirect == "" {
		cfg.PasteRedirect = "http://127.0.0.1:53682" + auth.CallbackPath
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Client == nil || cfg.Endpoint == "" || cfg.ClientID == "" {
		return nil, errors.New("sshserver: the endpoint, the device-flow app id and a Management API client are needed")
	}
	if cfg.KeyLifetime <= 0 {
		cfg.KeyLifetime = 30 * 24 * time.Hour
	}
	if err := ensureHostKey(cfg.HostKeyPath); err != nil {
		return nil, err
	}
	if _, err := proxyPolicy(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, lim: cfg.Limits, verifier: auth.NewSharedVerifier(cfg.Endpoint, cfg.ClientID, cfg.HTTP, nil),
		programs: map[*tea.Program]struct{}{}, conns: map[*trackedConn]struct{}{},
		count: counters{addrs: map[string]*addrState{}, pruneAt: 1024, refused: map[string]int{}}, metrics: cfg.Metrics}
	opts := []ssh.Option{
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKeyPath),
		wish.WithMaxTimeout(s.lim.MaxSession),
		wish.WithMiddleware(
			func(ssh.Handler) ssh.Handler { return s.handle }, // one tea.Program per session
			s.recover, // outermost: one session's panic never ends the server
		),
		func(srv *ssh.Server) error { // one session channel a connection, its requests filtered
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
			return nil
		},
	}
	if s.keysOn() {
		opts = append(opts, wish.WithPublicKeyAuth(acceptAnyKey), wish.WithKeyboardInteractiveAuth(keyboardInteractive))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("sshserver: %w", err)
	}
	if cfg.Metrics != nil {
		if err := cfg.Metrics.reg.Register(serverCollector{s}); err != nil {
			return nil, fmt.Errorf("sshserver: metrics: %w", err)
		}
	}
	srv.HandshakeTimeout = s.lim.HandshakeTimeout
	srv.ConnCallback = s.acceptConn
	s.srv = srv
	ctx, cancel := context.WithCancel(context.Background())
	s.stopBg = cancel
	if s.keysOn() {
		s.bg.Add(1)
		go func() { defer s.bg.Done(); s.pruneKeys(ctx) }()
	}
	return s, nil
}

// Serve accepts connections on ln until Shutdown; connections from
// TrustedProxies must start with a PROXY protocol header.
func (s *Server) Serve(ln net.Listener) error {
	s.cfg.Log.Info("listening", "addr", ln.Addr().String(), "trusted_proxies", strings.Join(s.cfg.TrustedProxies, ","))
	if len(s.cfg.TrustedProxies) > 0 {
		ln = proxyListener(ln, s.cfg.TrustedProxies)
	}
	err := s.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting, tells open sessions, waits up to ctx's deadline
// for them to end, then closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	var idle []*trackedConn
	s.mu.Lock()
	s.closing.Store(true) // under s.mu: no session begins after this
	for p := range s.programs {
		go p.Send(tui.ShutdownMsg{}) // returns once delivered or the program has ended
	}
	for c := range s.conns {
		if c.idleNow() {
			idle = append(idle, c)
		}
	}
	s.mu.Unlock()
	for _, c := range idle {
		_ = c.Close() // connections without a session have nothing to finish
	}
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	s.sessions.Wait() // their grants are revoked (each request bounded)
	s.stopBg()
	s.bg.Wait()
	return err
}

// Drain makes the health check fail (a load balancer then sends new
// connections elsewhere) while the server goes on accepting: Shutdown
// follows once the balancer has seen it.
func (s *Server) Drain() { s.draining.Store(true) }

// Draining reports whether Drain or Shutdown was called.
func (s *Server) Draining() bool { return s.draining.Load() || s.closing.Load() }

// begin counts a session in (Shutdown waits for it), unless the server is
// shutting down.
func (s *Server) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing.Load() {
		return false
	}
	s.sessions.Add(1)
	return true
}

// track registers a running program (for Shutdown) or forgets it.
func (s *Server) track(p *tea.Program, running bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if running {
		s.programs[p] = struct{}{}
	} else {
		delete(s.programs, p)
	}
}

func (s *Server) recover(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.cfg.Log.Error("session panicked; the server goes on", "remote", addrOf(sess.RemoteAddr()), "panic", fmt.Sprint(r))
				wish.Println(sess, "\r\n"+s.localizer(sess).T("ssh.went_wrong"))
			}
		}()
		next(sess)
	}
}

func envHas(env []string, key string) bool {
	for _, e := range env {
		if len(e) > len(key) && e[:len(key)+1] == key+"=" {
			return true
		}
	}
	return false
}
