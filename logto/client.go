// Package logto is a typed client for the parts of Logto's Management API and
// OIDC endpoints that self-service account management needs.
//
// Every call takes a context, validates what docs/logto-behaviour.md gives a rule for
// before sending, and returns *APIError for any non-2xx answer.
package logto

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	// maxBodyBytes bounds a success body; a PAT list of thousands fits.
	maxBodyBytes = 16 << 20
	// maxErrorBodyBytes bounds an error body; Logto's are a few hundred bytes.
	maxErrorBodyBytes = 64 << 10
)

// TokenSource hands out bearer tokens for /api calls.
type TokenSource interface {
	// Token returns a valid access token.
	Token(ctx context.Context) (string, error)
	// Invalidate drops token from any cache after the server refused it.
	Invalidate(token string)
}

// Options configure a Client.
type Options struct {
	// Endpoint is the tenant's base URL, e.g. http://localhost:3001.
	Endpoint string
	// Tokens supplies bearer tokens for /api calls (usually an M2M source).
	Tokens TokenSource
	// HTTPClient is used for every request; nil means a client with a 30 s timeout.
	HTTPClient *http.Client
	// UserAgent is sent on every request.
	UserAgent string
	// MaxRetries is how often a GET is retried on 429/502/503/504 or a
	// transport error; 0 means 3, negative means never.
	MaxRetries int
	// MaxRetryWait caps one wait between retries (also a Retry-After); 0 means 10 s.
	MaxRetryWait time.Duration
	// Now is the clock used for validation (PAT expiry); nil means time.Now.
	Now func() time.Time
	// Sleep waits between retries; nil means a timer honouring ctx. Tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Observe, when set, is told of every request: method, path (never the
	// query or body), status (0 on a transport error) and duration. The SSH
	// service logs actions by user id from it.
	Observe func(method, path string, status int, d time.Duration)
	// AcceptLanguage, when set, is sent on every request, so that Logto's
	// messages, and the codes it emails and texts, come in the user's
	// language (i18n.AcceptLanguage makes it).
	AcceptLanguage string
}

// Client talks to one Logto tenant. It is safe for concurrent use.
type Client struct {
	base       *url.URL
	tokens     TokenSource
	hc         *http.Client
	ua         string
	maxRetries int
	maxWait    time.Duration
	now        func() time.Time
	sleep      func(ctx context.Context, d time.Duration) error
	observe    func(method, path string, status int, d time.Duration)
	lang       string // Accept-Language ("" none)
}

// New builds a Client. The endpoint must be an absolute http(s) URL.
func New(opts Options) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(opts.Endpoint, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &ValidationError{Field: "endpoint", Reason: fmt.Sprintf("%q is not an absolute http(s) URL such as https://tenant.logto.app", opts.Endpoint)}
	}
	c := &Client{
		base:       u,
		tokens:     opts.Tokens,
		hc:         opts.HTTPClient,
		ua:         opts.UserAgent,
		maxRetries: opts.MaxRetries,
		maxWait:    opts.MaxRetryWait,
		now:        opts.Now,
		sleep:      opts.Sleep,
		observe:    opts.Observe,
		lang:       opts.AcceptLanguage,
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: 30 * time.Second}
	}
	if c.ua == "" {
		c.ua = "logto-account"
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = 3
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.maxWait == 0 {
		c.maxWait = 10 * time.Second
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sleep == nil {
		c.sleep = SleepContext
	}
	return c, nil
}

// Endpoint returns the tenant base URL without a trailing slash.
func (c *Client) Endpoint() string { return c.base.String() }

// SleepContext waits d or until ctx ends (the default Sleep of clients
// and flows; tests replace it).
func SleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// request is one API call.
type request struct {
	method string
	path   string // escaped path below the endpoint, e.g. /api/users/abc
	query  url.Values
	body   any  // JSON-encoded when non-nil
	anon   bool // no Authorization header
	header http.Header
	// raw is sent as is, with contentType, instead of a JSON body (uploads).
	raw         []byte
	contentType string
}

// response is what a successful call leaves for the caller.
type response struct {
	status int
	header http.Header
}

// do sends r, decodes a 2xx JSON body into out (when out is non-nil), and
// turns anything else into an error. GETs are retried; writes never are, except
// once after a 401 auth.unauthorized that invalidated a cached token.
func (c *Client) do(ctx context.Context, r request, out any) (*response, error) {
	payload := r.raw
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, fmt.Errorf("logto: encoding %s %s: %w", r.method, r.path, err)
		}
	}
	retriedAuth := false
	for attempt := 0; ; attempt++ {
		token := ""
		if !r.anon && c.tokens != nil {
			var err error
			if token, err = c.tokens.Token(ctx); err != nil {
				return nil, err
			}
		}
		start := time.Now()
		resp, err := c.once(ctx, r, payload, token, out)
		if c.observe != nil {
			status := StatusOf(err)
			if err == nil {
				status = resp.status
			}
			c.observe(r.method, r.path, status, time.Since(start))
		}
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ae *APIError
		if errors.As(err, &ae) && ae.Status == http.StatusUnauthorized && ae.Code == "auth.unauthorized" &&
			token != "" && !retriedAuth {
			// The cached token was refused (expired early, key rotated): the
			// request was not carried out, so one retry is safe even for writes.
			c.tokens.Invalidate(token)
			retriedAuth = true
			attempt--
			continue
		}
		if r.method != http.MethodGet || attempt >= c.maxRetries {
			return nil, err
		}
		wait, retry := c.retryWait(err, attempt)
		if !retry {
			return nil, err
		}
		if serr := c.sleep(ctx, wait); serr != nil {
			return nil, serr
		}
	}
}

// retryWait decides whether a failed GET is retried, and after how long.
func (c *Client) retryWait(err error, attempt int) (time.Duration, bool) {
	backoff := time.Duration(200<<attempt) * time.Millisecond
	backoff += time.Duration(rand.Int64N(int64(backoff / 2)))
	var ae *APIError
	if errors.As(err, &ae) {
		switch ae.Status {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		default:
			return 0, false
		}
	}
	var ra *retryAfterError
	if errors.As(err, &ra) && ra.after > 0 {
		backoff = ra.after
	}
	return min(backoff, c.maxWait), true
}

// retryAfterError carries a Retry-After header alongside the APIError.
type retryAfterError struct {
	*APIError
	after time.Duration
}

func (e *retryAfterError) Unwrap() error { return e.APIError }

// once performs a single HTTP exchange.
func (c *Client) once(ctx context.Context, r request, payload []byte, token string, out any) (*response, error) {
	u := *c.base
	unescaped, err := url.PathUnescape(r.path)
	if err != nil {
		return nil, fmt.Errorf("logto: bad path %s: %w", r.path, err)
	}
	u.Path = c.base.Path + unescaped
	u.RawPath = c.base.EscapedPath() + r.path
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("logto: building %s %s: %w", r.method, r.path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	if payload != nil {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		// url.Error embeds the URL; ours holds no secret (ids only).
		return nil, fmt.Errorf("logto: %s %s: %w", r.method, r.path, unwrapURLError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes+1))
		if len(raw) > maxErrorBodyBytes {
			raw = nil // huge error page: keep nothing of it
		}
		ae := decodeAPIError(r.method, r.path, resp.StatusCode, raw)
		if len(raw) == 0 && resp.ContentLength != 0 && resp.StatusCode >= 500 {
			ae.NotJSON = true
		}
		if after := parseRetryAfter(resp.Header.Get("Retry-After"), c.now()); after > 0 {
			return nil, &retryAfterError{APIError: ae, after: after}
		}
		return nil, ae
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("logto: %s %s: reading the answer (HTTP %d): %w", r.method, r.path, resp.StatusCode, err)
	}
	if len(raw) > maxBodyBytes {
		return nil, fmt.Errorf("logto: %s %s: the answer is larger than %d MiB", r.method, r.path, maxBodyBytes>>20)
	}
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(raw, out); err != nil {
			return nil, fmt.Errorf("logto: %s %s: HTTP %d with a body that is not the expected JSON (truncated, or not Logto?): %w",
				r.method, r.path, resp.StatusCode, errDecode)
		}
	}
	return &response{status: resp.StatusCode, header: resp.Header}, nil
}

// errDecode is wrapped when a 2xx body does not decode; the decoder's own
// error is dropped because it can quote body bytes (tokens, PAT values).
var errDecode = errors.New("undecodable response body")

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// parseRetryAfter reads delta-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(min(s, 86400)) * time.Second // callers cap it lower
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now))
	}
	return 0
}

// WithLanguage returns a copy of c that sends acceptLanguage as
// Accept-Language (an SSH session's own language); the copy shares the
// token source with c.
func (c *Client) WithLanguage(acceptLanguage string) *Client {
	cp := *c
	cp.lang = acceptLanguage
	return &cp
}

// seg escapes one path segment (ids, targets, legacy PAT names).
func seg(s string) string { return url.PathEscape(s) }

// userPath builds /api/users/{id}{suffix}.
func userPath(userID, suffix string) string { return "/api/users/" + seg(userID) + suffix }

// WithObserver returns a copy of c that reports requests to observe; the
// copy shares the token source (and so the M2M token cache) with c.
func (c *Client) WithObserver(observe func(method, path string, status int, d time.Duration)) *Client {
	cp := *c
	cp.observe = observe
	return &cp
}
