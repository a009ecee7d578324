package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

func (e *Emulator) newRecord(rec *vrecord) *vrecord {
	rec.ID = randomID(21)
	rec.Expires = e.clock().Add(recordTTL)
	e.records[rec.ID] = rec
	return rec
}

func isoMillis(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (e *Emulator) verifyPasswordRecord(w http.ResponseWriter, r *http.Request, c *me) {
	pw, ok := passwordBody(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.users[c.userID].checkPassword(pw) {
		apiError(w, http.StatusUnprocessableEntity, "session.invalid_credentials", nil)
		return
	}
	rec := e.newRecord(&vrecord{Kind: "Password", UserID: c.userID, Verified: true})
	writeJSON(w, http.StatusCreated, map[string]any{"verificationRecordId": rec.ID, "expiresAt": isoMillis(rec.Expires)})
}

// identifierBody reads {"identifier": {"type": "email"|"phone", "value"}}.
func identifierBody(w http.ResponseWriter, body map[string]json.RawMessage) (kind, value string, ok bool) {
	raw := body["identifier"]
	var id struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	}
	if jsonKind(raw) != "object" || json.Unmarshal(raw, &id) != nil {
		typeError(w, []any{"identifier"}, "object", raw)
		return "", "", false
	}
	switch {
	case id.Type == "email" && emailRe.MatchString(id.Value), id.Type == "phone" && digitsRe.MatchString(id.Value):
		return id.Type, id.Value, true
	}
	guardError(w, "body", []any{"identifier"}, "invalid_union", "Invalid input")
	return "", "", false
}

func (e *Emulator) sendCodeRecord(w http.ResponseWriter, r *http.Request, c *me) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	kind, value, ok := identifierBody(w, body)
	if !ok {
		return
	}
	e.mu.Lock()
	// A code to a new email address is refused first when the tenant's
	// lists forbid it (routes/verification/utils.ts, from 1.42).
	if u := e.users[c.userID]; kind == "email" && (u.PrimaryEmail == nil || *u.PrimaryEmail != value) && !e.emailAllowed(w, value) {
		e.mu.Unlock()
		return
	}
	if !e.allowSendLocked(kind, value) {
		e.mu.Unlock()
		apiError(w, http.StatusTooManyRequests, "request.message_rate_limited", nil)
		return
	}
	if e.connectorOfType(map[string]string{"email": "Email", "phone": "Sms"}[kind]) == nil {
		e.mu.Unlock()
		apiError(w, http.StatusNotImplemented, "connector.not_found", nil)
		return
	}
	u := e.users[c.userID]
	rec := &vrecord{Kind: "EmailVerificationCode", Type: kind, Value: value, Code: randomFrom("0123456789", 6)}
	current := u.PrimaryEmail
	if kind == "phone" {
		rec.Kind, current = "PhoneVerificationCode", u.PrimaryPhone
	}
	if current != nil && *current == value {
		rec.UserID = u.ID // a code to the user's own address proves who they are
	}
	e.newRecord(rec)
	e.lastCodes[value] = rec.Code
	hook := e.onCodeSent
	e.mu.Unlock()
	if hook != nil {
		hook(value, rec.Code)
	}
	writeJSON(w, http.StatusCreated, map[string]any{"verificationRecordId": rec.ID, "expiresAt": isoMillis(rec.Expires)})
}

func (e *Emulator) verifyCodeRecord(w http.ResponseWriter, r *http.Request, c *me) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	kind, value, ok := identifierBody(w, body)
	if !ok {
		return
	}
	id, _, _, ok := stringField(w, body, "verificationId", false)
	if !ok {
		return
	}
	code, _, _, ok := stringField(w, body, "code", false)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rec := e.records[id]
	wantKind := map[string]string{"email": "EmailVerificationCode", "phone": "PhoneVerificationCode"}[kind]
	max := e.codePolicy("maxRetryAttempts", 10)
	switch {
	case rec == nil || rec.Kind != wantKind || !e.clock().Before(rec.Expires):
		apiError(w, http.StatusBadRequest, "verification_record.not_found", nil)
	case rec.Value != value:
		apiError(w, http.StatusBadRequest, "verification_code.not_found", nil)
	case rec.Tries >= max:
		apiError(w, http.StatusBadRequest, "verification_code.exceed_max_try", nil)
	case rec.Code != code:
		rec.Tries++
		apiError(w, http.StatusBadRequest, "verification_code.code_mismatch", nil)
	default:
		rec.Verified = true
		writeJSON(w, http.StatusOK, map[string]any{"verificationRecordId": rec.ID})
	}
}

func (e *Emulator) socialRecord(w http.ResponseWriter, r *http.Request, c *me) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	var vals [3]string
	for i, k := range []string{"connectorId", "state", "redirectUri"} {
		v, present, _, ok := stringField(w, body, k, false)
		if !ok {
			return
		}
		if !present {
			typeError(w, []any{k}, "string", nil)
			return
		}
		vals[i] = v
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	conn := e.connectorByID(vals[0])
	if conn == nil || conn.Type != "Social" {
		apiError(w, http.StatusBadRequest, "session.invalid_connector_id", map[string]any{"connectorId": vals[0]})
		return
	}
	rec := e.newRecord(&vrecord{Kind: "Social", ConnectorID: conn.ID})
	q := url.Values{"state": {vals[1]}, "redirect_uri": {vals[2]}, "scope": {"email profile"}}
	writeJSON(w, http.StatusCreated, map[string]any{"verificationRecordId": rec.ID,
		"authorizationUri": issuerBase(r) + "/mock-social/authorize?" + q.Encode(), "expiresAt": isoMillis(rec.Expires)})
}

func (e *Emulator) verifySocialRecord(w http.ResponseWriter, r *http.Request, c *me) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	id, _, _, ok := stringField(w, body, "verificationRecordId", false)
	if !ok {
		return
	}
	data, ok := connectorData(w, body)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rec := e.records[id]
	if rec == nil || rec.Kind != "Social" || !e.clock().Before(rec.Expires) {
		apiError(w, http.StatusNotFound, "verification_record.not_found", nil)
		return
	}
	sub, details, ok := e.mockUserInfoLocked(w, data)
	if !ok {
		return
	}
	rec.Subject, rec.Verified, rec.Details = sub, true, details
	writeJSON(w, http.StatusOK, map[string]any{"verificationRecordId": rec.ID})
}
