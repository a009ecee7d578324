// Package flow binds a device-flow sign-in to a Management API account: it
// waits for approval, verifies the ID token, and returns an account bound
// to the verified subject — the only user id it ever acts on. (In admin
// mode the root then acts on the user the operator picks, through
// tui.Options.ActOn.) It is shared by the local program and the SSH service.
package flow

import (
	"context"
	"net/http"
	"time"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui"
)

// Management implements the sign-in screen's Flow.
type Management struct {
	Device   *auth.DeviceFlow
	Endpoint string
	ClientID string
	HTTP     *http.Client
	Client   *logto.Client
	// Verifier checks ID tokens; nil reads the tenant's discovery document
	// and keys for each sign-in (the SSH service shares one per process).
	Verifier *auth.SharedVerifier
	// Store keeps the tokens (nil: memory only, as in the SSH service).
	Store auth.TokenStore
	// LockDir holds the refresh lock; with Store it lets the local program
	// resume a kept sign-in ("" never resumes).
	LockDir string
	Now     func() time.Time
	// OnSignIn is told of each verified sign-in (the SSH service logs it).
	OnSignIn func(id auth.Identity)
	// Redeemed is told of every redeemed device code before its ID token is
	// checked, so that the SSH service can revoke each grant it made when
	// the session ends, even one whose check failed or was cut short.
	Redeemed func(tr *auth.TokenResponse)
}

// Start implements signin.Flow.
func (f *Management) Start(ctx context.Context) (*auth.DeviceCode, error) { return f.Device.Start(ctx) }

// Finish implements signin.Flow.
func (f *Management) Finish(ctx context.Context, dc *auth.DeviceCode) (any, error) {
	tr, err := f.Device.Poll(ctx, dc)
	if err != nil {
		return nil, err
	}
	if f.Redeemed != nil {
		f.Redeemed(tr)
	}
	if tr.IDToken == "" {
		return nil, &auth.IdentityError{Reason: "is missing: the scopes must include openid"}
	}
	id, err := verifier(f.Verifier, f.Endpoint, f.ClientID, f.HTTP, f.Now).Verify(ctx, tr.IDToken.Reveal())
	if err != nil {
		return nil, err
	}
	if f.Store != nil {
		_ = f.Store.Save(auth.Key(f.Endpoint, f.ClientID), auth.NewTokens(f.Endpoint, f.ClientID, tr, id, time.Now()))
	}
	if f.OnSignIn != nil {
		f.OnSignIn(id)
	}
	return &tui.SignedIn{Account: logto.NewManagementAccount(f.Client, id.Subject), Display: id.Display(), IssuedAt: id.IssuedAt}, nil
}

// verifier is v, or one for a single sign-in.
func verifier(v *auth.SharedVerifier, endpoint, clientID string, hc *http.Client, now func() time.Time) *auth.SharedVerifier {
	if v != nil {
		return v
	}
	return auth.NewSharedVerifier(endpoint, clientID, hc, now)
}

// Resume implements signin.Resumer for the local program: it signs in from
// the tokens `logto-account login` kept, once a refresh (when due) shows
// the grant is still alive. Without a store (the SSH service) it never
// resumes: every SSH session signs in on its own.
func (f *Management) Resume(ctx context.Context) (any, error) {
	if f.Store == nil || f.LockDir == "" {
		return nil, auth.ErrSignInRequired
	}
	key := auth.Key(f.Endpoint, f.ClientID)
	tok, err := f.Store.Load(key)
	if err != nil {
		return nil, err
	}
	if tok.Identity.Subject == "" {
		return nil, auth.ErrSignInRequired
	}
	ts := &auth.TokenSource{Store: f.Store, Key: key, Endpoint: f.Endpoint, ClientID: f.ClientID,
		LockDir: f.LockDir, HTTPClient: f.HTTP, Now: f.Now}
	if _, err := ts.Tokens(ctx); err != nil {
		return nil, err
	}
	if f.OnSignIn != nil {
		f.OnSignIn(tok.Identity)
	}
	return &tui.SignedIn{Account: logto.NewManagementAccount(f.Client, tok.Identity.Subject), Display: tok.Identity.Display(),
		IssuedAt: tok.Identity.IssuedAt}, nil
}
