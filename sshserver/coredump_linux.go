//go:build linux

package sshserver

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// DisableCoreDumps keeps the process's memory (the M2M secret, sessions'
// tokens) out of core files and away from same-user debuggers: no core
// dumps (RLIMIT_CORE 0) and not dumpable (PR_SET_DUMPABLE 0, which also
// makes /proc/PID/mem and ptrace root-only).
func DisableCoreDumps() error {
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0}); err != nil {
		return fmt.Errorf("setting RLIMIT_CORE to 0: %w", err)
	}
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err != nil {
		return fmt.Errorf("prctl(PR_SET_DUMPABLE, 0): %w", err)
	}
	return nil
}
