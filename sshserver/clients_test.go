package sshserver

import (
	"fmt"
	"io"
	"net"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"
)

// sourceIP is the i-th loopback source address (127.0.1.1, 127.0.1.2, …):
// load tests spread their clients over many addresses instead of raising
// the per-address limits, so that they measure the hardened server.
func sourceIP(i int) string { return fmt.Sprintf("127.0.%d.%d", 1+i/250, 1+i%250) }

// dialFrom opens an SSH connection to addr from the loopback address ip.
func dialFrom(ip, addr string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	d := net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	cfg := &gossh.ClientConfig{User: "anyone", Auth: auth, Timeout: 10 * time.Second, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// lightClient is an SSH client with a PTY that keeps only the last bytes of
// its output, so that memory figures are the server's, not a terminal
// emulator's.
type lightClient struct {
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	mu     sync.Mutex
	tail   []byte
	done   chan struct{}
	// more is signalled after each read, for waits that time what they see.
	more chan struct{}
}

// dialLight opens a session with a w×h PTY from ip.
func dialLight(ip, addr string, w, h int, auth ...gossh.AuthMethod) (*lightClient, error) {
	c, err := dialFrom(ip, addr, auth...)
	if err != nil {
		return nil, err
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, err
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		c.Close()
		return nil, err
	}
	out, _ := sess.StdoutPipe()
	in, _ := sess.StdinPipe()
	if err := sess.Shell(); err != nil {
		c.Close()
		return nil, err
	}
	lc := &lightClient{client: c, sess: sess, in: in, done: make(chan struct{}), more: make(chan struct{}, 1)}
	go func() {
		defer close(lc.done)
		buf := make([]byte, 16<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				lc.mu.Lock()
				lc.tail = append(lc.tail, buf[:n]...)
				if len(lc.tail) > 64<<10 {
					lc.tail = append([]byte(nil), lc.tail[len(lc.tail)-(32<<10):]...)
				}
				lc.mu.Unlock()
				select {
				case lc.more <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return lc, nil
}

// has reports whether the output holds want, compared without escape
// sequences and spaces: the renderer moves the cursor over runs of blanks
// instead of writing them.
func (lc *lightClient) has(want string) bool {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return strings.Contains(squeeze(ansi.Strip(string(lc.tail))), squeeze(want))
}

// seen waits until the output contains want and returns when the read
// that brought it arrived (false after d or once the session ended).
func (lc *lightClient) seen(want string, d time.Duration) (time.Time, bool) {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		if lc.has(want) {
			return time.Now(), true
		}
		select {
		case <-lc.more:
		case <-lc.done:
			return time.Time{}, lc.has(want)
		case <-deadline.C:
			return time.Time{}, false
		}
	}
}

// screenText is the output so far without escape sequences and spaces.
func (lc *lightClient) screenText() string {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return squeeze(ansi.Strip(string(lc.tail)))
}

// userCodeRE finds the emulator's user code in screenText.
var userCodeRE = regexp.MustCompile(`[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}`)

func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// wait waits (generously) until the output contains want.
func (lc *lightClient) wait(t testing.TB, want string) {
	t.Helper()
	if !eventually(30*time.Second, func() bool { return lc.has(want) }) {
		t.Fatalf("never saw %q", want)
	}
}

// eventually polls cond until it holds or the deadline passes.
func eventually(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// noLeaks waits, with a generous deadline, until no goroutine is left but
// those running when ignore was taken (and the ones opts name).
func noLeaks(t testing.TB, opts ...goleak.Option) {
	t.Helper()
	opts = append(opts,
		// HTTP keep-alive connections to the emulator are shared by the
		// process, not owned by a session; a session's request stuck in a
		// round trip shows other frames and is still caught.
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreAnyFunction("net/http.(*conn).serve"),
	)
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := goleak.Find(opts...)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
