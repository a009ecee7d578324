// Package sshserver is `logto-account serve`: the server-side application
// of Logto's "Account settings by Management API" guide, reached with ssh.
// It holds the M2M secret; every SSH session signs its user in with the
// device flow and acts only on the user of its own verified ID token. One
// tea.Program runs per session, with that session's context, PTY size and
// input; nothing but the M2M token cache is shared between sessions.
package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"golang.org/x/time/rate"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui"
)

// Config configures the service.
type Config struct {
	// Listen is the address (default 127.0.0.1:23234).
	Listen string
	// HostKeyPath is the ed25519 host key, made on first start (0600).
	HostKeyPath string
	// Endpoint, ClientID and Scopes are the tenant and the device-flow app.
	Endpoint string
	ClientID string
	Scopes   []string
	// Client is the Management API client (with the shared M2M source).
	Client *logto.Client
	// HTTP sends the device-flow and JWKS requests.
	HTTP *http.Client
	// MaxSessions caps concurrent sessions (default 200).
	MaxSessions int
	// PerIPPerMinute and PerIPBurst limit new connections from one address
	// (defaults 30 and 10).
	PerIPPerMinute float64
	PerIPBurst     int
	// HandshakeTimeout bounds the SSH handshake (default 20 s).
	HandshakeTimeout time.Duration
	// IdleTimeout ends a session without keyboard input for that long
	// (default 15 min); the server's own output never counts.
	IdleTimeout time.Duration
	// MaxSession ends any session after that long (default 4 h).
	MaxSession time.Duration
	// MaxWidth and MaxHeight clamp the terminal size a client asks for, at
	// the start and at every resize (default 300×100): the screen buffers
	// take about 260 bytes a cell, so a session at the cap holds about
	// 9 MiB of heap (and 300×200 about 17).
	MaxWidth, MaxHeight int
	// PasteRedirect is the redirect URI for linking identities over SSH.
	PasteRedirect string
	// Log receives connection, sign-in and action lines (never secrets).
	Log *slog.Logger
	// Sleep, when set, replaces the device-flow wait between polls (tests).
	Sleep func(ctx context.Context, d time.Duration) error
}

var errNoHostKey = errors.New("sshserver: a host key path is needed (it is created on first start)")

// Server is a running SSH service.
type Server struct {
	cfg      Config
	srv      *ssh.Server
	active   atomic.Int64
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	programs map[*tea.Program]struct{}
	closing  atomic.Bool
	// wrap, in tests, wraps each session's model (to make one panic).
	wrap func(tea.Model) tea.Model
}

// New builds the server and loads (or makes) its host key.
func New(cfg Config) (*Server, error) {
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:23234"
	}
	if cfg.MaxSessions == 0 {
		cfg.MaxSessions = 200
	}
	if cfg.PerIPPerMinute == 0 {
		cfg.PerIPPerMinute = 30
	}
	if cfg.PerIPBurst == 0 {
		cfg.PerIPBurst = 10
	}
	if cfg.HandshakeTimeout == 0 {
		cfg.HandshakeTimeout = 20 * time.Second
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 15 * time.Minute
	}
	if cfg.MaxSession == 0 {
		cfg.MaxSession = 4 * time.Hour
	}
	if cfg.MaxWidth <= 0 || cfg.MaxHeight <= 0 {
		cfg.MaxWidth, cfg.MaxHeight = 300, 100
	}
	if cfg.PasteRedirect == "" {
		cfg.PasteRedirect = "http://127.0.0.1:53682" + auth.CallbackPath
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Client == nil || cfg.Endpoint == "" || cfg.ClientID == "" {
		return nil, errors.New("sshserver: the endpoint, the device-flow app id and a Management API client are needed")
	}
	s := &Server{cfg: cfg, limiters: map[string]*rate.Limiter{}, programs: map[*tea.Program]struct{}{}}
	if err := ensureHostKey(cfg.HostKeyPath); err != nil {
		return nil, err
	}
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKeyPath),
		wish.WithMaxTimeout(cfg.MaxSession),
		wish.WithMiddleware(
			func(ssh.Handler) ssh.Handler { return s.run }, // innermost: one tea.Program per session
			s.gate,    // PTY, capacity
			s.limit,   // per-IP rate
			s.recover, // outermost: one session's panic never ends the server
		),
	)
	if err != nil {
		return nil, fmt.Errorf("sshserver: %w", err)
	}
	srv.HandshakeTimeout = cfg.HandshakeTimeout
	s.srv = srv
	return s, nil
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.cfg.Log.Info("listening", "addr", ln.Addr().String())
	err := s.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting, tells open sessions, waits up to ctx's deadline
// for them to end, then closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closing.Store(true)
	s.mu.Lock()
	for p := range s.programs {
		go p.Send(tui.ShutdownMsg{}) // returns once delivered or the program has ended
	}
	s.mu.Unlock()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return s.srv.Close()
	}
	return err
}

// Active is the number of open sessions.
func (s *Server) Active() int { return int(s.active.Load()) }

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
				s.cfg.Log.Error("session panicked; the server goes on", "remote", remoteIP(sess), "panic", fmt.Sprint(r))
				wish.Println(sess, "\r\nSorry, something went wrong in this session. Please connect again.")
			}
		}()
		next(sess)
	}
}

func (s *Server) limit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ip := remoteIP(sess)
		s.mu.Lock()
		l, ok := s.limiters[ip]
		if !ok {
			if len(s.limiters) > 10000 {
				s.limiters = map[string]*rate.Limiter{} // bounded memory
			}
			l = rate.NewLimiter(rate.Limit(s.cfg.PerIPPerMinute/60), s.cfg.PerIPBurst)
			s.limiters[ip] = l
		}
		allowed := l.Allow()
		s.mu.Unlock()
		if !allowed {
			s.cfg.Log.Warn("rate limited", "remote", ip)
			wish.Println(sess, "Too many connections from your address. Please wait a minute and try again.")
			return
		}
		next(sess)
	}
}

func (s *Server) gate(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok {
			wish.Println(sess, "logto-account needs a terminal. Connect with: ssh -t -p PORT HOST")
			return
		}
		if s.closing.Load() {
			wish.Println(sess, "The service is restarting. Please connect again in a moment.")
			return
		}
		if n := s.active.Add(1); n > int64(s.cfg.MaxSessions) {
			s.active.Add(-1)
			s.cfg.Log.Warn("session cap reached", "remote", remoteIP(sess), "cap", s.cfg.MaxSessions)
			wish.Println(sess, "Sorry, the service is busy right now. Please try again in a few minutes.")
			return
		}
		defer s.active.Add(-1)
		s.cfg.Log.Info("session start", "remote", remoteIP(sess))
		start := time.Now()
		next(sess)
		s.cfg.Log.Info("session end", "remote", remoteIP(sess), "duration", time.Since(start).Round(time.Second).String())
	}
}

func remoteIP(sess ssh.Session) string {
	if a, ok := sess.RemoteAddr().(*net.TCPAddr); ok {
		return a.IP.String()
	}
	return sess.RemoteAddr().String()
}

func envHas(env []string, key string) bool {
	for _, e := range env {
		if len(e) > len(key) && e[:len(key)+1] == key+"=" {
			return true
		}
	}
	return false
}
