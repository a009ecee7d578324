package flow

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui"
)

// AccountScopes are what the Account API screens need on the user's token
// (docs/logto-behaviour.md#account-scopes): one per field family, plus sessions.
var AccountScopes = []string{"openid", "offline_access", "profile", "email", "phone", "custom_data", "identities",
	"urn:logto:scope:sessions"}

// OptionalScopes are asked for too, but a sign-in without them still
// works: only the fields they cover are read-only, and without the
// organizations scopes the organisations are not listed (the tenant's app
// settings decide whether they are granted).
var OptionalScopes = []string{"address", logto.ScopeOrganizations, logto.ScopeOrganizationRoles}

// WithAccountScopes returns scopes plus any of AccountScopes it lacks.
func WithAccountScopes(scopes []string) []string {
	out := slices.Clone(scopes)
	for _, s := range slices.Concat(AccountScopes, OptionalScopes) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// MissingScopes lists the AccountScopes a granted scope string lacks.
func MissingScopes(granted string) []string {
	have := strings.Fields(granted)
	var out []string
	for _, s := range AccountScopes {
		if !slices.Contains(have, s) {
			out = append(out, s)
		}
	}
	return out
}

// Account is the end-user sign-in: the device flow for an opaque token
// (no resource), the verified ID token, and an Account API backend that
// acts with the user's own token. No M2M secret is read or needed.
type Account struct {
	Device   *auth.DeviceFlow
	Endpoint string
	ClientID string
	HTTP     *http.Client
	// Verifier checks ID tokens; nil reads the tenant's discovery document
	// and keys for each sign-in.
	Verifier *auth.SharedVerifier
	// Store keeps the tokens (nil: memory only).
	Store auth.TokenStore
	// LockDir holds the cross-process refresh lock ("" = in-process only).
	LockDir string
	Now     func() time.Time
	// Warn receives problems that do not stop the program, in Lang's
	// language (nil: English).
	Warn func(string)
	Lang *i18n.Localizer
	// AcceptLanguage asks Logto to speak the user's language (logto.Options).
	AcceptLanguage string
}

// Start implements signin.Flow.
func (f *Account) Start(ctx context.Context) (*auth.DeviceCode, error) { return f.Device.Start(ctx) }

func (f *Account) store() auth.TokenStore {
	if f.Store == nil {
		f.Store = &auth.MemoryStore{Lang: f.Lang}
	}
	return f.Store
}

// Finish implements signin.Flow.
func (f *Account) Finish(ctx context.Context, dc *auth.DeviceCode) (any, error) {
	tr, err := f.Device.Poll(ctx, dc)
	if err != nil {
		return nil, err
	}
	if tr.IDToken == "" {
		return nil, &auth.IdentityError{Reason: "is missing: the scopes must include openid"}
	}
	id, err := verifier(f.Verifier, f.Endpoint, f.ClientID, f.HTTP, f.Now).Verify(ctx, tr.IDToken.Reveal())
	if err != nil {
		return nil, err
	}
	key := auth.Key(f.Endpoint, f.ClientID)
	if err := f.store().Save(key, auth.NewTokens(f.Endpoint, f.ClientID, tr, id, time.Now())); err != nil && f.Warn != nil {
		f.Warn(f.Lang.T("tokenstore.signin_not_kept", "Reason", err.Error()))
		f.Store = &auth.MemoryStore{Lang: f.Lang}
		_ = f.Store.Save(key, auth.NewTokens(f.Endpoint, f.ClientID, tr, id, time.Now()))
	}
	return f.signedIn(id, tr.Scope)
}

// Resume implements signin.Resumer: it signs in from tokens kept by an
// earlier sign-in (`logto-account login`), refreshing them when needed.
// Tokens without the Account API's scopes are not used.
func (f *Account) Resume(ctx context.Context) (any, error) {
	key := auth.Key(f.Endpoint, f.ClientID)
	tok, err := f.store().Load(key)
	if err != nil {
		return nil, err
	}
	if len(MissingScopes(tok.Scope)) > 0 || tok.Identity.Subject == "" {
		return nil, auth.ErrSignInRequired
	}
	ts := f.tokenSource()
	if _, err := ts.Tokens(ctx); err != nil {
		return nil, err
	}
	return f.signedIn(tok.Identity, tok.Scope)
}

func (f *Account) tokenSource() *auth.TokenSource {
	return &auth.TokenSource{Store: f.store(), Key: auth.Key(f.Endpoint, f.ClientID), Endpoint: f.Endpoint,
		ClientID: f.ClientID, LockDir: f.LockDir, HTTPClient: f.HTTP, Now: f.Now, Warn: f.Warn, Lang: f.Lang}
}

func (f *Account) signedIn(id auth.Identity, scope string) (*tui.SignedIn, error) {
	c, err := logto.New(logto.Options{Endpoint: f.Endpoint, Tokens: f.tokenSource(), HTTPClient: f.HTTP, Now: f.Now,
		AcceptLanguage: f.AcceptLanguage})
	if err != nil {
		return nil, err
	}
	return &tui.SignedIn{Account: logto.NewMyAccount(c).WithScopes(scope), Display: id.Display(), IssuedAt: id.IssuedAt}, nil
}
