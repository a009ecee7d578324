package sshserver

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"
)

func ptyPayload(w, h int) []byte {
	return gossh.Marshal(struct {
		Term               string
		Cols, Rows, PW, PH uint32
		Modes              string
	}{"xterm-256color", uint32(w), uint32(h), 0, 0, "\x00"})
}

func windowPayload(w, h int) []byte {
	return gossh.Marshal(struct{ Cols, Rows, PW, PH uint32 }{uint32(w), uint32(h), 0, 0})
}

// rawChannel opens a session channel with a w×h PTY and nothing else.
func rawChannel(t *testing.T, c *gossh.Client, w, h int) gossh.Channel {
	t.Helper()
	ch, reqs, err := c.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	go gossh.DiscardRequests(reqs)
	if ok, err := ch.SendRequest("pty-req", true, ptyPayload(w, h)); !ok || err != nil {
		t.Fatalf("pty-req: %v %v", ok, err)
	}
	return ch
}

// TestWindowChangesBeforeTheShell: the SSH library hands window changes
// to the session's handler through one place and waits; before the shell
// no handler reads them. Before, the second change blocked the channel's
// request loop for good: the shell that followed was never answered, and
// the goroutines stayed after the client left (with sixteen more, the
// connection's reader too).
func TestWindowChangesBeforeTheShell(t *testing.T) {
	h := start(t, nil, "")
	ignore := goleak.IgnoreCurrent()
	for i, shell := range []bool{true, false} {
		c, err := dialFrom(sourceIP(210+i), h.addr)
		if err != nil {
			t.Fatal(err)
		}
		ch := rawChannel(t, c, 80, 24)
		for j := range 40 {
			if _, err := ch.SendRequest("window-change", false, windowPayload(81+j, 24)); err != nil {
				t.Fatal(err)
			}
		}
		if shell {
			answered := make(chan error, 1)
			go func() {
				ok, err := ch.SendRequest("shell", true, nil)
				if err == nil && !ok {
					err = errors.New("refused")
				}
				answered <- err
			}()
			select {
			case err := <-answered:
				if err != nil {
					t.Fatalf("the shell request after 40 window changes: %v", err)
				}
			case <-time.After(20 * time.Second): // the connection's no-session limit is 30 s
				t.Fatal("the shell request after 40 window changes was never answered")
			}
			if !eventually(30*time.Second, func() bool { return h.srv.Stats().Waiting == 1 }) {
				t.Fatalf("no session: %+v", h.srv.Stats())
			}
		}
		c.Close()
	}
	if !eventually(30*time.Second, func() bool { st := h.srv.Stats(); return st.Conns+st.Waiting == 0 }) {
		t.Fatalf("still held: %+v", h.srv.Stats())
	}
	noLeaks(t, ignore)
}

// TestAConnectionHoldsOneSessionChannel: every session channel could hold
// its 2 MiB window of unread data, and a connection could open them
// without end (before: 20 MiB of heap for 20 channels with 1 MiB each).
func TestAConnectionHoldsOneSessionChannel(t *testing.T) {
	h := start(t, nil, "")
	c, err := dialFrom("127.0.0.64", h.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	heap0 := heapInUse()
	data := make([]byte, 1<<20)
	opened := 0
	for range 20 {
		ch, reqs, err := c.OpenChannel("session", nil)
		if err != nil {
			if !strings.Contains(err.Error(), "One session per connection") {
				t.Errorf("refused with %v", err)
			}
			continue
		}
		opened++
		go gossh.DiscardRequests(reqs)
		if _, err := ch.Write(data); err != nil { // fits in the window: the server need not read it
			t.Fatal(err)
		}
	}
	grew := int64(heapInUse()) - int64(heap0)
	t.Logf("%d channels opened, heap growth %.1f MiB", opened, float64(grew)/(1<<20))
	if opened != 1 || grew > 4<<20 {
		t.Errorf("%d session channels opened on one connection, holding %.1f MiB; want 1, under 4", opened, float64(grew)/(1<<20))
	}
	if n := h.srv.Stats().Refused[refusedSecond]; n != 19 {
		t.Errorf("refused: %d; want 19", n)
	}
}

// TestEnvRequestsAreBounded: the SSH library keeps every "env" request
// until the shell (before: 9 MiB of heap for 300 of 30 KiB).
func TestEnvRequestsAreBounded(t *testing.T) {
	h := start(t, nil, "")
	c, err := dialFrom("127.0.0.65", h.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	heap0 := heapInUse()
	ch := rawChannel(t, c, 80, 24)
	value := strings.Repeat("x", 30<<10)
	kept := 0
	for range 300 {
		ok, err := ch.SendRequest("env", true, gossh.Marshal(struct{ Name, Value string }{"LC_X", value}))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			kept++
		}
	}
	grew := int64(heapInUse()) - int64(heap0)
	t.Logf("%d env requests kept, heap growth %.1f MiB", kept, float64(grew)/(1<<20))
	if grew > 2<<20 {
		t.Errorf("300 env requests of 30 KiB took %.1f MiB; want under 2", float64(grew)/(1<<20))
	}
	// A few small ones, as OpenSSH sends them, are kept.
	other, err := dialFrom("127.0.0.66", h.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ch = rawChannel(t, other, 80, 24)
	for _, name := range []string{"LANG", "LC_ALL", "LC_CTYPE", "COLORTERM", "NO_COLOR"} {
		if ok, err := ch.SendRequest("env", true, gossh.Marshal(struct{ Name, Value string }{name, "1"})); !ok || err != nil {
			t.Errorf("env %s refused: %v", name, err)
		}
	}
}

// TestASessionChannelAfterAnotherOnTheSameConnection: a client closes its
// session channel and opens another on the same connection, with window
// changes before its shell. The first channel's handler may still be
// ending when the second opens; until it has, the second is refused, so
// that what the ending handler does (it lets its channel's window changes
// through) never reaches the second one's (whose handler would then read
// its PTY's size while the SSH library writes it: a data race).
func TestASessionChannelAfterAnotherOnTheSameConnection(t *testing.T) {
	h := start(t, nil, "")
	c, err := dialFrom("127.0.0.67", h.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for round := range 3 {
		var ch gossh.Channel
		if !eventually(30*time.Second, func() bool {
			var reqs <-chan *gossh.Request
			ch, reqs, err = c.OpenChannel("session", nil)
			if err != nil {
				if !strings.Contains(err.Error(), "One session per connection") {
					t.Fatalf("round %d: refused with %v", round, err)
				}
				return false
			}
			go gossh.DiscardRequests(reqs)
			return true
		}) {
			t.Fatalf("round %d: the connection's channel place was never given back", round)
		}
		if ok, err := ch.SendRequest("pty-req", true, ptyPayload(80, 24)); !ok || err != nil {
			t.Fatalf("pty-req: %v %v", ok, err)
		}
		for j := range 5 {
			if _, err := ch.SendRequest("window-change", false, windowPayload(900+j, 24)); err != nil {
				t.Fatal(err)
			}
		}
		if ok, err := ch.SendRequest("shell", true, nil); !ok || err != nil {
			t.Fatalf("round %d: shell: %v %v", round, ok, err)
		}
		out := &syncBuffer{}
		go func() { _, _ = io.Copy(out, ch) }()
		// The last change reaches the program (the note says so).
		if !eventually(30*time.Second, func() bool { return strings.Contains(squeeze(ansi.Strip(out.String())), "Yourwindowis904×24") }) {
			t.Fatalf("round %d: the last window change never reached the screen: %q", round, lastChars(ansi.Strip(out.String()), 400))
		}
		ch.Close()
	}
}
