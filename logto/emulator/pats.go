package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"
)

type pat struct {
	Name      string
	Value     string
	CreatedAt int64
	ExpiresAt *int64
}

func (p *pat) json(userID string) map[string]any {
	return map[string]any{"tenantId": "default", "userId": userID, "name": p.Name, "value": p.Value,
		"createdAt": p.CreatedAt, "expiresAt": p.ExpiresAt}
}

// patName reads a PAT name field with Logto's 1–256 limit.
func patName(w http.ResponseWriter, body map[string]json.RawMessage, key string) (string, bool) {
	s, present, _, ok := stringField(w, body, key, false)
	if !ok {
		return "", false
	}
	if !present {
		typeError(w, []any{key}, "string", nil)
		return "", false
	}
	if s == "" {
		tooSmall(w, key, 1)
		return "", false
	}
	if utf8.RuneCountInString(s) > 256 {
		guardError(w, "body", []any{key}, "too_big", "String must contain at most 256 character(s)")
		return "", false
	}
	return s, true
}

func (e *Emulator) findPAT(userID, name string) *pat {
	for _, p := range e.pats[userID] {
		if p.Name == name {
			return p
		}
	}
	return nil
}

func (e *Emulator) listPATs(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userOr404(w, r.PathValue("id"))
	if u == nil {
		return
	}
	out := []any{}
	for _, p := range e.pats[u.ID] {
		out = append(out, p.json(u.ID))
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) createPAT(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	name, ok := patName(w, body, "name")
	if !ok {
		return
	}
	var expires *int64
	if raw, present := body["expiresAt"]; present && jsonKind(raw) != "null" {
		var f float64
		if jsonKind(raw) != "number" || json.Unmarshal(raw, &f) != nil {
			typeError(w, []any{"expiresAt"}, "number", raw)
			return
		}
		v := int64(f)
		expires = &v
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock()
	if expires != nil && *expires <= now.UnixMilli() {
		apiError(w, http.StatusBadRequest, "request.invalid_input", nil)
		return
	}
	u := e.users[r.PathValue("id")]
	if u == nil {
		apiError(w, http.StatusNotFound, "entity.relation_foreign_key_not_found", nil)
		return
	}
	if e.findPAT(u.ID, name) != nil {
		apiError(w, http.StatusUnprocessableEntity, "user.personal_access_token_name_exists", nil)
		return
	}
	p := &pat{Name: name, Value: "pat_" + randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32),
		CreatedAt: now.UnixMilli(), ExpiresAt: expires}
	e.pats[u.ID] = append(e.pats[u.ID], p)
	writeJSON(w, http.StatusCreated, p.json(u.ID))
}

// renamePAT serves the body route (currentName in body) and the legacy one
// (name in path).
func (e *Emulator) renamePAT(legacy bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, ok := decodeObject(w, r)
		if !ok {
			return
		}
		current := r.PathValue("name")
		if !legacy {
			if current, ok = patName(w, body, "currentName"); !ok {
				return
			}
		}
		name, ok := patName(w, body, "name")
		if !ok {
			return
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		userID := r.PathValue("id")
		p := e.findPAT(userID, current)
		if p == nil {
			apiError(w, http.StatusNotFound, "entity.not_exists", nil)
			return
		}
		if name != current && e.findPAT(userID, name) != nil {
			apiError(w, http.StatusUnprocessableEntity, "user.personal_access_token_name_exists", nil)
			return
		}
		p.Name = name
		writeJSON(w, http.StatusOK, p.json(userID))
	}
}

// deletePAT serves POST .../delete (name in body) and legacy DELETE .../{name}.
func (e *Emulator) deletePAT(legacy bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if !legacy {
			body, ok := decodeObject(w, r)
			if !ok {
				return
			}
			if name, ok = patName(w, body, "name"); !ok {
				return
			}
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		userID := r.PathValue("id")
		before := len(e.pats[userID])
		e.pats[userID] = slices.DeleteFunc(e.pats[userID], func(p *pat) bool { return p.Name == name })
		if len(e.pats[userID]) == before {
			apiError(w, http.StatusNotFound, "entity.not_found", nil)
			return
		}
		noContent(w)
	}
}

// patByValue finds a live PAT for token exchange. Call with e.mu held.
func (e *Emulator) patByValue(value string, now time.Time) (string, *pat) {
	for uid, list := range e.pats {
		for _, p := range list {
			if p.Value == value && (p.ExpiresAt == nil || *p.ExpiresAt > now.UnixMilli()) {
				return uid, p
			}
		}
	}
	return "", nil
}
