package auth

import (
	"html"

	"github.com/logto-account/logto-account/i18n"

	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Callback outcomes.
var (
	// ErrStateMismatch: the redirect did not carry our state; nothing is sent
	// to Logto (it may be a forged request).
	ErrStateMismatch = errors.New("the sign-in reply did not match this request (state mismatch); nothing was linked — start again")
	// ErrCallbackTimeout: no redirect arrived in time.
	ErrCallbackTimeout = errors.New("no reply from the browser in time; start again")
	// ErrNotTheCallback: a pasted URL is not the redirect URI of this flow.
	ErrNotTheCallback = errors.New("that is not the address your browser was sent back to; copy the whole address from the browser's address bar")
)

// ProviderError is an error the identity provider sent back (?error=...).
type ProviderError struct{ Code, Description string }

// Error implements error.
func (e *ProviderError) Error() string {
	if e.Description != "" {
		return fmt.Sprintf("the identity provider refused: %s (%s)", e.Description, e.Code)
	}
	return "the identity provider refused: " + e.Code
}

// DefaultCallbackTimeout bounds the wait for the browser.
const DefaultCallbackTimeout = 5 * time.Minute

// CallbackPath is where the provider redirects to.
const CallbackPath = "/callback"

// Callback is an ephemeral loopback listener that receives one IdP redirect.
type Callback struct {
	ln       net.Listener
	srv      *http.Server
	state    string
	redirect string
	once     sync.Once
	result   chan callbackResult
}

type callbackResult struct {
	params url.Values
	err    error
}

// NewState returns 128 random bits, URL-safe.
func NewState() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// ListenCallback listens on addr, which must be a loopback IP with a port
// (0 = any free port); never localhost or 0.0.0.0.
func ListenCallback(addr string) (*Callback, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || net.ParseIP(host) == nil || !net.ParseIP(host).IsLoopback() {
		return nil, fmt.Errorf("callback address %q must be a loopback IP and port such as 127.0.0.1:0", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen for the browser's reply on %s: %w", addr, err)
	}
	c := &Callback{ln: ln, state: NewState(), result: make(chan callbackResult, 1),
		redirect: "http://" + ln.Addr().String() + CallbackPath}
	mux := http.NewServeMux()
	mux.HandleFunc(CallbackPath, c.handle)
	c.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: nil}
	go func() { _ = c.srv.Serve(ln) }()
	return c, nil
}

// RedirectURI is http://127.0.0.1:PORT/callback.
func (c *Callback) RedirectURI() string { return c.redirect }

// State is the random state to send in the authorization request.
func (c *Callback) State() string { return c.state }

// Addr is the bound address.
func (c *Callback) Addr() net.Addr { return c.ln.Addr() }

const donePage = `<!doctype html><html lang="%s"><meta charset="utf-8"><title>logto-account</title>
<body style="font-family:system-ui,sans-serif;max-width:30rem;margin:4rem auto">
<h1>%s</h1><p>%s</p></body></html>`

// handle takes the browser's reply and says, in the browser's language
// (its Accept-Language), what happens next.
func (c *Callback) handle(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	res := checkCallback(q, c.state)
	lang := i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
	l := i18n.New(lang)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	page := func(title, body string) {
		fmt.Fprintf(w, donePage, lang, html.EscapeString(title), html.EscapeString(body))
	}
	switch {
	case errors.Is(res.err, ErrStateMismatch):
		w.WriteHeader(http.StatusBadRequest)
		page(l.T("browser.unexpected_title"), l.T("browser.unexpected_body"))
	case res.err != nil:
		page(l.T("browser.failed_title"), l.T("browser.failed_body"))
	default:
		page(l.T("browser.done_title"), l.T("browser.done_body"))
	}
	c.deliver(res)
}

// checkCallback applies the state and provider-error rules to a query.
func checkCallback(q url.Values, state string) callbackResult {
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 || state == "" {
		return callbackResult{err: ErrStateMismatch}
	}
	if code := q.Get("error"); code != "" {
		return callbackResult{err: &ProviderError{Code: code, Description: q.Get("error_description")}}
	}
	return callbackResult{params: q}
}

// deliver hands over the first result and shuts the listener down.
func (c *Callback) deliver(res callbackResult) {
	c.once.Do(func() {
		c.result <- res
		go c.Close()
	})
}

// Wait returns the query of the one redirect that arrives, or an error on a
// state mismatch, a provider error, timeout (0 = DefaultCallbackTimeout) or
// ctx's end. The listener is closed when Wait returns.
func (c *Callback) Wait(ctx context.Context, timeout time.Duration) (url.Values, error) {
	defer c.Close()
	if timeout == 0 {
		timeout = DefaultCallbackTimeout
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case res := <-c.result:
		return res.params, res.err
	case <-t.C:
		return nil, ErrCallbackTimeout
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close stops listening; it is safe to call more than once.
func (c *Callback) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = c.srv.Shutdown(ctx)
}

// ParseRedirect is the paste fallback (over SSH the browser cannot reach our
// loopback): it checks that raw is redirectURI with our state and returns
// its query, with the same rules as the listener.
func ParseRedirect(raw, redirectURI, state string) (url.Values, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, ErrNotTheCallback
	}
	want, err := url.Parse(redirectURI)
	if err != nil {
		return nil, ErrNotTheCallback
	}
	if !strings.EqualFold(u.Scheme, want.Scheme) || !strings.EqualFold(u.Host, want.Host) || u.Path != want.Path {
		return nil, ErrNotTheCallback
	}
	res := checkCallback(u.Query(), state)
	return res.params, res.err
}
