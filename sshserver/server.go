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
	bm "charm.land/wish/v2/bubbletea"
	"golang.org/x/time/rate"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/flow"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui"
	"github.com/logto-account/logto-account/tui/danger"
	"github.com/logto-account/logto-account/tui/identities"
	"github.com/logto-account/logto-account/tui/mfa"
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
			s.tea,     // innermost: one tea.Program per session
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
		p.Send(tui.ShutdownMsg{})
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

// program builds this session's tea.Program.
func (s *Server) program(sess ssh.Session) *tea.Program {
	ctx := sess.Context()
	ip := remoteIP(sess)
	log := s.cfg.Log.With("remote", ip)
	var user atomic.Value // the verified subject, for action logs
	f := &flow.Management{
		Endpoint: s.cfg.Endpoint, ClientID: s.cfg.ClientID, HTTP: s.cfg.HTTP,
		Client: s.cfg.Client.WithObserver(func(method, path string, status int, d time.Duration) {
			if method != "GET" {
				log.Info("action", "user", user.Load(), "method", method, "path", path, "status", status)
			}
		}),
		Device: &auth.DeviceFlow{Endpoint: s.cfg.Endpoint, ClientID: s.cfg.ClientID, Scopes: s.cfg.Scopes,
			HTTPClient: s.cfg.HTTP, Sleep: s.cfg.Sleep},
		OnSignIn: func(id auth.Identity) {
			user.Store(id.Subject)
			log.Info("signed in", "user", id.Subject)
		},
	}
	model := tui.New(tui.Options{
		Tenant: hostOf(s.cfg.Endpoint), Flow: f, NoColor: envHas(sess.Environ(), "NO_COLOR"),
		ClientID:   s.cfg.ClientID,
		Identities: identities.Deps{PasteRedirect: s.cfg.PasteRedirect},
		MFA:        mfa.Deps{Issuer: mfa.IssuerOf(s.cfg.Endpoint), AccountPage: s.cfg.Endpoint + "/account/passkey/add"},
		Danger:     danger.Deps{},
	})
	idle := &idleInput{r: sess, last: time.Now()}
	opts := append(bm.MakeOptions(sess), tea.WithContext(ctx), tea.WithInput(idle), tea.WithoutSignalHandler())
	var root tea.Model = model
	if s.wrap != nil {
		root = s.wrap(model)
	}
	p := tea.NewProgram(root, opts...)
	s.mu.Lock()
	s.programs[p] = struct{}{}
	s.mu.Unlock()
	go s.watch(ctx, p, model, idle, log)
	return p
}

// tea runs the session's program: window changes become WindowSizeMsgs,
// and the end of the connection ends the program. It does what wish's
// bubbletea middleware does, but logs through the service's logger and
// treats a closed connection as the normal end it is (wish logs every
// disconnect as "ERROR app exit with error").
func (s *Server) tea(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		p := s.program(sess)
		_, windows, ok := sess.Pty()
		if !ok {
			wish.Fatalln(sess, "no active terminal")
			return
		}
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		go func() {
			defer func() {
				if r := recover(); r != nil {
					s.cfg.Log.Error("panic in the window-size relay", "panic", fmt.Sprint(r))
					p.Quit()
				}
			}()
			for {
				select {
				case <-ctx.Done():
					p.Quit()
					return
				case w := <-windows:
					p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
				}
			}
		}()
		if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
			s.cfg.Log.Warn("session program ended with an error", "remote", remoteIP(sess), "error", err)
		}
		p.Kill()
		next(sess)
	}
}

// watch ends the program on idleness and forgets it when the session ends.
func (s *Server) watch(ctx context.Context, p *tea.Program, m *tui.Model, idle *idleInput, log *slog.Logger) {
	t := time.NewTicker(min(time.Second, s.cfg.IdleTimeout/4))
	defer t.Stop()
	defer func() {
		m.Stop() // cancels a device-flow wait: nothing more goes to Logto
		s.mu.Lock()
		delete(s.programs, p)
		s.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if idle.since() > s.cfg.IdleTimeout {
				log.Info("idle timeout")
				p.Send(tui.ShutdownMsg{Reason: "Closing this idle session. Connect again any time."})
				return
			}
		}
	}
}

// idleInput records when the user last typed.
type idleInput struct {
	r    io.Reader
	mu   sync.Mutex
	last time.Time
}

func (i *idleInput) Read(p []byte) (int, error) {
	n, err := i.r.Read(p)
	if n > 0 {
		i.mu.Lock()
		i.last = time.Now()
		i.mu.Unlock()
	}
	return n, err
}

func (i *idleInput) since() time.Duration {
	i.mu.Lock()
	defer i.mu.Unlock()
	return time.Since(i.last)
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
