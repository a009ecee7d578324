package auth

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// fakeKeyring is an in-memory keyring that can fail or hang.
type fakeKeyring struct {
	mu    sync.Mutex
	m     map[string]string
	fail  error
	hang  chan struct{}
	calls int
}

func (k *fakeKeyring) op(fn func() (string, error)) (string, error) {
	k.mu.Lock()
	k.calls++
	hang, fail := k.hang, k.fail
	k.mu.Unlock()
	if hang != nil {
		<-hang
	}
	if fail != nil {
		return "", fail
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return fn()
}

func (k *fakeKeyring) Get(s, u string) (string, error) {
	return k.op(func() (string, error) {
		v, ok := k.m[s+"/"+u]
		if !ok {
			return "", keyring.ErrNotFound
		}
		return v, nil
	})
}

func (k *fakeKeyring) Set(s, u, p string) error {
	_, err := k.op(func() (string, error) {
		if k.m == nil {
			k.m = map[string]string{}
		}
		k.m[s+"/"+u] = p
		return "", nil
	})
	return err
}

func (k *fakeKeyring) Delete(s, u string) error {
	_, err := k.op(func() (string, error) { delete(k.m, s+"/"+u); return "", nil })
	return err
}

func sampleTokens() *Tokens {
	return &Tokens{AccessToken: "at-SECRET-1", RefreshToken: "rt-SECRET-1", IDToken: "id-SECRET-1",
		Expiry: time.Now().Add(time.Hour).Round(time.Second), Endpoint: "http://127.0.0.1:1", ClientID: "cli",
		Identity: Identity{Subject: "u1", Username: "ada"}}
}

type warnings struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warnings) add(s string) { w.mu.Lock(); w.msgs = append(w.msgs, s); w.mu.Unlock() }
func (w *warnings) all() string  { w.mu.Lock(); defer w.mu.Unlock(); return strings.Join(w.msgs, "\n") }

func TestFileStoreRoundTripAndModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "logto-account")
	var warn warnings
	s := &Store{Dir: dir, Warn: warn.add}
	key := Key("http://127.0.0.1:1", "cli")
	if _, err := s.Load(key); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("empty store: %v", err)
	}
	saved := sampleTokens()
	if err := s.Save(key, saved); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(key)
	if err != nil || got.RefreshToken != "rt-SECRET-1" || got.Identity.Subject != "u1" || !got.Expiry.Equal(saved.Expiry) {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	st, _ := os.Stat(s.file(key))
	dst, _ := os.Stat(dir)
	if st.Mode().Perm() != 0o600 || dst.Mode().Perm() != 0o700 {
		t.Errorf("file mode %04o, dir mode %04o; want 0600 and 0700", st.Mode().Perm(), dst.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
	if s.Location(key) != s.file(key) {
		t.Errorf("location = %q", s.Location(key))
	}
	// Another tenant is kept apart.
	other := Key("http://127.0.0.1:2", "cli")
	if _, err := s.Load(other); !errors.Is(err, ErrSignInRequired) {
		t.Errorf("tenants share tokens: %v", err)
	}
	if err := s.Delete(key); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.file(key)); !os.IsNotExist(err) {
		t.Error("the token file survived Delete")
	}
	if strings.Contains(warn.all(), "SECRET") {
		t.Error("a warning shows a token")
	}
}

func TestLooseFileIsTightenedWithAWarning(t *testing.T) {
	var warn warnings
	s := &Store{Dir: t.TempDir(), Warn: warn.add}
	key := Key("e", "c")
	_ = s.Save(key, sampleTokens())
	_ = os.Chmod(s.file(key), 0o644)
	if _, err := s.Load(key); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(s.file(key))
	if st.Mode().Perm() != 0o600 || !strings.Contains(warn.all(), "now 0600") {
		t.Errorf("mode %04o, warnings %q", st.Mode().Perm(), warn.all())
	}
}

func TestCorruptFileIsMovedAside(t *testing.T) {
	var warn warnings
	s := &Store{Dir: t.TempDir(), Warn: warn.add}
	key := Key("e", "c")
	_ = os.WriteFile(s.file(key), []byte("{not json"), 0o600)
	if _, err := s.Load(key); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("want ErrSignInRequired, got %v", err)
	}
	matches, _ := filepath.Glob(s.file(key) + ".corrupt-*")
	if len(matches) != 1 || !strings.Contains(warn.all(), "moved aside") || !strings.Contains(warn.all(), "sign in again") {
		t.Errorf("aside=%v warnings=%q", matches, warn.all())
	}
}

func TestKeyringIsPreferredAndLeavesNoFile(t *testing.T) {
	kr := &fakeKeyring{}
	s := &Store{Keyring: kr, Dir: t.TempDir()}
	key := Key("e", "c")
	if err := s.Save(key, sampleTokens()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.file(key)); !os.IsNotExist(err) {
		t.Error("a file was written although the keyring worked")
	}
	if got, err := s.Load(key); err != nil || got.AccessToken != "at-SECRET-1" {
		t.Fatalf("keyring load: %v", err)
	}
	if !strings.Contains(s.Location(key), "keyring") {
		t.Errorf("location = %q", s.Location(key))
	}
}

func TestHangingKeyringFallsBackToTheFile(t *testing.T) {
	kr := &fakeKeyring{hang: make(chan struct{})}
	defer close(kr.hang)
	var warn warnings
	s := &Store{Keyring: kr, Dir: t.TempDir(), Timeout: 100 * time.Millisecond, Warn: warn.add}
	key := Key("e", "c")
	if err := s.Save(key, sampleTokens()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.file(key)); err != nil {
		t.Fatalf("no fallback file: %v", err)
	}
	if !strings.Contains(warn.all(), "stored in the file") || !strings.Contains(warn.all(), "did not answer") {
		t.Errorf("warnings = %q", warn.all())
	}
	// The keyring is not asked again in this process.
	if _, err := s.Load(key); err != nil {
		t.Fatal(err)
	}
	kr.mu.Lock()
	calls := kr.calls
	kr.mu.Unlock()
	if calls != 1 {
		t.Errorf("keyring asked %d times, want 1", calls)
	}
	if s.Location(key) != s.file(key) {
		t.Errorf("location = %q", s.Location(key))
	}
}

func TestFailingKeyringFallsBack(t *testing.T) {
	s := &Store{Keyring: &fakeKeyring{fail: errors.New("no secret service")}, Dir: t.TempDir()}
	key := Key("e", "c")
	if err := s.Save(key, sampleTokens()); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load(key); err != nil || got.RefreshToken != "rt-SECRET-1" {
		t.Fatalf("fallback load: %v", err)
	}
}
