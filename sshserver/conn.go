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
	closed   bool
	idle     *time.Timer
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
