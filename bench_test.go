package main

import (
	"os/exec"
	"strings"
	"testing"

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
