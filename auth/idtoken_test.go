package auth

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
)

func (e *emuEnv) claims(over map[string]any) map[string]any {
	now := time.Now()
	c := map[string]any{"iss": e.srv.URL + "/oidc", "aud": emulator.DefaultDeviceAppID, "sub": e.userID,
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "name": "Ada Lovelace", "username": "ada"}
	for k, v := range over {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

func TestVerifyIDTokenFromTheDeviceFlow(t *testing.T) {
	env := newEmuEnv(t)
	ctx := context.Background()
	clock := newFakeClock()
	f := env.flow(clock)
	dc, _ := f.Start(ctx)
	_ = env.emu.ApproveDevice(dc.UserCode, env.userID, emulator.SessionOptions{})
	tok, err := f.Poll(ctx, dc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(ctx, env.srv.URL, emulator.DefaultDeviceAppID, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	id, err := v.Verify(ctx, tok.IDToken.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	if id.Subject != env.userID || id.Name != "Ada Lovelace" || id.Email != "ada@example.com" || id.Display() != "Ada Lovelace" {
		t.Errorf("identity = %+v", id)
	}
}

func TestVerifyRefusesBadIDTokens(t *testing.T) {
	env := newEmuEnv(t)
	ctx := context.Background()
	v, err := NewVerifier(ctx, env.srv.URL, emulator.DefaultDeviceAppID, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	good := env.emu.SignToken("", env.claims(nil))
	if _, err := v.Verify(ctx, good); err != nil {
		t.Fatalf("a good token was refused: %v", err)
	}
	parts := strings.Split(good, ".")
	tampered := parts[0] + "." + b64json(env.claims(map[string]any{"sub": "someone-else"})) + "." + parts[2]
	unsigned := b64json(map[string]any{"alg": "none"}) + "." + parts[1] + "."
	cases := map[string]struct {
		token, want string
	}{
		"bad signature":   {tampered, "signature does not match"},
		"alg none":        {unsigned, "unsigned (alg none)"},
		"wrong aud":       {env.emu.SignToken("", env.claims(map[string]any{"aud": "another-app"})), "another application"},
		"wrong iss":       {env.emu.SignToken("", env.claims(map[string]any{"iss": "https://evil.example/oidc"})), "not by this tenant"},
		"expired":         {env.emu.SignToken("", env.claims(map[string]any{"exp": time.Now().Add(-time.Minute).Unix()})), "has expired"},
		"iat 5 min ahead": {env.emu.SignToken("", env.claims(map[string]any{"iat": time.Now().Add(5 * time.Minute).Unix()})), "in the future"},
		"garbage":         {"not-a-jwt", "well-formed"},
	}
	seen := map[string]bool{}
	for name, c := range cases {
		_, err := v.Verify(ctx, c.token)
		var ie *IdentityError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an IdentityError saying %q", name, err, c.want)
			continue
		}
		if seen[err.Error()] {
			t.Errorf("%s: message %q is shared with another failure", name, err)
		}
		seen[err.Error()] = true
	}
	skewed := env.emu.SignToken("", env.claims(map[string]any{"iat": time.Now().Add(time.Minute).Unix()}))
	if _, err := v.Verify(ctx, skewed); err != nil {
		t.Errorf("iat 1 minute ahead must pass (clock skew): %v", err)
	}
}

// rsaIssuer is a minimal OIDC issuer signing RS256 whose key can rotate.
type rsaIssuer struct {
	srv  *httptest.Server
	mu   sync.Mutex
	keys map[string]*rsa.PrivateKey
	// discovery and jwks count the reads of each document; failReads
	// makes that many discovery reads answer 503 first.
	discovery, jwks, failReads atomic.Int32
}

func newRSAIssuer(t *testing.T) *rsaIssuer {
	ri := &rsaIssuer{keys: map[string]*rsa.PrivateKey{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/oidc/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		ri.discovery.Add(1)
		if ri.failReads.Add(-1) >= 0 {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": ri.srv.URL + "/oidc", "jwks_uri": ri.srv.URL + "/oidc/jwks",
			"id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("/oidc/jwks", func(w http.ResponseWriter, r *http.Request) {
		ri.jwks.Add(1)
		ri.mu.Lock()
		defer ri.mu.Unlock()
		var keys []any
		for kid, k := range ri.keys {
			keys = append(keys, map[string]any{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
				"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
				"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes())})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": keys})
	})
	ri.srv = httptest.NewServer(mux)
	t.Cleanup(ri.srv.Close)
	ri.rotate(t, "k1")
	return ri
}

func (ri *rsaIssuer) rotate(t *testing.T, kid string) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ri.mu.Lock()
	ri.keys[kid] = k
	ri.mu.Unlock()
}

func (ri *rsaIssuer) sign(kid string, claims map[string]any) string {
	ri.mu.Lock()
	k := ri.keys[kid]
	ri.mu.Unlock()
	in := b64json(map[string]any{"alg": "RS256", "kid": kid}) + "." + b64json(claims)
	sum := sha256.Sum256([]byte(in))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, sum[:])
	return in + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func TestVerifyRS256AndKeyRotation(t *testing.T) {
	ri := newRSAIssuer(t)
	ctx := context.Background()
	v, err := NewVerifier(ctx, ri.srv.URL, "cli", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	claims := map[string]any{"iss": ri.srv.URL + "/oidc", "aud": "cli", "sub": "u1", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
	if id, err := v.Verify(ctx, ri.sign("k1", claims)); err != nil || id.Subject != "u1" {
		t.Fatalf("RS256: %+v %v", id, err)
	}
	// A new key appears after the verifier cached k1: the unknown kid makes
	// it fetch the key set again.
	ri.rotate(t, "k2")
	if _, err := v.Verify(ctx, ri.sign("k2", claims)); err != nil {
		t.Fatalf("rotated key: %v", err)
	}
}

// TestSharedVerifierReadsTheTenantOnce verifies many sign-ins, at the same
// time, with one SharedVerifier: the discovery document is read once (after
// a failed read, which is not kept) and the key set is not read again until
// a token is signed with a key it did not hold, then once.
func TestSharedVerifierReadsTheTenantOnce(t *testing.T) {
	ri := newRSAIssuer(t)
	ri.failReads.Store(1)
	ctx := context.Background()
	sv := NewSharedVerifier(ri.srv.URL, "cli", nil, nil)
	claims := map[string]any{"iss": ri.srv.URL + "/oidc", "aud": "cli", "sub": "u1", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
	if _, err := sv.Verify(ctx, ri.sign("k1", claims)); err == nil || !strings.Contains(err.Error(), "OpenID configuration") {
		t.Fatalf("a failed discovery read: %v", err)
	}
	verify := func(kid string, n int) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if id, err := sv.Verify(ctx, ri.sign(kid, claims)); err != nil || id.Subject != "u1" {
					errs <- fmt.Errorf("%s: %+v %v", kid, id, err)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	verify("k1", 20)
	// go-oidc may read the key set twice when callers race its first read;
	// the discovery read is ours and happens once.
	keyReads := ri.jwks.Load()
	if d := ri.discovery.Load(); d != 2 || keyReads < 1 {
		t.Fatalf("after a failed read and 20 sign-ins: %d discovery reads (want 2), %d key set reads", d, keyReads)
	}
	verify("k1", 20)
	ri.rotate(t, "k2")
	verify("k2", 1)
	verify("k2", 20)
	verify("k1", 20)
	if d, j := ri.discovery.Load(), ri.jwks.Load(); d != 2 || j != keyReads+1 {
		t.Errorf("after 60 more sign-ins and a new key: %d discovery reads (want 2), %d key set reads (want %d)", d, j, keyReads+1)
	}
}

// TestSharedVerifierWaitersStopWithTheirContext: a caller waiting for
// another's discovery read gives up when its context ends.
func TestSharedVerifierWaitersStopWithTheirContext(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	defer close(release)
	sv := NewSharedVerifier(srv.URL, "cli", nil, nil)
	first := make(chan error, 1)
	go func() { _, err := sv.Verify(context.Background(), "a.b.c"); first <- err }()
	for { // the first caller's read is under way
		sv.mu.Lock()
		reading := sv.reading != nil
		sv.mu.Unlock()
		if reading {
			break
		}
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := sv.Verify(ctx, "a.b.c"); !errors.Is(err, context.Canceled) {
		t.Errorf("a waiter whose context ended: %v", err)
	}
	release <- struct{}{}
	if err := <-first; err == nil {
		t.Error("the failed read was reported as a success")
	}
}

func b64json(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

// TestVerifyEachCurveAlgorithm: a tenant whose key is P-256, P-384 or P-521
// signs with ES256, ES384 or ES512 (Logto after 1.42; 1.42 itself makes
// P-384 keys): each verifies. A token claiming another curve's algorithm
// than the key's, an HMAC token and an unsigned one are refused.
func TestVerifyEachCurveAlgorithm(t *testing.T) {
	ctx := context.Background()
	for _, alg := range []string{"ES256", "ES384", "ES512"} {
		emu := emulator.New(emulator.Options{SigningAlg: alg})
		srv := httptest.NewServer(emu)
		env := &emuEnv{emu: emu, srv: srv, userID: emu.SeedUser(emulator.UserSeed{Username: "ada", Password: "pw-123456"})}
		v, err := NewVerifier(ctx, srv.URL, emulator.DefaultDeviceAppID, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		good := emu.SignToken("", env.claims(nil))
		if h := strings.Split(good, ".")[0]; !strings.Contains(string(mustB64(t, h)), alg) {
			t.Fatalf("%s: the emulator signed with %s", alg, mustB64(t, h))
		}
		if _, err := v.Verify(ctx, good); err != nil {
			t.Errorf("%s: %v", alg, err)
		}
		parts := strings.Split(good, ".")
		for _, other := range []string{"ES256", "ES384", "ES512"} {
			if other == alg {
				continue
			}
			relabelled := b64json(map[string]any{"alg": other, "kid": jwkKid(t, srv.URL)}) + "." + parts[1] + "." + parts[2]
			if _, err := v.Verify(ctx, relabelled); err == nil {
				t.Errorf("%s key: a token relabelled %s was accepted", alg, other)
			}
		}
		hmac := b64json(map[string]any{"alg": "HS256", "kid": jwkKid(t, srv.URL)}) + "." + parts[1] + "." + parts[2]
		if _, err := v.Verify(ctx, hmac); err == nil || !strings.Contains(err.Error(), "shared secret") {
			t.Errorf("%s: HS256 token: %v", alg, err)
		}
		srv.Close()
	}
}

func mustB64(t *testing.T, s string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func jwkKid(t *testing.T, base string) string {
	resp, err := http.Get(base + "/oidc/jwks")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&set)
	return set.Keys[0].Kid
}
