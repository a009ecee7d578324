//go:build !unix

package sshserver

func disableCoreDumps() error { return nil }
