package logto

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// This file is the end-user backend: Logto's Account API
// (docs/logto-behaviour.md#account-api) called with the user's own opaque access token, so that no M2M
// secret is needed on the user's machine. It implements the same small
// interfaces the screens declare as ManagementAccount.

// VerificationHeader carries an identity-proof record on sensitive calls.
const VerificationHeader = "logto-verification-id"

// recordMargin is taken off a record's expiresAt so that a proof is not
// used in the last seconds, when a slow request could arrive after it.
const recordMargin = 15 * time.Second

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
	// scopes are the token's granted scopes (nil: not known, all assumed).
	scopes []string
}

// WithScopes records the scopes the user's token was granted: a field
// whose scope is missing (address) is known to be refused before any call.
func (a *MyAccount) WithScopes(granted string) *MyAccount {
	a.scopes = strings.Fields(granted)
	return a
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

// Lacks implements Lacking: the Account API has no personal access tokens,
// no self-delete and no suspension.
func (a *MyAccount) Lacks(c Capability) bool {
	switch c {
	case CapPersonalAccessTokens, CapDeleteAccount, CapSuspend, CapSignInHistory:
		return true
	case CapOrganizations: // the userinfo claims need the organizations scope
		return a.scopes != nil && !slices.Contains(a.scopes, ScopeOrganizations)
	case CapAddress: // PATCH /api/my-account/profile refuses address without its scope
		return a.scopes != nil && !slices.Contains(a.scopes, "address")
	}
	return false
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
	u.SSOIdentities = spreadSSO(raw, u.SSOIdentities)
	a.last = &u
	return &u, nil
}

// spreadSSO reads the enterprise SSO identities out of an Account API
// profile. Logto 1.42 spreads their array into the object (keys "0", "1",
// …; routes/account/utils/get-scoped-profile.ts), only when the token has
// the identities scope; a later Logto may name the key ssoIdentities
// (given). The result is nil when the answer cannot say (no identities
// scope: neither identities nor a spread key), else the identities, empty
// when there are none.
func spreadSSO(raw map[string]json.RawMessage, given []SSOIdentity) []SSOIdentity {
	if given != nil {
		return given
	}
	var out []SSOIdentity
	for i := 0; ; i++ {
		v, ok := raw[strconv.Itoa(i)]
		if !ok {
			break
		}
		var id SSOIdentity
		if json.Unmarshal(v, &id) != nil || id.SSOConnectorID == "" {
			break
		}
		out = append(out, id)
	}
	if out == nil {
		if _, ok := raw["identities"]; !ok {
			return nil
		}
		out = []SSOIdentity{}
	}
	return out
}

func (a *MyAccount) current() *User {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.last
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

// The Account API has no personal access tokens, no self-delete and no
// suspension: these answer UnavailableError.
