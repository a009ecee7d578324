package sshserver

import (
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// What a client may ask of a session channel before and beside its
// program. The SSH library (charm.land/ssh, as gliderlabs/ssh before it)
// accepts any number of session channels on a connection, keeps every
// "env" request, and hands each window change to the session's handler
// through a channel of one place, blocking its request loop until the
// handler takes it. Left as they are, one client could:
//
//   - open channels without end, each holding its 2 MiB window of data the
//     server never reads (no shell, no reader);
//   - send "env" requests without end before its shell (256 KiB each);
//   - send two window changes before its shell: the second blocks the
//     channel's request loop for good, since no handler will ever read it;
//     the goroutine and the session stay after the client leaves, and
//     sixteen more requests wedge the connection's reader as well.
//
// So a connection has one session channel at a time, and the requests of
// each go through filterRequests on their way to the library.
const (
	// maxEnvRequests and maxEnvBytes bound the "env" requests a session
	// channel keeps (OpenSSH sends LANG, LC_* and what SendEnv names).
	maxEnvRequests = 64
	maxEnvBytes    = 16 << 10
	// maxQueuedRequests bounds the requests waiting for the library while
	// its loop is busy handing over a window change; past it, a request is
	// refused (window changes are not queued: the latest replaces the one
	// waiting).
	maxQueuedRequests = 32
)

// sessionChannel is the server's handler for "session" channels.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	f := filteredChannel{NewChannel: nc, sized: closedChan, starting: func() {}}
	if tc, ok := ctx.Value(connKey{}).(*trackedConn); ok {
		place, opened := tc.channelOpened()
		if !opened {
			s.refuse(tc.addr, refusedSecond)
			_ = nc.Reject(gossh.ResourceShortage, "One session per connection, please.")
			return
		}
		defer tc.channelClosed(place)
		f.sized, f.starting = place.sized, func() { tc.handlerStarting(place) }
	}
	ssh.DefaultSessionHandler(srv, conn, f, ctx)
}

var closedChan = func() <-chan struct{} { c := make(chan struct{}); close(c); return c }()

// filteredChannel passes a session channel's requests through
// filterRequests.
type filteredChannel struct {
	gossh.NewChannel
	sized    <-chan struct{}
	starting func()
}

// Accept implements gossh.NewChannel.
func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go filterRequests(reqs, out, f.sized, f.starting)
	return ch, out, nil
}

// filterRequests passes a session channel's requests from in to out (the
// library's loop) in order, and never stops reading in (the SSH
// connection's reader waits on it). Window changes are held back (the
// latest one only) until the shell has gone through and its handler has
// read the PTY's size (sized): only a running handler reads them, and the
// library writes the size it holds without a lock; while the library is
// busy, later ones replace the one waiting. "env" requests past the bounds
// are refused. starting is called once the first shell or exec request
// has gone to the library, which starts the session's handler for it. out
// is closed when in is (the channel closed).
func filterRequests(in <-chan *gossh.Request, out chan<- *gossh.Request, sized <-chan struct{}, starting func()) {
	defer close(out)
	var (
		queue         []*gossh.Request
		size          *gossh.Request // the latest window change not passed on
		started       bool           // a shell or exec request went to the library
		ready         bool           // sized is closed
		envN, envSize int
	)
	for {
		var send chan<- *gossh.Request
		var next *gossh.Request
		switch {
		case len(queue) > 0:
			send, next = out, queue[0]
		case started && ready && size != nil:
			send, next = out, size
		}
		select {
		case <-sized:
			ready, sized = true, nil
		case req, ok := <-in:
			if !ok {
				return
			}
			switch req.Type {
			case "window-change":
				if size != nil {
					_ = size.Reply(true, nil)
				}
				size = req
				continue
			case "env":
				envN++
				envSize += len(req.Payload)
				if envN > maxEnvRequests || envSize > maxEnvBytes {
					_ = req.Reply(false, nil)
					continue
				}
			}
			if len(queue) >= maxQueuedRequests {
				_ = req.Reply(false, nil)
				continue
			}
			queue = append(queue, req)
		case send <- next:
			if (next.Type == "shell" || next.Type == "exec") && !started {
				// The library starts a handler for the first one (and
				// refuses any after it).
				started = true
				starting()
			}
			if len(queue) > 0 {
				queue = queue[1:]
			} else {
				size = nil
			}
		}
	}
}

// drainWindows reads a session's window changes until its request stream
// ends, for a session whose program never ran (or has ended): the library
// blocks its request loop until each one is taken.
func drainWindows(windows <-chan ssh.Window) {
	for range windows {
	}
}
