package sshserver

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// ensureHostKey makes the key's folder (0700); wish creates the ed25519
// key itself on first start, readable only by its owner. An existing key
// that group or others can read is refused: whoever reads it can pose as
// this server and collect every user's sign-in.
func ensureHostKey(path string) error {
	if path == "" {
		return errNoHostKey
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(filepath.Dir(path), 0o700)
	case err != nil:
		return fmt.Errorf("sshserver: host key: %w", err)
	case st.Mode().Perm()&0o077 != 0:
		return fmt.Errorf("sshserver: the host key %s has mode %04o, so others can read it; run `chmod 600 %s` (and consider a new key if others did)",
			path, st.Mode().Perm(), path)
	}
	return nil
}

func hostOf(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return endpoint
}
