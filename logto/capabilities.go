package logto

import "errors"

// Capability is something one backend can do and another cannot: the
// Account API (the user's own token) lacks what needs admin rights.
type Capability string

// Capabilities a backend may lack.
const (
	// CapPersonalAccessTokens is listing, creating, renaming and deleting PATs.
	CapPersonalAccessTokens Capability = "personal-access-tokens"
	// CapDeleteAccount is deleting the account.
	CapDeleteAccount Capability = "delete-account"
	// CapSuspend is suspending and reinstating a user (operators).
	CapSuspend Capability = "suspend"
	// CapRenamePasskey is renaming a passkey (the Management API has no call).
	CapRenamePasskey Capability = "rename-passkey"
	// CapAddress is changing the profile's address: the Account API wants
	// the token's address scope for it (packages/core/src/routes/account/index.ts).
	CapAddress Capability = "address"
	// CapSignInHistory is reading the user's entries in Logto's audit log
	// (GET /api/logs): a Management API route; the Account API has none.
	CapSignInHistory Capability = "sign-in-history"
	// CapBackupCodeUsage is telling which backup codes were used: only the
	// Account API lists them (GET /api/my-account/mfa-verifications/backup-codes);
	// the Management API says how many are left.
	CapBackupCodeUsage Capability = "backup-code-usage"
	// CapOrganizations is listing the user's organisations and roles: the
	// Management API's GET /api/users/{id}/organizations, or in the Account
	// API the userinfo claims of the organizations scopes (when the token
	// was granted them).
	CapOrganizations Capability = "organizations"
)

// ErrUnavailable is returned for what a backend cannot do.
var ErrUnavailable = errors.New("not available with this backend")

// UnavailableError says which capability a call needed.
type UnavailableError struct{ Capability Capability }

func (e *UnavailableError) Error() string {
	return string(e.Capability) + " " + ErrUnavailable.Error()
}

// Unwrap lets errors.Is(err, ErrUnavailable) match.
func (e *UnavailableError) Unwrap() error { return ErrUnavailable }

// Lacking reports what a backend cannot do (the root reads it to mark the
// screens that need it); a backend without the method can do everything.
type Lacking interface {
	Lacks(c Capability) bool
}

// Lacks implements Lacking: the Management API cannot rename a passkey,
// nor tell which backup codes were used.
func (a *ManagementAccount) Lacks(c Capability) bool {
	return c == CapRenamePasskey || c == CapBackupCodeUsage
}
