package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// Device-flow outcomes that end the flow; each has a sentence for the user.
var (
	// ErrAccessDenied: the user declined on the confirmation page.
	ErrAccessDenied = errors.New("sign-in was declined in the browser; start again to get a new code")
	// ErrCodeExpired: nobody approved the code in time.
	ErrCodeExpired = errors.New("the sign-in code expired before it was approved; start again to get a new code")
)

// DefaultPollInterval is used because Logto sends no interval (RFC 8628 §3.5).
const DefaultPollInterval = 5 * time.Second

// DeviceFlow runs RFC 8628 against a Logto tenant.
type DeviceFlow struct {
	// Endpoint is the tenant base URL; ClientID the native device-flow app.
	Endpoint string
	ClientID string
	// Scopes requested; no resource is sent, so the access token is opaque.
	Scopes []string
	// HTTPClient sends requests; nil means a 30 s timeout client.
	HTTPClient *http.Client
	// Now and Sleep are the clock; tests replace them.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// OnTransient is told of each network or server error while polling;
	// the flow keeps going until the code expires.
	OnTransient func(err error)
	// Language is the program's (an i18n tag): the device authorization
	// asks Logto for it with ui_locales (OIDC), so the sign-in pages the
	// person reaches after typing the code, and the codes Logto mails or
	// texts during that sign-in, speak it. "" sends none (the tenant's
	// default, or the browser's language).
	Language string
}

// UILocales is the ui_locales value that asks Logto for lang: Logto's
// language library names Simplified Chinese zh-CN; English closes the list
// as the fallback every tenant has.
func UILocales(lang string) string {
	switch lang {
	case i18n.SimplifiedChinese:
		return "zh-CN zh-Hans en"
	case i18n.French:
		return "fr en"
	case i18n.English:
		return "en"
	}
	return ""
}

// DeviceCode is a started device authorisation. DeviceCode is a secret.
type DeviceCode struct {
	DeviceCode              logto.Secret
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string
	Expiry                  time.Time
	Interval                time.Duration
}

// TokenResponse is a successful token answer.
type TokenResponse struct {
	AccessToken  logto.Secret `json:"access_token"`
	RefreshToken logto.Secret `json:"refresh_token"`
	IDToken      logto.Secret `json:"id_token"`
	TokenType    string       `json:"token_type"`
	Scope        string       `json:"scope"`
	ExpiresIn    int64        `json:"expires_in"`
}

func (f *DeviceFlow) client() *http.Client {
	if f.HTTPClient != nil {
		return f.HTTPClient
	}
	return &http.Client{Timeout: 30 * time.Second}
}

func (f *DeviceFlow) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

func (f *DeviceFlow) sleep(ctx context.Context, d time.Duration) error {
	if f.Sleep != nil {
		return f.Sleep(ctx, d)
	}
	return logto.SleepContext(ctx, d)
}

func (f *DeviceFlow) base() string { return strings.TrimRight(f.Endpoint, "/") }

// Start asks for a device code and a user code.
func (f *DeviceFlow) Start(ctx context.Context) (*DeviceCode, error) {
	cfg := oauth2.Config{ClientID: f.ClientID, Scopes: f.Scopes, Endpoint: oauth2.Endpoint{
		DeviceAuthURL: f.base() + "/oidc/device/auth", TokenURL: f.base() + "/oidc/token", AuthStyle: oauth2.AuthStyleInParams}}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, f.client())
	var opts []oauth2.AuthCodeOption
	if ui := UILocales(f.Language); ui != "" {
		opts = append(opts, oauth2.SetAuthURLParam("ui_locales", ui))
	}
	da, err := cfg.DeviceAuth(ctx, opts...)
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil {
			return nil, logto.ErrorFromResponse(http.MethodPost, "/oidc/device/auth", re.Response.StatusCode, re.Body)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			return nil, fmt.Errorf("starting sign-in: cannot reach %s: %w", f.base(), ue.Err)
		}
		// The server answered, but not with a device code one can read (cut
		// short, not JSON): saying "cannot reach" would send the user to
		// check a network that works.
		return nil, &AnswerError{Request: "POST /oidc/device/auth", Kind: AnswerUnreadable, Detail: err.Error(),
			Problem: "it could not be read (" + err.Error() + ")"}
	}
	dc := &DeviceCode{DeviceCode: logto.Secret(da.DeviceCode), UserCode: da.UserCode, VerificationURI: da.VerificationURI,
		VerificationURIComplete: da.VerificationURIComplete, Expiry: da.Expiry, Interval: time.Duration(da.Interval) * time.Second}
	if dc.Expiry.IsZero() {
		dc.Expiry = f.now().Add(10 * time.Minute)
	}
	if dc.Interval < DefaultPollInterval {
		dc.Interval = DefaultPollInterval
	}
	return dc, nil
}

// Poll waits for the user to approve dc and redeems it exactly once. It ends
// with ErrAccessDenied, ErrCodeExpired, ctx's error, or another server error;
// network and 5xx errors while waiting only slow it down.
func (f *DeviceFlow) Poll(ctx context.Context, dc *DeviceCode) (*TokenResponse, error) {
	interval := max(dc.Interval, DefaultPollInterval)
	wait := interval
	for {
		if !f.now().Before(dc.Expiry) {
			return nil, ErrCodeExpired
		}
		if err := f.sleep(ctx, min(wait, max(dc.Expiry.Sub(f.now()), time.Millisecond))); err != nil {
			return nil, err
		}
		if !f.now().Before(dc.Expiry) {
			return nil, ErrCodeExpired
		}
		tok, err := f.pollOnce(ctx, dc)
		if err == nil {
			return tok, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ae *logto.APIError
		switch {
		case errors.As(err, &ae) && ae.OIDCError == "authorization_pending":
			wait = interval
		case errors.As(err, &ae) && ae.OIDCError == "slow_down":
			interval += 5 * time.Second // for all later polls (RFC 8628 §3.5)
			wait = interval
		case errors.As(err, &ae) && ae.OIDCError == "access_denied":
			return nil, ErrAccessDenied
		case errors.As(err, &ae) && ae.OIDCError == "expired_token":
			return nil, ErrCodeExpired
		case errors.As(err, new(*AnswerError)):
			return nil, err // a 200 that cannot be used: polling again would get the same
		case isTransient(err):
			if f.OnTransient != nil {
				f.OnTransient(err)
			}
			wait = min(wait*2, 30*time.Second)
		default:
			return nil, err
		}
	}
}

// isTransient: not an OAuth answer, so the code may still be approved.
func isTransient(err error) bool {
	var ae *logto.APIError
	if !errors.As(err, &ae) {
		return true // transport error
	}
	return ae.OIDCError == "" && (ae.Status >= 500 || ae.Status == http.StatusTooManyRequests || ae.NotJSON)
}

func (f *DeviceFlow) pollOnce(ctx context.Context, dc *DeviceCode) (*TokenResponse, error) {
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"},
		"device_code": {dc.DeviceCode.Reveal()}, "client_id": {f.ClientID}}
	return postToken(ctx, f.client(), f.base(), form)
}

// maxTokenAnswer bounds a token answer (a few kilobytes in practice).
const maxTokenAnswer = 1 << 20

// AnswerError is an answer Logto sent that cannot be used: the server was
// reached, so it is not network trouble, and asking again would not help.
// Problem says what is wrong in (English) words, Kind which problem it is
// (so a screen can say it in its language), Detail the reader's own error.
type AnswerError struct {
	Request, Problem string
	Kind             AnswerProblem
	Detail           string
}

// AnswerProblem names what makes an answer unusable.
type AnswerProblem int

// The answers Logto may send that cannot be used.
const (
	AnswerUnreadable AnswerProblem = iota // cut short, not JSON (Detail says how)
	AnswerTooLarge                        // over maxTokenAnswer
	AnswerNoToken                         // JSON without an access token
)

func (e *AnswerError) Error() string {
	return "Logto's answer to " + e.Request + " cannot be used: " + e.Problem
}

// postToken posts a form to /oidc/token and decodes the answer.
func postToken(ctx context.Context, hc *http.Client, base string, form url.Values) (*TokenResponse, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/oidc/token", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is harmless, but keep messages short
		}
		return nil, fmt.Errorf("POST /oidc/token: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenAnswer+1))
	if err != nil {
		return nil, fmt.Errorf("POST /oidc/token: reading the answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, logto.ErrorFromResponse(http.MethodPost, "/oidc/token", resp.StatusCode, raw)
	}
	if len(raw) > maxTokenAnswer {
		return nil, &AnswerError{Request: "POST /oidc/token", Kind: AnswerTooLarge, Problem: "it is larger than a token answer can be (over 1 MiB)"}
	}
	var tr TokenResponse
	if json.Unmarshal(raw, &tr) != nil || tr.AccessToken == "" {
		return nil, &AnswerError{Request: "POST /oidc/token", Kind: AnswerNoToken, Problem: "it holds no access token"}
	}
	return &tr, nil
}
