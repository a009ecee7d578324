package sshserver

import (
	"net"
	"sync"
	"time"

	"charm.land/ssh"
)

type connKey struct{}

// trackedConn is an accepted connection: it holds a connection place of its
// address until closed, and is closed when it has had no session open for
// NoSessionTimeout (from the accept, and again after each session).
type trackedConn struct {
	net.Conn
	s        *Server
	addr     string
	once     sync.Once
	mu       sync.Mutex
	sessions int
	// place is the connection's one session channel (nil: none open).
	place  *channelPlace
	closed bool
	idle   *time.Timer
}

// acceptConn is the server's ConnCallback: the per-address and global
// connection limits, applied before any SSH handshake (nil closes it).
func (s *Server) acceptConn(ctx ssh.Context, c net.Conn) net.Conn {
	if proxyHeaderMissing(c) {
		s.refuse(addrOf(c.RemoteAddr()), refusedNoProxyHeader)
		return nil
	}
	addr := addrOf(c.RemoteAddr()) // the client's, from a trusted PROXY header
	if reason := s.admitConn(addr); reason != "" {
		// Before the SSH version exchange a client may be sent text lines;
		// a person running ssh -v sees why.
		_ = c.SetWriteDeadline(time.Now().Add(time.Second))
		_, _ = c.Write([]byte("logto-account: connection refused (" + reason + "); please try again in a minute.\r\n"))
		return nil
	}
	tc := &trackedConn{Conn: c, s: s, addr: addr}
	tc.idle = time.AfterFunc(s.lim.NoSessionTimeout, tc.noSession)
	ctx.SetValue(connKey{}, tc)
	s.mu.Lock()
	s.conns[tc] = struct{}{}
	s.mu.Unlock()
	return tc
}

// Close implements net.Conn; the connection place is given back once.
func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.mu.Lock()
		c.closed = true
		c.idle.Stop()
		c.mu.Unlock()
		c.s.mu.Lock()
		delete(c.s.conns, c)
		c.s.mu.Unlock()
		c.s.releaseConn(c.addr)
	})
	return c.Conn.Close()
}

func (c *trackedConn) noSession() {
	if c.idleNow() {
		c.s.refuse(c.addr, refusedNoSession)
		_ = c.Close()
	}
}

// idleNow reports whether the connection is open with no session.
func (c *trackedConn) idleNow() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sessions == 0 && !c.closed
}

// sessionStarted takes the connection's one session place; false when a
// session is already open on it.
func (c *trackedConn) sessionStarted() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sessions > 0 || c.closed {
		return false
	}
	c.sessions++
	c.idle.Stop()
	return true
}

// sessionEnded starts the no-session clock again, or closes the
// connection when the server is shutting down.
func (c *trackedConn) sessionEnded() {
	c.mu.Lock()
	c.sessions--
	idle := c.sessions == 0 && !c.closed
	if idle {
		c.idle.Reset(c.s.lim.NoSessionTimeout)
	}
	c.mu.Unlock()
	if idle && c.s.closing.Load() {
		_ = c.Close()
	}
}

// channelPlace is a session channel's hold on its connection. It is
// given back once the channel has closed and, when a shell or exec
// request started a handler for it, once that handler has returned: the
// handler may outlive the channel by a moment, and until it has returned
// what it does (sizeTaken) is its own channel's business, not a newer
// one's.
type channelPlace struct {
	// sized is closed once the handler has read the PTY's size (see
	// filterRequests).
	sized     chan struct{}
	sizedOnce sync.Once
	// Under the connection's mu:
	closed  bool // the channel's request stream has ended
	started bool // a shell or exec request went through to the library
	ended   bool // its handler has returned
}

// channelOpened takes the connection's one session channel place; false
// when a session channel (or the handler of one) is still there.
func (c *trackedConn) channelOpened() (*channelPlace, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.place != nil {
		return nil, false
	}
	c.place = &channelPlace{sized: make(chan struct{})}
	return c.place, true
}

// handlerStarting says that the place's channel passed its shell or exec
// request on: a handler will run for it.
func (c *trackedConn) handlerStarting(p *channelPlace) {
	c.mu.Lock()
	p.started = true
	c.mu.Unlock()
}

// sizeTaken says that the session's handler has read the PTY's size (and
// will read no more of it from the SSH library, which writes it at each
// window change without a lock).
func (c *trackedConn) sizeTaken() {
	c.mu.Lock()
	p := c.place
	c.mu.Unlock()
	if p != nil {
		p.sizedOnce.Do(func() { close(p.sized) })
	}
}

// handlerEnded says that the session's handler has returned.
func (c *trackedConn) handlerEnded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.place; p != nil {
		p.ended = true
		c.releasePlace()
	}
}

// channelClosed says that the place's channel has closed.
func (c *trackedConn) channelClosed(p *channelPlace) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p.closed = true
	c.releasePlace()
}

// releasePlace gives the place back once nothing of its channel is left
// (under c.mu).
func (c *trackedConn) releasePlace() {
	if p := c.place; p != nil && p.closed && (!p.started || p.ended) {
		c.place = nil
	}
}
