package emulator

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
)

// This file is Logto's Account API (docs/logto-behaviour.md#account-api): /api/my-account and
// /api/verifications, called with the user's own opaque access token.
// Its status codes differ from the Management API's for the same codes
// (docs/logto-behaviour.md#pitfall-status-varies): assertThat without a status answers 400.

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
	userID     string
	grantID    string
	sessionUID string
	scopes     []string
	verified   bool // the logto-verification-id header proves the user
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
		c := &me{userID: at.UserID, grantID: at.GrantID, sessionUID: at.SessionUID, scopes: strings.Fields(at.Scope)}
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
	if scope != "" && !c.has(scope) {
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
		return false
	}
	return true
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
		"GET " + p + "/mfa-settings":                             e.getMyMFASettings,
		"POST " + p + "/user-assets/avatar":                      e.uploadMyAvatar,
		"PATCH " + p + "/mfa-settings":                           e.patchMyMFASettings,
		"GET " + p + "/mfa-verifications/backup-codes":           e.getMyBackupCodes,
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
	sess, g := e.newSessionLocked(userID, SessionOptions{ClientID: clientID, Scope: scope, IP: "127.0.0.1", UserAgent: "test"})
	at := randomString(43)
	e.accessTok[at] = &accessToken{GrantID: g.ID, SessionUID: sess.UID, UserID: userID, ClientID: g.ClientID, Scope: scope,
		Exp: e.clock().Add(accessTTL)}
	return at, nil
}
