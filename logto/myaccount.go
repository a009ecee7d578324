package logto

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"
)

// This file is the end-user backend: Logto's Account API (logto-api.md
// §11) called with the user's own opaque access token, so that no M2M
// secret is needed on the user's machine. It implements the same small
// interfaces the screens declare as ManagementAccount.

// VerificationHeader carries an identity-proof record on sensitive calls.
const VerificationHeader = "logto-verification-id"

// recordMargin is taken off a record's expiresAt so that a proof is not
// used in the last seconds, when a slow request could arrive after it.
const recordMargin = 15 * time.Second

// ErrUnavailable is returned for what the Account API cannot do.
var ErrUnavailable = errors.New("not available through the Account API")

// UnavailableError says why a feature cannot be used in this mode.
type UnavailableError struct{ Feature, Reason string }

func (e *UnavailableError) Error() string {
	return e.Feature + " " + ErrUnavailable.Error() + ": " + e.Reason
}

// Unwrap lets errors.Is(err, ErrUnavailable) match.
func (e *UnavailableError) Unwrap() error { return ErrUnavailable }

// Account Center fields (PATCH /api/account-center).
const (
	FieldName       = "name"
	FieldAvatar     = "avatar"
	FieldUsername   = "username"
	FieldProfile    = "profile"
	FieldCustomData = "customData"
	FieldEmail      = "email"
	FieldPhone      = "phone"
	FieldPassword   = "password"
	FieldSocial     = "social"
	FieldMFA        = "mfa"
	FieldSession    = "session"
)

// FieldState is what the account learned about a field.
type FieldState string

// Field states: hidden (Off in the Account Center, or the token lacks the
// scope), read-only (the server refused a change).
const (
	FieldHidden   FieldState = "hidden"
	FieldReadOnly FieldState = "read-only"
)

// MyAccount acts on the signed-in user through the Account API. It keeps
// the identity proof (a verification record) and the records that prove
// new addresses between the calls of one flow.
type MyAccount struct {
	c *Client

	mu         sync.Mutex
	proofID    string
	proofUntil time.Time
	sent       map[string]string // recipient → record id of the last code sent
	newIDs     map[string]string // recipient → verified new-identifier record
	social     map[string]string // connector id → record id of the pending link
	last       *User             // the last profile read (current email/phone)
	fields     map[string]FieldState
}

// NewMyAccount uses c, whose token source hands out the user's own opaque
// access token.
func NewMyAccount(c *Client) *MyAccount {
	return &MyAccount{c: c, sent: map[string]string{}, newIDs: map[string]string{}, social: map[string]string{},
		fields: map[string]FieldState{}}
}

// Mode names the backend for the status line and `status`.
func (a *MyAccount) Mode() string { return "Account API" }

// Now is the client's clock.
func (a *MyAccount) Now() time.Time { return a.c.now() }

// Endpoint is the tenant's base URL.
func (a *MyAccount) Endpoint() string { return a.c.Endpoint() }

// ProofExpiry is when the current identity proof stops being accepted
// (zero when there is none): the screens' re-verification clock.
func (a *MyAccount) ProofExpiry() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.proofID == "" {
		return time.Time{}
	}
	return a.proofUntil.Add(-recordMargin)
}

// Fields reports what was learned about Account Center fields.
func (a *MyAccount) Fields() map[string]FieldState {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make(map[string]FieldState, len(a.fields))
	for k, v := range a.fields {
		out[k] = v
	}
	return out
}

// Unavailable names the screens this backend cannot serve, with the reason.
func (a *MyAccount) Unavailable() map[string]string {
	return map[string]string{
		"Tokens": "Personal access tokens are managed with admin rights, which this program does not hold " +
			"on your machine. Use your tenant's SSH service (ssh -p 23234 <host>) or ask your administrator.",
		"Danger zone": "Logto's Account API has no self-delete. Use your tenant's SSH service or the " +
			"account page your administrator set up, or ask them to delete the account.",
	}
}

// proof returns the header of the current identity proof.
func (a *MyAccount) proof() http.Header {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.proofID == "" {
		return nil
	}
	return http.Header{http.CanonicalHeaderKey(VerificationHeader): {a.proofID}}
}

// do sends r (with the proof header when sensitive) and learns from the
// answer: a refused proof is dropped, a refused field is noted.
func (a *MyAccount) do(ctx context.Context, r request, sensitive bool, field string, out any) error {
	if sensitive {
		r.header = a.proof()
	}
	_, err := a.c.do(ctx, r, out)
	switch CodeOf(err) {
	case "verification_record.permission_denied":
		a.mu.Lock()
		a.proofID = ""
		a.mu.Unlock()
	case "account_center.field_not_editable", "account_center.filed_not_editable":
		a.note(field, FieldReadOnly)
	case "account_center.field_not_enabled":
		a.note(field, FieldHidden)
	}
	return err
}

func (a *MyAccount) note(field string, s FieldState) {
	if field == "" {
		return
	}
	a.mu.Lock()
	a.fields[field] = s
	a.mu.Unlock()
}

// Me reads the profile.
func (a *MyAccount) Me(ctx context.Context) (*User, error) {
	var body json.RawMessage
	if err := a.do(ctx, request{method: http.MethodGet, path: "/api/my-account"}, false, "", &body); err != nil {
		return nil, err
	}
	return a.learn("GET", body)
}

// learn decodes a profile answer (GET or PATCH /api/my-account). Keys the
// server leaves out (field Off, or a scope the token lacks) are noted as
// hidden.
func (a *MyAccount) learn(method string, body json.RawMessage) (*User, error) {
	var u User
	var raw map[string]json.RawMessage // which keys the server left out
	if json.Unmarshal(body, &u) != nil || json.Unmarshal(body, &raw) != nil {
		return nil, errors.New("logto: " + method + " /api/my-account: " + errDecode.Error())
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for key, field := range map[string]string{"name": FieldName, "avatar": FieldAvatar, "username": FieldUsername,
		"profile": FieldProfile, "customData": FieldCustomData, "primaryEmail": FieldEmail, "primaryPhone": FieldPhone,
		"identities": FieldSocial, "hasPassword": FieldPassword} {
		if _, ok := raw[key]; !ok {
			a.fields[field] = FieldHidden
		} else if a.fields[field] == FieldHidden {
			delete(a.fields, field)
		}
	}
	a.last = &u
	return &u, nil
}

func (a *MyAccount) current() *User {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.last
}

// UpdateUser applies a patch with the Account API's calls: name, avatar,
// username and custom data in one PATCH (username needs the proof),
// profile fields in another, and email/phone through their verified
// records. It returns the profile as read afterwards.
func (a *MyAccount) UpdateUser(ctx context.Context, p UserPatch) (*User, error) {
	if err := validateUserPatch(p); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		v    Nullable[string]
		kind string
	}{{p.PrimaryEmail, "email"}, {p.PrimaryPhone, "phone"}} {
		if c.v.Set && !c.v.Null && c.v.Value != "" {
			a.mu.Lock()
			rec := a.newIDs[c.kind+":"+c.v.Value]
			a.mu.Unlock()
			if rec == "" {
				return nil, &ValidationError{Field: "verificationCode", Reason: "must be checked first: send a code to the new address"}
			}
		}
	}
	cur := a.current()
	if cur == nil {
		var err error
		if cur, err = a.Me(ctx); err != nil {
			return nil, err
		}
	}
	body := map[string]any{}
	field := ""
	for _, f := range []struct {
		key  string
		v    Nullable[string]
		name string
	}{{"name", p.Name, FieldName}, {"avatar", p.Avatar, FieldAvatar}, {"username", p.Username, FieldUsername}} {
		if f.v.Set {
			body[f.key] = f.v
			field = f.name
		}
	}
	if p.CustomData.Set {
		cd := p.CustomData.Value
		if p.CustomData.Null || cd == nil {
			cd = map[string]any{}
		}
		body["customData"] = cd
		field = FieldCustomData
	}
	// The PATCH answers with the profile; a later call makes it stale.
	var latest *User
	if len(body) > 0 {
		var answer json.RawMessage
		if err := a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account", body: body}, p.Username.Set, field, &answer); err != nil {
			return nil, err
		}
		var err error
		if latest, err = a.learn("PATCH", answer); err != nil {
			return nil, err
		}
	}
	if p.Profile.Set {
		latest = nil
		next := p.Profile.Value
		clearRemoved(&next, &cur.Profile)
		if err := a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account/profile", body: next}, false, FieldProfile, nil); err != nil {
			return nil, err
		}
	}
	for _, c := range []struct {
		v           Nullable[string]
		kind, field string
	}{{p.PrimaryEmail, "email", FieldEmail}, {p.PrimaryPhone, "phone", FieldPhone}} {
		if !c.v.Set {
			continue
		}
		latest = nil
		path := "/api/my-account/primary-" + c.kind
		if c.v.Null || c.v.Value == "" {
			if err := a.do(ctx, request{method: http.MethodDelete, path: path}, true, c.field, nil); err != nil {
				return nil, err
			}
			continue
		}
		key := c.kind + ":" + c.v.Value
		a.mu.Lock()
		rec := a.newIDs[key]
		a.mu.Unlock()
		body := map[string]any{c.kind: c.v.Value, "newIdentifierVerificationRecordId": rec}
		if err := a.do(ctx, request{method: http.MethodPost, path: path, body: body}, true, c.field, nil); err != nil {
			return nil, err
		}
		a.mu.Lock()
		delete(a.newIDs, key)
		a.mu.Unlock()
	}
	if latest != nil {
		return latest, nil
	}
	return a.Me(ctx)
}

// clearRemoved turns fields set in old but nil in next into "" — the
// Account API merges the profile, so a field is cleared by sending "".
func clearRemoved(next, old *Profile) {
	nv, ov := reflect.ValueOf(next).Elem(), reflect.ValueOf(old).Elem()
	empty := ""
	for i := range nv.NumField() {
		if nv.Field(i).Type() != reflect.TypeOf(&empty) {
			continue
		}
		if nv.Field(i).IsNil() && !ov.Field(i).IsNil() && ov.Field(i).Elem().String() != "" {
			nv.Field(i).Set(reflect.ValueOf(&empty))
		}
	}
}

// UpdateProfile merges profile fields.
func (a *MyAccount) UpdateProfile(ctx context.Context, p Profile) (*Profile, error) {
	var out Profile
	err := a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account/profile", body: p}, false, FieldProfile, &out)
	return &out, err
}

// UpdateCustomData merges keys into custom data. The Account API replaces
// custom data as a whole, so the current object is read first.
func (a *MyAccount) UpdateCustomData(ctx context.Context, d map[string]any) (map[string]any, error) {
	u, err := a.Me(ctx)
	if err != nil {
		return nil, err
	}
	merged := map[string]any{}
	for k, v := range u.CustomData {
		merged[k] = v
	}
	for k, v := range d {
		merged[k] = v
	}
	if err := a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account", body: map[string]any{"customData": merged}},
		false, FieldCustomData, nil); err != nil {
		return nil, err
	}
	return merged, nil
}

// record is the answer of /api/verifications calls.
type record struct {
	ID        string `json:"verificationRecordId"`
	ExpiresAt Time   `json:"expiresAt"`
}

func (a *MyAccount) keepProof(r record) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.proofID, a.proofUntil = r.ID, r.ExpiresAt.Time
	if a.proofUntil.IsZero() {
		a.proofUntil = a.c.now().Add(10 * time.Minute)
	}
}

// VerifyPassword proves the user with their password; the record becomes
// the proof sent with sensitive calls for its 10 minutes.
func (a *MyAccount) VerifyPassword(ctx context.Context, pw Secret) error {
	if pw == "" {
		return &ValidationError{Field: "password", Reason: "is empty"}
	}
	var r record
	if err := a.do(ctx, request{method: http.MethodPost, path: "/api/verifications/password", body: map[string]any{"password": pw}}, false, "", &r); err != nil {
		return err
	}
	a.keepProof(r)
	return nil
}

func identifier(to Recipient) map[string]string {
	if to.Email != "" {
		return map[string]string{"type": "email", "value": to.Email}
	}
	return map[string]string{"type": "phone", "value": to.Phone}
}

func recipientKey(to Recipient) string {
	if to.Email != "" {
		return "email:" + to.Email
	}
	return "phone:" + to.Phone
}

// SendCode sends a code to an address: the user's current one (to prove
// who they are) or a new one (to prove they own it).
func (a *MyAccount) SendCode(ctx context.Context, to Recipient) error {
	if err := to.validate(); err != nil {
		return err
	}
	var r record
	if err := a.do(ctx, request{method: http.MethodPost, path: "/api/verifications/verification-code",
		body: map[string]any{"identifier": identifier(to)}}, false, "", &r); err != nil {
		return err
	}
	a.mu.Lock()
	a.sent[recipientKey(to)] = r.ID
	a.mu.Unlock()
	return nil
}

// VerifyCode checks the code sent to an address. For the user's current
// address the record becomes the identity proof; for a new one it is kept
// for the change of email or phone.
func (a *MyAccount) VerifyCode(ctx context.Context, to Recipient, code string) error {
	key := recipientKey(to)
	a.mu.Lock()
	id := a.sent[key]
	a.mu.Unlock()
	if id == "" {
		return &APIError{Status: http.StatusBadRequest, Code: "verification_code.not_found", Method: http.MethodPost,
			Path: "/api/verifications/verification-code/verify"}
	}
	body := map[string]any{"identifier": identifier(to), "verificationId": id, "code": code}
	var r record
	if err := a.do(ctx, request{method: http.MethodPost, path: "/api/verifications/verification-code/verify", body: body}, false, "", &r); err != nil {
		return err
	}
	if r.ID == "" {
		r.ID = id
	}
	own := false
	if u := a.current(); u != nil {
		own = (to.Email != "" && Str(u.PrimaryEmail) == to.Email) || (to.Phone != "" && Str(u.PrimaryPhone) == to.Phone)
	}
	a.mu.Lock()
	delete(a.sent, key)
	if own {
		a.proofID, a.proofUntil = r.ID, a.c.now().Add(10*time.Minute)
	} else {
		a.newIDs[key] = r.ID
	}
	a.mu.Unlock()
	return nil
}

// HasPassword reports whether the user has a password.
func (a *MyAccount) HasPassword(ctx context.Context) (bool, error) {
	u, err := a.Me(ctx)
	if err != nil {
		return false, err
	}
	return u.HasPassword, nil
}

// SetPassword sets a new password; the server applies the tenant's policy
// (422 password.rejected with the failed rules in Data).
func (a *MyAccount) SetPassword(ctx context.Context, pw Secret) error {
	return a.do(ctx, request{method: http.MethodPost, path: "/api/my-account/password", body: map[string]any{"password": pw}}, true, FieldPassword, nil)
}

// SignInExperience reads the tenant's public sign-in experience.
func (a *MyAccount) SignInExperience(ctx context.Context) (*SignInExperience, error) {
	return a.c.PublicSignInExperience(ctx)
}

// SignOutOtherSessions revokes every session but keep (and, when keep is
// "", every session except the one marked current).
func (a *MyAccount) SignOutOtherSessions(ctx context.Context, keep string) (revoked, failed int, err error) {
	sessions, err := a.Sessions(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, s := range sessions {
		if s.ID() == keep || (keep == "" && s.IsCurrent) {
			continue
		}
		if err := a.RevokeSession(ctx, s.ID(), RevokeGrantsDefault); err != nil && !IsCode(err, "oidc.session_not_found") {
			if IsCode(err, "verification_record.permission_denied") {
				return revoked, failed, err
			}
			failed++
			continue
		}
		revoked++
	}
	return revoked, failed, nil
}

// Connectors lists the social connectors of the public sign-in
// experience: the Account API links any of them (no session-less limit).
func (a *MyAccount) Connectors(ctx context.Context) ([]Connector, error) {
	sie, err := a.c.PublicSignInExperience(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Connector, 0, len(sie.SocialConnectors))
	for _, sc := range sie.SocialConnectors {
		out = append(out, Connector{ID: sc.ID, Type: ConnectorSocial, Target: sc.Target, Name: sc.Name, Platform: sc.Platform})
	}
	return out, nil
}

// AuthorizationURI starts a social verification and returns the provider
// address.
func (a *MyAccount) AuthorizationURI(ctx context.Context, connectorID, state, redirectURI string) (string, error) {
	if connectorID == "" || state == "" || redirectURI == "" {
		return "", &ValidationError{Field: "redirectUri", Reason: "and state are required"}
	}
	var out struct {
		record
		AuthorizationURI string `json:"authorizationUri"`
	}
	body := map[string]any{"connectorId": connectorID, "state": state, "redirectUri": redirectURI}
	if err := a.do(ctx, request{method: http.MethodPost, path: "/api/verifications/social", body: body}, false, FieldSocial, &out); err != nil {
		return "", err
	}
	a.mu.Lock()
	a.social[connectorID] = out.ID
	a.mu.Unlock()
	return out.AuthorizationURI, nil
}

// LinkIdentity verifies the provider's answer and links the identity.
func (a *MyAccount) LinkIdentity(ctx context.Context, connectorID string, data map[string]string) (Identities, error) {
	a.mu.Lock()
	id := a.social[connectorID]
	a.mu.Unlock()
	if id == "" {
		return nil, &ValidationError{Field: "connectorId", Reason: "has no sign-in started: start linking again"}
	}
	if err := a.do(ctx, request{method: http.MethodPost, path: "/api/verifications/social/verify",
		body: map[string]any{"verificationRecordId": id, "connectorData": data}}, false, FieldSocial, nil); err != nil {
		return nil, err
	}
	if err := a.do(ctx, request{method: http.MethodPost, path: "/api/my-account/identities",
		body: map[string]any{"newIdentifierVerificationRecordId": id}}, true, FieldSocial, nil); err != nil {
		return nil, err
	}
	a.mu.Lock()
	delete(a.social, connectorID)
	a.mu.Unlock()
	u, err := a.Me(ctx)
	if err != nil {
		return nil, err
	}
	return u.Identities, nil
}

// UnlinkIdentity removes the identity of target.
func (a *MyAccount) UnlinkIdentity(ctx context.Context, target string) (*User, error) {
	if err := a.do(ctx, request{method: http.MethodDelete, path: "/api/my-account/identities/" + seg(target)}, true, FieldSocial, nil); err != nil {
		return nil, err
	}
	return a.Me(ctx)
}

// MFAVerifications lists the user's factors.
func (a *MyAccount) MFAVerifications(ctx context.Context) ([]MFAVerification, error) {
	var out []MFAVerification
	err := a.do(ctx, request{method: http.MethodGet, path: "/api/my-account/mfa-verifications"}, false, FieldMFA, &out)
	return out, err
}

// CreateTOTP binds secret; Logto checks code against it (400
// session.mfa.invalid_totp_code).
func (a *MyAccount) CreateTOTP(ctx context.Context, secret Secret, code string) error {
	if err := ValidateTOTPSecret(string(secret)); err != nil {
		return err
	}
	body := map[string]any{"type": FactorTOTP, "secret": secret}
	if code != "" {
		body["code"] = code
	}
	return a.do(ctx, request{method: http.MethodPost, path: "/api/my-account/mfa-verifications", body: body}, true, FieldMFA, nil)
}

// CreateBackupCodes has Logto generate ten codes, binds them, and returns
// them (the only time they are shown).
func (a *MyAccount) CreateBackupCodes(ctx context.Context) ([]Secret, error) {
	var gen struct {
		Codes []Secret `json:"codes"`
	}
	if err := a.do(ctx, request{method: http.MethodPost, path: "/api/my-account/mfa-verifications/backup-codes/generate"}, false, FieldMFA, &gen); err != nil {
		return nil, err
	}
	body := map[string]any{"type": FactorBackupCode, "codes": gen.Codes}
	if err := a.do(ctx, request{method: http.MethodPost, path: "/api/my-account/mfa-verifications", body: body}, true, FieldMFA, nil); err != nil {
		return nil, err
	}
	return gen.Codes, nil
}

// DeleteMFAVerification removes a factor; one already gone answers 400
// verification_record.not_found (the Management API: 404 entity.not_found).
func (a *MyAccount) DeleteMFAVerification(ctx context.Context, id string) error {
	return a.do(ctx, request{method: http.MethodDelete, path: "/api/my-account/mfa-verifications/" + seg(id)}, true, FieldMFA, nil)
}

// SetMFAEnabled records the user's MFA choice in logto-configs.
func (a *MyAccount) SetMFAEnabled(ctx context.Context, on bool) error {
	var patch LogtoConfigsPatch
	patch.MFA = &MFAConfigPatch{Enabled: &on}
	return a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account/logto-configs", body: patch}, true, FieldMFA, nil)
}

// Sessions lists the user's sessions (needs the proof).
func (a *MyAccount) Sessions(ctx context.Context) ([]Session, error) {
	var out struct {
		Sessions []Session `json:"sessions"`
	}
	err := a.do(ctx, request{method: http.MethodGet, path: "/api/my-account/sessions"}, true, FieldSession, &out)
	return out.Sessions, err
}

// Grants lists the apps the user authorised (needs the proof).
func (a *MyAccount) Grants(ctx context.Context) ([]Grant, error) {
	var out struct {
		Grants []Grant `json:"grants"`
	}
	err := a.do(ctx, request{method: http.MethodGet, path: "/api/my-account/grants"}, true, FieldSession, &out)
	return out.Grants, err
}

// RevokeSession ends a session; target also revokes the apps it authorised.
func (a *MyAccount) RevokeSession(ctx context.Context, id string, target RevokeGrants) error {
	r := request{method: http.MethodDelete, path: "/api/my-account/sessions/" + seg(id)}
	if target != RevokeGrantsDefault {
		r.query = map[string][]string{"revokeGrantsTarget": {string(target)}}
	}
	return a.do(ctx, r, true, FieldSession, nil)
}

// RevokeGrant revokes an app's authorisation.
func (a *MyAccount) RevokeGrant(ctx context.Context, id string) error {
	return a.do(ctx, request{method: http.MethodDelete, path: "/api/my-account/grants/" + seg(id)}, true, FieldSession, nil)
}

// The Account API has no personal access tokens, no self-delete and no
// suspension: these answer UnavailableError.

func (a *MyAccount) unavailable(feature string) error {
	for screen, reason := range a.Unavailable() {
		if strings.EqualFold(screen, feature) {
			return &UnavailableError{Feature: feature, Reason: reason}
		}
	}
	return &UnavailableError{Feature: feature, Reason: "use the SSH service or ask your administrator"}
}

// PersonalAccessTokens is unavailable.
func (a *MyAccount) PersonalAccessTokens(context.Context) ([]PersonalAccessToken, error) {
	return nil, a.unavailable("Tokens")
}

// CreatePersonalAccessToken is unavailable.
func (a *MyAccount) CreatePersonalAccessToken(context.Context, string, *time.Time) (*PersonalAccessToken, error) {
	return nil, a.unavailable("Tokens")
}

// RenamePersonalAccessToken is unavailable.
func (a *MyAccount) RenamePersonalAccessToken(context.Context, string, string) error {
	return a.unavailable("Tokens")
}

// DeletePersonalAccessToken is unavailable.
func (a *MyAccount) DeletePersonalAccessToken(context.Context, string) error {
	return a.unavailable("Tokens")
}

// DeleteAccount is unavailable.
func (a *MyAccount) DeleteAccount(context.Context) error { return a.unavailable("Danger zone") }

// SetSuspended is unavailable.
func (a *MyAccount) SetSuspended(context.Context, bool) (*User, error) {
	return nil, a.unavailable("Danger zone")
}

// RenameMFAVerification renames a passkey (WebAuthn factors only).
func (a *MyAccount) RenameMFAVerification(ctx context.Context, id, name string) error {
	if strings.TrimSpace(name) == "" {
		return &ValidationError{Field: "name", Reason: "is empty"}
	}
	return a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account/mfa-verifications/" + seg(id) + "/name",
		body: map[string]any{"name": name}}, true, FieldMFA, nil)
}
