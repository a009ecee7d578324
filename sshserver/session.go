package sshserver

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/avatar/source"
	"github.com/logto-account/logto-account/flow"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/danger"
	"github.com/logto-account/logto-account/tui/identities"
	"github.com/logto-account/logto-account/tui/mfa"
	"github.com/logto-account/logto-account/tui/profile"
)

// handle is the SSH session handler: a terminal, a place (waiting for a
// sign-in, then signed in), one program, and the grants cleaned up after.
func (s *Server) handle(sess ssh.Session) {
	addr := addrOf(sess.RemoteAddr())
	tc, _ := sess.Context().Value(connKey{}).(*trackedConn)
	if tc != nil {
		defer tc.handlerEnded() // last: the connection may open a session channel again
	}
	if _, windows, ok := sess.Pty(); ok {
		// Whatever happens here, the window changes are taken until the
		// channel closes (run's relay takes them while the program runs).
		defer func() {
			if tc != nil {
				tc.sizeTaken()
			}
			go drainWindows(windows)
		}()
	}
	if _, _, ok := sess.Pty(); !ok {
		s.refuse(addr, refusedNoPTY)
		wish.Println(sess, s.localizer(sess).T("ssh.needs_terminal"))
		return
	}
	if tc != nil {
		if !tc.sessionStarted() {
			s.refuse(addr, refusedSecond)
			wish.Println(sess, s.localizer(sess).T("ssh.one_session"))
			return
		}
		defer tc.sessionEnded()
	}
	sl, reason := s.admitSession(addr)
	switch reason {
	case "":
	case refusedAddrWaiting:
		wish.Println(sess, s.localizer(sess).N("ssh.waiting_from_address", s.lim.MaxWaitingPerAddr))
		return
	default:
		wish.Println(sess, s.localizer(sess).T("ssh.busy"))
		return
	}
	defer sl.release()
	if !s.begin() {
		s.refuse(addr, refusedClosing)
		wish.Println(sess, s.localizer(sess).T("ssh.restarting"))
		return
	}
	defer s.sessions.Done()
	s.cfg.Log.Info("session start", "remote", addr)
	start := time.Now()
	s.run(sess, sl)
	s.cfg.Log.Info("session end", "remote", addr, "duration", time.Since(start).Round(time.Second).String())
}

// session is what one SSH session's program is made of.
type session struct {
	s       *Server
	sess    ssh.Session
	slot    *slot
	log     *slog.Logger
	in      *input
	loc     *i18n.Localizer // the session's language (its client's LANG)
	p       *tea.Program
	start   time.Time
	user    atomic.Value // the verified subject, for action logs
	pub     gossh.PublicKey
	byKey   atomic.Bool // signed in with a remembered key
	grants  grantList
	firstMu sync.Mutex
	first   time.Time // the first device code's expiry
	sizeMu  sync.Mutex
	noted   [2]int // the last clamped size the user was told of
	// resizes paces size messages and drops those of the size the program
	// already has (run only on the event loop, where the window changes
	// and the typed size reports meet in the order the program takes them).
	resizes resizePacer
}

func (s *Server) run(sess ssh.Session, sl *slot) {
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	se := &session{s: s, sess: sess, slot: sl, log: s.cfg.Log.With("remote", sl.addr), in: newInput(sess), start: time.Now(),
		loc: s.localizer(sess)}
	se.in.onCut = func() {
		go se.p.Send(common.Info(se.loc.T("ssh.paste_cut", "KiB", maxPaste>>10)))
	}
	if s.keysOn() {
		se.pub = sess.PublicKey() // the key the connection proved it holds (nil without one)
	}
	model := se.model(ctx)
	var root tea.Model = model
	if s.cfg.wrap != nil {
		root = s.cfg.wrap(model)
	}
	g := &guard{Model: root, in: se.in}
	pty, windows, _ := sess.Pty()
	w, h, _ := s.lim.clamp(pty.Window.Width, pty.Window.Height)
	// The program's own context is not the session's: a cancelled context
	// would stop the event loop before the input (see errInputEnded).
	se.p = tea.NewProgram(g, append(bm.MakeOptions(sess),
		tea.WithInput(se.in), tea.WithWindowSize(w, h), tea.WithoutSignalHandler(), tea.WithFilter(se.filter))...)
	if tc, ok := sess.Context().Value(connKey{}).(*trackedConn); ok {
		tc.sizeTaken() // every read of the PTY's size is above
	}
	s.track(se.p, true)
	go se.in.pump()
	go se.relay(windows, [2]int{w, h})
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
	if c := model.Crash(); c != nil {
		// The screens caught it: the user reads the same sentence as a local
		// user, with the unsaved edits (a file on the server would be out of
		// their reach), and the server goes on.
		se.log.Error("session crashed; the server goes on", "panic", c.Value)
		wish.Println(sess, "\r\n"+tui.CrashSentenceIn(se.loc, c, ""))
		for _, u := range c.Unsaved {
			wish.Println(sess, "  "+u.Screen+" · "+u.Field+":\r\n    "+strings.ReplaceAll(u.Value, "\n", "\r\n    "))
		}
	} else if p := g.panicText(); p != "" {
		se.log.Error("session panicked; the server goes on", "panic", p)
		wish.Println(sess, "\r\n"+se.loc.T("ssh.went_wrong"))
	} else if err != nil && !errors.Is(err, errInputEnded) {
		se.log.Warn("session program ended with an error", "error", err)
	}
	se.revokeGrants()
}

// model builds the session's root model: Management API account screens
// behind a device-flow sign-in of this session's own.
func (se *session) model(ctx context.Context) *tui.Model {
	s := se.s
	lang := se.loc.Lang()
	f := &sessionFlow{se: se, Management: &flow.Management{
		Endpoint: s.cfg.Endpoint, ClientID: s.cfg.ClientID, HTTP: s.cfg.HTTP, Verifier: s.verifier,
		Client: s.cfg.Client.WithObserver(func(method, path string, status int, d time.Duration) {
			if method != "GET" {
				se.log.Info("action", "user", se.user.Load(), "method", method, "path", path, "status", status)
			}
		}).WithLanguage(i18n.AcceptLanguage(lang)),
		Device: &auth.DeviceFlow{Endpoint: s.cfg.Endpoint, ClientID: s.cfg.ClientID, Scopes: s.cfg.Scopes,
			HTTPClient: s.cfg.HTTP, Sleep: s.cfg.Sleep, Language: lang},
		Redeemed: se.redeemed,
		OnSignIn: func(id auth.Identity) { se.user.Store(id.Subject) },
	}}
	opts := tui.Options{
		Language: lang, Context: ctx, Tenant: hostOf(s.cfg.Endpoint), Flow: f, NoColor: envHas(se.sess.Environ(), "NO_COLOR"),
		ClientID:   s.cfg.ClientID,
		Identities: identities.Deps{PasteRedirect: s.cfg.PasteRedirect},
		MFA:        mfa.Deps{Issuer: mfa.IssuerOf(s.cfg.Endpoint), AccountPage: s.cfg.Endpoint + "/account/passkey/add"},
		// No export over SSH: the file would be written on the server, out of
		// the user's reach, and printing the whole account into the session
		// would hand it to every terminal and log the stream passes through.
		Danger: danger.Deps{ExportWhyNot: se.loc.T("ssh.export_off")},
		// The check-up runs over SSH too: it only reads, with the session's grant.
		CheckupAfterSignIn: true,
		Avatar:             s.avatarDeps(se.loc),
	}
	if s.keysOn() {
		opts.SSHKeys = sessionKeys{se}
		opts.Danger.AfterDelete = se.forgetOnDeletion
	}
	return tui.New(opts)
}

// localizer speaks sess's language: its client's LC_ALL, LC_MESSAGES or
// LANG (sent with SSH "env" requests), else the server's default.
func (s *Server) localizer(sess ssh.Session) *i18n.Localizer {
	if lang, source := i18n.FromEnv(i18n.Environ(sess.Environ())); source != "" {
		return i18n.New(lang)
	}
	return i18n.New(s.cfg.Language)
}

// sessionFlow notes the first device code's expiry (the sign-in
// deadline) and moves the session to a signed-in place once signed in.
type sessionFlow struct {
	*flow.Management
	se *session
}

// Finish implements signin.Flow: a sign-in without a signed-in place left
// is refused (its grant is revoked when the session ends) and the session
// ends.
func (f *sessionFlow) Finish(ctx context.Context, dc *auth.DeviceCode) (any, error) {
	res, err := f.Management.Finish(ctx, dc)
	se := f.se
	if err != nil {
		se.s.metrics.signInFailed(failureReason(err))
		return nil, err
	}
	if !se.slot.signIn() {
		se.s.metrics.signInFailed("full")
		se.log.Info("signed in, but every signed-in place is taken", "user", se.user.Load())
		full := se.loc.T("ssh.full")
		go se.p.Send(tui.ShutdownMsg{Reason: full, Grace: 5 * time.Second})
		return nil, common.Sentence(full)
	}
	se.s.metrics.signIn("device")
	se.log.Info("signed in", "user", se.user.Load())
	if si, ok := res.(*tui.SignedIn); ok {
		f.afterDeviceSignIn(ctx, si)
	}
	return res, nil
}

// Start implements signin.Flow.
func (f *sessionFlow) Start(ctx context.Context) (*auth.DeviceCode, error) {
	dc, err := f.Management.Start(ctx)
	if err == nil && !dc.Expiry.IsZero() {
		f.se.firstMu.Lock()
		if f.se.first.IsZero() {
			f.se.first = dc.Expiry
		}
		f.se.firstMu.Unlock()
	}
	return dc, err
}

// signInDeadline is when a session not yet signed in is ended.
func (se *session) signInDeadline() time.Time {
	d := se.start.Add(se.s.lim.SignInTimeout)
	se.firstMu.Lock()
	defer se.firstMu.Unlock()
	if !se.first.IsZero() && se.first.Before(d) {
		d = se.first
	}
	return d
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
	case relayedSize: // clamped by relay
		return se.resizes.pace(m.WindowSizeMsg, se.resizeDue)
	case tea.WindowSizeMsg: // the first, or a size report typed as input
		return se.resizes.pace(se.fit(m.Width, m.Height), se.resizeDue)
	case resizeDueMsg:
		if size, ok := se.resizes.due(se.resizeDue); ok {
			return size
		}
		return nil
	}
	return msg
}

// minResizeInterval is the least time between two size messages a
// session's program gets. Each one lays out and redraws the whole screen
// (about 5 ms at 300×100): a client sending window changes, or typing size
// reports, without pause kept a CPU core busy with three sessions.
// Changes that come sooner wait, the latest replacing the one waiting; a
// person dragging a window's edge sees the size follow five times a
// second, and the last one always arrives.
const minResizeInterval = 200 * time.Millisecond

// resizePacer holds back size messages that come too soon after the last.
type resizePacer struct {
	last    time.Time          // when the last size message went through
	has     [2]int             // the size the program has (clamped)
	pending *tea.WindowSizeMsg // the latest held back
	armed   bool               // a resizeDueMsg is on its way
}

// resizeDueMsg says that a held-back size may now go through.
type resizeDueMsg struct{}

// pace returns size when it may go through now, and nil otherwise (it is
// then held, and schedule is called to send a resizeDueMsg in d).
// A size the program already has goes no further (and a size held back
// before it is no longer wanted).
func (r *resizePacer) pace(size tea.WindowSizeMsg, schedule func(d time.Duration)) tea.Msg {
	now := time.Now()
	same := r.has == [2]int{size.Width, size.Height}
	if wait := r.last.Add(minResizeInterval).Sub(now); wait > 0 {
		r.pending = &size
		if same {
			r.pending = nil
		}
		if !r.armed && !same {
			r.armed = true
			schedule(wait)
		}
		return nil
	}
	r.pending = nil
	if same {
		return nil
	}
	r.last, r.has = now, [2]int{size.Width, size.Height}
	return size
}

// due returns the held-back size, if any, when its time has come. A
// resizeDueMsg may come late, after a size went through on its own and
// another was held: that one waits its full time again (schedule).
func (r *resizePacer) due(schedule func(d time.Duration)) (tea.WindowSizeMsg, bool) {
	r.armed = false
	if r.pending == nil {
		return tea.WindowSizeMsg{}, false
	}
	if wait := time.Until(r.last.Add(minResizeInterval)); wait > 0 {
		r.armed = true
		schedule(wait)
		return tea.WindowSizeMsg{}, false
	}
	size := *r.pending
	r.last, r.pending, r.has = time.Now(), nil, [2]int{size.Width, size.Height}
	return size, true
}

// resizeDue sends the program a resizeDueMsg in d (nothing once it has
// ended).
func (se *session) resizeDue(d time.Duration) {
	time.AfterFunc(d, func() { se.p.Send(resizeDueMsg{}) })
}

// fit clamps a size the client asked for and tells the user, once per
// size, when it had to.
func (se *session) fit(w, h int) tea.WindowSizeMsg {
	cw, ch, clamped := se.s.lim.clamp(w, h)
	se.sizeMu.Lock()
	tell := clamped && se.noted != [2]int{w, h}
	if tell {
		se.noted = [2]int{w, h}
	}
	se.sizeMu.Unlock()
	if tell {
		go se.p.Send(common.Info(se.loc.T("ssh.window_clamped", "W", w, "H", h, "MaxW", se.s.lim.MaxWidth, "MaxH", se.s.lim.MaxHeight)))
	}
	return tea.WindowSizeMsg{Width: cw, Height: ch}
}

// relay passes window changes, clamped (bubbletea would drop a size over
// 4096 before the filter sees it), to the program until the session's
// request stream ends; draining to the end matters: the SSH library
// blocks its request loop on this channel. A size the program already has
// is not sent: each size message is a full redraw, and the first change
// the SSH library reports is the PTY request's size again.
// sent is the size relay sent last (the program's first at the start):
// a window change of that size is not sent again. Whether the program
// has it is the filter's to decide: a size report typed as input may have
// reached the program in between, and comparing with that here let an
// earlier change still on its way be the program's last size (the
// client's last size, sent both ways, never arrived).
func (se *session) relay(windows <-chan ssh.Window, sent [2]int) {
	for w := range windows {
		size := se.fit(w.Width, w.Height)
		if [2]int{size.Width, size.Height} != sent {
			sent = [2]int{size.Width, size.Height}
			se.p.Send(relayedSize{size})
		}
	}
}

// relayedSize is a window change on its way from relay to the filter.
type relayedSize struct{ tea.WindowSizeMsg }

// watch ends the session on idleness or a sign-in that did not come in
// time; it returns when the session ends.
func (se *session) watch(ctx context.Context) {
	lim := se.s.lim
	t := time.NewTicker(min(time.Second, lim.IdleTimeout/4, lim.SignInTimeout/4))
	defer t.Stop()
	deadlinePassed := false
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if se.in.idleFor() > lim.IdleTimeout {
				se.log.Info("idle timeout")
				se.end(ctx, tui.ShutdownMsg{Reason: se.loc.T("ssh.idle")})
				return
			}
			if deadlinePassed || !now.After(se.signInDeadline()) {
				continue
			}
			if !se.slot.signedIn() {
				se.s.metrics.signInFailed("timeout")
				se.log.Info("sign-in deadline passed")
				se.end(ctx, tui.ShutdownMsg{Reason: se.loc.T("ssh.sign_in_timeout"), Grace: 5 * time.Second})
				return
			}
			deadlinePassed = true
			se.s.observe("sign-in deadline passed after the sign-in")
		}
	}
}

// forceEndAfter is how long after its grace a session told to end may take
// to end before its connection is closed.
const forceEndAfter = 10 * time.Second

// end tells the program to end the session, and closes the session's
// connection when it has not ended a while after: a client that reads
// nothing leaves the renderer waiting in a write, which holds the event
// loop, and the message would never be read (the session would keep its
// place until the connection's MaxSession). Closing the connection ends
// that write, and the program with it.
func (se *session) end(ctx context.Context, msg tui.ShutdownMsg) {
	go se.p.Send(msg) // returns once delivered or the program has ended
	grace := msg.Grace
	if grace == 0 {
		grace = tui.DefaultShutdownGrace
	}
	t := time.NewTimer(grace + forceEndAfter)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
		se.log.Warn("the session did not end when told to (its client reads nothing); closing its connection")
		se.s.observe("connection closed: the session did not end")
		if tc, ok := se.sess.Context().Value(connKey{}).(*trackedConn); ok {
			_ = tc.Close()
		} else {
			_ = se.sess.Close()
		}
	}
}

// grantList keeps the refresh tokens a session redeemed, until it ends.
type grantList struct {
	mu     sync.Mutex
	tokens []logto.Secret
	ended  bool
}

// redeemed keeps a new grant's refresh token for revocation at the end of
// the session, or revokes it at once when the session has already ended (a
// sign-in that finished while the session was closing).
func (se *session) redeemed(tr *auth.TokenResponse) {
	if tr.RefreshToken == "" {
		return
	}
	g := &se.grants
	g.mu.Lock()
	ended := g.ended
	if !ended {
		g.tokens = append(g.tokens, tr.RefreshToken)
	}
	g.mu.Unlock()
	if ended {
		se.revoke(tr.RefreshToken)
	}
}

// revokeGrants ends every grant the session made: its refresh token is
// revoked, so the grant leaves the user's list of signed-in apps.
func (se *session) revokeGrants() {
	g := &se.grants
	g.mu.Lock()
	tokens := g.tokens
	g.tokens, g.ended = nil, true
	g.mu.Unlock()
	for _, rt := range tokens {
		se.revoke(rt)
	}
}

func (se *session) revoke(rt logto.Secret) {
	s := se.s
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	err := auth.Revoke(ctx, s.cfg.HTTP, s.cfg.Endpoint, s.cfg.ClientID, rt)
	cancel()
	s.count.mu.Lock()
	if err != nil {
		s.count.revokeF++
	} else {
		s.count.revoked++
	}
	s.count.mu.Unlock()
	if err != nil {
		se.log.Warn("could not revoke the session's grant", "user", se.user.Load(), "error", err)
	} else {
		se.log.Info("grant revoked", "user", se.user.Load())
	}
}

// avatarDeps: no avatar from a file over SSH (the file would be the
// server's), and address previews only when the operator allows them.
func (s *Server) avatarDeps(l *i18n.Localizer) profile.AvatarDeps {
	d := profile.AvatarDeps{FilesOff: l.T("ssh.avatar_files_off")}
	if s.cfg.AvatarPreviews {
		d.Fetch = (&source.Fetcher{}).Fetch
	} else {
		d.FetchOff = l.T("ssh.avatar_fetch_off")
	}
	return d
}
