package auth

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
)

// signedIn runs a device flow against the emulator and stores the tokens
// with an access token that is about to expire.
func signedIn(t *testing.T, env *emuEnv, store TokenStore) string {
	t.Helper()
	ctx := context.Background()
	clock := newFakeClock()
	f := env.flow(clock)
	dc, err := f.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_ = env.emu.ApproveDevice(dc.UserCode, env.userID, emulator.SessionOptions{})
	tr, err := f.Poll(ctx, dc)
	if err != nil {
		t.Fatal(err)
	}
	key := Key(env.srv.URL, emulator.DefaultDeviceAppID)
	tok := NewTokens(env.srv.URL, emulator.DefaultDeviceAppID, tr, Identity{Subject: env.userID}, time.Now())
	tok.Expiry = time.Now().Add(30 * time.Second) // inside the refresh margin
	if err := store.Save(key, tok); err != nil {
		t.Fatal(err)
	}
	env.emu.ResetRequests()
	return key
}

func refreshCount(env *emuEnv) int { return env.emu.CountRequests(http.MethodPost, "/oidc/token") }

func TestFiftyGoroutinesRefreshOnce(t *testing.T) {
	env := newEmuEnv(t)
	dir := t.TempDir()
	store := &Store{Dir: dir}
	key := signedIn(t, env, store)
	ts := &TokenSource{Store: store, Key: key, Endpoint: env.srv.URL, ClientID: emulator.DefaultDeviceAppID, LockDir: dir}
	var wg sync.WaitGroup
	tokens := make(chan string, 50)
	for range 50 {
		wg.Go(func() {
			tok, err := ts.Token(context.Background())
			if err != nil {
				t.Error(err)
			}
			tokens <- tok
		})
	}
	wg.Wait()
	close(tokens)
	distinct := map[string]bool{}
	for tok := range tokens {
		distinct[tok] = true
	}
	if n := refreshCount(env); n != 1 || len(distinct) != 1 {
		t.Errorf("refresh requests = %d, distinct tokens = %d; want 1 and 1", n, len(distinct))
	}
	stored, _ := store.Load(key)
	got, _ := ts.Tokens(context.Background())
	if stored.RefreshToken != got.RefreshToken {
		t.Error("the rotated refresh token was not saved")
	}
}

func TestTwoSourcesOverOneFileRefreshOnce(t *testing.T) {
	env := newEmuEnv(t)
	dir := t.TempDir()
	key := signedIn(t, env, &Store{Dir: dir})
	// Two "processes": separate stores and sources over the same directory.
	a := &TokenSource{Store: &Store{Dir: dir}, Key: key, Endpoint: env.srv.URL, ClientID: emulator.DefaultDeviceAppID, LockDir: dir}
	b := &TokenSource{Store: &Store{Dir: dir}, Key: key, Endpoint: env.srv.URL, ClientID: emulator.DefaultDeviceAppID, LockDir: dir}
	var wg sync.WaitGroup
	for _, ts := range []*TokenSource{a, b, a, b} {
		wg.Go(func() {
			if _, err := ts.Token(context.Background()); err != nil {
				t.Errorf("refresh failed: %v", err)
			}
		})
	}
	wg.Wait()
	if n := refreshCount(env); n != 1 {
		t.Errorf("refresh requests = %d, want 1", n)
	}
	// Both keep working: no refresh token was reused.
	env.emu.Advance(2 * time.Hour)
	for _, ts := range []*TokenSource{a, b} {
		ts.Invalidate(mustToken(t, ts))
	}
	if _, err := a.Token(context.Background()); err != nil {
		t.Fatalf("a after expiry: %v", err)
	}
	if _, err := b.Token(context.Background()); err != nil {
		t.Fatalf("b after a refreshed: %v", err)
	}
}

func mustToken(t *testing.T, ts *TokenSource) string {
	tok, err := ts.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestRevokedGrantMeansSignInAgain(t *testing.T) {
	env := newEmuEnv(t)
	store := &Store{Dir: t.TempDir()}
	key := signedIn(t, env, store)
	stored, _ := store.Load(key)
	if err := Revoke(context.Background(), nil, env.srv.URL, emulator.DefaultDeviceAppID, stored.RefreshToken); err != nil {
		t.Fatal(err)
	}
	ts := &TokenSource{Store: store, Key: key, Endpoint: env.srv.URL, ClientID: emulator.DefaultDeviceAppID}
	if _, err := ts.Token(context.Background()); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("want ErrSignInRequired, got %v", err)
	}
	if _, err := store.Load(key); !errors.Is(err, ErrSignInRequired) {
		t.Error("tokens were not wiped after invalid_grant")
	}
	before := refreshCount(env)
	if _, err := ts.Token(context.Background()); !errors.Is(err, ErrSignInRequired) || refreshCount(env) != before {
		t.Error("a wiped session was retried against the server")
	}
}
