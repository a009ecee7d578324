package auth

import (
	"github.com/logto-account/logto-account/i18n"

	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/logto-account/logto-account/logto"
)

// RefreshMargin is how long before expiry an access token is replaced.
const RefreshMargin = 60 * time.Second

// TokenSource hands out the signed-in user's access token, refreshing it
// ahead of expiry. One refresh runs at a time in the process (a mutex) and
// across processes (a file lock in LockDir); inside the lock the stored
// tokens are read again, since another process may have refreshed already.
// The rotated refresh token is saved before the new access token is used.
// It implements logto.TokenSource.
type TokenSource struct {
	Store    TokenStore
	Key      string
	Endpoint string
	ClientID string
	// LockDir holds the cross-process lock; "" means in-process only (SSH).
	LockDir    string
	HTTPClient *http.Client
	Now        func() time.Time
	// Warn receives problems that do not stop the call (a failed save), in
	// Lang's language (nil: English).
	Warn func(string)
	Lang *i18n.Localizer

	mu  sync.Mutex
	cur *Tokens
}

func (s *TokenSource) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Token implements logto.TokenSource.
func (s *TokenSource) Token(ctx context.Context) (string, error) {
	t, err := s.Tokens(ctx)
	if err != nil {
		return "", err
	}
	return t.AccessToken.Reveal(), nil
}

// Invalidate implements logto.TokenSource: the next call refreshes.
func (s *TokenSource) Invalidate(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil && s.cur.AccessToken.Reveal() == token {
		cp := *s.cur
		cp.Expiry = time.Unix(1, 0)
		s.cur = &cp
	}
}

// Tokens returns valid tokens, refreshing them when needed.
func (s *TokenSource) Tokens(ctx context.Context) (*Tokens, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		t, err := s.Store.Load(s.Key)
		if err != nil {
			return nil, err
		}
		s.cur = t
	}
	if s.cur.Valid(s.now(), RefreshMargin) {
		return s.cur, nil
	}
	if s.LockDir != "" {
		unlock, err := lockFile(filepath.Join(s.LockDir, "refresh-"+lockName(s.Key)+".lock"))
		if err != nil {
			return nil, err
		}
		defer unlock()
	}
	// Another process may have refreshed while we waited for the lock.
	stored, err := s.Store.Load(s.Key)
	if err != nil {
		s.cur = nil
		return nil, err
	}
	if stored.Valid(s.now(), RefreshMargin) {
		s.cur = stored
		return stored, nil
	}
	if stored.RefreshToken == "" {
		return nil, ErrSignInRequired
	}
	next, err := s.refresh(ctx, stored)
	if err != nil {
		if logto.IsCode(err, "invalid_grant") {
			_ = s.Store.Delete(s.Key)
			s.cur = nil
			var ae *logto.APIError
			errors.As(err, &ae)
			return nil, &EndedError{Reason: ae.Message}
		}
		return nil, err
	}
	if err := s.Store.Save(s.Key, next); err != nil && s.Warn != nil {
		s.Warn(s.Lang.T("tokenstore.refresh_not_saved", "Reason", err.Error()))
	}
	s.cur = next
	return next, nil
}

func (s *TokenSource) refresh(ctx context.Context, t *Tokens) (*Tokens, error) {
	hc := s.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {t.RefreshToken.Reveal()}, "client_id": {s.ClientID}}
	tr, err := postToken(ctx, hc, strings.TrimRight(s.Endpoint, "/"), form)
	if err != nil {
		var ae *logto.APIError
		if errors.As(err, &ae) {
			return nil, err
		}
		return nil, fmt.Errorf("refreshing the session: %w", err)
	}
	next := *t
	next.AccessToken = tr.AccessToken
	if tr.RefreshToken != "" {
		next.RefreshToken = tr.RefreshToken
	}
	if tr.IDToken != "" {
		next.IDToken = tr.IDToken
	}
	if tr.Scope != "" {
		next.Scope = tr.Scope
	}
	next.Expiry = expiryOf(s.now(), tr.ExpiresIn)
	return &next, nil
}

func expiryOf(now time.Time, expiresIn int64) time.Time {
	if expiresIn <= 0 {
		expiresIn = 3600
	}
	return now.Add(time.Duration(expiresIn) * time.Second)
}

func lockName(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// NewTokens builds Tokens from a device-flow answer and its verified identity.
func NewTokens(endpoint, clientID string, tr *TokenResponse, id Identity, now time.Time) *Tokens {
	return &Tokens{AccessToken: tr.AccessToken, RefreshToken: tr.RefreshToken, IDToken: tr.IDToken,
		TokenType: tr.TokenType, Scope: tr.Scope, Expiry: expiryOf(now, tr.ExpiresIn),
		Endpoint: endpoint, ClientID: clientID, Identity: id}
}

// Revoke revokes a refresh token (and so its whole grant) at the tenant.
func Revoke(ctx context.Context, hc *http.Client, endpoint, clientID string, refreshToken logto.Secret) error {
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	form := url.Values{"token": {refreshToken.Reveal()}, "token_type_hint": {"refresh_token"}, "client_id": {clientID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(endpoint, "/")+"/oidc/token/revocation",
		strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("revoking the session at the tenant: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("revoking the session at the tenant: HTTP %d", resp.StatusCode)
	}
	return nil
}
