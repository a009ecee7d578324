package auth

import (
	"github.com/logto-account/logto-account/i18n"

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
	// Warn receives human warnings (never token values), in Lang's language.
	Warn func(string)
	// Lang says the warnings (nil: English).
	Lang *i18n.Localizer

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
	return s.Lang.T("tokenstore.keyring_location", "Service", keyringService)
}

func (s *Store) file(key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(s.Dir, "tokens-"+hex.EncodeToString(sum[:8])+".json")
}

func (s *Store) warn(msg i18n.Msg) {
	if s.Warn != nil {
		s.Warn(msg.In(s.Lang))
	}
}

// saidError is an error of the store as a person reads it (its message,
// said in the reader's language by common.WordsIn) and what caused it (for
// errors.Is: fs.ErrPermission …).
type saidError struct {
	said i18n.Msg
	err  error
}

func (e *saidError) Error() string   { return e.said.Error() }
func (e *saidError) Unwrap() []error { return []error{e.said, e.err} }

// reasonArg is the placeholder of a cause's own words (not words).
const reasonArg = "Reason"

// said is err as msg says it, its {{.Reason}} the cause's own words.
func said(err error, msg i18n.Msg) error {
	msg.Args = append(msg.Args, reasonArg, err.Error())
	return &saidError{said: msg, err: err}
}

// withKeyring runs fn with the timeout; a timeout or error marks the keyring
// down for this process.
func (s *Store) withKeyring(fn func(Keyring) error) error {
	s.mu.Lock()
	kr, down := s.Keyring, s.keyringDown
	s.mu.Unlock()
	if kr == nil {
		return i18n.M("tokenstore.no_keyring")
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
		err := i18n.M("tokenstore.keyring_timeout", "Timeout", timeout.String())
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
		s.warn(i18n.M("tokenstore.keyring_unreadable"))
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
		return nil, said(err, i18n.M("tokenstore.read_folder", "Path", path))
	}
	if st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, said(err, i18n.M("tokenstore.cannot_tighten", "Path", path))
		}
		s.warn(i18n.M("tokenstore.tightened", "Path", path, "Mode", fmt.Sprintf("%04o", st.Mode().Perm())))
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, said(err, i18n.M("tokenstore.read_file", "Path", path))
	}
	var t Tokens
	if err := json.Unmarshal(raw, &t); err != nil || t.AccessToken == "" {
		aside := path + ".corrupt-" + time.Now().UTC().Format("20060102T150405")
		if rerr := os.Rename(path, aside); rerr != nil {
			_ = os.Remove(path)
			aside = "(removed)"
		}
		s.warn(i18n.M("tokenstore.file_unreadable", "Aside", aside))
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
		return said(err, i18n.M("tokenstore.store_failed", "Keyring", kerr.Error(), "Dir", filepath.Dir(s.file(key))))
	}
	if s.Keyring != nil {
		s.warn(i18n.M("tokenstore.keyring_unavailable", "Reason", kerr.Error(), "Path", s.file(key)))
	}
	return nil
}

// Delete implements TokenStore.
func (s *Store) Delete(key string) error {
	kerr := s.withKeyring(func(k Keyring) error { return k.Delete(keyringService, key) })
	ferr := os.Remove(s.file(key))
	if ferr != nil && !errors.Is(ferr, fs.ErrNotExist) {
		return said(ferr, i18n.M("tokenstore.delete_failed", "Path", s.file(key)))
	}
	if kerr != nil && !errors.Is(kerr, keyring.ErrNotFound) && s.Keyring != nil {
		s.warn(i18n.M("tokenstore.keyring_unchecked", "Reason", kerr.Error(), "Service", keyringService))
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
		return "", said(err, i18n.M("tokenstore.cannot_write", "Dir", dir))
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
	// Lang says Location (nil: English).
	Lang *i18n.Localizer
	mu   sync.Mutex
	m    map[string]*Tokens
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
func (m *MemoryStore) Location(string) string { return m.Lang.T("tokenstore.memory_location") }

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

func (e existsError) Error() string { return e.said().Error() }

// Unwrap gives the sentence for common.WordsIn (in the reader's language).
func (e existsError) Unwrap() error { return e.said() }

func (e existsError) said() i18n.Msg { return i18n.M("tokenstore.file_exists", "Path", string(e)) }

// Is makes errors.Is(err, fs.ErrExist) true.
func (e existsError) Is(target error) bool { return target == fs.ErrExist }
