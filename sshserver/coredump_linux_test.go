package sshserver

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestDisableCoreDumps runs itself in a child process, which then is not
// dumpable and has a core limit of 0 (the test process itself is left as
// it was).
func TestDisableCoreDumps(t *testing.T) {
	if os.Getenv("SSHSERVER_COREDUMP_CHILD") == "1" {
		before, _ := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
		if err := DisableCoreDumps(); err != nil {
			t.Fatal(err)
		}
		after, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
		var rl unix.Rlimit
		_ = unix.Getrlimit(unix.RLIMIT_CORE, &rl)
		if before != 1 || after != 0 || err != nil || rl.Cur != 0 || rl.Max != 0 {
			t.Fatalf("dumpable %d → %d (%v), core limit %d/%d", before, after, err, rl.Cur, rl.Max)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDisableCoreDumps$", "-test.v")
	cmd.Env = append(os.Environ(), "SSHSERVER_COREDUMP_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestDisableCoreDumps") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
