package emulator

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

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
	if !e.access(w, c, "social", "identities", hasSecurityMethod(u), true) {
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
	writeJSON(w, http.StatusOK, map[string]any{"codes": newBackupCodes()})
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
	has := func(t string) *mfaFactor { return factorOf(factors, t) }
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
	// Binding through the Account API turns the user's MFA on, as Logto's
	// routes/account/mfa-verifications.ts does (the Management API does not).
	if u := e.users[c.userID]; u != nil {
		on := true
		u.MFAEnabled = &on
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

// passkeyControl is Logto's `fields.passkey ?? fields.mfa`
// (routes/account/logto-config.ts). Call with e.mu held.
func (e *Emulator) passkeyControl() string {
	if v, ok := e.center.Fields["passkey"]; ok && v != "" {
		return v
	}
	return e.field("mfa")
}

// getMyConfigs: the identities scope (401), then the passkey field (or
// mfa) readable (400 field_not_enabled).
func (e *Emulator) getMyConfigs(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	switch {
	case !c.has("identities"):
		e.mu.Unlock()
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
		return
	case !readable(e.passkeyControl()):
		e.mu.Unlock()
		apiError(w, http.StatusBadRequest, "account_center.field_not_enabled", nil)
		return
	}
	e.mu.Unlock()
	r.SetPathValue("id", c.userID)
	e.getConfigs(w, r)
}

// patchMyConfigs: the proof (401), the identities scope (401), the passkey
// field (or mfa) editable (400 field_not_editable).
func (e *Emulator) patchMyConfigs(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	control := e.passkeyControl()
	e.mu.Unlock()
	switch {
	case !c.verified:
		denied(w)
	case !c.has("identities"):
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
	case control != FieldEdit:
		apiError(w, http.StatusBadRequest, "account_center.field_not_editable", nil)
	default:
		r.SetPathValue("id", c.userID)
		e.patchConfigs(w, r)
	}
}

// getMyMFASettings: the identities scope (401), then the mfa field
// readable (400) — routes/account/index.ts.
func (e *Emulator) getMyMFASettings(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case !c.has("identities"):
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
	case !readable(e.field("mfa")):
		apiError(w, http.StatusBadRequest, "account_center.field_not_enabled", nil)
	default:
		writeJSON(w, http.StatusOK, map[string]any{"skipMfaOnSignIn": e.users[c.userID].SkipMFA})
	}
}

// patchMyMFASettings: the body guard first ({skipMfaOnSignIn: boolean}),
// then the proof, the scope and the mfa field editable.
func (e *Emulator) patchMyMFASettings(w http.ResponseWriter, r *http.Request, c *me) {
	body, ok := decodeObject(w, r)
	if !ok {
		return
	}
	raw, present := body["skipMfaOnSignIn"]
	var skip bool
	if !present || jsonKind(raw) != "boolean" || json.Unmarshal(raw, &skip) != nil {
		typeError(w, []any{"skipMfaOnSignIn"}, "boolean", raw)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case !c.verified:
		denied(w)
	case !c.has("identities"):
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
	case e.field("mfa") != FieldEdit:
		apiError(w, http.StatusBadRequest, "account_center.field_not_editable", nil)
	default:
		e.users[c.userID].SkipMFA = skip
		writeJSON(w, http.StatusOK, map[string]any{"skipMfaOnSignIn": skip})
	}
}

// getMyBackupCodes lists the codes with when each was used: the proof and
// the identities scope (401 each), no field check, 404
// verification_record.not_found without a set (routes/account/mfa-verifications.ts).
func (e *Emulator) getMyBackupCodes(w http.ResponseWriter, r *http.Request, c *me) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case !c.verified:
		denied(w)
		return
	case !c.has("identities"):
		apiError(w, http.StatusUnauthorized, "auth.unauthorized", nil)
		return
	}
	f := factorOf(e.mfa[c.userID], "BackupCode")
	if f == nil {
		apiError(w, http.StatusNotFound, "verification_record.not_found", nil)
		return
	}
	codes := []any{}
	for i, code := range f.Codes {
		item := map[string]any{"code": code}
		if i < len(f.Used) && f.Used[i] {
			at := e.clock()
			if i < len(f.UsedAt) && !f.UsedAt[i].IsZero() {
				at = f.UsedAt[i]
			}
			item["usedAt"] = at.UTC().Format("2006-01-02T15:04:05.000Z")
		}
		codes = append(codes, item)
	}
	writeJSON(w, http.StatusOK, map[string]any{"codes": codes})
}

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
		// Logto compares the session with the token's sessionUid
		// (packages/core/src/routes/account/sessions.ts): the browser session
		// that approved this token's sign-in, not the program holding it.
		j["isCurrent"] = c.sessionUID != "" && s.UID == c.sessionUID
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
