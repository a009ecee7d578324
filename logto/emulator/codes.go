package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/logto-account/logto-account/logto/phone"
)

// verificationCode is a pending code, keyed by the exact identifier sent.
type verificationCode struct {
	Code    string
	Created time.Time
	Tries   int
}

const (
	sendWindow = 10 * time.Minute
	sendLimit  = 10
)

// recipientBody reads {"email"} or {"phone"} with Logto's regexes.
func recipientBody(w http.ResponseWriter, body map[string]json.RawMessage) (kind, value string, ok bool) {
	for _, k := range []string{"email", "phone"} {
		raw, present := body[k]
		if !present {
			continue
		}
		var s string
		if jsonKind(raw) != "string" || json.Unmarshal(raw, &s) != nil {
			typeError(w, []any{k}, "string", raw)
			return "", "", false
		}
		re := emailRe
		if k == "phone" {
			re = digitsRe
		}
		if !re.MatchString(s) {
			guardError(w, "body", []any{k}, "invalid_string", "Invalid")
			return "", "", false
		}
		return k, s, true
	}
	guardError(w, "body", []any{}, "invalid_union", "Invalid input")
	return "", "", false
}

// rateKey is how Logto counts sends: email lower-cased, phone normalised.
func rateKey(kind, value string) string {
	if kind == "email" {
		return "email:" + strings.ToLower(value)
	}
	if c, err := phone.Canonical(value); err == nil {
		return "phone:" + c
	}
	return "phone:" + value
}

// allowSendLocked counts a send to kind/value and reports whether it is
// within Logto's limit (10 per recipient per 10 min). Call with e.mu held.
func (e *Emulator) allowSendLocked(kind, value string) bool {
	now := e.clock()
	key := rateKey(kind, value)
	recent := e.sends[key][:0]
	for _, t := range e.sends[key] {
		if now.Sub(t) < sendWindow {
			recent = append(recent, t)
		}
	}
	e.sends[key] = recent
	if len(recent) >= sendLimit {
		return false
	}
	e.sends[key] = append(e.sends[key], now)
	return true
}

func (e *Emulator) sendCode(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	kind, value, ok := recipientBody(w, body)
	if !ok {
		return
	}
	e.mu.Lock()
	now := e.clock()
	if !e.allowSendLocked(kind, value) {
		e.mu.Unlock()
		apiError(w, http.StatusTooManyRequests, "request.message_rate_limited", nil)
		return
	}
	code := randomFrom("0123456789", 6)
	// A new code replaces any pending one; the row exists even when no
	// connector can deliver it (docs/logto-behaviour.md#codes: verify then
	// answers code_mismatch).
	e.codes[kind+":"+value] = &verificationCode{Code: code, Created: now}
	conn := e.connectorOfType(map[string]string{"email": "Email", "phone": "Sms"}[kind])
	if conn == nil {
		e.mu.Unlock()
		apiError(w, http.StatusNotImplemented, "connector.not_found", nil)
		return
	}
	if conn.NoGenericTemplate {
		e.mu.Unlock()
		apiError(w, http.StatusBadRequest, "connector.template_not_found",
			map[string]any{"message": "Template not found for type: Generic"})
		return
	}
	e.lastCodes[value] = code
	hook := e.onCodeSent
	e.mu.Unlock()
	if hook != nil {
		hook(value, code)
	}
	noContent(w)
}

func (e *Emulator) verifyCode(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	kind, value, ok := recipientBody(w, body)
	if !ok {
		return
	}
	var given string
	if raw := body["verificationCode"]; jsonKind(raw) != "string" || json.Unmarshal(raw, &given) != nil {
		typeError(w, []any{"verificationCode"}, "string", raw)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	key := kind + ":" + value
	vc := e.codes[key]
	max := e.codePolicy("maxRetryAttempts", 10)
	ttl := time.Duration(e.codePolicy("expirationDuration", 600)) * time.Second
	switch {
	case vc == nil:
		apiError(w, http.StatusBadRequest, "verification_code.not_found", nil)
	case e.clock().Sub(vc.Created) > ttl:
		apiError(w, http.StatusBadRequest, "verification_code.expired", nil)
	case vc.Tries >= max:
		apiError(w, http.StatusBadRequest, "verification_code.exceed_max_try", nil)
	case vc.Code != given:
		vc.Tries++
		apiError(w, http.StatusBadRequest, "verification_code.code_mismatch", nil)
	default:
		delete(e.codes, key)
		noContent(w)
	}
}

// LastCode returns the last code delivered to an email or phone (exactly as
// it was sent), like Logto's mock connectors let tests read it.
func (e *Emulator) LastCode(recipient string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.lastCodes[recipient]
	return c, ok
}

// AgeCode moves a pending code's creation time back by d (to test expiry
// without moving the whole clock).
func (e *Emulator) AgeCode(kind, recipient string, d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if vc := e.codes[kind+":"+recipient]; vc != nil {
		vc.Created = vc.Created.Add(-d)
	}
}

func (e *Emulator) codePolicy(key string, def int) int {
	if p, ok := e.signInExp["verificationCodePolicy"].(map[string]any); ok {
		if v, ok := p[key].(float64); ok {
			return int(v)
		}
	}
	return def
}
