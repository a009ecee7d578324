package logto

import (
	"context"
	"time"
)

// ManagementAccount acts on one user through the Management API: the
// user id is fixed at construction (from a verified ID token, or the admin's
// --user), so a screen can never reach another user. It implements the
// small interfaces the screens declare.
type ManagementAccount struct {
	c  *Client
	id string
}

// NewManagementAccount binds c to the user userID.
func NewManagementAccount(c *Client, userID string) *ManagementAccount {
	return &ManagementAccount{c: c, id: userID}
}

// UserID is the bound user's id.
func (a *ManagementAccount) UserID() string { return a.id }

// Me fetches the user with enterprise SSO identities.
func (a *ManagementAccount) Me(ctx context.Context) (*User, error) {
	return a.c.GetUser(ctx, a.id, GetUserOptions{IncludeSSOIdentities: true})
}

// UpdateUser patches the user.
func (a *ManagementAccount) UpdateUser(ctx context.Context, p UserPatch) (*User, error) {
	return a.c.UpdateUser(ctx, a.id, p)
}

// UpdateProfile merges profile fields.
func (a *ManagementAccount) UpdateProfile(ctx context.Context, p Profile) (*Profile, error) {
	return a.c.UpdateProfile(ctx, a.id, p)
}

// UpdateCustomData merges custom data keys.
func (a *ManagementAccount) UpdateCustomData(ctx context.Context, d map[string]any) (map[string]any, error) {
	return a.c.UpdateCustomData(ctx, a.id, d)
}

// SendCode sends a verification code to an address (not tied to the user).
func (a *ManagementAccount) SendCode(ctx context.Context, to Recipient) error {
	return a.c.SendVerificationCode(ctx, to)
}

// VerifyCode checks a code sent to an address.
func (a *ManagementAccount) VerifyCode(ctx context.Context, to Recipient, code string) error {
	return a.c.VerifyVerificationCode(ctx, to, code)
}

// HasPassword reports whether the user has a password.
func (a *ManagementAccount) HasPassword(ctx context.Context) (bool, error) {
	return a.c.HasPassword(ctx, a.id)
}

// VerifyPassword checks the user's password.
func (a *ManagementAccount) VerifyPassword(ctx context.Context, pw Secret) error {
	return a.c.VerifyPassword(ctx, a.id, pw)
}

// SetPassword sets a new password (policy checked by the caller).
func (a *ManagementAccount) SetPassword(ctx context.Context, pw Secret) error {
	_, err := a.c.UpdatePassword(ctx, a.id, pw)
	return err
}

// SignInExperience returns the tenant's policies with defaults filled in.
func (a *ManagementAccount) SignInExperience(ctx context.Context) (*SignInExperience, error) {
	return a.c.SignInExperience(ctx)
}

// SignOutOtherSessions revokes every browser session of the user except
// keep (a session id, or ""), and reports how many failed.
func (a *ManagementAccount) SignOutOtherSessions(ctx context.Context, keep string) (revoked, failed int, err error) {
	sessions, err := a.c.Sessions(ctx, a.id)
	if err != nil {
		return 0, 0, err
	}
	for _, s := range sessions {
		if s.ID() == keep {
			continue
		}
		if err := a.c.RevokeSession(ctx, a.id, s.ID(), RevokeGrantsDefault); err != nil && !IsCode(err, "oidc.session_not_found") {
			failed++
			continue
		}
		revoked++
	}
	return revoked, failed, nil
}

// Now is the client's clock (for expiry checks in screens).
func (a *ManagementAccount) Now() time.Time { return a.c.now() }

// Connectors lists the tenant's connectors.
func (a *ManagementAccount) Connectors(ctx context.Context) ([]Connector, error) {
	return a.c.Connectors(ctx, "")
}

// AuthorizationURI asks a social connector for the provider's URL.
func (a *ManagementAccount) AuthorizationURI(ctx context.Context, connectorID, state, redirectURI string) (string, error) {
	return a.c.AuthorizationURI(ctx, connectorID, state, redirectURI)
}

// LinkIdentity links a social identity from the provider's callback data.
func (a *ManagementAccount) LinkIdentity(ctx context.Context, connectorID string, data map[string]string) (Identities, error) {
	return a.c.LinkIdentity(ctx, a.id, connectorID, data)
}

// UnlinkIdentity removes the identity of a target.
func (a *ManagementAccount) UnlinkIdentity(ctx context.Context, target string) (*User, error) {
	return a.c.UnlinkIdentity(ctx, a.id, target)
}

// MFAVerifications lists the user's factors.
func (a *ManagementAccount) MFAVerifications(ctx context.Context) ([]MFAVerification, error) {
	return a.c.MFAVerifications(ctx, a.id)
}

// CreateTOTP stores a TOTP secret the caller has checked a code against.
// The caller checked code against secret already: the Management API
// stores the secret without any proof (docs/logto-behaviour.md#pitfall-no-proof).
func (a *ManagementAccount) CreateTOTP(ctx context.Context, secret Secret, _ string) error {
	return a.c.CreateTOTP(ctx, a.id, secret)
}

// CreateBackupCodes creates a backup-code set (codes shown once).
func (a *ManagementAccount) CreateBackupCodes(ctx context.Context) ([]Secret, error) {
	return a.c.CreateBackupCodes(ctx, a.id, nil)
}

// DeleteMFAVerification removes one factor.
func (a *ManagementAccount) DeleteMFAVerification(ctx context.Context, id string) error {
	return a.c.DeleteMFAVerification(ctx, a.id, id)
}

// SetMFAEnabled sets logto-configs mfa.enabled (the Management API's binding
// does not, docs/logto-behaviour.md#mfa).
func (a *ManagementAccount) SetMFAEnabled(ctx context.Context, on bool) error {
	_, err := a.c.UpdateLogtoConfigs(ctx, a.id, LogtoConfigsPatch{MFA: &MFAConfigPatch{Enabled: &on}})
	return err
}

// Endpoint is the tenant base URL (for the account-center page links).
func (a *ManagementAccount) Endpoint() string { return a.c.Endpoint() }

// PersonalAccessTokens lists the user's PATs (values included: never print them).
func (a *ManagementAccount) PersonalAccessTokens(ctx context.Context) ([]PersonalAccessToken, error) {
	return a.c.PersonalAccessTokens(ctx, a.id)
}

// CreatePersonalAccessToken creates a PAT; expiresAt nil means never.
func (a *ManagementAccount) CreatePersonalAccessToken(ctx context.Context, name string, expiresAt *time.Time) (*PersonalAccessToken, error) {
	return a.c.CreatePersonalAccessToken(ctx, a.id, name, expiresAt)
}

// RenamePersonalAccessToken renames a PAT.
func (a *ManagementAccount) RenamePersonalAccessToken(ctx context.Context, current, name string) error {
	_, err := a.c.RenamePersonalAccessToken(ctx, a.id, current, name)
	return err
}

// DeletePersonalAccessToken deletes a PAT.
func (a *ManagementAccount) DeletePersonalAccessToken(ctx context.Context, name string) error {
	return a.c.DeletePersonalAccessToken(ctx, a.id, name)
}

// Sessions lists the user's browser sessions.
func (a *ManagementAccount) Sessions(ctx context.Context) ([]Session, error) {
	return a.c.Sessions(ctx, a.id)
}

// Grants lists the apps the user authorised.
func (a *ManagementAccount) Grants(ctx context.Context) ([]Grant, error) {
	return a.c.Grants(ctx, a.id, "")
}

// RevokeSession signs one session out.
func (a *ManagementAccount) RevokeSession(ctx context.Context, id string, target RevokeGrants) error {
	return a.c.RevokeSession(ctx, a.id, id, target)
}

// RevokeGrant revokes one app's authorisation.
func (a *ManagementAccount) RevokeGrant(ctx context.Context, id string) error {
	return a.c.RevokeGrant(ctx, a.id, id)
}

// DeleteAccount deletes the user and everything of theirs.
func (a *ManagementAccount) DeleteAccount(ctx context.Context) error {
	return a.c.DeleteUser(ctx, a.id)
}

// SetSuspended suspends or reinstates the user (admin).
func (a *ManagementAccount) SetSuspended(ctx context.Context, on bool) (*User, error) {
	return a.c.SetSuspended(ctx, a.id, on)
}
