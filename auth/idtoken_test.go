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
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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
}

func newRSAIssuer(t *testing.T) *rsaIssuer {
	ri := &rsaIssuer{keys: map[string]*rsa.PrivateKey{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/oidc/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": ri.srv.URL + "/oidc", "jwks_uri": ri.srv.URL + "/oidc/jwks",
			"id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("/oidc/jwks", func(w http.ResponseWriter, r *http.Request) {
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
