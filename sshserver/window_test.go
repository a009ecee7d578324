package sshserver

import (
	"fmt"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"go.uber.org/goleak"
)

// TestHugeWindowsAreClamped asks for enormous terminals in the three ways
// a client can (the PTY request, a window change, and a size report typed
// as input, which bubbletea parses as a size) and reads the server's own
// heap: the screen buffers stay within the 300×100 budget. Before, the
// PTY request alone went straight into the screen buffers: 5000×5000 cells
// at about 225 bytes each, past 5 GB, a fatal out-of-memory for everyone.
func TestHugeWindowsAreClamped(t *testing.T) {
	h := start(t, nil, "")
	cases := []struct {
		name   string
		w, ht  int
		after  func(lc *lightClient) error
		notice string
	}{
		{"pty request 5000×5000", 5000, 5000, nil, "5000×5000"},
		{"window change 5000×5000", 100, 30, func(lc *lightClient) error { return lc.sess.WindowChange(5000, 5000) }, "5000×5000"},
		// 4000×250 is a size bubbletea itself lets through (a million cells).
		{"window change 4000×250", 100, 30, func(lc *lightClient) error { return lc.sess.WindowChange(250, 4000) }, "4000×250"},
		{"typed size report 4096×256", 100, 30, func(lc *lightClient) error {
			_, err := lc.in.Write([]byte("\x1b[8;256;4096t"))
			return err
		}, "4096×256"},
	}
	ignore := goleak.IgnoreCurrent()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			noLeaks(t, ignore) // the previous case's session is all gone
			heap0 := heapInUse()
			lc, err := dialLight(sourceIP(i), h.addr, c.w, c.ht)
			if err != nil {
				t.Fatal(err)
			}
			defer lc.client.Close()
			lc.wait(t, "Enter this code")
			if c.after != nil {
				if err := c.after(lc); err != nil {
					t.Fatal(err)
				}
			}
			// The note is drawn after the clamped size reached the screen.
			lc.wait(t, "Your window is "+c.notice+"; this service draws at most 300×100")
			grew := int64(heapInUse()) - int64(heap0)
			t.Logf("heap growth with the session open: %.1f MiB", float64(grew)/(1<<20))
			if grew > 20<<20 {
				t.Errorf("the session took %.1f MiB of heap; want under 20", float64(grew)/(1<<20))
			}
		})
	}
}

func TestClampKeepsSmallSizes(t *testing.T) {
	l := DefaultLimits()
	for _, c := range []struct{ w, h, cw, ch int }{{80, 24, 80, 24}, {300, 100, 300, 100}, {301, 10, 300, 10},
		{5000, 5000, 300, 100}, {-1, 30, 0, 30}} {
		cw, ch, clamped := l.clamp(c.w, c.h)
		if cw != c.cw || ch != c.ch || clamped != (cw != c.w || ch != c.h) {
			t.Errorf("clamp(%d, %d) = %d, %d, %v", c.w, c.h, cw, ch, clamped)
		}
	}
}

// sizeSpy records the size messages the model receives.
type sizeSpy struct {
	tea.Model
	mu    *sync.Mutex
	sizes *[][2]int
}

func (s sizeSpy) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(tea.WindowSizeMsg); ok {
		s.mu.Lock()
		*s.sizes = append(*s.sizes, [2]int{m.Width, m.Height})
		s.mu.Unlock()
	}
	m, cmd := s.Model.Update(msg)
	return sizeSpy{m, s.mu, s.sizes}, cmd
}

// TestOneSizeMessagePerSize: the program gets a size message (each one a
// full redraw, sent whole to the client) only when its size changes. The
// SSH library's first window change repeats the PTY request's size; a
// client may repeat a size too, or ask for two sizes that clamp alike.
func TestOneSizeMessagePerSize(t *testing.T) {
	var mu sync.Mutex
	var sizes [][2]int
	h := start(t, func(c *Config) {
		c.wrap = func(m tea.Model) tea.Model { return sizeSpy{m, &mu, &sizes} }
	}, "")
	lc, err := dialLight(sourceIP(0), h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	defer lc.client.Close()
	lc.wait(t, "Enter this code")
	for _, c := range [][2]int{{100, 30}, {120, 30}, {120, 30}, {400, 30}, {500, 30}, {120, 40}} {
		if err := lc.sess.WindowChange(c[1], c[0]); err != nil {
			t.Fatal(err)
		}
	}
	last := func() [2]int {
		mu.Lock()
		defer mu.Unlock()
		if len(sizes) == 0 {
			return [2]int{}
		}
		return sizes[len(sizes)-1]
	}
	// Changes reach the program in order: once the last is there, every
	// one before it has been passed on or dropped.
	if !eventually(30*time.Second, func() bool { return last() == [2]int{120, 40} }) {
		t.Fatalf("the last size never arrived; sizes: %v", sizes)
	}
	mu.Lock()
	defer mu.Unlock()
	// Changes that come faster than the program takes them give way to
	// the latest (see filterRequests): the messages are those of a
	// subsequence of the sizes, each different from the one before.
	want := [][2]int{{100, 30}, {120, 30}, {300, 30}, {120, 40}}
	if sizes[0] != want[0] || !isSubsequence(sizes, want) {
		t.Errorf("size messages %v; want a subsequence of %v, from its first", sizes, want)
	}
}

func isSubsequence(sub, of [][2]int) bool {
	i := 0
	for _, s := range of {
		if i < len(sub) && sub[i] == s {
			i++
		}
	}
	return i == len(sub)
}

// TestResizeStormsArePaced: each size message lays out and redraws the
// whole screen. Before, a client sending window changes or typing size
// reports without pause had its program redraw at the renderer's full
// rate: three sessions from one address kept a CPU core busy (3.0 s of CPU
// in 3 s). Now size messages are at least minResizeInterval apart, and the
// last size asked for still arrives.
func TestResizeStormsArePaced(t *testing.T) {
	var mu sync.Mutex
	var sizes [][2]int
	h := start(t, func(c *Config) {
		c.wrap = func(m tea.Model) tea.Model { return sizeSpy{m, &mu, &sizes} }
	}, "")
	began := time.Now()
	lc, err := dialLight(sourceIP(0), h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	defer lc.client.Close()
	lc.wait(t, "Enter this code")
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for j := range 1000 {
		<-tick.C
		var err error
		if j%2 == 0 {
			err = lc.sess.WindowChange(30+j%20, 100)
		} else {
			_, err = lc.in.Write(fmt.Appendf(nil, "\x1b[8;%d;%dt", 30, 100+j%20))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// The last size, by both ways (which of them reaches the program last
	// is not known).
	if err := lc.sess.WindowChange(44, 111); err != nil {
		t.Fatal(err)
	}
	if _, err := lc.in.Write([]byte("\x1b[8;44;111t")); err != nil {
		t.Fatal(err)
	}
	if !eventually(30*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(sizes) > 0 && sizes[len(sizes)-1] == [2]int{111, 44}
	}) {
		t.Fatal("the last size asked for never arrived")
	}
	elapsed := time.Since(began)
	mu.Lock()
	defer mu.Unlock()
	allowed := int(elapsed/minResizeInterval) + 2
	t.Logf("%d size messages in %v for 1001 changes", len(sizes), elapsed.Round(time.Millisecond))
	if len(sizes) > allowed {
		t.Errorf("%d size messages in %v; want at most %d (one per %v)", len(sizes), elapsed.Round(time.Millisecond), allowed, minResizeInterval)
	}
}
