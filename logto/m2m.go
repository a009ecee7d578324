package logto

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultManagementResource is the Management API indicator of an OSS tenant.
const DefaultManagementResource = "https://default.logto.app/api"

// M2MConfig configures a machine-to-machine token source.
type M2MConfig struct {
	// Endpoint is the tenant base URL (the same host as the /api calls).
	Endpoint string
	// AppID and AppSecret are the M2M application's credentials.
	AppID     string
	AppSecret Secret
	// Resource is the Management API indicator; empty means DefaultManagementResource.
	Resource string
	// HTTPClient sends the token requests; nil means a 30 s timeout client.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// EarlyRefresh is how long before expiry a token is replaced; 0 means 60 s.
	EarlyRefresh time.Duration
}

// M2MTokenSource gets client_credentials tokens for the Management API,
// caches one until EarlyRefresh before it expires, and lets concurrent callers
// share a single token request. It is safe for concurrent use and meant to be
// shared by every session of a process.
type M2MTokenSource struct {
	cfg      M2MConfig
	tokenURL string

	mu       sync.Mutex
	token    string
	expiry   time.Time
	inflight *tokenCall
}

type tokenCall struct {
	done  chan struct{}
	token string
	err   error
}

// NewM2MTokenSource checks cfg and returns a token source.
func NewM2MTokenSource(cfg M2MConfig) (*M2MTokenSource, error) {
	if cfg.AppID == "" || cfg.AppSecret == "" {
		return nil, &ValidationError{Field: "m2m", Reason: "an M2M app id and secret are both needed"}
	}
	u, err := url.Parse(strings.TrimRight(cfg.Endpoint, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &ValidationError{Field: "endpoint", Reason: fmt.Sprintf("%q is not an absolute http(s) URL", cfg.Endpoint)}
	}
	if cfg.Resource == "" {
		cfg.Resource = DefaultManagementResource
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.EarlyRefresh == 0 {
		cfg.EarlyRefresh = 60 * time.Second
	}
	return &M2MTokenSource{cfg: cfg, tokenURL: u.String() + "/oidc/token"}, nil
}

// Token returns the cached token or fetches a new one. A caller whose ctx ends
// stops waiting; the shared request goes on for the others.
func (s *M2MTokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.token != "" && s.cfg.Now().Before(s.expiry.Add(-s.cfg.EarlyRefresh)) {
		t := s.token
		s.mu.Unlock()
		return t, nil
	}
	call := s.inflight
	if call == nil {
		call = &tokenCall{done: make(chan struct{})}
		s.inflight = call
		go s.fetch(context.WithoutCancel(ctx), call)
	}
	s.mu.Unlock()
	select {
	case <-call.done:
		return call.token, call.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Invalidate drops token if it is the cached one.
func (s *M2MTokenSource) Invalidate(token string) {
	s.mu.Lock()
	if s.token == token {
		s.token = ""
		s.expiry = time.Time{}
	}
	s.mu.Unlock()
}

func (s *M2MTokenSource) fetch(ctx context.Context, call *tokenCall) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	token, expiresIn, err := s.request(ctx)
	s.mu.Lock()
	if err == nil {
		s.token = token
		s.expiry = s.cfg.Now().Add(expiresIn)
	}
	s.inflight = nil
	s.mu.Unlock()
	call.token, call.err = token, err
	close(call.done)
}

func (s *M2MTokenSource) request(ctx context.Context) (string, time.Duration, error) {
	form := url.Values{
		"grant_type": {"client_credentials"},
		"resource":   {s.cfg.Resource},
		"scope":      {"all"},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("logto: building the M2M token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	// client_secret_basic: both parts form-URL-encoded first (RFC 6749 §2.3.1).
	req.SetBasicAuth(url.QueryEscape(s.cfg.AppID), url.QueryEscape(s.cfg.AppSecret.Reveal()))
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("logto: POST /oidc/token (M2M): %w", unwrapURLError(err))
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes))
	if resp.StatusCode != http.StatusOK {
		return "", 0, decodeAPIError(http.MethodPost, "/oidc/token", resp.StatusCode, raw)
	}
	var tr struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
		Scope       string `json:"scope"`
	}
	if json.Unmarshal(raw, &tr) != nil || tr.AccessToken == "" {
		return "", 0, fmt.Errorf("logto: POST /oidc/token (M2M): HTTP 200 without an access token")
	}
	if !hasScope(tr.Scope, "all") {
		// Pitfall 2: the token is issued but every call would fail 403.
		return "", 0, &APIError{Status: http.StatusForbidden, Code: "auth.forbidden", Method: http.MethodPost, Path: "/oidc/token",
			Message: "the M2M app has no role with the Management API's `all` permission"}
	}
	if tr.ExpiresIn <= 0 {
		tr.ExpiresIn = 3600
	}
	return tr.AccessToken, time.Duration(tr.ExpiresIn) * time.Second, nil
}

func hasScope(scopes, want string) bool {
	for _, s := range strings.Fields(scopes) {
		if s == want {
			return true
		}
	}
	return false
}
