// Package emulator is an in-memory Logto server for tests and the demo: the
// Management API routes account self-service needs, the OIDC device flow,
// token endpoint, discovery and JWKS, verification codes and a mock social
// connector. It answers with the status codes, error codes and shapes of a
// real Logto 1.42.0 (docs/logto-behaviour.md and the recordings in
// testdata/logto-recordings.jsonl).
//
// Tests get powers a real server does not offer: read the last code sent to an
// address, approve or deny a device code, move the clock, seed users, inject
// faults, and count the requests that reached it.
package emulator

import (
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ManagementResource is the Management API indicator of an OSS tenant.
const ManagementResource = "https://default.logto.app/api"

// App is an OIDC application registered in the emulator.
type App struct {
	ID     string
	Name   string
	Secret string
	// Type is "MachineToMachine" or "Native".
	Type string
	// DeviceFlow marks a native app that may use the device flow.
	DeviceFlow bool
	// AllowTokenExchange lets the app exchange PATs for tokens.
	AllowTokenExchange bool
	// ManagementAll gives an M2M app the Management API's `all` scope.
	ManagementAll bool
}

// Options configure an Emulator.
type Options struct {
	// Now is the base clock; nil means time.Now. Advance moves it further.
	Now func() time.Time
	// NoDefaults leaves out the default apps and connectors (an empty tenant,
	// as the recordings start with).
	NoDefaults bool
	// SigningAlg is the algorithm of the tenant's signing key: "ES384"
	// (P-384, what Logto generates; the default), or, as Logto after 1.42
	// declares for a seeded key of that curve, "ES256" (P-256) or "ES512"
	// (P-521).
	SigningAlg string
	// CIMD lists the grants of apps identified by a client ID metadata
	// document URL, as Logto does after 1.42 (SeedMetadataDocumentGrant).
	CIMD bool
	// OnCodeSent is called (outside the lock) with each verification code
	// "sent" through a connector; the demo shows it on screen.
	OnCodeSent func(recipient, code string)
	// OnDevice is called (outside the lock) when a device code is issued
	// (DevicePending) and when it is approved or denied. The demo approves
	// its own code on the first and wakes its waiting poll on the others.
	OnDevice func(userCode string, state DeviceState)
}

// Default credentials registered unless Options.NoDefaults.
const (
	DefaultM2MAppID     = "m2m-account-app"
	DefaultM2MAppSecret = "emulator-m2m-secret-not-for-production"
	DefaultDeviceAppID  = "device-account-cli"
)

// Emulator is an http.Handler that behaves like a Logto tenant.
type Emulator struct {
	mu  sync.Mutex
	now func() time.Time
	off time.Duration

	key *ecdsa.PrivateKey
	kid string
	alg string

	apps       map[string]*App
	users      map[string]*user
	order      []string // user ids, creation order
	codes      map[string]*verificationCode
	sends      map[string][]time.Time
	lastCodes  map[string]string
	connectors []*connector
	mockCodes  map[string]string // mock social auth code → provider subject
	mfa        map[string][]*mfaFactor
	pats       map[string][]*pat
	sessions   map[string]*session
	grants     map[string]*grant
	devices    map[string]*deviceAuth // by device code
	userCodes  map[string]string      // user code → device code
	accessTok  map[string]*accessToken
	refreshTok map[string]*refreshToken
	m2mIssued  []string
	m2mCount   int // client-credentials tokens issued, ever
	m2mRevoked map[string]bool
	signInExp  map[string]any
	seq        uint64
	logs       []*logEntry // the audit log, oldest first
	granted    grantOf     // the token request being answered (under mu)
	orgs       map[string]*organization
	cimd       bool
	assets     map[string]storedAsset // uploads; nil: no storage provider

	center  accountCenter
	records map[string]*vrecord // Account API verification records

	faults     []*faultRule
	logMu      sync.Mutex // guards log alone: entries are added while a handler may hold mu
	log        []Request
	onCodeSent func(recipient, code string)
	onDevice   func(userCode string, state DeviceState)

	mux *http.ServeMux
	// verified caches the claims of JWTs whose signature was checked.
	verified sync.Map
}

// Request is one request the emulator answered.
type Request struct {
	Method string
	Path   string
	Status int
}

// New returns an emulator with an EC signing key (ES384 unless
// opts.SigningAlg says otherwise) and, unless
// opts.NoDefaults, an M2M app, a device-flow app, and mock email, SMS and
// social connectors.
func New(opts Options) *Emulator {
	alg := opts.SigningAlg
	if alg == "" {
		alg = "ES384"
	}
	spec, ok := signingCurves[alg]
	if !ok {
		panic("emulator: no signing key for " + alg + " (ES256, ES384 or ES512)")
	}
	key, err := ecdsa.GenerateKey(spec.curve, rand.Reader)
	if err != nil {
		panic("emulator: generating the signing key: " + err.Error())
	}
	e := &Emulator{
		now:        opts.Now,
		key:        key,
		alg:        alg,
		kid:        randomString(43),
		apps:       map[string]*App{},
		users:      map[string]*user{},
		codes:      map[string]*verificationCode{},
		sends:      map[string][]time.Time{},
		lastCodes:  map[string]string{},
		mockCodes:  map[string]string{},
		mfa:        map[string][]*mfaFactor{},
		records:    map[string]*vrecord{},
		pats:       map[string][]*pat{},
		sessions:   map[string]*session{},
		grants:     map[string]*grant{},
		devices:    map[string]*deviceAuth{},
		userCodes:  map[string]string{},
		accessTok:  map[string]*accessToken{},
		refreshTok: map[string]*refreshToken{},
		m2mRevoked: map[string]bool{},
		signInExp:  defaultSignInExp(),
		onCodeSent: opts.OnCodeSent,
		cimd:       opts.CIMD,
		onDevice:   opts.OnDevice,
	}
	if e.now == nil {
		e.now = time.Now
	}
	if !opts.NoDefaults {
		e.AddApp(App{ID: DefaultM2MAppID, Name: "logto-account service", Secret: DefaultM2MAppSecret,
			Type: "MachineToMachine", ManagementAll: true})
		e.AddApp(App{ID: DefaultDeviceAppID, Name: "logto-account", Type: "Native", DeviceFlow: true})
		e.AddConnector(MockEmailConnector())
		e.AddConnector(MockSMSConnector())
		e.AddConnector(MockSocialConnector())
	}
	e.routes()
	return e
}

// Now is the emulator's clock: the base clock plus every Advance.
func (e *Emulator) Now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clock()
}

func (e *Emulator) clock() time.Time { return e.now().Add(e.off) }

// Advance moves the emulator's clock forward (expiry of codes and tokens).
func (e *Emulator) Advance(d time.Duration) {
	e.mu.Lock()
	e.off += d
	e.mu.Unlock()
}

// AddApp registers (or replaces) an application.
func (e *Emulator) AddApp(a App) {
	e.mu.Lock()
	defer e.mu.Unlock()
	cp := a
	e.apps[a.ID] = &cp
}

// Requests returns the requests answered so far, oldest first.
func (e *Emulator) Requests() []Request {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	return append([]Request(nil), e.log...)
}

// CountRequests counts answered requests with this method whose path starts
// with prefix ("" matches any method).
func (e *Emulator) CountRequests(method, prefix string) int {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	n := 0
	for _, r := range e.log {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// ResetRequests forgets the request log.
func (e *Emulator) ResetRequests() {
	e.logMu.Lock()
	e.log = nil
	e.logMu.Unlock()
}

// ServeHTTP implements http.Handler.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The request is logged as its status line is written, before any byte
	// reaches the client: a test that has seen a response always finds it
	// in Requests.
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK,
		plain: r.URL.Query().Get("parse_error") == "false"}
	rec.logged = func(status int) {
		e.logMu.Lock()
		e.log = append(e.log, Request{Method: r.Method, Path: r.URL.Path, Status: status})
		e.logMu.Unlock()
	}
	if !e.applyFaults(rec, r) {
		e.mux.ServeHTTP(rec, r)
	}
	rec.first(rec.status)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
	plain  bool
	logged func(status int)
}

func (s *statusRecorder) plainOIDCErrors() bool { return s.plain }

// first records the status once, on the first write of any kind.
func (s *statusRecorder) first(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
		s.logged(code)
	}
}

func (s *statusRecorder) WriteHeader(code int) {
	s.first(code)
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.first(http.StatusOK)
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// issuer is derived from the host the request arrived on, as Logto does.
func issuerBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// apiError writes Logto's /api error body.
func apiError(w http.ResponseWriter, status int, code string, data any) {
	body := map[string]any{"code": code, "message": messageFor(code)}
	if data != nil {
		body["data"] = data
	}
	writeJSON(w, status, body)
}

// guardError writes 400 guard.invalid_input with one zod-like issue.
func guardError(w http.ResponseWriter, where string, path []any, zodCode, msg string) {
	p := make([]string, 0, len(path))
	for _, s := range path {
		if str, ok := s.(string); ok {
			p = append(p, str)
		}
	}
	issue := map[string]any{"code": zodCode, "message": msg, "path": path}
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"code":    "guard.invalid_input",
		"data":    map[string]any{"issues": []any{issue}, "name": "ZodError"},
		"details": "Error in key path \"" + strings.Join(p, ".") + "\": (" + zodCode + ") " + msg,
		"message": "The request " + where + " is invalid.",
	})
}

// oidcError writes an /oidc error body (only the RFC fields when the
// request asked for ?parse_error=false).
func oidcError(w http.ResponseWriter, status int, errName, description string) {
	if pw, ok := w.(interface{ plainOIDCErrors() bool }); ok && pw.plainOIDCErrors() {
		writeJSON(w, status, map[string]any{"error": errName, "error_description": description})
		return
	}
	body := map[string]any{
		"code":              "oidc." + errName,
		"message":           oidcMessage(errName),
		"error":             errName,
		"error_description": description,
	}
	if errName == "invalid_grant" {
		body["error_uri"] = "https://openid.sh/debug/invalid_grant"
	}
	writeJSON(w, status, body)
}

func randomString(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
	return randomFrom(alphabet, n)
}

func randomID(n int) string { return randomFrom("abcdefghijklmnopqrstuvwxyz0123456789", n) }

func randomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// M2MTokensIssued counts the client-credentials tokens issued so far (a
// test that the end-user mode never asks for one).
func (e *Emulator) M2MTokensIssued() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m2mCount
}
