package sshserver

import (
	"net/url"
	"os"
	"path/filepath"
)

// ensureHostKey makes the key's folder (0700); wish creates the ed25519
// key itself on first start, readable only by its owner.
func ensureHostKey(path string) error {
	if path == "" {
		return errNoHostKey
	}
	return os.MkdirAll(filepath.Dir(path), 0o700)
}

func hostOf(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return endpoint
}
