package sshserver

import (
	"runtime"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// blockedWriters counts renderers waiting for a client's SSH
// window (golang.org/x/crypto/ssh's window.reserve) to write its output.
func blockedWriters() int {
	buf := make([]byte, 8<<20)
	n := 0
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "ssh.(*window).reserve") && strings.Contains(g, "cursedRenderer).flush") {
			n++
		}
	}
	return n
}

// TestAClientThatStopsReadingIsEndedOnTime: a client that reads nothing
// of what the server sends fills its SSH window (2 MiB; here with window
// changes, each a redraw of about 2 KiB), and the session's renderer then
// waits in a write that never ends, holding the program's event loop. The
// idle timeout and the sign-in deadline were messages to that loop: before,
// such a session kept its waiting place until the connection's 4-hour
// limit (three from each of 17 addresses hold every waiting place).
func TestAClientThatStopsReadingIsEndedOnTime(t *testing.T) {
	h := start(t, func(c *Config) { c.Limits.IdleTimeout = 3 * time.Second }, "")
	c, err := dialFrom("127.0.0.68", h.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 100, 300, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe() // kept open (no EOF)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.StdoutPipe(); err != nil { // never read
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	// Redraws, and a key now and then (so the session is not idle), until
	// the renderer waits for the window (or the session has ended: the
	// event loop was held before the renderer, and the idle timeout came).
	heap0, g0 := heapInUse(), runtime.NumGoroutine()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(5 * time.Minute)
	for j := 0; blockedWriters() == 0; j++ {
		if time.Now().After(deadline) {
			t.Fatal("the session's writes never waited for the client")
		}
		<-tick.C
		err := sess.WindowChange(100-50*(j%2), 300-150*(j%2))
		if err == nil && j%10 == 0 {
			_, err = in.Write([]byte("x"))
		}
		if err != nil {
			t.Logf("the session ended while the client filled its window (%v)", err)
			break
		}
	}
	blocked := time.Now()
	t.Logf("the session waits on its client: heap +%.1f MiB, goroutines +%d", float64(int64(heapInUse())-int64(heap0))/(1<<20),
		runtime.NumGoroutine()-g0)
	// Idle after 3 s, 2 s of grace, then at most forceEndAfter: a minute
	// is generous.
	if !eventually(time.Minute, func() bool { return h.srv.Stats().Waiting == 0 }) {
		t.Fatalf("a session whose client reads nothing outlived its idle timeout by a minute: %+v", h.srv.Stats())
	}
	t.Logf("ended %v after its writes blocked", time.Since(blocked).Round(time.Second))
}
