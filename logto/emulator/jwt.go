package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	_ "crypto/sha256" // the hashes of ES256, ES384, ES512
	_ "crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
)

var b64 = base64.RawURLEncoding

// Signing algorithms the emulator's key can be made for: an EC key signs
// with the algorithm of its curve. Logto 1.42 generates P-384 keys and
// declares ES384 whatever the curve; later Logto declares the curve's own
// algorithm for a seeded P-256 or P-521 key (env-set/oidc.ts).
var signingCurves = map[string]struct {
	curve elliptic.Curve
	crv   string
	hash  crypto.Hash
	size  int // bytes of each of r and s
}{
	"ES256": {elliptic.P256(), "P-256", crypto.SHA256, 32},
	"ES384": {elliptic.P384(), "P-384", crypto.SHA384, 48},
	"ES512": {elliptic.P521(), "P-521", crypto.SHA512, 66},
}

func digest(h crypto.Hash, s string) []byte {
	d := h.New()
	d.Write([]byte(s))
	return d.Sum(nil)
}

// sign makes a JWT with the emulator's key.
func (e *Emulator) sign(typ string, claims map[string]any) string {
	spec := signingCurves[e.alg]
	header := map[string]any{"alg": e.alg, "kid": e.kid}
	if typ != "" {
		header["typ"] = typ
	}
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	input := b64.EncodeToString(h) + "." + b64.EncodeToString(c)
	r, s, err := ecdsa.Sign(rand.Reader, e.key, digest(spec.hash, input))
	if err != nil {
		panic("emulator: signing: " + err.Error())
	}
	sig := make([]byte, 2*spec.size)
	r.FillBytes(sig[:spec.size])
	s.FillBytes(sig[spec.size:])
	return input + "." + b64.EncodeToString(sig)
}

var (
	errJWSInvalid = errors.New("ERR_JWS_INVALID")
)

// verify checks a JWT's signature with the emulator's key and returns its claims.
func (e *Emulator) verify(token string) (map[string]any, error) {
	spec := signingCurves[e.alg]
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errJWSInvalid
	}
	hb, err1 := b64.DecodeString(parts[0])
	cb, err2 := b64.DecodeString(parts[1])
	sig, err3 := b64.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || len(sig) != 2*spec.size {
		return nil, errJWSInvalid
	}
	var header map[string]any
	if json.Unmarshal(hb, &header) != nil || header["alg"] != e.alg || header["kid"] != e.kid {
		return nil, errJWSInvalid
	}
	r := new(big.Int).SetBytes(sig[:spec.size])
	s := new(big.Int).SetBytes(sig[spec.size:])
	if !ecdsa.Verify(&e.key.PublicKey, digest(spec.hash, parts[0]+"."+parts[1]), r, s) {
		return nil, errJWSInvalid
	}
	var claims map[string]any
	if json.Unmarshal(cb, &claims) != nil {
		return nil, errJWSInvalid
	}
	return claims, nil
}

// jwks is the public key set in JWK form.
func (e *Emulator) jwks() map[string]any {
	spec := signingCurves[e.alg]
	// The uncompressed point is 0x04 ‖ X ‖ Y.
	point, err := e.key.PublicKey.Bytes()
	if err != nil || len(point) != 1+2*spec.size {
		panic("emulator: the signing key has no " + spec.crv + " point")
	}
	x, y := point[1:1+spec.size], point[1+spec.size:]
	return map[string]any{"keys": []any{map[string]any{
		"kty": "EC", "crv": spec.crv, "alg": e.alg, "use": "sig", "kid": e.kid,
		"x": b64.EncodeToString(x), "y": b64.EncodeToString(y),
	}}}
}

func numClaim(c map[string]any, k string) (int64, bool) {
	f, ok := c[k].(float64)
	return int64(f), ok
}
