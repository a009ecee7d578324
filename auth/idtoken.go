package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// IdentityError is a refused ID token; Reason says why in plain (English)
// words, Kind which rule it broke (so a screen can say it in its language),
// with Got and Want the values compared where there are some.
type IdentityError struct {
	Reason    string
	Kind      IdentityProblem
	Got, Want string
}

// IdentityProblem names the rule an ID token broke.
type IdentityProblem int

// The rules Verify checks, in its order; IDOther is an error built with a
// Reason only.
const (
	IDOther IdentityProblem = iota
	IDMalformed
	IDUnsigned
	IDSharedSecret
	IDAlgorithm
	IDIssuer
	IDAudience
	IDExpired
	IDFuture
	IDSignature
	IDNoSubject
)

// Error implements error.
func (e *IdentityError) Error() string { return "sign-in refused: the ID token " + e.Reason }

// MaxClockSkew is how far in the future an ID token's iat may be.
const MaxClockSkew = 2 * time.Minute

// signingAlgs are the algorithms a Logto tenant can sign ID tokens with
// (packages/core/src/oidc/init.ts, supportedSigningAlgs): RSA for keys made
// before v1.0.0-beta.20, and an EC key's curve algorithm (ES384 for the
// P-384 keys Logto makes; after 1.42, ES256 or ES512 for a seeded P-256 or
// P-521 key). A signature verifies only with a JWKS key of the matching
// type and curve; none and the HMAC algorithms are never accepted (a
// shared secret is not a key the tenant publishes).
var signingAlgs = []string{oidc.RS256, oidc.PS256, oidc.ES256, oidc.ES384, oidc.ES512}

// Verifier checks ID tokens against the tenant's discovery document and
// JWKS (signingAlgs; an unknown kid refetches the keys once).
type Verifier struct {
	issuer   string
	clientID string
	verifier *oidc.IDTokenVerifier
	now      func() time.Time
}

// NewVerifier fetches the tenant's discovery document. hc may be nil.
func NewVerifier(ctx context.Context, endpoint, clientID string, hc *http.Client, now func() time.Time) (*Verifier, error) {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	if now == nil {
		now = time.Now
	}
	issuer := strings.TrimRight(endpoint, "/") + "/oidc"
	// The key set keeps this context for later fetches: never a request's.
	keyCtx := oidc.ClientContext(context.WithoutCancel(ctx), hc)
	p, err := oidc.NewProvider(keyCtx, issuer)
	if err != nil {
		return nil, fmt.Errorf("reading the tenant's OpenID configuration at %s: %w", issuer, err)
	}
	v := p.Verifier(&oidc.Config{ClientID: clientID, SupportedSigningAlgs: signingAlgs, Now: now})
	return &Verifier{issuer: issuer, clientID: clientID, verifier: v, now: now}, nil
}

// SharedVerifier is a tenant's ID-token verifier for the life of a
// process: the discovery document is read on first use (and again only
// after a read failed), the key set once, and again only when a token names
// a key it does not hold. The SSH service verifies every session's sign-in
// with one, instead of reading both documents for each.
type SharedVerifier struct {
	endpoint, clientID string
	hc                 *http.Client
	now                func() time.Time

	mu      sync.Mutex
	v       *Verifier
	reading chan struct{} // closed when the discovery read under way ends
}

// NewSharedVerifier returns a verifier that reads nothing until the first
// Verify. hc and now may be nil.
func NewSharedVerifier(endpoint, clientID string, hc *http.Client, now func() time.Time) *SharedVerifier {
	return &SharedVerifier{endpoint: endpoint, clientID: clientID, hc: hc, now: now}
}

// Verify checks raw as Verifier.Verify does.
func (s *SharedVerifier) Verify(ctx context.Context, raw string) (Identity, error) {
	v, err := s.verifier(ctx)
	if err != nil {
		return Identity{}, err
	}
	return v.Verify(ctx, raw)
}

// verifier returns the verifier, reading the discovery document when no
// read has succeeded yet. Callers at the same time share one read; each
// stops waiting when its ctx ends, and a failed read is not kept.
func (s *SharedVerifier) verifier(ctx context.Context) (*Verifier, error) {
	for {
		s.mu.Lock()
		if s.v != nil {
			v := s.v
			s.mu.Unlock()
			return v, nil
		}
		if wait := s.reading; wait != nil {
			s.mu.Unlock()
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-wait:
				continue // read, or failed: then this caller tries
			}
		}
		done := make(chan struct{})
		s.reading = done
		s.mu.Unlock()
		v, err := NewVerifier(ctx, s.endpoint, s.clientID, s.hc, s.now)
		s.mu.Lock()
		if err == nil {
			s.v = v
		}
		s.reading = nil
		close(done)
		s.mu.Unlock()
		return v, err
	}
}

// Verify checks signature, iss, aud, exp and iat, and returns the identity.
func (v *Verifier) Verify(ctx context.Context, raw string) (Identity, error) {
	header, claims, err := peek(raw)
	if err != nil {
		return Identity{}, &IdentityError{Kind: IDMalformed, Reason: "is not a well-formed JWT"}
	}
	// Name the first broken rule, so that each failure has its own message.
	if alg, _ := header["alg"].(string); !slices.Contains(signingAlgs, alg) {
		switch {
		case strings.EqualFold(alg, "none"):
			return Identity{}, &IdentityError{Kind: IDUnsigned, Reason: "is unsigned (alg none)"}
		case strings.HasPrefix(strings.ToUpper(alg), "HS"):
			return Identity{}, &IdentityError{Kind: IDSharedSecret, Got: alg, Reason: fmt.Sprintf("is signed with a shared secret (%q), not with one of the tenant's published keys", alg)}
		}
		return Identity{}, &IdentityError{Kind: IDAlgorithm, Got: alg, Want: strings.Join(signingAlgs, ", "), Reason: fmt.Sprintf("uses the algorithm %q, not one a Logto tenant signs with (%s)", alg,
			strings.Join(signingAlgs, ", "))}
	}
	if iss, _ := claims["iss"].(string); iss != v.issuer {
		return Identity{}, &IdentityError{Kind: IDIssuer, Got: iss, Want: v.issuer, Reason: fmt.Sprintf("was issued by %q, not by this tenant (%s); check the endpoint setting", iss, v.issuer)}
	}
	if !audienceHas(claims["aud"], v.clientID) {
		return Identity{}, &IdentityError{Kind: IDAudience, Reason: "was made for another application; check app_id is the device-flow app of this tenant"}
	}
	now := v.now()
	if exp, ok := claims["exp"].(float64); !ok || !now.Before(time.Unix(int64(exp), 0)) {
		return Identity{}, &IdentityError{Kind: IDExpired, Reason: "has expired; check this computer's clock, then sign in again"}
	}
	if iat, ok := claims["iat"].(float64); ok && time.Unix(int64(iat), 0).After(now.Add(MaxClockSkew)) {
		return Identity{}, &IdentityError{Kind: IDFuture, Reason: "was issued in the future; check this computer's clock"}
	}
	tok, err := v.verifier.Verify(ctx, raw)
	if err != nil {
		return Identity{}, &IdentityError{Kind: IDSignature, Reason: "signature does not match the tenant's published keys; sign in again, and if it repeats check the endpoint"}
	}
	var c struct {
		Name     string `json:"name"`
		Username string `json:"username"`
		Email    string `json:"email"`
		Phone    string `json:"phone_number"`
	}
	_ = tok.Claims(&c)
	if tok.Subject == "" {
		return Identity{}, &IdentityError{Kind: IDNoSubject, Reason: "names no user (no sub)"}
	}
	return Identity{Subject: tok.Subject, Name: c.Name, Username: c.Username, Email: c.Email, Phone: c.Phone,
		IssuedAt: tok.IssuedAt.Unix()}, nil
}

func audienceHas(aud any, id string) bool {
	switch a := aud.(type) {
	case string:
		return a == id
	case []any:
		return slices.ContainsFunc(a, func(x any) bool { return x == id })
	}
	return false
}

// peek decodes a JWT's header and claims without checking anything.
func peek(raw string) (map[string]any, map[string]any, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, nil, fmt.Errorf("not a JWS")
	}
	var h, c map[string]any
	for i, dst := range []*map[string]any{&h, &c} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			return nil, nil, err
		}
		if err := json.Unmarshal(b, dst); err != nil {
			return nil, nil, err
		}
	}
	return h, c, nil
}
