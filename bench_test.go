package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// BenchmarkDemoFirstFrame is exec → the first frame of `demo` showing the
// sign-in code, in a pseudo-terminal.
func BenchmarkDemoFirstFrame(b *testing.B) {
	dir := b.TempDir()
	bin := releaseBinary(b, dir)
	env := isolatedEnv(dir)
	for b.Loop() {
		cmd := exec.Command(bin, "demo")
		cmd.Env = env
		tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 100, Rows: 30})
		if err != nil {
			b.Fatal(err)
		}
		var seen strings.Builder
		buf := make([]byte, 64<<10)
		for !strings.Contains(seen.String(), "Enter this code") {
			n, err := tty.Read(buf)
			if err != nil {
				b.Fatal(err)
			}
			seen.Write(buf[:n])
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		tty.Close()
	}
}

// BenchmarkDemoSignIn is exec → the profile on screen of `demo
// --approve-after 0s`: the code issued, approved by the demo, the poll
// woken, the ID token verified, the user read and drawn (so fast that the
// code's frame is often never drawn). Beside
// it, in the same run and the same terminal set-up, the floor: exec → the
// first frame of a bare bubbletea program (testdata/bareprogram). It
// reports each in ms and the ratio profile/bare (goal ≤ 10).
func BenchmarkDemoSignIn(b *testing.B) {
	dir := b.TempDir()
	bin := releaseBinary(b, dir)
	bare := filepath.Join(dir, "bareprogram")
	if out, err := exec.Command("go", "build", "-o", bare, "./testdata/bareprogram").CombinedOutput(); err != nil {
		b.Fatalf("building the bare program: %v\n%s", err, out)
	}
	env := isolatedEnv(dir)
	var floor, profile time.Duration
	n := 0
	for b.Loop() {
		floor += untilOnScreen(b, env, "first frame", bare)
		profile += untilOnScreen(b, env, "Countess", bin, "demo", "--approve-after", "0s")
		n++
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(n) / float64(time.Millisecond) }
	b.ReportMetric(0, "ns/op") // the sum of both programs means nothing
	b.ReportMetric(ms(floor), "bare-ms")
	b.ReportMetric(ms(profile), "profile-ms")
	b.ReportMetric(float64(profile)/float64(floor), "profile/bare")
}

// untilOnScreen runs bin in a 100×30 pseudo-terminal whose queries a
// virtual terminal answers, and returns the time from exec until the
// screen first showed mark.
func untilOnScreen(b *testing.B, env []string, mark string, bin string, args ...string) time.Duration {
	b.Helper()
	term := vt.NewEmulator(100, 30)
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	start := time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 100, Rows: 30})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		tty.Close()
	}()
	// The answering goroutine stays blocked in term.Read once the program
	// is gone (closing term races with it inside the library): a few idle
	// goroutines per benchmark run.
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := term.Read(buf)
			if n > 0 {
				_, _ = tty.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	stuck := time.AfterFunc(e2eDeadline, func() { _ = cmd.Process.Kill() })
	defer stuck.Stop()
	buf := make([]byte, 64<<10)
	for {
		n, err := tty.Read(buf)
		if err != nil {
			b.Fatalf("%s %v ended before the screen showed %q (%v); it shows:\n%s",
				filepath.Base(bin), args, mark, err, redact(term.String()))
		}
		_, _ = term.Write(buf[:n])
		if strings.Contains(term.String(), mark) {
			return time.Since(start)
		}
	}
}
