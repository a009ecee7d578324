package emulator

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
)

var b64 = base64.RawURLEncoding

// sign makes an ES384 JWT with the emulator's key.
func (e *Emulator) sign(typ string, claims map[string]any) string {
	header := map[string]any{"alg": "ES384", "kid": e.kid}
	if typ != "" {
		header["typ"] = typ
	}
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	input := b64.EncodeToString(h) + "." + b64.EncodeToString(c)
	digest := sha384(input)
	r, s, err := ecdsa.Sign(rand.Reader, e.key, digest)
	if err != nil {
		panic("emulator: signing: " + err.Error())
	}
	sig := make([]byte, 96)
	r.FillBytes(sig[:48])
	s.FillBytes(sig[48:])
	return input + "." + b64.EncodeToString(sig)
}

var (
	errJWSInvalid = errors.New("ERR_JWS_INVALID")
)

// verify checks an ES384 JWT's signature and returns its claims.
func (e *Emulator) verify(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errJWSInvalid
	}
	hb, err1 := b64.DecodeString(parts[0])
	cb, err2 := b64.DecodeString(parts[1])
	sig, err3 := b64.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || len(sig) != 96 {
		return nil, errJWSInvalid
	}
	var header map[string]any
	if json.Unmarshal(hb, &header) != nil || header["alg"] != "ES384" || header["kid"] != e.kid {
		return nil, errJWSInvalid
	}
	r := new(big.Int).SetBytes(sig[:48])
	s := new(big.Int).SetBytes(sig[48:])
	if !ecdsa.Verify(&e.key.PublicKey, sha384(parts[0]+"."+parts[1]), r, s) {
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
	// The uncompressed point is 0x04 ‖ X ‖ Y, 48 bytes each on P-384.
	point, err := e.key.PublicKey.Bytes()
	if err != nil || len(point) != 97 {
		panic("emulator: the ES384 key has no P-384 point")
	}
	x, y := point[1:49], point[49:]
	return map[string]any{"keys": []any{map[string]any{
		"kty": "EC", "crv": "P-384", "alg": "ES384", "use": "sig", "kid": e.kid,
		"x": b64.EncodeToString(x), "y": b64.EncodeToString(y),
	}}}
}

func numClaim(c map[string]any, k string) (int64, bool) {
	f, ok := c[k].(float64)
	return int64(f), ok
}

func sha384(s string) []byte {
	sum := sha512.Sum384([]byte(s))
	return sum[:]
}
