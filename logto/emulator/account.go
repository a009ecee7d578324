package emulator

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/policy"
)

// This file is Logto's Account API (logto-api.md §11): /api/my-account and
// /api/verifications, called with the user's own opaque access token.
// Its status codes differ from the Management API's for the same codes
// (pitfall 16): assertThat without a status answers 400.

// Account Center field controls.
const (
	FieldOff      = "Off"
	FieldReadOnly = "ReadOnly"
	FieldEdit     = "Edit"
)

// AccountFields are the Account Center's field names.
var AccountFields = []string{"name", "avatar", "profile", "email", "phone", "password", "username",
	"social", "customData", "mfa", "passkey", "session"}

// recordTTL is how long a verification record proves anything.
const recordTTL = 10 * time.Minute

// verificationHeader carries an identity-proof record id.
const verificationHeader = "logto-verification-id"

type accountCenter struct {
	Enabled bool
	Fields  map[string]string
}

// vrecord is a verification record of /api/verifications.
type vrecord struct {
	ID       string
	Kind     string // "Password", "EmailVerificationCode", "PhoneVerificationCode", "Social"
	UserID   string // set when the record proves who this user is
	Type     string // identifier type: "email" | "phone"
	Value    string
	Code     string
	Tries    int
	Verified bool
	Expires  time.Time
	// Social records.
	ConnectorID string
	Subject     string
	Details     map[string]any
}

// SetAccountCenter sets the tenant's Account Center: enabled, and each
// field's control (missing fields are Off, as PATCH /api/account-center
// replaces the object).
func (e *Emulator) SetAccountCenter(enabled bool, fields map[string]string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.center = accountCenter{Enabled: enabled, Fields: mapsClone(fields)}
}

// AllFields returns every Account Center field set to control.
func AllFields(control string) map[string]string {
	m := map[string]string{}
	for _, f := range AccountFields {
		m[f] = control
	}
	return m
}

func mapsClone(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (e *Emulator) accountCenterJSON() map[string]any {
	fields := map[string]any{}
	for k, v := range e.center.Fields {
		fields[k] = v
	}
	return map[string]any{"tenantId": "default", "id": "default", "enabled": e.center.Enabled, "fields": fields,
		"webauthnRelatedOrigins": []any{}, "deleteAccountUrl": nil, "customCss": nil, "profileFields": nil}
}

func (e *Emulator) getAccountCenter(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	writeJSON(w, http.StatusOK, e.accountCenterJSON())
}

func (e *Emulator) patchAccountCenter(w http.ResponseWriter, r *http.Request) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	var enabled *bool
	if raw, present := body["enabled"]; present {
		var b bool
		if jsonKind(raw) != "boolean" || json.Unmarshal(raw, &b) != nil {
			typeError(w, []any{"enabled"}, "boolean", raw)
			return
		}
		enabled = &b
	}
	var fields map[string]string
	if raw, present := body["fields"]; present {
		var m map[string]any
		if jsonKind(raw) != "object" || json.Unmarshal(raw, &m) != nil {
			typeError(w, []any{"fields"}, "object", raw)
			return
		}
		fields = map[string]string{}
		for k, v := range m {
			s, _ := v.(string)
			if !slices.Contains(AccountFields, k) {
				guardError(w, "body", []any{"fields"}, "unrecognized_keys", "Unrecognized key(s) in object: '"+k+"'")
				return
			}
			if s != FieldOff && s != FieldReadOnly && s != FieldEdit {
				guardError(w, "body", []any{"fields", k}, "invalid_enum_value",
					"Invalid enum value. Expected 'Off' | 'ReadOnly' | 'Edit'")
				return
			}
			fields[k] = s
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if enabled != nil {
		e.center.Enabled = *enabled
	}
	if fields != nil {
		e.center.Fields = fields
	}
	writeJSON(w, http.StatusOK, e.accountCenterJSON())
}

// me is the caller of an Account API route.
type me struct {
	userID   string
	grantID  string
	scopes   []string
	verified bool // the logto-verification-id header proves the user
}

func (c *me) has(scope string) bool { return slices.Contains(c.scopes, scope) }

// my wraps an Account API handler: the user's opaque token (a JWT or an
// unknown token → 401 auth.unauthorized; no openid → 403 auth.forbidden),
// then the Account Center switch (400 account_center.not_enabled).
func (e *Emulator) my(h func(w http.ResponseWriter, r *http.Request, c *me)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := bearer(w, r)
		if !ok {
			return
		}
		e.mu.Lock()
		at := e.accessTok[tok]
		now := e.clock()
		if at == nil || !now.Before(at.Exp) || e.users[at.UserID] == nil || e.users[at.UserID].IsSuspended {
			e.mu.Unlock()
			apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
			return
		}
		c := &me{userID: at.UserID, grantID: at.GrantID, scopes: strings.Fields(at.Scope)}
		if !c.has("openid") {
			e.mu.Unlock()
			apiError(w, http.StatusForbidden, "auth.forbidden", nil)
			return
		}
		if !e.center.Enabled {
			e.mu.Unlock()
			apiError(w, http.StatusBadRequest, "account_center.not_enabled", nil)
			return
		}
		if id := r.Header.Get(verificationHeader); id != "" {
			rec := e.records[id]
			c.verified = rec != nil && rec.Verified && rec.UserID == c.userID && now.Before(rec.Expires)
		}
		e.mu.Unlock()
		h(w, r, c)
	}
}

// field reports the Account Center control of a field. Call with e.mu held.
func (e *Emulator) field(name string) string {
	if v := e.center.Fields[name]; v != "" {
		return v
	}
	return FieldOff
}

func readable(control string) bool { return control == FieldReadOnly || control == FieldEdit }

// denied answers 401 verification_record.permission_denied.
func denied(w http.ResponseWriter) {
	apiError(w, http.StatusUnauthorized, "verification_record.permission_denied", nil)
}

// profileJSON is GET /api/my-account: the user filtered by the token's
// scopes, then by the Account Center's readable fields. Call with e.mu held.
func (e *Emulator) profileJSON(u *user, c *me) map[string]any {
	j := u.json(false)
	out := map[string]any{"id": u.ID}
	if c.has("identities") && readable(e.field("social")) {
		out["identities"] = j.Identities
	}
	if c.has("custom_data") && readable(e.field("customData")) {
		out["customData"] = j.CustomData
	}
	if c.has("email") && readable(e.field("email")) {
		out["primaryEmail"] = j.PrimaryEmail
	}
	if c.has("phone") && readable(e.field("phone")) {
		out["primaryPhone"] = j.PrimaryPhone
	}
	if c.has("profile") {
		for k, v := range map[string]any{"lastSignInAt": j.LastSignInAt, "createdAt": j.CreatedAt,
			"updatedAt": j.UpdatedAt, "applicationId": j.ApplicationID, "cimdClientId": nil, "isSuspended": j.IsSuspended} {
			out[k] = v
		}
		if readable(e.field("name")) {
			out["name"] = j.Name
		}
		if readable(e.field("avatar")) {
			out["avatar"] = j.Avatar
		}
		if readable(e.field("username")) {
			out["username"] = j.Username
		}
		if readable(e.field("profile")) {
			p := map[string]any{}
			for k, v := range j.Profile {
				if k != "address" || c.has("address") {
					p[k] = v
				}
			}
			out["profile"] = p
		}
		if readable(e.field("password")) {
			out["hasPassword"] = j.HasPassword
		}
	}
	out["hasSecurityVerificationMethod"] = hasSecurityMethod(u)
	return out
}

func hasSecurityMethod(u *user) bool {
	return u.PasswordHash != nil || u.PrimaryEmail != nil || u.PrimaryPhone != nil
}

func (e *Emulator) getMyAccount(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	defer e.mu.Unlock()
	writeJSON(w, http.StatusOK, e.profileJSON(e.users[c.userID], c))
}

func (e *Emulator) patchMyAccount(w http.ResponseWriter, r *http.Request, c *me) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	for k := range body {
		if k != "name" && k != "avatar" && k != "username" && k != "customData" {
			delete(body, k) // zod strips unknown keys
		}
	}
	f, ok := parseUserFields(w, body, false)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, k := range []struct{ key, field string }{{"name", "name"}, {"avatar", "avatar"}, {"username", "username"}, {"customData", "customData"}} {
		if _, present := body[k.key]; present && e.field(k.field) != FieldEdit {
			apiError(w, http.StatusBadRequest, "account_center.field_not_editable", nil)
			return
		}
	}
	if !c.has("profile") {
		apiError(w, http.StatusBadRequest, "auth.unauthorized", nil)
		return
	}
	if _, present := body["customData"]; present && !c.has("custom_data") {
		apiError(w, http.StatusBadRequest, "auth.unauthorized", nil)
		return
	}
	u := e.users[c.userID]
	if _, present := body["username"]; present {
		if !c.verified {
			denied(w)
			return
		}
		if f.username == nil && u.PrimaryEmail == nil && u.PrimaryPhone == nil &&
			len(u.Identities) == 0 && len(u.SSO) == 0 {
			apiError(w, http.StatusBadRequest, "user.last_sign_in_method_required", nil)
			return
		}
	}
	if e.conflicts(w, u.ID, f) {
		return
	}
	f.apply(u)
	u.UpdatedAt = e.clock().UnixMilli()
	writeJSON(w, http.StatusOK, e.profileJSON(u, c))
}

func (e *Emulator) patchMyProfile(w http.ResponseWriter, r *http.Request, c *me) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	obj := map[string]any{}
	for k, raw := range body {
		var v any
		_ = json.Unmarshal(raw, &v)
		obj[k] = v
	}
	if !checkProfile(w, obj, []any{}) {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.field("profile") != FieldEdit {
		apiError(w, http.StatusBadRequest, "account_center.field_not_editable", nil)
		return
	}
	if !c.has("profile") {
		apiError(w, http.StatusBadRequest, "auth.unauthorized", nil)
		return
	}
	if _, present := obj["address"]; present && !c.has("address") {
		apiError(w, http.StatusBadRequest, "auth.unauthorized", nil)
		return
	}
	u := e.users[c.userID]
	p := map[string]any{}
	for k, v := range u.Profile {
		p[k] = v
	}
	for k, v := range obj {
		p[k] = v
	}
	u.Profile = p
	u.UpdatedAt = e.clock().UnixMilli()
	writeJSON(w, http.StatusOK, p)
}

// passwordPolicy is the tenant's policy with Logto's defaults. Call with e.mu held.
func (e *Emulator) passwordPolicy() logto.PasswordPolicy {
	var sie logto.SignInExperience
	if raw, err := json.Marshal(map[string]any{"passwordPolicy": e.signInExp["passwordPolicy"]}); err == nil {
		_ = json.Unmarshal(raw, &sie)
	}
	return sie.WithDefaults().PasswordPolicy
}

func (e *Emulator) postMyPassword(w http.ResponseWriter, r *http.Request, c *me) {
	pw, ok := passwordBody(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.users[c.userID]
	if hasSecurityMethod(u) && !c.verified {
		denied(w)
		return
	}
	if e.field("password") != FieldEdit {
		apiError(w, http.StatusBadRequest, "account_center.field_not_editable", nil)
		return
	}
	info := policy.UserInfo{Username: deref(u.Username), Email: deref(u.PrimaryEmail), Phone: deref(u.PrimaryPhone), Name: deref(u.Name)}
	var issues []any
	pp := e.passwordPolicy()
	for _, it := range policy.Check(pp, pw, info) {
		if it.OK {
			continue
		}
		issue := map[string]any{"code": it.Code}
		switch it.Code {
		case "password_rejected.too_short":
			issue["interpolation"] = map[string]any{"min": *pp.Length.Min}
		case "password_rejected.too_long":
			issue["interpolation"] = map[string]any{"max": *pp.Length.Max}
		case "password_rejected.character_types":
			issue["interpolation"] = map[string]any{"min": *pp.CharacterTypes.Min}
		}
		issues = append(issues, issue)
	}
	if len(issues) > 0 {
		apiError(w, http.StatusUnprocessableEntity, "password.rejected", issues)
		return
	}
	if u.checkPassword(pw) {
		apiError(w, http.StatusUnprocessableEntity, "user.same_password", nil)
		return
	}
	u.setPassword(pw)
	u.UpdatedAt = e.clock().UnixMilli()
	noContent(w)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// newIdentifier finds a verified code record for kind/value. Call with e.mu held.
func (e *Emulator) newIdentifier(id, kind, value string) bool {
	rec := e.records[id]
	return rec != nil && rec.Verified && rec.Kind == kind && rec.Value == value && e.clock().Before(rec.Expires)
}

// primary handles POST and DELETE of primary-email / primary-phone.
func (e *Emulator) primary(kind string) func(w http.ResponseWriter, r *http.Request, c *me) {
	field, key, scope, re := "email", "email", "email", emailRe
	recKind := "EmailVerificationCode"
	if kind == "phone" {
		field, key, scope, re = "phone", "phone", "phone", digitsRe
		recKind = "PhoneVerificationCode"
	}
	return func(w http.ResponseWriter, r *http.Request, c *me) {
		var value, recID string
		if r.Method == http.MethodPost {
			body, ok := decodeObject(w, r)
			if !ok {
				return
			}
			v, present, _, ok := stringField(w, body, key, false)
			if !ok {
				return
			}
			if !present || !re.MatchString(v) {
				guardError(w, "body", []any{key}, "invalid_string", "Invalid")
				return
			}
			id, present, _, ok := stringField(w, body, "newIdentifierVerificationRecordId", false)
			if !ok {
				return
			}
			if !present {
				typeError(w, []any{"newIdentifierVerificationRecordId"}, "string", nil)
				return
			}
			value, recID = v, id
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		if !c.verified {
			denied(w)
			return
		}
		if e.field(field) != FieldEdit {
			// Logto 1.42 spells this code "filed" on these four routes.
			apiError(w, http.StatusBadRequest, "account_center.filed_not_editable", nil)
			return
		}
		if !c.has(scope) {
			apiError(w, http.StatusBadRequest, "auth.unauthorized", nil)
			return
		}
		u := e.users[c.userID]
		f := &userFields{set: map[string]bool{}}
		wire := map[string]string{"email": "primaryEmail", "phone": "primaryPhone"}[kind]
		f.set[wire] = true
		if r.Method == http.MethodDelete {
			f.apply(u)
			u.UpdatedAt = e.clock().UnixMilli()
			noContent(w)
			return
		}
		if !e.newIdentifier(recID, recKind, value) {
			apiError(w, http.StatusBadRequest, "verification_record.not_found", nil)
			return
		}
		v := value
		if kind == "email" {
			f.email = &v
		} else {
			f.phone = &v
			if !f.normalizePhone(w) {
				return
			}
		}
		if e.conflicts(w, u.ID, f) {
			return
		}
		delete(e.records, recID)
		f.apply(u)
		u.UpdatedAt = e.clock().UnixMilli()
		noContent(w)
	}
}

// --- /api/verifications ---

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
	var data map[string]any
	if raw := body["connectorData"]; jsonKind(raw) != "object" || json.Unmarshal(raw, &data) != nil {
		typeError(w, []any{"connectorData"}, "object", raw)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rec := e.records[id]
	if rec == nil || rec.Kind != "Social" || !e.clock().Before(rec.Expires) {
		apiError(w, http.StatusNotFound, "verification_record.not_found", nil)
		return
	}
	code, _ := data["code"].(string)
	sub, known := e.mockCodes[code]
	if code == "" || !known {
		raw, _ := json.Marshal(data)
		apiError(w, http.StatusBadRequest, "connector.invalid_response", map[string]any{"message": string(raw)})
		return
	}
	delete(e.mockCodes, code)
	rec.Subject, rec.Verified = sub, true
	rec.Details = map[string]any{"id": sub, "rawData": data}
	writeJSON(w, http.StatusOK, map[string]any{"verificationRecordId": rec.ID})
}

// --- identities ---

func (e *Emulator) addMyIdentity(w http.ResponseWriter, r *http.Request, c *me) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	id, _, _, ok := stringField(w, body, "newIdentifierVerificationRecordId", false)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.users[c.userID]
	if hasSecurityMethod(u) && !c.verified {
		denied(w)
		return
	}
	if e.field("social") != FieldEdit {
		apiError(w, http.StatusBadRequest, "account_center.field_not_editable", nil)
		return
	}
	if !c.has("identities") {
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
		return
	}
	rec := e.records[id]
	if rec == nil || rec.Kind != "Social" || !rec.Verified || !e.clock().Before(rec.Expires) {
		apiError(w, http.StatusBadRequest, "verification_record.not_found", nil)
		return
	}
	conn := e.connectorByID(rec.ConnectorID)
	if conn == nil {
		apiError(w, http.StatusBadRequest, "session.invalid_connector_id", nil)
		return
	}
	if e.identityTakenLocked(u.ID, conn.Target, rec.Subject) {
		apiError(w, http.StatusUnprocessableEntity, "user.identity_already_in_use", nil)
		return
	}
	if r.Method == http.MethodPost {
		if _, exists := u.Identities[conn.Target]; exists {
			apiError(w, http.StatusUnprocessableEntity, "user.social_account_exists_in_profile", nil)
			return
		}
	}
	delete(e.records, id)
	u.Identities = cloneIdentities(u.Identities)
	u.Identities[conn.Target] = identity{UserID: rec.Subject, Details: rec.Details}
	u.UpdatedAt = e.clock().UnixMilli()
	noContent(w)
}

func (e *Emulator) deleteMyIdentity(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !c.verified {
		denied(w)
		return
	}
	if e.field("social") != FieldEdit {
		apiError(w, http.StatusBadRequest, "account_center.field_not_editable", nil)
		return
	}
	if !c.has("identities") {
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
		return
	}
	u := e.users[c.userID]
	target := r.PathValue("target")
	if _, ok := u.Identities[target]; !ok {
		apiError(w, http.StatusNotFound, "user.identity_not_exist", nil)
		return
	}
	if u.Username == nil && u.PrimaryEmail == nil && u.PrimaryPhone == nil && len(u.Identities) == 1 && len(u.SSO) == 0 {
		apiError(w, http.StatusBadRequest, "user.last_sign_in_method_required", nil)
		return
	}
	u.Identities = cloneIdentities(u.Identities)
	delete(u.Identities, target)
	u.UpdatedAt = e.clock().UnixMilli()
	noContent(w)
}

// --- MFA ---

// access applies an Account API route's checks in Logto's order: the proof
// when the route needs one (401), the field's control (a change needs Edit:
// field_not_editable; reading needs ReadOnly or Edit: field_not_enabled),
// then the scope (401 auth.unauthorized on these routes). Call with e.mu
// held; false means an answer was written.
func (e *Emulator) access(w http.ResponseWriter, c *me, field, scope string, proof, edit bool) bool {
	if proof && !c.verified {
		denied(w)
		return false
	}
	switch control := e.field(field); {
	case edit && control != FieldEdit:
		apiError(w, http.StatusBadRequest, "account_center.field_not_editable", nil)
		return false
	case !edit && !readable(control):
		apiError(w, http.StatusBadRequest, "account_center.field_not_enabled", nil)
		return false
	}
	if !c.has(scope) {
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
		return false
	}
	return true
}

func (e *Emulator) mfaAccess(w http.ResponseWriter, c *me, edit bool) bool {
	return e.access(w, c, "mfa", "identities", edit, edit)
}

func (e *Emulator) listMyMFA(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.mfaAccess(w, c, false) {
		return
	}
	out := []any{}
	for _, f := range e.mfa[c.userID] {
		out = append(out, f.json())
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) generateTOTPSecret(w http.ResponseWriter, r *http.Request, c *me) {
	writeJSON(w, http.StatusOK, map[string]any{"secret": randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32)})
}

func (e *Emulator) generateBackupCodes(w http.ResponseWriter, r *http.Request, c *me) {
	var codes []string
	for range 10 {
		codes = append(codes, randomFrom("0123456789abcdef", 10))
	}
	writeJSON(w, http.StatusOK, map[string]any{"codes": codes})
}

func (e *Emulator) createMyMFA(w http.ResponseWriter, r *http.Request, c *me) {
	in, ok := mfaBody(w, r, true, "WebAuthn", "Totp", "BackupCode")
	if !ok {
		return
	}
	typ, secret, code, codes := in.typ, in.secret, in.code, in.codes
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.mfaAccess(w, c, true) {
		return
	}
	factors := e.mfa[c.userID]
	if f, _ := e.signInExp["mfa"].(map[string]any); !slices.Contains(anyStrings(f["factors"]), typ) {
		apiError(w, http.StatusBadRequest, "session.mfa.mfa_factor_not_enabled", nil)
		return
	}
	has := func(t string) *mfaFactor {
		for _, f := range factors {
			if f.Type == t {
				return f
			}
		}
		return nil
	}
	now := e.clock()
	switch typ {
	case "Totp":
		if has("Totp") != nil {
			apiError(w, http.StatusUnprocessableEntity, "user.totp_already_in_use", nil)
			return
		}
		if !validTOTPSecret(secret) {
			apiError(w, http.StatusBadRequest, "user.totp_secret_invalid", nil)
			return
		}
		if code != "" {
			ok, _ := totp.ValidateCustom(code, secret, now, totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
			if !ok {
				apiError(w, http.StatusBadRequest, "session.mfa.invalid_totp_code", nil)
				return
			}
		}
		e.mfa[c.userID] = append(factors, &mfaFactor{ID: randomID(21), Type: "Totp", CreatedAt: now, Secret: secret})
	case "BackupCode":
		if bc := has("BackupCode"); bc != nil && bc.remaining() > 0 {
			apiError(w, http.StatusUnprocessableEntity, "user.backup_code_already_in_use", nil)
			return
		}
		if has("Totp") == nil && has("WebAuthn") == nil {
			apiError(w, http.StatusUnprocessableEntity, "session.mfa.backup_code_can_not_be_alone", nil)
			return
		}
		if !validBackupCodes(codes) {
			apiError(w, http.StatusUnprocessableEntity, "user.wrong_backup_code_format", nil)
			return
		}
		factors = slices.DeleteFunc(factors, func(f *mfaFactor) bool { return f.Type == "BackupCode" })
		e.mfa[c.userID] = append(factors, &mfaFactor{ID: randomID(21), Type: "BackupCode", CreatedAt: now,
			Codes: codes, Used: make([]bool, len(codes))})
	default: // WebAuthn needs a browser ceremony the emulator cannot run
		apiError(w, http.StatusBadRequest, "verification_record.not_found", nil)
		return
	}
	noContent(w)
}

func anyStrings(v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, x := range list {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func (e *Emulator) deleteMyMFA(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.mfaAccess(w, c, true) {
		return
	}
	factors := e.mfa[c.userID]
	i := slices.IndexFunc(factors, func(f *mfaFactor) bool { return f.ID == r.PathValue("vid") })
	if i < 0 {
		apiError(w, http.StatusBadRequest, "verification_record.not_found", nil)
		return
	}
	e.mfa[c.userID] = slices.Delete(slices.Clone(factors), i, i+1)
	noContent(w)
}

func (e *Emulator) renameMyMFA(w http.ResponseWriter, r *http.Request, c *me) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	name, present, _, ok := stringField(w, body, "name", false)
	if !ok {
		return
	}
	if !present {
		typeError(w, []any{"name"}, "string", nil)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.mfaAccess(w, c, true) {
		return
	}
	for _, f := range e.mfa[c.userID] {
		if f.ID == r.PathValue("vid") && f.Type == "WebAuthn" {
			f.Name = name
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	apiError(w, http.StatusBadRequest, "verification_record.not_found", nil)
}

// --- logto-configs ---

func (e *Emulator) getMyConfigs(w http.ResponseWriter, r *http.Request, c *me) {
	r.SetPathValue("id", c.userID)
	e.getConfigs(w, r)
}

func (e *Emulator) patchMyConfigs(w http.ResponseWriter, r *http.Request, c *me) {
	if !c.verified {
		denied(w)
		return
	}
	r.SetPathValue("id", c.userID)
	e.patchConfigs(w, r)
}

// --- sessions and grants ---

// sessionAccess: every session and grant route needs the proof.
func (e *Emulator) sessionAccess(w http.ResponseWriter, c *me, edit bool) bool {
	return e.access(w, c, "session", "urn:logto:scope:sessions", true, edit)
}

func (e *Emulator) listMySessions(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.sessionAccess(w, c, false) {
		return
	}
	out := []any{}
	for _, s := range e.liveSessions(c.userID) {
		j := s.json()
		current := false
		for _, a := range s.Authorizations {
			current = current || a.GrantID == c.grantID
		}
		j["isCurrent"] = current
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"sessions": out})
}

// deleteMySession differs from the admin route: without revokeGrantsTarget
// no grant is revoked, and a missing or foreign session is 400 with
// {"status": 404} as data (Logto passes the status where data goes).
func (e *Emulator) deleteMySession(w http.ResponseWriter, r *http.Request, c *me) {
	target, ok := revokeTarget(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.sessionAccess(w, c, true) {
		return
	}
	s := e.sessions[r.PathValue("sid")]
	switch {
	case s == nil || s.Exp <= e.clock().Unix():
		apiError(w, http.StatusBadRequest, "oidc.session_not_found", map[string]any{"status": http.StatusNotFound})
		return
	case s.AccountID != c.userID:
		apiError(w, http.StatusBadRequest, "oidc.invalid_session_account_id", map[string]any{"status": http.StatusNotFound})
		return
	}
	delete(e.sessions, s.UID)
	if target != "" {
		for _, a := range s.Authorizations {
			e.revokeGrantLocked(a.GrantID) // every emulated app is first-party
		}
	}
	noContent(w)
}

func copyBuffered(w http.ResponseWriter, buf *bufferedWriter) {
	for k, v := range buf.header {
		w.Header()[k] = v
	}
	w.WriteHeader(buf.status)
	_, _ = w.Write(buf.body.Bytes())
}

func (e *Emulator) listMyGrants(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	ok := e.sessionAccess(w, c, false)
	e.mu.Unlock()
	if !ok {
		return
	}
	r.SetPathValue("id", c.userID)
	e.listGrants(w, r)
}

func (e *Emulator) deleteMyGrant(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	ok := e.sessionAccess(w, c, true)
	e.mu.Unlock()
	if !ok {
		return
	}
	r.SetPathValue("id", c.userID)
	buf := newBufferedWriter()
	e.deleteGrant(buf, r)
	if buf.status == http.StatusNotFound {
		apiError(w, http.StatusBadRequest, "oidc.invalid_grant", map[string]any{"status": http.StatusNotFound})
		return
	}
	copyBuffered(w, buf)
}

func (e *Emulator) accountRoutes(m *http.ServeMux) {
	p := "/api/my-account"
	for pattern, h := range map[string]func(http.ResponseWriter, *http.Request, *me){
		"GET " + p:                                               e.getMyAccount,
		"PATCH " + p:                                             e.patchMyAccount,
		"PATCH " + p + "/profile":                                e.patchMyProfile,
		"POST " + p + "/password":                                e.postMyPassword,
		"POST " + p + "/primary-email":                           e.primary("email"),
		"DELETE " + p + "/primary-email":                         e.primary("email"),
		"POST " + p + "/primary-phone":                           e.primary("phone"),
		"DELETE " + p + "/primary-phone":                         e.primary("phone"),
		"POST " + p + "/identities":                              e.addMyIdentity,
		"PUT " + p + "/identities":                               e.addMyIdentity,
		"DELETE " + p + "/identities/{target}":                   e.deleteMyIdentity,
		"GET " + p + "/mfa-verifications":                        e.listMyMFA,
		"POST " + p + "/mfa-verifications":                       e.createMyMFA,
		"POST " + p + "/mfa-verifications/totp-secret/generate":  e.generateTOTPSecret,
		"POST " + p + "/mfa-verifications/backup-codes/generate": e.generateBackupCodes,
		"PATCH " + p + "/mfa-verifications/{vid}/name":           e.renameMyMFA,
		"DELETE " + p + "/mfa-verifications/{vid}":               e.deleteMyMFA,
		"GET " + p + "/logto-configs":                            e.getMyConfigs,
		"PATCH " + p + "/logto-configs":                          e.patchMyConfigs,
		"GET " + p + "/sessions":                                 e.listMySessions,
		"DELETE " + p + "/sessions/{sid}":                        e.deleteMySession,
		"GET " + p + "/grants":                                   e.listMyGrants,
		"DELETE " + p + "/grants/{gid}":                          e.deleteMyGrant,
		"POST /api/verifications/password":                       e.verifyPasswordRecord,
		"POST /api/verifications/verification-code":              e.sendCodeRecord,
		"POST /api/verifications/verification-code/verify":       e.verifyCodeRecord,
		"POST /api/verifications/social":                         e.socialRecord,
		"POST /api/verifications/social/verify":                  e.verifySocialRecord,
	} {
		m.HandleFunc(pattern, e.my(h))
	}
	notFound := func(w http.ResponseWriter, r *http.Request) { http.Error(w, "Not Found", http.StatusNotFound) }
	m.HandleFunc(p+"/", notFound)
	m.HandleFunc("/api/verifications/", notFound)
}

// AccountScopes are the scopes an end-user token needs for every Account
// API route this app calls.
const AccountScopes = "openid offline_access profile email phone custom_data identities urn:logto:scope:sessions"

// UserToken signs userID in through a new browser session of clientID (as
// an approved device code would) and returns an opaque access token with
// scope, for tests of the Account API.
func (e *Emulator) UserToken(userID, clientID, scope string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.users[userID] == nil {
		return "", errors.New("emulator: unknown user " + userID)
	}
	_, g := e.newSessionLocked(userID, SessionOptions{ClientID: clientID, Scope: scope, IP: "127.0.0.1", UserAgent: "test"})
	at := randomString(43)
	e.accessTok[at] = &accessToken{GrantID: g.ID, UserID: userID, ClientID: g.ClientID, Scope: scope, Exp: e.clock().Add(accessTTL)}
	return at, nil
}
