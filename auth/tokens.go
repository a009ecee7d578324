// Package auth signs a person in with the OAuth device flow, verifies who
// they are from the ID token, keeps their tokens (OS keyring with a timeout,
// else a 0600 file), refreshes them one at a time across processes, and
// receives identity-provider redirects on a loopback listener. It never
// imports bubbletea; screens reach it through small interfaces.
package auth

import (
	"errors"
	"time"

	"github.com/logto-account/logto-account/logto"
)

// Tokens are a signed-in user's tokens and the identity verified from the
// ID token at sign-in. Every token field is a logto.Secret.
type Tokens struct {
	AccessToken  logto.Secret `json:"access_token"`
	RefreshToken logto.Secret `json:"refresh_token,omitempty"`
	IDToken      logto.Secret `json:"id_token,omitempty"`
	TokenType    string       `json:"token_type,omitempty"`
	Scope        string       `json:"scope,omitempty"`
	Expiry       time.Time    `json:"expiry"`
	// Endpoint and ClientID say which tenant and app the tokens belong to.
	Endpoint string `json:"endpoint"`
	ClientID string `json:"client_id"`
	// Identity is what the verified ID token said at sign-in.
	Identity Identity `json:"identity"`
}

// Identity is the verified user: Subject is the only user id the program
// ever acts on.
type Identity struct {
	Subject  string `json:"sub"`
	Name     string `json:"name,omitempty"`
	Username string `json:"username,omitempty"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
	// IssuedAt is the ID token's iat (Logto's clock, seconds) at the
	// device sign-in; refreshes keep it. It tells this terminal's own grant
	// from the app's other grants (logto.OwnGrant).
	IssuedAt int64 `json:"iat,omitempty"`
}

// Display is the best human label for the identity.
func (i Identity) Display() string {
	for _, s := range []string{i.Name, i.Username, i.Email, i.Phone} {
		if s != "" {
			return s
		}
	}
	return i.Subject
}

// Valid reports whether the access token is usable for at least margin.
func (t *Tokens) Valid(now time.Time, margin time.Duration) bool {
	return t != nil && t.AccessToken != "" && (t.Expiry.IsZero() || now.Add(margin).Before(t.Expiry))
}

// ErrSignInRequired means there are no usable tokens: the user must sign in
// (again). Refresh failures with invalid_grant end here, with tokens wiped.
var ErrSignInRequired = errors.New("sign-in required: your session has ended or was revoked; sign in again")

// EndedError is a sign-in Logto ended: the refresh answered invalid_grant.
// Reason is Logto's own description (oidc-provider's refresh_token grant:
// "refresh token is expired", "refresh token already used", "grant request
// is invalid" for a revoked grant, ...); it Is ErrSignInRequired.
type EndedError struct{ Reason string }

func (e *EndedError) Error() string {
	if e.Reason == "" {
		return ErrSignInRequired.Error()
	}
	return ErrSignInRequired.Error() + " (" + e.Reason + ")"
}

// Unwrap lets errors.Is(err, ErrSignInRequired) match.
func (e *EndedError) Unwrap() error { return ErrSignInRequired }

// Key names one tenant + app pair in the token store.
func Key(endpoint, clientID string) string { return endpoint + " " + clientID }
