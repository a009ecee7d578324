package sshserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/flow"
	"github.com/logto-account/logto-account/tui"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/danger"
	"github.com/logto-account/logto-account/tui/identities"
	"github.com/logto-account/logto-account/tui/mfa"
)

// session is what one SSH session's program is made of.
type session struct {
	s       *Server
	sess    ssh.Session
	log     *slog.Logger
	in      *input
	p       *tea.Program
	start   time.Time
	user    atomic.Value // the verified subject, for action logs
	notedMu sync.Mutex
	noted   [2]int // the last clamped size the user was told of
}

// run is the SSH session handler's core: one program, with its own input.
func (s *Server) run(sess ssh.Session) {
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	se := &session{s: s, sess: sess, log: s.cfg.Log.With("remote", remoteIP(sess)), in: newInput(sess), start: time.Now()}
	model := se.model(ctx)
	var root tea.Model = model
	if s.wrap != nil {
		root = s.wrap(model)
	}
	g := &guard{Model: root, in: se.in}
	pty, windows, _ := sess.Pty()
	w, h, _ := s.clamp(pty.Window.Width, pty.Window.Height)
	// The program's own context is not the session's: a cancelled context
	// would stop the event loop before the input (see errInputEnded).
	se.p = tea.NewProgram(g, append(bm.MakeOptions(sess),
		tea.WithInput(se.in), tea.WithWindowSize(w, h), tea.WithoutSignalHandler(), tea.WithFilter(se.filter))...)
	s.track(se.p, true)
	go se.in.pump()
	go se.relay(windows)
	go se.watch(ctx)
	go func() { // the client left (or the server closes the connection)
		select {
		case <-ctx.Done():
			se.in.close()
		case <-se.in.closed():
		}
	}()
	_, err := se.p.Run()
	se.in.close()
	s.track(se.p, false)
	model.Stop() // a device-flow wait or a link in progress ends here
	cancel()
	if p := g.panicText(); p != "" {
		se.log.Error("session panicked; the server goes on", "panic", p)
		wish.Println(sess, "\r\nSorry, something went wrong in this session. Please connect again.")
	} else if err != nil && !errors.Is(err, errInputEnded) {
		se.log.Warn("session program ended with an error", "error", err)
	}
}

// model builds the session's root model: Management API account screens
// behind a device-flow sign-in of this session's own.
func (se *session) model(ctx context.Context) *tui.Model {
	s := se.s
	f := &flow.Management{
		Endpoint: s.cfg.Endpoint, ClientID: s.cfg.ClientID, HTTP: s.cfg.HTTP,
		Client: s.cfg.Client.WithObserver(func(method, path string, status int, d time.Duration) {
			if method != "GET" {
				se.log.Info("action", "user", se.user.Load(), "method", method, "path", path, "status", status)
			}
		}),
		Device: &auth.DeviceFlow{Endpoint: s.cfg.Endpoint, ClientID: s.cfg.ClientID, Scopes: s.cfg.Scopes,
			HTTPClient: s.cfg.HTTP, Sleep: s.cfg.Sleep},
		OnSignIn: func(id auth.Identity) {
			se.user.Store(id.Subject)
			se.log.Info("signed in", "user", id.Subject)
		},
	}
	return tui.New(tui.Options{
		Context: ctx, Tenant: hostOf(s.cfg.Endpoint), Flow: f, NoColor: envHas(se.sess.Environ(), "NO_COLOR"),
		ClientID:   s.cfg.ClientID,
		Identities: identities.Deps{PasteRedirect: s.cfg.PasteRedirect},
		MFA:        mfa.Deps{Issuer: mfa.IssuerOf(s.cfg.Endpoint), AccountPage: s.cfg.Endpoint + "/account/passkey/add"},
		Danger:     danger.Deps{},
	})
}

// filter runs on the event loop. A quit closes the input instead of
// stopping the loop (see errInputEnded); every size is clamped, wherever it
// came from (a client can also type a terminal's size report).
func (se *session) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case tea.QuitMsg, tea.InterruptMsg:
		se.in.close()
		return nil
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	case tea.WindowSizeMsg:
		return se.fit(m.Width, m.Height)
	}
	return msg
}

// fit clamps a size the client asked for and tells the user, once per
// size, when it had to.
func (se *session) fit(w, h int) tea.WindowSizeMsg {
	cw, ch, clamped := se.s.clamp(w, h)
	se.notedMu.Lock()
	tell := clamped && se.noted != [2]int{w, h}
	if tell {
		se.noted = [2]int{w, h}
	}
	se.notedMu.Unlock()
	if tell {
		go se.p.Send(common.Info(fmt.Sprintf("Your window is %d×%d; this service draws at most %d×%d, from the top left.",
			w, h, se.s.cfg.MaxWidth, se.s.cfg.MaxHeight)))
	}
	return tea.WindowSizeMsg{Width: cw, Height: ch}
}

// relay passes window changes, clamped (bubbletea would drop a size over
// 4096 before the filter sees it), to the program until the session's
// request stream ends; draining to the end matters: the SSH library
// blocks its request loop on this channel.
func (se *session) relay(windows <-chan ssh.Window) {
	for w := range windows {
		se.p.Send(se.fit(w.Width, w.Height))
	}
}

// clamp fits a requested terminal size into the limits; clamped says
// whether it had to.
func (s *Server) clamp(w, h int) (cw, ch int, clamped bool) {
	cw, ch = min(max(w, 0), s.cfg.MaxWidth), min(max(h, 0), s.cfg.MaxHeight)
	return cw, ch, cw != w || ch != h
}

// watch ends the session when the user has not typed for IdleTimeout; it
// returns when the session ends.
func (se *session) watch(ctx context.Context) {
	t := time.NewTicker(min(time.Second, se.s.cfg.IdleTimeout/4))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if se.in.idleFor() > se.s.cfg.IdleTimeout {
				se.log.Info("idle timeout")
				se.p.Send(tui.ShutdownMsg{Reason: "Closing this idle session. Connect again any time."})
				return
			}
		}
	}
}
