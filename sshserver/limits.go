package sshserver

import (
	"net"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limits bound what clients can hold. Every field has a default (New fills
// zero values); README's SSH section lists them with their flags.
type Limits struct {
	// MaxSessions caps signed-in sessions (default 200). Sessions still
	// waiting for their sign-in are counted apart, so that they cannot take
	// the places of people who have signed in.
	MaxSessions int
	// MaxWaiting caps sessions waiting for their sign-in (default 50): each
	// polls the tenant and redraws its countdown.
	MaxWaiting int
	// MaxWaitingPerAddr caps waiting sessions from one address (default 3).
	MaxWaitingPerAddr int
	// MaxConns caps open connections, with a session or not (default 1000).
	MaxConns int
	// MaxConnsPerAddr caps open connections from one address (default 10).
	// A connection holds at most one session at a time.
	MaxConnsPerAddr int
	// PerAddrPerMinute and PerAddrBurst limit how fast one address opens
	// connections (defaults 30 a minute, bursts of 10).
	PerAddrPerMinute float64
	PerAddrBurst     int
	// HandshakeTimeout bounds the SSH handshake (default 20 s).
	HandshakeTimeout time.Duration
	// NoSessionTimeout closes a connection that has had no session open for
	// that long (default 30 s): `ssh -N` and the like hold nothing.
	NoSessionTimeout time.Duration
	// SignInTimeout ends a session that has not signed in by then, politely:
	// the first device code's lifetime, and never more than this (default
	// 10 min, Logto's device-code lifetime).
	SignInTimeout time.Duration
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
}

// DefaultLimits are the limits New applies where a field is zero.
func DefaultLimits() Limits {
	return Limits{MaxSessions: 200, MaxWaiting: 50, MaxWaitingPerAddr: 3, MaxConns: 1000, MaxConnsPerAddr: 10,
		PerAddrPerMinute: 30, PerAddrBurst: 10, HandshakeTimeout: 20 * time.Second, NoSessionTimeout: 30 * time.Second,
		SignInTimeout: 10 * time.Minute, IdleTimeout: 15 * time.Minute, MaxSession: 4 * time.Hour,
		MaxWidth: 300, MaxHeight: 100}
}

func (l *Limits) fill() {
	d := DefaultLimits()
	setInt := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setDur := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	setInt(&l.MaxSessions, d.MaxSessions)
	setInt(&l.MaxWaiting, d.MaxWaiting)
	setInt(&l.MaxWaitingPerAddr, d.MaxWaitingPerAddr)
	setInt(&l.MaxConns, d.MaxConns)
	setInt(&l.MaxConnsPerAddr, d.MaxConnsPerAddr)
	setInt(&l.PerAddrBurst, d.PerAddrBurst)
	setInt(&l.MaxWidth, d.MaxWidth)
	setInt(&l.MaxHeight, d.MaxHeight)
	if l.PerAddrPerMinute <= 0 {
		l.PerAddrPerMinute = d.PerAddrPerMinute
	}
	setDur(&l.HandshakeTimeout, d.HandshakeTimeout)
	setDur(&l.NoSessionTimeout, d.NoSessionTimeout)
	setDur(&l.SignInTimeout, d.SignInTimeout)
	setDur(&l.IdleTimeout, d.IdleTimeout)
	setDur(&l.MaxSession, d.MaxSession)
}

// clamp fits a requested terminal size into the limits; clamped says
// whether it had to.
func (l *Limits) clamp(w, h int) (cw, ch int, clamped bool) {
	cw, ch = min(max(w, 0), l.MaxWidth), min(max(h, 0), l.MaxHeight)
	return cw, ch, cw != w || ch != h
}

// Refusal reasons, as logged and counted in Stats.Refused.
const (
	refusedConns       = "too many connections"
	refusedAddrConns   = "too many connections from this address"
	refusedRate        = "connecting too fast"
	refusedNoSession   = "no session opened"
	refusedSecond      = "a second session on one connection"
	refusedWaiting     = "too many sessions waiting for a sign-in"
	refusedAddrWaiting = "too many sessions from this address waiting for a sign-in"
	refusedFull        = "signed-in sessions at their cap"
	refusedNoPTY       = "no terminal"
	refusedClosing     = "shutting down"
	// refusedNoProxyHeader: a trusted load balancer's connection came
	// without a (valid) PROXY header.
	refusedNoProxyHeader = "no PROXY protocol header from a trusted proxy"
)

// addrState is what the server holds about one client address.
type addrState struct {
	conns, waiting int
	limiter        *rate.Limiter
	// loggedAt is when a refusal of this address was last logged; muted
	// counts the refusals since then that were not.
	loggedAt time.Time
	muted    int
}

// counters is the server's accounting, under one lock.
type counters struct {
	mu               sync.Mutex
	addrs            map[string]*addrState
	pruneAt          int
	conns            int
	waiting, signed  int
	refused          map[string]int
	refusalLines     int
	revoked, revokeF int
}

// Stats is a snapshot of the server's accounting (tests and operators).
type Stats struct {
	// Conns is the number of open connections; Waiting and SignedIn count
	// the sessions on them.
	Conns, Waiting, SignedIn int
	// Addrs is how many client addresses the server holds state for.
	Addrs int
	// Refused counts refusals by reason; RefusalLines is how many log lines
	// they took (at most one per address a minute).
	Refused      map[string]int
	RefusalLines int
	// GrantsRevoked and RevokeFailures count the ends of sessions' grants.
	GrantsRevoked, RevokeFailures int
}

// Stats returns a snapshot of the accounting.
func (s *Server) Stats() Stats {
	c := &s.count
	c.mu.Lock()
	defer c.mu.Unlock()
	st := Stats{Conns: c.conns, Waiting: c.waiting, SignedIn: c.signed, Addrs: len(c.addrs), Refused: map[string]int{},
		RefusalLines: c.refusalLines, GrantsRevoked: c.revoked, RevokeFailures: c.revokeF}
	for k, v := range c.refused {
		st.Refused[k] = v
	}
	return st
}

// Active is the number of open sessions, signed in or waiting.
func (s *Server) Active() int {
	st := s.Stats()
	return st.Waiting + st.SignedIn
}

// addrLocked returns the state of addr, creating it; c.mu is held.
func (s *Server) addrLocked(addr string, now time.Time) *addrState {
	c := &s.count
	if a, ok := c.addrs[addr]; ok {
		return a
	}
	if len(c.addrs) >= c.pruneAt {
		s.pruneLocked(now)
		c.pruneAt = max(1024, 2*len(c.addrs))
	}
	a := &addrState{limiter: rate.NewLimiter(rate.Limit(s.lim.PerAddrPerMinute/60), s.lim.PerAddrBurst)}
	c.addrs[addr] = a
	return a
}

// pruneLocked forgets addresses that hold nothing: no connection, no
// session, a full rate bucket and no refusal logged in the last minute.
// Memory stays bounded by the addresses active in the last minute or so.
func (s *Server) pruneLocked(now time.Time) {
	for k, a := range s.count.addrs {
		if a.conns == 0 && a.waiting == 0 && a.limiter.TokensAt(now) >= float64(s.lim.PerAddrBurst) &&
			now.Sub(a.loggedAt) > time.Minute {
			delete(s.count.addrs, k)
		}
	}
}

// refuseLocked counts a refusal and logs it, at most once a minute per
// address; c.mu is held. Reasons are fixed words: never a token or a name.
func (s *Server) refuseLocked(addr, reason string, now time.Time) {
	c := &s.count
	c.refused[reason]++
	s.metrics.refused(reason)
	a := s.addrLocked(addr, now)
	if now.Sub(a.loggedAt) < time.Minute {
		a.muted++
		return
	}
	c.refusalLines++
	s.cfg.Log.Warn("refused", "remote", addr, "reason", reason, "refused_since_last_line", a.muted)
	a.loggedAt, a.muted = now, 0
}

func (s *Server) refuse(addr, reason string) {
	s.count.mu.Lock()
	s.refuseLocked(addr, reason, time.Now())
	s.count.mu.Unlock()
}

// admitConn takes a connection place for addr, or says why not.
func (s *Server) admitConn(addr string) (reason string) {
	c := &s.count
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	a := s.addrLocked(addr, now)
	switch {
	case s.closing.Load():
		reason = refusedClosing
	case c.conns >= s.lim.MaxConns:
		reason = refusedConns
	case a.conns >= s.lim.MaxConnsPerAddr:
		reason = refusedAddrConns
	case !a.limiter.AllowN(now, 1):
		reason = refusedRate
	}
	if reason != "" {
		s.refuseLocked(addr, reason, now)
		return reason
	}
	a.conns++
	c.conns++
	return ""
}

func (s *Server) releaseConn(addr string) {
	c := &s.count
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conns--
	if a, ok := c.addrs[addr]; ok {
		a.conns--
	}
}

// slot is one session's place: waiting for its sign-in, then signed in.
type slot struct {
	s      *Server
	addr   string
	mu     sync.Mutex
	signed bool
	done   bool
}

// admitSession takes a waiting place for addr, or says why not.
func (s *Server) admitSession(addr string) (*slot, string) {
	c := &s.count
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	a := s.addrLocked(addr, now)
	reason := ""
	switch {
	case a.waiting >= s.lim.MaxWaitingPerAddr:
		reason = refusedAddrWaiting
	case c.waiting >= s.lim.MaxWaiting:
		reason = refusedWaiting
	}
	if reason != "" {
		s.refuseLocked(addr, reason, now)
		return nil, reason
	}
	a.waiting++
	c.waiting++
	return &slot{s: s, addr: addr}, ""
}

// signIn moves the session to a signed-in place; false when they are all
// taken (the session then ends, politely).
func (sl *slot) signIn() bool {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.signed || sl.done {
		return sl.signed
	}
	c := &sl.s.count
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.signed >= sl.s.lim.MaxSessions {
		sl.s.refuseLocked(sl.addr, refusedFull, time.Now())
		return false
	}
	c.signed++
	c.waiting--
	if a, ok := c.addrs[sl.addr]; ok {
		a.waiting--
	}
	sl.signed = true
	return true
}

func (sl *slot) signedIn() bool {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	return sl.signed
}

// release gives the place back when the session ends.
func (sl *slot) release() {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.done {
		return
	}
	sl.done = true
	c := &sl.s.count
	c.mu.Lock()
	defer c.mu.Unlock()
	if sl.signed {
		c.signed--
		return
	}
	c.waiting--
	if a, ok := c.addrs[sl.addr]; ok {
		a.waiting--
	}
}

// addrOf is the client address a limit applies to: the IPv4 address, or
// the IPv6 /64 (one subscriber usually holds a whole /64).
func addrOf(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		if t.IP.To4() == nil && !t.IP.IsLoopback() {
			return t.IP.Mask(net.CIDRMask(64, 128)).String() + "/64"
		}
		return t.IP.String()
	}
	if host, _, err := net.SplitHostPort(a.String()); err == nil {
		return host
	}
	return a.String()
}
