package flow

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui"
)

func fast(ctx context.Context, _ time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(5 * time.Millisecond):
		return nil
	}
}

// keptSignIn signs uid in through the device flow and keeps the tokens in
// a file store, as `logto-account login` does.
func keptSignIn(t *testing.T, emu *emulator.Emulator, url, uid string, scopes []string) (*auth.Store, string) {
	t.Helper()
	dir := t.TempDir()
	store := &auth.Store{Dir: dir}
	f := &Account{Endpoint: url, ClientID: emulator.DefaultDeviceAppID, Store: store, LockDir: dir,
		Device: &auth.DeviceFlow{Endpoint: url, ClientID: emulator.DefaultDeviceAppID, Scopes: scopes, Sleep: fast}}
	ctx := context.Background()
	dc, err := f.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.ApproveDevice(dc.UserCode, uid, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Finish(ctx, dc); err != nil {
		t.Fatal(err)
	}
	return store, dir
}

func TestKeptSignInIsResumedUntilItIsRevoked(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	uid := emu.SeedDemo()
	emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	store, dir := keptSignIn(t, emu, srv.URL, uid, AccountScopes)
	m2m, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: srv.URL, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	client, _ := logto.New(logto.Options{Endpoint: srv.URL, Tokens: m2m})
	mgmt := &Management{Endpoint: srv.URL, ClientID: emulator.DefaultDeviceAppID, Client: client, Store: store, LockDir: dir}
	acct := &Account{Endpoint: srv.URL, ClientID: emulator.DefaultDeviceAppID, Store: store, LockDir: dir}
	ctx := context.Background()

	for name, f := range map[string]interface {
		Resume(context.Context) (any, error)
	}{"operator": mgmt, "end user": acct} {
		res, err := f.Resume(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		u, err := res.(*tui.SignedIn).Account.Me(ctx)
		if err != nil || u.ID != uid {
			t.Errorf("%s resumed as %v (%v), want %s", name, u, err, uid)
		}
	}
	// The SSH service never resumes: each session signs in on its own.
	if _, err := (&Management{Endpoint: srv.URL, ClientID: emulator.DefaultDeviceAppID, Client: client}).Resume(ctx); !errors.Is(err, auth.ErrSignInRequired) {
		t.Errorf("without a store: %v", err)
	}
	// A token without the Account API's scopes is not used there.
	thin, thinDir := keptSignIn(t, emu, srv.URL, uid, []string{"openid", "offline_access", "profile"})
	if _, err := (&Account{Endpoint: srv.URL, ClientID: emulator.DefaultDeviceAppID, Store: thin, LockDir: thinDir}).Resume(ctx); !errors.Is(err, auth.ErrSignInRequired) {
		t.Errorf("thin scopes: %v", err)
	}
	// Once the grant is gone (signed out elsewhere, suspended), a due
	// refresh fails and the kept tokens are wiped: a new sign-in is asked.
	if _, err := client.SetSuspended(ctx, uid, true); err != nil {
		t.Fatal(err)
	}
	mgmt.Now = func() time.Time { return time.Now().Add(2 * time.Hour) } // the access token is due
	_, err := mgmt.Resume(ctx)
	var ended *auth.EndedError
	if !errors.Is(err, auth.ErrSignInRequired) || !errors.As(err, &ended) || ended.Reason == "" {
		t.Errorf("after suspension: %v (want Logto's reason kept)", err)
	}
	if _, err := store.Load(auth.Key(srv.URL, emulator.DefaultDeviceAppID)); !errors.Is(err, auth.ErrSignInRequired) {
		t.Errorf("the dead tokens were kept: %v", err)
	}
}

// TestRedeemedHearsOfEveryGrant: the SSH service revokes what Redeemed
// gave it, so it must hear of a grant even when the ID token is refused.
func TestRedeemedHearsOfEveryGrant(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	uid := emu.SeedDemo()
	var got []*auth.TokenResponse
	f := &Management{Endpoint: srv.URL, ClientID: "another-app", // the ID token's audience will not match
		Device:   &auth.DeviceFlow{Endpoint: srv.URL, ClientID: emulator.DefaultDeviceAppID, Scopes: []string{"openid", "offline_access"}, Sleep: fast},
		Redeemed: func(tr *auth.TokenResponse) { got = append(got, tr) }}
	ctx := context.Background()
	dc, err := f.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.ApproveDevice(dc.UserCode, uid, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Finish(ctx, dc); err == nil {
		t.Fatal("an ID token for another app was accepted")
	}
	if len(got) != 1 || got[0].RefreshToken == "" {
		t.Fatalf("Redeemed heard of %d grants", len(got))
	}
}
