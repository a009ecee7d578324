package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/policy"
)

// profileJSON is GET /api/my-account: the user filtered by the token's
// scopes, then by the Account Center's readable fields. Call with e.mu held.
func (e *Emulator) profileJSON(u *user, c *me) map[string]any {
	j := u.json(false)
	out := map[string]any{"id": u.ID}
	if c.has("identities") {
		// Logto 1.42 spreads the SSO identity array into the profile
		// object (routes/account/utils/get-scoped-profile.ts:
		// ...conditional(ssoIdentities)), so they arrive as keys "0",
		// "1", … whatever the Account Center's social field says.
		for i, id := range u.SSO {
			out[strconv.Itoa(i)] = id
		}
	}
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
	writeUser(w, http.StatusOK, e.users[c.userID], e.profileJSON(e.users[c.userID], c))
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
	writeUser(w, http.StatusOK, u, e.profileJSON(u, c))
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
	if !e.access(w, c, "password", "", hasSecurityMethod(u), true) { // no scope guards the password
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
		if kind == "email" && r.Method == http.MethodPost && !e.emailAllowed(w, value) {
			return // the tenant's email lists (routes/account/email-and-phone.ts)
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
