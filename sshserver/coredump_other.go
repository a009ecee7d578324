//go:build !linux

package sshserver

// DisableCoreDumps keeps the process's memory out of core files where the
// system allows it (RLIMIT_CORE 0 on Unix systems; nothing elsewhere).
func DisableCoreDumps() error { return disableCoreDumps() }
