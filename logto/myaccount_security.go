package logto

import (
	"context"
	"net/http"
	"strings"
	"time"
)

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

func (a *MyAccount) unavailable(c Capability) error { return &UnavailableError{Capability: c} }

// PersonalAccessTokens is unavailable.
func (a *MyAccount) PersonalAccessTokens(context.Context) ([]PersonalAccessToken, error) {
	return nil, a.unavailable(CapPersonalAccessTokens)
}

// CreatePersonalAccessToken is unavailable.
func (a *MyAccount) CreatePersonalAccessToken(context.Context, string, *time.Time) (*PersonalAccessToken, error) {
	return nil, a.unavailable(CapPersonalAccessTokens)
}

// RenamePersonalAccessToken is unavailable.
func (a *MyAccount) RenamePersonalAccessToken(context.Context, string, string) error {
	return a.unavailable(CapPersonalAccessTokens)
}

// DeletePersonalAccessToken is unavailable.
func (a *MyAccount) DeletePersonalAccessToken(context.Context, string) error {
	return a.unavailable(CapPersonalAccessTokens)
}

// History is unavailable: the audit log is a Management API route.
func (a *MyAccount) History(context.Context, LogQuery) (*LogPage, error) {
	return nil, a.unavailable(CapSignInHistory)
}

// DeleteAccount is unavailable.
func (a *MyAccount) DeleteAccount(context.Context) error { return a.unavailable(CapDeleteAccount) }

// SetSuspended is unavailable.
func (a *MyAccount) SetSuspended(context.Context, bool) (*User, error) {
	return nil, a.unavailable(CapSuspend)
}

// RenameMFAVerification renames a passkey (WebAuthn factors only).
func (a *MyAccount) RenameMFAVerification(ctx context.Context, id, name string) error {
	if strings.TrimSpace(name) == "" {
		return &ValidationError{Field: "name", Reason: "is empty"}
	}
	return a.do(ctx, request{method: http.MethodPatch, path: "/api/my-account/mfa-verifications/" + seg(id) + "/name",
		body: map[string]any{"name": name}}, true, FieldMFA, nil)
}
