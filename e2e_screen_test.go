package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// e2eDeadline bounds every wait for something to happen: generous, so the
// tests pass with both cores of a busy machine taken and -race on; a
// passing test never waits for it, only a failing one does.
const e2eDeadline = 60 * time.Second

// eventually waits until cond holds, checking every 20 ms, and fails the
// test with what it waited for after e2eDeadline.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(e2eDeadline)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", e2eDeadline, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// screen runs the binary in a pseudo-terminal and keeps a virtual terminal
// of what a person would see.
type screen struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	term *vt.Emulator
	done chan error
}

func startScreen(t *testing.T, env []string, w, h int, args ...string) *screen {
	t.Helper()
	cmd := exec.Command(e2eBinary, args...)
	cmd.Env = env
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		t.Fatal(err)
	}
	s := &screen{t: t, cmd: cmd, tty: tty, term: vt.NewEmulator(w, h), done: make(chan error, 1)}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := tty.Read(buf)
			if n > 0 {
				s.mu.Lock()
				_, _ = s.term.Write(buf[:n])
				s.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { // answers to the program's terminal queries
		buf := make([]byte, 1024)
		for {
			n, err := s.term.Read(buf)
			if n > 0 {
				_, _ = tty.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		tty.Close()
		// vt.Emulator.Close races with a blocked Read inside the library;
		// the answering goroutine ends with the test binary instead.
	})
	return s
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.String()
}

// waitFor waits until the screen shows want.
func (s *screen) waitFor(want string) {
	s.t.Helper()
	deadline := time.Now().Add(e2eDeadline)
	for !strings.Contains(s.text(), want) {
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q; it shows:\n%s", want, redact(s.text()))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitForEither waits until the screen shows one of two texts and says which.
func (s *screen) waitForEither(a, b string) string {
	s.t.Helper()
	deadline := time.Now().Add(e2eDeadline)
	for {
		text := s.text()
		switch {
		case strings.Contains(text, a):
			return a
		case strings.Contains(text, b):
			return b
		case time.Now().After(deadline):
			s.t.Fatalf("the screen never showed %q or %q; it shows:\n%s", a, b, redact(text))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitExit waits for the program to end and returns how it ended.
func (s *screen) waitExit(after string) error {
	s.t.Helper()
	select {
	case err := <-s.done:
		return err
	case <-time.After(e2eDeadline):
		s.t.Fatalf("the program did not exit after %s; the screen shows:\n%s", after, redact(s.text()))
		return nil
	}
}

// secretLike matches what could be a secret on a screen (a PAT value, a
// TOTP secret in groups of four, a backup code): failure output masks it.
var secretLike = regexp.MustCompile(`[A-Za-z0-9_\-]{20,}|(?:[A-Z2-7]{4} ){3,}[A-Z2-7]{1,4}|\b[0-9a-f]{10}\b`)

// redact masks secret-like runs in a screen dump for test output.
func redact(screen string) string { return secretLike.ReplaceAllString(screen, "«hidden»") }

// press types keys one at a time, at a brisk person's pace.
func (s *screen) press(keys ...string) {
	for _, k := range keys {
		if _, err := s.tty.Write([]byte(k)); err != nil {
			s.t.Fatal(err)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// selected is the line the cursor (›) is on, or "".
func (s *screen) selected() string {
	for _, l := range strings.Split(s.text(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "›") {
			return l
		}
	}
	return ""
}

// moveTo presses key until the line under the cursor shows want, watching
// the cursor move after each press as a person would.
func (s *screen) moveTo(want, key string) {
	s.t.Helper()
	for range 20 {
		cur := s.selected()
		if strings.Contains(cur, want) {
			return
		}
		s.press(key)
		eventually(s.t, "the cursor to move off "+redact(strings.TrimSpace(cur)), func() bool { return s.selected() != cur })
	}
	s.t.Fatalf("the cursor never reached %q; the screen shows:\n%s", want, redact(s.text()))
}

func (s *screen) typeText(text string) {
	for _, r := range text {
		s.press(string(r))
	}
}

func (s *screen) resize(w, h int) {
	s.mu.Lock()
	s.term.Resize(w, h)
	s.mu.Unlock()
	_ = pty.Setsize(s.tty, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
}

// linkAddress reads the (wrapped) provider address under "Open this address".
func (s *screen) linkAddress() string {
	lines := strings.Split(s.text(), "\n")
	var parts []string
	for i, l := range lines {
		if !strings.Contains(l, "Open this address") {
			continue
		}
		for _, next := range lines[i+1:] {
			if strings.TrimSpace(next) == "" {
				break
			}
			parts = append(parts, strings.TrimSpace(next))
		}
	}
	return strings.Join(parts, "")
}

const (
	keyEnter = "\r"
	keyTab   = "\t"
	ctrlU    = "\x15"
	ctrlC    = "\x03"
)
