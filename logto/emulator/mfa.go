package emulator

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

type mfaFactor struct {
	ID        string
	Type      string
	CreatedAt time.Time
	Secret    string
	Codes     []string
	Used      []bool
	UsedAt    []time.Time // when each used code was spent
	Name      string
	Agent     string
	LastUsed  *time.Time
}

func (f *mfaFactor) json() map[string]any {
	m := map[string]any{"id": f.ID, "createdAt": f.CreatedAt.UTC().Format("2006-01-02T15:04:05.000Z"), "type": f.Type}
	switch f.Type {
	case "BackupCode":
		m["remainCodes"] = f.remaining()
	case "WebAuthn":
		m["agent"] = f.Agent
		if f.Name != "" {
			m["name"] = f.Name
		}
		if f.LastUsed != nil {
			m["lastUsedAt"] = f.LastUsed.UTC().Format("2006-01-02T15:04:05.000Z")
		}
	}
	return m
}

func (f *mfaFactor) remaining() int {
	n := 0
	for _, used := range f.Used {
		if !used {
			n++
		}
	}
	return n
}

var (
	totpSecretRe = regexp.MustCompile(`^[A-Z2-7]+=*$`)
	backupCodeRe = regexp.MustCompile(`^[0-9a-fA-F]{10}$`)
)

// validTOTPSecret is Logto's check: base32, 16 to 32 characters.
func validTOTPSecret(secret string) bool {
	bare := strings.TrimRight(secret, "=")
	return totpSecretRe.MatchString(secret) && len(bare) >= 16 && len(bare) <= 32
}

// validBackupCodes is Logto's check: ten codes of ten hex digits.
func validBackupCodes(codes []string) bool {
	valid := len(codes) == 10
	for _, c := range codes {
		valid = valid && backupCodeRe.MatchString(c)
	}
	return valid
}

func (e *Emulator) listMFA(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	out := []any{}
	for _, f := range e.mfa[u.ID] {
		out = append(out, f.json())
	}
	writeJSON(w, http.StatusOK, out)
}

// mfaInput is the body of POST mfa-verifications.
type mfaInput struct {
	typ, secret, code string
	codes             []string
}

// mfaBody applies the discriminated-union guard of POST mfa-verifications
// with the types the route accepts (and its optional TOTP code, which only
// the Account API reads); false means the 400 was written.
func mfaBody(w http.ResponseWriter, r *http.Request, withCode bool, types ...string) (mfaInput, bool) {
	var in mfaInput
	body, ok := decodeObject(w, r)
	if !ok {
		return in, false
	}
	if in.typ, _, _, ok = stringField(w, body, "type", false); !ok {
		return in, false
	}
	if !slices.Contains(types, in.typ) {
		guardError(w, "body", []any{"type"}, "invalid_union_discriminator",
			"Invalid discriminator value. Expected '"+strings.Join(types, "' | '")+"'")
		return in, false
	}
	if in.secret, _, _, ok = stringField(w, body, "secret", false); !ok {
		return in, false
	}
	if withCode {
		if in.code, _, _, ok = stringField(w, body, "code", false); !ok {
			return in, false
		}
	}
	if raw, present := body["codes"]; present && json.Unmarshal(raw, &in.codes) != nil {
		typeError(w, []any{"codes"}, "array", raw)
		return in, false
	}
	return in, true
}

func (e *Emulator) createMFA(w http.ResponseWriter, r *http.Request) {
	in, ok := mfaBody(w, r, false, "Totp", "BackupCode")
	if !ok {
		return
	}
	typ, secret, codes := in.typ, in.secret, in.codes
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	factors := e.mfa[u.ID]
	has := func(t string) *mfaFactor { return factorOf(factors, t) }
	now := e.clock()
	if typ == "Totp" {
		if has("Totp") != nil {
			apiError(w, http.StatusUnprocessableEntity, "user.totp_already_in_use", nil)
			return
		}
		if secret != "" {
			if !validTOTPSecret(secret) {
				apiError(w, http.StatusUnprocessableEntity, "user.totp_secret_invalid", nil)
				return
			}
		} else {
			raw := make([]byte, 20)
			_, _ = rand.Read(raw)
			secret = base32.StdEncoding.EncodeToString(raw)
		}
		e.mfa[u.ID] = append(factors, &mfaFactor{ID: randomID(21), Type: "Totp", CreatedAt: now, Secret: secret})
		writeJSON(w, http.StatusOK, map[string]any{"type": "Totp", "secret": secret,
			"secretQrCode": "data:image/png;base64," + placeholderPNG})
		return
	}
	if has("Totp") == nil && has("WebAuthn") == nil {
		apiError(w, http.StatusUnprocessableEntity, "session.mfa.backup_code_can_not_be_alone", nil)
		return
	}
	if bc := has("BackupCode"); bc != nil && bc.remaining() > 0 {
		apiError(w, http.StatusUnprocessableEntity, "user.backup_code_already_in_use", nil)
		return
	}
	if codes != nil {
		if !validBackupCodes(codes) {
			apiError(w, http.StatusUnprocessableEntity, "user.wrong_backup_code_format", nil)
			return
		}
	} else {
		codes = newBackupCodes()
	}
	factors = slices.DeleteFunc(factors, func(f *mfaFactor) bool { return f.Type == "BackupCode" })
	e.mfa[u.ID] = append(factors, &mfaFactor{ID: randomID(21), Type: "BackupCode", CreatedAt: now,
		Codes: codes, Used: make([]bool, len(codes))})
	writeJSON(w, http.StatusOK, map[string]any{"type": "BackupCode", "codes": codes})
}

func (e *Emulator) deleteMFA(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	before := len(e.mfa[u.ID])
	e.mfa[u.ID] = slices.DeleteFunc(e.mfa[u.ID], func(f *mfaFactor) bool { return f.ID == r.PathValue("vid") })
	if len(e.mfa[u.ID]) == before {
		apiError(w, http.StatusNotFound, "entity.not_found", nil)
		return
	}
	noContent(w)
}

// factorOf is the user's factor of type t, or nil.
func factorOf(factors []*mfaFactor, t string) *mfaFactor {
	for _, f := range factors {
		if f.Type == t {
			return f
		}
	}
	return nil
}

// newBackupCodes makes a set of backup codes as Logto does: 10 codes of
// 10 hex digits.
func newBackupCodes() []string {
	codes := make([]string, 10)
	for i := range codes {
		codes[i] = randomFrom("0123456789abcdef", 10)
	}
	return codes
}

// TOTPSecret returns the stored TOTP secret of a user (tests check what the
// client enrolled).
func (e *Emulator) TOTPSecret(userID string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, f := range e.mfa[userID] {
		if f.Type == "Totp" {
			return f.Secret, true
		}
	}
	return "", false
}

// placeholderPNG is a 1×1 PNG: the emulator does not draw Logto's QR image
// (the app draws its own QR from the secret).
const placeholderPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
