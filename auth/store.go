package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// TokenStore keeps tokens per tenant+app key.
type TokenStore interface {
	// Load returns the stored tokens, or ErrSignInRequired when there are none.
	Load(key string) (*Tokens, error)
	// Save stores tokens, replacing any for key.
	Save(key string, t *Tokens) error
	// Delete forgets the tokens of key (no error when there were none).
	Delete(key string) error
	// Location says where tokens of key live, for `status`.
	Location(key string) string
}

// Keyring is the OS secret store (zalando/go-keyring's functions).
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// OSKeyring is the real OS keyring.
type OSKeyring struct{}

// Get implements Keyring.
func (OSKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }

// Set implements Keyring.
func (OSKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}

// Delete implements Keyring.
func (OSKeyring) Delete(service, user string) error { return keyring.Delete(service, user) }

const keyringService = "logto-account"

// KeyringTimeout bounds every keyring call (a locked or absent keyring
// daemon can hang forever).
const KeyringTimeout = 3 * time.Second

// Store keeps tokens in the OS keyring, or else in a 0600 file under Dir
// (0700), written atomically. It warns through Warn whenever it falls back to
// the file or mends a file.
type Store struct {
	// Keyring is tried first; nil means files only.
	Keyring Keyring
	// Dir is the state directory for token files and locks.
	Dir string
	// Timeout bounds each keyring call; 0 means KeyringTimeout.
	Timeout time.Duration
	// Warn receives human warnings (never token values).
	Warn func(string)

	mu          sync.Mutex
	keyringDown error // set after the first failure: later calls skip it
}

// Location implements TokenStore.
func (s *Store) Location(key string) string {
	s.mu.Lock()
	down := s.keyringDown
	s.mu.Unlock()
	if _, err := os.Stat(s.file(key)); err == nil || s.Keyring == nil || down != nil {
		return s.file(key)
	}
	return "OS keyring (service " + keyringService + ")"
}

func (s *Store) file(key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(s.Dir, "tokens-"+hex.EncodeToString(sum[:8])+".json")
}

func (s *Store) warn(msg string) {
	if s.Warn != nil {
		s.Warn(msg)
	}
}

// withKeyring runs fn with the timeout; a timeout or error marks the keyring
// down for this process.
func (s *Store) withKeyring(fn func(Keyring) error) error {
	s.mu.Lock()
	kr, down := s.Keyring, s.keyringDown
	s.mu.Unlock()
	if kr == nil {
		return errors.New("no keyring")
	}
	if down != nil {
		return down
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = KeyringTimeout
	}
	done := make(chan error, 1)
	go func() { done <- fn(kr) }()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, keyring.ErrNotFound) {
			s.markDown(err)
		}
		return err
	case <-time.After(timeout):
		err := fmt.Errorf("the OS keyring did not answer within %s", timeout)
		s.markDown(err)
		return err
	}
}

func (s *Store) markDown(err error) {
	s.mu.Lock()
	s.keyringDown = err
	s.mu.Unlock()
}

// Load implements TokenStore.
func (s *Store) Load(key string) (*Tokens, error) {
	var raw string
	err := s.withKeyring(func(k Keyring) error {
		var e error
		raw, e = k.Get(keyringService, key)
		return e
	})
	if err == nil {
		var t Tokens
		if json.Unmarshal([]byte(raw), &t) == nil {
			return &t, nil
		}
		_ = s.withKeyring(func(k Keyring) error { return k.Delete(keyringService, key) })
		s.warn("the tokens in the OS keyring were unreadable and have been removed; sign in again")
		return nil, ErrSignInRequired
	}
	return s.loadFile(key)
}

func (s *Store) loadFile(key string) (*Tokens, error) {
	path := s.file(key)
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrSignInRequired
	}
	if err != nil {
		return nil, fmt.Errorf("reading stored tokens in %s: %w; check that the folder is yours, or remove the file and sign in again", path, err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("token file %s is readable by others and could not be tightened: %w; run `chmod 600 %s`", path, err, path)
		}
		s.warn(fmt.Sprintf("token file %s was readable by others (mode %04o); it is now 0600", path, st.Mode().Perm()))
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading stored tokens in %s: %w; check that the file is yours, or remove it and sign in again", path, err)
	}
	var t Tokens
	if err := json.Unmarshal(raw, &t); err != nil || t.AccessToken == "" {
		aside := path + ".corrupt-" + time.Now().UTC().Format("20060102T150405")
		if rerr := os.Rename(path, aside); rerr != nil {
			_ = os.Remove(path)
			aside = "(removed)"
		}
		s.warn(fmt.Sprintf("the token file was unreadable and was moved aside to %s; sign in again", aside))
		return nil, ErrSignInRequired
	}
	return &t, nil
}

// Save implements TokenStore.
func (s *Store) Save(key string, t *Tokens) error {
	raw, err := json.Marshal(t)
	if err != nil {
		return err
	}
	kerr := s.withKeyring(func(k Keyring) error { return k.Set(keyringService, key, string(raw)) })
	if kerr == nil {
		_ = os.Remove(s.file(key)) // one copy only
		return nil
	}
	if err := writeFileAtomic(s.file(key), raw); err != nil {
		return fmt.Errorf("storing tokens: the OS keyring failed (%v) and so did the file: %w; make sure %s is writable by you",
			kerr, err, filepath.Dir(s.file(key)))
	}
	if s.Keyring != nil {
		s.warn(fmt.Sprintf("the OS keyring is unavailable (%v); tokens are stored in the file %s (mode 0600)", kerr, s.file(key)))
	}
	return nil
}

// Delete implements TokenStore.
func (s *Store) Delete(key string) error {
	kerr := s.withKeyring(func(k Keyring) error { return k.Delete(keyringService, key) })
	ferr := os.Remove(s.file(key))
	if ferr != nil && !errors.Is(ferr, fs.ErrNotExist) {
		return fmt.Errorf("deleting the token file: %w; delete %s by hand", ferr, s.file(key))
	}
	if kerr != nil && !errors.Is(kerr, keyring.ErrNotFound) && s.Keyring != nil {
		s.warn(fmt.Sprintf("could not check the OS keyring for tokens (%v); if you stored any there, remove the %q entry by hand", kerr, keyringService))
	}
	return nil
}

// writeFileAtomic writes data to a temp file in the same directory (0600),
// fsyncs it and renames it over path; the directory is made 0700.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	tmp, err := writeTemp(dir, data)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // no-op after the rename
	return os.Rename(tmp, path)
}

// writeTemp writes data to a new 0600 temp file in dir and fsyncs it; the
// caller renames or links it into place and removes the temp name.
func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	tmp := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// WriteFileAtomic is writeFileAtomic for other packages holding secrets
// (backup codes, config): 0600, temp file, fsync, rename.
func WriteFileAtomic(path string, data []byte) error { return writeFileAtomic(path, data) }

// MemoryStore keeps tokens in memory only (one SSH session's sign-in).
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]*Tokens
}

// Load implements TokenStore.
func (m *MemoryStore) Load(key string) (*Tokens, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t, ok := m.m[key]; ok {
		cp := *t
		return &cp, nil
	}
	return nil, ErrSignInRequired
}

// Save implements TokenStore.
func (m *MemoryStore) Save(key string, t *Tokens) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]*Tokens{}
	}
	cp := *t
	m.m[key] = &cp
	return nil
}

// Delete implements TokenStore.
func (m *MemoryStore) Delete(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, key)
	return nil
}

// Location implements TokenStore.
func (m *MemoryStore) Location(string) string { return "memory (this session only)" }

// CreateFileExclusive writes a new 0600 file atomically and refuses to
// replace an existing one (backup codes): temp file, fsync, then a hard link
// that fails if path exists.
func CreateFileExclusive(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return existsError(path)
	}
	tmp, err := writeTemp(filepath.Dir(path), data)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsError(path)
		}
		return err
	}
	return nil
}

// existsError is CreateFileExclusive refusing a path that exists; it is
// fs.ErrExist for errors.Is, so a caller can pick the next free name.
type existsError string

func (e existsError) Error() string {
	return string(e) + " already exists; choose another name (it is never overwritten)"
}

// Is makes errors.Is(err, fs.ErrExist) true.
func (e existsError) Is(target error) bool { return target == fs.ErrExist }
