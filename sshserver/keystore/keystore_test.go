package keystore_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/sshserver/keystore"
	"github.com/logto-account/logto-account/sshserver/keystore/pgtest"
)

// clock is a settable time for expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newKey(t *testing.T, seed byte) keystore.Key {
	t.Helper()
	priv := ed25519.NewKeyFromSeed(append(make([]byte, 31), seed))
	pub, err := gossh.NewPublicKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	return keystore.NewKey(pub)
}

// opener opens a fresh, empty store with the given clock.
type opener func(t *testing.T, now func() time.Time) keystore.Store

// TestStores runs the same assertions against SQLite and PostgreSQL.
func TestStores(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		suite(t, func(t *testing.T, now func() time.Time) keystore.Store {
			s, err := keystore.Open(context.Background(), filepath.Join(t.TempDir(), "state", "keys.db"), keystore.Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			return s
		})
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		pg := pgtest.Start(t)
		t.Run("replicas starting together migrate once", func(t *testing.T) {
			url := pg.NewDatabase(t)
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s, err := keystore.Open(context.Background(), url, keystore.Options{})
					if err != nil {
						errs <- err
						return
					}
					_ = s.Close()
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		})
		suite(t, func(t *testing.T, now func() time.Time) keystore.Store {
			s, err := keystore.Open(context.Background(), pg.NewDatabase(t), keystore.Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			return s
		})
	})
}

func suite(t *testing.T, open opener) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

	t.Run("remember, look up, use, list", func(t *testing.T) {
		c := &clock{t: t0}
		s := open(t, c.now)
		k := newKey(t, 1)
		if _, err := s.Lookup(ctx, k.Fingerprint); !errors.Is(err, keystore.ErrNotFound) {
			t.Fatalf("unknown key: %v", err)
		}
		k.UserID, k.Comment, k.AddedFrom, k.ExpiresAt = "u1", "ada via OpenSSH_9.6", "203.0.113.7", t0.Add(30*24*time.Hour)
		if err := s.Remember(ctx, k); err != nil {
			t.Fatal(err)
		}
		got, err := s.Lookup(ctx, k.Fingerprint)
		if err != nil {
			t.Fatal(err)
		}
		if got.UserID != "u1" || got.Comment != k.Comment || got.AddedFrom != "203.0.113.7" || !got.AddedAt.Equal(t0) ||
			!got.ExpiresAt.Equal(k.ExpiresAt) || !got.LastUsedAt.IsZero() || got.Type != "ssh-ed25519" || got.PublicKey != k.PublicKey {
			t.Errorf("looked up %+v", got)
		}
		c.advance(time.Hour)
		if err := s.Used(ctx, k.Fingerprint, c.now(), "198.51.100.9"); err != nil {
			t.Fatal(err)
		}
		list, err := s.List(ctx, "u1")
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %v %v", list, err)
		}
		if !list[0].LastUsedAt.Equal(t0.Add(time.Hour)) || list[0].LastUsedFrom != "198.51.100.9" || !list[0].ExpiresAt.Equal(k.ExpiresAt) {
			t.Errorf("a use moved the wrong things: %+v", list[0])
		}
		if other, _ := s.List(ctx, "u2"); len(other) != 0 {
			t.Errorf("another user sees %v", other)
		}
	})

	t.Run("renewal keeps the first remembering; another user starts afresh", func(t *testing.T) {
		c := &clock{t: t0}
		s := open(t, c.now)
		k := newKey(t, 2)
		k.UserID, k.Comment, k.AddedFrom, k.ExpiresAt = "u1", "first", "203.0.113.7", t0.Add(24*time.Hour)
		must(t, s.Remember(ctx, k))
		must(t, s.Used(ctx, k.Fingerprint, t0.Add(time.Minute), "198.51.100.9"))
		c.advance(12 * time.Hour)
		renew := k
		renew.Comment, renew.AddedFrom, renew.AddedAt, renew.ExpiresAt = "second", "192.0.2.1", time.Time{}, c.now().Add(24*time.Hour)
		must(t, s.Remember(ctx, renew))
		got, err := s.Lookup(ctx, k.Fingerprint)
		must(t, err)
		if !got.ExpiresAt.Equal(renew.ExpiresAt) || got.Comment != "first" || !got.AddedAt.Equal(t0) || got.LastUsedFrom != "198.51.100.9" {
			t.Errorf("renewed: %+v", got)
		}
		other := renew
		other.UserID = "u2"
		must(t, s.Remember(ctx, other))
		got, err = s.Lookup(ctx, k.Fingerprint)
		must(t, err)
		if got.UserID != "u2" || got.Comment != "second" || !got.AddedAt.Equal(c.now()) || !got.LastUsedAt.IsZero() || got.LastUsedFrom != "" {
			t.Errorf("rebound: %+v", got)
		}
		if l, _ := s.List(ctx, "u1"); len(l) != 0 {
			t.Errorf("the first user still lists it: %v", l)
		}
	})

	t.Run("expiry", func(t *testing.T) {
		c := &clock{t: t0}
		s := open(t, c.now)
		a, b := newKey(t, 3), newKey(t, 4)
		a.UserID, a.ExpiresAt = "u1", t0.Add(time.Hour)
		b.UserID, b.ExpiresAt = "u1", t0.Add(3*time.Hour)
		must(t, s.Remember(ctx, a))
		must(t, s.Remember(ctx, b))
		c.advance(time.Hour) // a expires exactly now
		if _, err := s.Lookup(ctx, a.Fingerprint); !errors.Is(err, keystore.ErrNotFound) {
			t.Errorf("an expired key still signs in: %v", err)
		}
		if l, _ := s.List(ctx, "u1"); len(l) != 1 || l[0].Fingerprint != b.Fingerprint {
			t.Errorf("list after expiry: %v", l)
		}
		n, err := s.Prune(ctx)
		if err != nil || n != 1 {
			t.Errorf("pruned %d, %v", n, err)
		}
		// Remembering an expired key again starts afresh.
		a.ExpiresAt, a.AddedAt = c.now().Add(time.Hour), time.Time{}
		must(t, s.Remember(ctx, a))
		if got, err := s.Lookup(ctx, a.Fingerprint); err != nil || !got.AddedAt.Equal(c.now()) {
			t.Errorf("remembered again: %+v %v", got, err)
		}
	})

	t.Run("forget one, forget a user's", func(t *testing.T) {
		s := open(t, (&clock{t: t0}).now)
		keys := []keystore.Key{newKey(t, 5), newKey(t, 6), newKey(t, 7)}
		for i, k := range keys {
			k.UserID, k.ExpiresAt = []string{"u1", "u1", "u2"}[i], t0.Add(time.Hour)
			must(t, s.Remember(ctx, k))
		}
		if ok, err := s.Forget(ctx, "u2", keys[0].Fingerprint); ok || err != nil {
			t.Errorf("another user forgot u1's key: %v %v", ok, err)
		}
		if ok, err := s.Forget(ctx, "u1", keys[0].Fingerprint); !ok || err != nil {
			t.Errorf("forget: %v %v", ok, err)
		}
		if _, err := s.Lookup(ctx, keys[0].Fingerprint); !errors.Is(err, keystore.ErrNotFound) {
			t.Error("a forgotten key still signs in")
		}
		if n, err := s.ForgetUser(ctx, "u1"); n != 1 || err != nil {
			t.Errorf("forget user: %d %v", n, err)
		}
		if _, err := s.Lookup(ctx, keys[2].Fingerprint); err != nil {
			t.Errorf("u2's key went with u1's: %v", err)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		s := open(t, (&clock{t: t0}).now)
		if err := s.Remember(ctx, keystore.Key{Fingerprint: "MD5:aa", UserID: "u"}); err == nil {
			t.Error("a key without a SHA256 fingerprint was remembered")
		}
		k := newKey(t, 8)
		if err := s.Remember(ctx, k); err == nil {
			t.Error("a key without a user was remembered")
		}
	})

	t.Run("concurrent writers", func(t *testing.T) {
		s := open(t, (&clock{t: t0}).now)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k := newKey(t, byte(100+i%10))
				k.UserID, k.ExpiresAt = "u1", t0.Add(time.Hour)
				if err := s.Remember(ctx, k); err != nil {
					errs <- err
				}
				if err := s.Used(ctx, k.Fingerprint, t0, "127.0.0.1"); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if l, _ := s.List(ctx, "u1"); len(l) != 10 {
			t.Errorf("%d keys after concurrent writes, want 10", len(l))
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSQLiteFileIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	path := filepath.Join(dir, "keys.db")
	s, err := keystore.OpenSQLite(context.Background(), path, keystore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := newKey(t, 9)
	k.UserID, k.ExpiresAt = "u1", time.Now().Add(time.Hour)
	must(t, s.Remember(context.Background(), k))
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %04o", filepath.Base(p), st.Mode().Perm())
		}
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %04o", st.Mode().Perm())
	}
	must(t, s.Close())
	must(t, os.Chmod(path, 0o644))
	if _, err := keystore.OpenSQLite(context.Background(), path, keystore.Options{}); err == nil {
		t.Error("a store others can read was opened")
	}
}

func TestMigrationsAreRecordedAndANewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.db")
	s, err := keystore.OpenSQLite(context.Background(), path, keystore.Options{})
	must(t, err)
	must(t, s.Close())
	// Opening again applies nothing twice.
	s, err = keystore.OpenSQLite(context.Background(), path, keystore.Options{})
	must(t, err)
	must(t, s.Close())
	bumpSchema(t, path, keystore.SchemaVersion()+1)
	if _, err := keystore.OpenSQLite(context.Background(), path, keystore.Options{}); err == nil {
		t.Error("a database from a newer program was opened")
	}
}

func TestFingerprintMatchesSSHKeygen(t *testing.T) {
	// ssh-keygen -lf of the key below prints this fingerprint.
	pub, _, _, _, err := gossh.ParseAuthorizedKey([]byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMfBwK2y8U0Bq7fJk3O1mRzP3nqK3m1tqZHf0Xc+Wv5N test"))
	if err != nil {
		t.Fatal(err)
	}
	fp := keystore.Fingerprint(pub)
	if fp != "SHA256:moPYRx0rOqC4DWxzx90M9f8PcsYd8DK2TP4vpCM8bGI" {
		t.Errorf("fingerprint %s", fp)
	}
	if !keystore.ValidFingerprint(fp) || keystore.ValidFingerprint("SHA256:short") || keystore.ValidFingerprint("MD5:"+fp[7:]) {
		t.Errorf("fingerprint checks: %s", fp)
	}
	if got := keystore.ShortFingerprint(fp); len(got) >= len(fp) {
		t.Errorf("short form %q", got)
	}
}

func TestAPostgresPasswordIsNeverInAnError(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, url := range []string{"postgres://ada:s3cret-pw@127.0.0.1:1/keys?connect_timeout=2", "postgres://ada:s3cret-pw@[::1/keys"} {
		_, err := keystore.Open(ctx, url, keystore.Options{})
		if err == nil {
			t.Fatalf("%s opened", url)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("the password is in %q", err)
		}
	}
}
