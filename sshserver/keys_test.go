package sshserver

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/sshserver/keystore"
)

const adaPassword = "Analytical-Engine-1843"

// storeClock moves the key store's idea of now (expiry) ahead of the wall.
type storeClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *storeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return time.Now().Add(c.off) }

func (c *storeClock) set(d time.Duration) { c.mu.Lock(); c.off = d; c.mu.Unlock() }

// keyServer is a server remembering keys in an SQLite store of its own.
func keyServer(t testing.TB, mod func(*Config)) (*harness, keystore.Store, *storeClock) {
	t.Helper()
	clock := &storeClock{}
	store, err := keystore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "keys.db"), keystore.Options{Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	h := start(t, func(c *Config) {
		c.Keys = store
		if mod != nil {
			mod(c)
		}
	}, "")
	return h, store, clock
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dialAs connects as login with the given auth methods, as OpenSSH does:
// keys first, then keyboard-interactive.
func dialAs(addr, login string, signer gossh.Signer) (*gossh.Client, error) {
	var auth []gossh.AuthMethod
	if signer != nil {
		auth = append(auth, gossh.PublicKeys(signer))
	}
	auth = append(auth, gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil }))
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{User: login, Auth: auth, Timeout: 10 * time.Second,
		HostKeyCallback: gossh.InsecureIgnoreHostKey()})
}

// openKey opens a session with a PTY, authenticated with signer (nil: no
// key, keyboard-interactive only).
func openKey(t *testing.T, addr string, signer gossh.Signer) *term {
	t.Helper()
	return openAs(t, addr, "ada", signer)
}

func openAs(t *testing.T, addr, login string, signer gossh.Signer) *term {
	t.Helper()
	c, err := dialAs(addr, login, signer)
	if err != nil {
		t.Fatal(err)
	}
	return attach(t, c, true)
}

// approve approves the code on tm's screen as uid.
func (h *harness) approve(t *testing.T, tm *term, uid string) {
	t.Helper()
	if err := h.emu.ApproveDevice(tm.userCode(), uid, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
}

func (tm *term) quit() {
	tm.t.Helper()
	tm.client.Close()
	select {
	case <-tm.done:
	case <-time.After(30 * time.Second):
		tm.t.Fatal("the session did not end")
	}
}

// remember signs uid in with the device flow from a connection made with
// signer and says yes to remembering the key.
func (h *harness) remember(t *testing.T, signer gossh.Signer, uid string) {
	t.Helper()
	tm := openKey(t, h.addr, signer)
	h.approve(t, tm, uid)
	tm.waitFor("Remember the SSH key you connected with")
	tm.press("y")
	tm.waitFor("Remembered until")
	tm.quit()
}

func (h *harness) deviceAuths() int { return h.emu.CountRequests(http.MethodPost, "/oidc/device/auth") }

func TestARememberedKeySignsInWithoutTheDeviceFlow(t *testing.T) {
	h, store, _ := keyServer(t, nil)
	ada := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace", Password: adaPassword})
	key := newSigner(t)
	h.remember(t, key, ada)
	list, err := store.List(context.Background(), ada)
	if err != nil || len(list) != 1 {
		t.Fatalf("remembered: %v %v", list, err)
	}
	if k := list[0]; k.Fingerprint != gossh.FingerprintSHA256(key.PublicKey()) || k.AddedFrom != "127.0.0.1" ||
		!strings.HasPrefix(k.Comment, "ada via Go") || k.ExpiresAt.Before(time.Now().Add(29*24*time.Hour)) {
		t.Errorf("remembered %+v", k)
	}
	// The device sign-in's grant is revoked when its session ends.
	if !eventually(30*time.Second, func() bool { return h.srv.Stats().GrantsRevoked == 1 }) {
		t.Fatalf("grants revoked: %+v", h.srv.Stats())
	}

	codes := h.deviceAuths()
	tm := openKey(t, h.addr, key)
	tm.waitFor("Your remembered SSH key opened it")
	tm.waitFor("Lovelace")
	if h.deviceAuths() != codes {
		t.Error("the device flow ran for a remembered key")
	}
	if k, _ := store.Lookup(context.Background(), list[0].Fingerprint); k == nil || k.LastUsedAt.IsZero() || k.LastUsedFrom != "127.0.0.1" ||
		!k.ExpiresAt.Equal(list[0].ExpiresAt) {
		t.Errorf("after a key sign-in: %+v (a key's use never moves its expiry)", k)
	}
	// The Sessions screen lists the key; no grant there is this terminal's.
	tm.press("7")
	tm.waitFor("Remembered SSH keys (1)")
	tm.waitFor("this connection")
	if strings.Contains(tm.screenText(), "this terminal") {
		t.Errorf("a key session calls a grant this terminal's:\n%s", tm.screenText())
	}
	// Forgetting it is a sensitive action like any other: the proof window
	// of a key sign-in starts expired, so the password is asked first.
	for range 30 {
		tm.press("j")
	}
	tm.press("d")
	tm.waitFor("Forget the SSH key")
	tm.press("y")
	tm.waitFor("Confirm it is you")
	tm.press(adaPassword + "\r")
	tm.waitFor("Forgot the SSH key")
	if l, _ := store.List(context.Background(), ada); len(l) != 0 {
		t.Errorf("still remembered: %v", l)
	}
	tm.quit()
	// Nothing of the key session was revoked: it held no grant.
	if !eventually(30*time.Second, func() bool { return h.srv.Active() == 0 }) || h.srv.Stats().GrantsRevoked != 1 {
		t.Errorf("after the key session: %+v", h.srv.Stats())
	}
	// The next connection with the key runs the device flow again.
	again := openKey(t, h.addr, key)
	again.userCode()
}

func TestAKeySignInStillAsksForAProofBeforeAChange(t *testing.T) {
	h, _, _ := keyServer(t, nil)
	ada := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace", Password: adaPassword, Email: "ada@example.com"})
	key := newSigner(t)
	h.remember(t, key, ada)
	tm := openKey(t, h.addr, key)
	tm.waitFor("Your remembered SSH key opened it")
	tm.press("2") // email & phone: remove the email
	tm.waitFor("ada@example.com")
	tm.press("d")
	tm.waitFor("(y/n)")
	tm.press("y")
	tm.waitFor("Confirm it is you")
	if u, _ := h.emu.User(ada); u.Email != "ada@example.com" {
		t.Fatal("the email was removed without a proof")
	}
}

func TestADeclinedOrKeylessSignInRemembersNothing(t *testing.T) {
	h, store, _ := keyServer(t, nil)
	ada := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	tm := openKey(t, h.addr, newSigner(t))
	h.approve(t, tm, ada)
	tm.waitFor("Remember the SSH key you connected with")
	tm.press("n")
	tm.waitFor("Not remembered.")
	// Without a key (keyboard-interactive) there is nothing to offer.
	nokey := openKey(t, h.addr, nil)
	h.approve(t, nokey, ada)
	nokey.waitFor("Lovelace")
	nokey.press("7")
	nokey.waitFor("Remembered SSH keys (0)")
	if strings.Contains(nokey.text(), "Remember the SSH key") {
		t.Error("a connection without a key was offered to remember one")
	}
	if l, _ := store.List(context.Background(), ada); len(l) != 0 {
		t.Errorf("remembered: %v", l)
	}
	// A client offering no method but "none" is not let in while keys are
	// remembered (OpenSSH always goes on to keys and keyboard-interactive).
	if c, _, err := dial(t, h.addr); err == nil {
		c.Close()
		t.Error("\"none\" authentication was accepted")
	}
}

func TestAnExpiredKeyAsksAgainAndADeviceSignInRenewsIt(t *testing.T) {
	h, store, clock := keyServer(t, nil)
	ada := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	key := newSigner(t)
	h.remember(t, key, ada)
	fp := gossh.FingerprintSHA256(key.PublicKey())
	first, err := store.Lookup(context.Background(), fp)
	if err != nil {
		t.Fatal(err)
	}
	// 31 days on, the key has expired: the device flow, and the offer again.
	clock.set(31 * 24 * time.Hour)
	tm := openKey(t, h.addr, key)
	h.approve(t, tm, ada)
	tm.waitFor("Remember the SSH key you connected with")
	tm.quit()
	// Back to today: connecting as "renew" skips the key sign-in once; the
	// device sign-in renews the key instead of asking.
	clock.set(0)
	tm = openAs(t, h.addr, "renew", key)
	h.approve(t, tm, ada)
	tm.waitFor("stays remembered until")
	renewed, err := store.Lookup(context.Background(), fp)
	if err != nil || !renewed.ExpiresAt.After(first.ExpiresAt) || !renewed.AddedAt.Equal(first.AddedAt) {
		t.Errorf("renewed %+v, first %+v (%v)", renewed, first, err)
	}
	if strings.Contains(tm.text(), "Remember the SSH key") {
		t.Error("a remembered key was offered again")
	}
}

func TestSuspensionAndDeletionForgetAUsersKeys(t *testing.T) {
	h, store, _ := keyServer(t, nil)
	ada := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace", Password: adaPassword})
	charles := h.emu.SeedUser(emulator.UserSeed{Username: "charles", Name: "Charles Babbage"})
	grace := h.emu.SeedUser(emulator.UserSeed{Username: "grace", Name: "Grace Hopper"})
	adaKey, charlesKey, graceKey := newSigner(t), newSigner(t), newSigner(t)
	h.remember(t, adaKey, ada)
	h.remember(t, charlesKey, charles)
	h.remember(t, graceKey, grace)
	ctx := context.Background()

	t.Run("suspended: refused, keys forgotten", func(t *testing.T) {
		if _, err := h.srv.cfg.Client.SetSuspended(ctx, charles, true); err != nil {
			t.Fatal(err)
		}
		tm := openKey(t, h.addr, charlesKey)
		tm.waitFor("This account is suspended")
		select {
		case <-tm.done:
		case <-time.After(30 * time.Second):
			t.Fatal("a suspended user's session stayed open")
		}
		if l, _ := store.List(ctx, charles); len(l) != 0 {
			t.Errorf("a suspended user's keys: %v", l)
		}
	})
	t.Run("deleted in the Console: the device flow, keys forgotten", func(t *testing.T) {
		if err := h.srv.cfg.Client.DeleteUser(ctx, grace); err != nil {
			t.Fatal(err)
		}
		openKey(t, h.addr, graceKey).userCode()
		if !eventually(30*time.Second, func() bool { l, _ := store.List(ctx, grace); return len(l) == 0 }) {
			t.Error("a deleted user's keys are still remembered")
		}
	})
	t.Run("deleted from the danger zone", func(t *testing.T) {
		tm := openKey(t, h.addr, adaKey)
		tm.waitFor("Your remembered SSH key opened it")
		tm.press("8")
		tm.waitFor("Delete this account")
		tm.press("x")
		tm.press("ada\r")
		tm.waitFor("Confirm it is you")
		tm.press(adaPassword + "\r")
		tm.waitFor("Goodbye")
		if l, _ := store.List(ctx, ada); len(l) != 0 {
			t.Errorf("a deleted account's keys: %v", l)
		}
	})
}
