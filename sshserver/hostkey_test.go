package sshserver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAHostKeyOthersCanReadIsRefused(t *testing.T) {
	key := filepath.Join(t.TempDir(), "ssh_host_ed25519")
	h := start(t, nil, key) // makes the key, 0600
	_ = h
	if err := os.Chmod(key, 0o640); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{HostKeyPath: key, Endpoint: "http://127.0.0.1:1", ClientID: "x", Client: h.srv.cfg.Client})
	if err == nil || !strings.Contains(err.Error(), "chmod 600 "+key) {
		t.Fatalf("a group-readable host key: %v", err)
	}
	if err := os.Chmod(key, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{HostKeyPath: key, Endpoint: "http://127.0.0.1:1", ClientID: "x", Client: h.srv.cfg.Client}); err != nil {
		t.Fatalf("after chmod 600: %v", err)
	}
}
