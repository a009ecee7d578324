package emulator

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
)

func (e *Emulator) createUser(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	f, ok := parseUserFields(w, body, true)
	if !ok || !lengthCheck(w, f) || !f.normalizePhone(w) {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.conflicts(w, "", f) {
		return
	}
	now := e.clock().UnixMilli()
	u := &user{ID: e.newUserID(), CustomData: map[string]any{}, Identities: map[string]identity{},
		Profile: map[string]any{}, CreatedAt: now, UpdatedAt: now}
	f.apply(u)
	e.users[u.ID] = u
	e.order = append(e.order, u.ID)
	writeUser(w, http.StatusOK, u, u.json(false))
}

func (e *Emulator) newUserID() string {
	for {
		id := randomID(12)
		if e.users[id] == nil {
			return id
		}
	}
}

func (e *Emulator) patchUser(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	f, ok := parseUserFields(w, body, false)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	if len(f.set) == 0 {
		apiError(w, http.StatusUnprocessableEntity, "entity.invalid_input", nil)
		return
	}
	if !lengthCheck(w, f) || !f.normalizePhone(w) || e.conflicts(w, u.ID, f) {
		return
	}
	f.apply(u)
	u.UpdatedAt = e.clock().UnixMilli()
	writeUser(w, http.StatusOK, u, u.json(false))
}

// mergeWrapped handles PATCH /profile and /custom-data: a required wrapper
// object, shallow-merged into the stored one.
func (e *Emulator) mergeWrapped(key string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, ok := decodeObject(w, r)
		if !ok {
			return
		}
		raw := body[key]
		var obj map[string]any
		if jsonKind(raw) != "object" || json.Unmarshal(raw, &obj) != nil {
			typeError(w, []any{key}, "object", raw)
			return
		}
		if key == "profile" && !checkProfile(w, obj, []any{"profile"}) {
			return
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		u := e.userOr404(w, r.PathValue("id"))
		if u == nil {
			return
		}
		dst := &u.CustomData
		if key == "profile" {
			dst = &u.Profile
		}
		merged := maps.Clone(*dst)
		maps.Copy(merged, obj)
		*dst = merged
		u.UpdatedAt = e.clock().UnixMilli()
		writeJSON(w, http.StatusOK, merged)
	}
}

func (e *Emulator) getCustomData(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if u := e.userOr404(w, r.PathValue("id")); u != nil {
		writeJSON(w, http.StatusOK, u.CustomData)
	}
}

func (e *Emulator) patchSuspended(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	var suspended bool
	if raw := body["isSuspended"]; jsonKind(raw) != "boolean" || json.Unmarshal(raw, &suspended) != nil {
		typeError(w, []any{"isSuspended"}, "boolean", raw)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	u.IsSuspended = suspended
	u.UpdatedAt = e.clock().UnixMilli()
	if suspended {
		e.revokeUserLocked(u.ID)
	}
	writeUser(w, http.StatusOK, u, u.json(false))
}

func (e *Emulator) deleteUser(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	e.revokeUserLocked(u.ID)
	delete(e.users, u.ID)
	e.order = slices.DeleteFunc(e.order, func(id string) bool { return id == u.ID })
	delete(e.mfa, u.ID)
	delete(e.pats, u.ID)
	noContent(w)
}

// revokeUserLocked ends every session, grant and token of a user.
func (e *Emulator) revokeUserLocked(userID string) {
	for id, s := range e.sessions {
		if s.AccountID == userID {
			delete(e.sessions, id)
		}
	}
	for id, g := range e.grants {
		if g.AccountID == userID {
			e.revokeGrantLocked(id)
		}
	}
}

type logtoConfigsJSON struct {
	MFA struct {
		Enabled         *bool `json:"enabled,omitempty"`
		Skipped         bool  `json:"skipped"`
		SkipMfaOnSignIn bool  `json:"skipMfaOnSignIn"`
	} `json:"mfa"`
	PasskeySignIn struct {
		Skipped bool `json:"skipped"`
	} `json:"passkeySignIn"`
}

func (u *user) configs() logtoConfigsJSON {
	var c logtoConfigsJSON
	c.MFA.Enabled, c.MFA.Skipped, c.MFA.SkipMfaOnSignIn = u.MFAEnabled, u.MFASkipped, u.SkipMFA
	c.PasskeySignIn.Skipped = u.PasskeySkip
	return c
}

func (e *Emulator) getConfigs(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if u := e.userOr404(w, r.PathValue("id")); u != nil {
		writeJSON(w, http.StatusOK, u.configs())
	}
}

func (e *Emulator) patchConfigs(w http.ResponseWriter, r *http.Request) {
	var body struct {
		MFA *struct {
			Enabled         *bool `json:"enabled"`
			Skipped         *bool `json:"skipped"`
			SkipMfaOnSignIn *bool `json:"skipMfaOnSignIn"`
		} `json:"mfa"`
		PasskeySignIn *struct {
			Skipped *bool `json:"skipped"`
		} `json:"passkeySignIn"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
		guardError(w, "body", []any{}, "invalid_type", "Expected object")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	if m := body.MFA; m != nil {
		if m.Enabled != nil {
			v := *m.Enabled
			u.MFAEnabled = &v
		}
		if m.Skipped != nil {
			u.MFASkipped = *m.Skipped
		}
		if m.SkipMfaOnSignIn != nil {
			u.SkipMFA = *m.SkipMfaOnSignIn
		}
	}
	if p := body.PasskeySignIn; p != nil && p.Skipped != nil {
		u.PasskeySkip = *p.Skipped
	}
	writeJSON(w, http.StatusOK, u.configs())
}

// passwordBody reads {"password": non-empty string}.
func passwordBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	body, ok := decodeObject(w, r)
	if !ok {
		return "", false
	}
	pw, present, _, ok := stringField(w, body, "password", false)
	if !ok {
		return "", false
	}
	if !present {
		typeError(w, []any{"password"}, "string", nil)
		return "", false
	}
	if pw == "" {
		tooSmall(w, "password", 1)
		return "", false
	}
	return pw, true
}

func tooSmall(w http.ResponseWriter, key string, n int) {
	guardError(w, "body", []any{key}, "too_small", fmt.Sprintf("String must contain at least %d character(s)", n))
}

func (e *Emulator) verifyPassword(w http.ResponseWriter, r *http.Request) {
	pw, ok := passwordBody(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	if !u.checkPassword(pw) {
		apiError(w, http.StatusUnprocessableEntity, "session.invalid_credentials", nil)
		return
	}
	noContent(w)
}

func (e *Emulator) setPassword(w http.ResponseWriter, r *http.Request) {
	pw, ok := passwordBody(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	u.setPassword(pw)
	u.UpdatedAt = e.clock().UnixMilli()
	writeUser(w, http.StatusOK, u, u.json(false))
}

func (e *Emulator) hasPassword(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if u := e.userOr404(w, r.PathValue("id")); u != nil {
		writeJSON(w, http.StatusOK, map[string]bool{"hasPassword": u.PasswordHash != nil})
	}
}

func (e *Emulator) passwordExpiration(w http.ResponseWriter, r *http.Request) {
	apiError(w, http.StatusBadRequest, "sign_in_experiences.password_expiration_not_enabled", nil)
}
