package emulator

import (
	"slices"
	"time"

	"github.com/logto-account/logto-account/logto/phone"
)

// UserSeed describes a user created directly in the emulator's store.
type UserSeed struct {
	ID, Username, Email, Phone, Name, Avatar, Password string
	CustomData                                         map[string]any
	// Profile holds OIDC profile fields (strings, or an "address" object).
	Profile map[string]any
	// Identities maps a social target to the provider's user id.
	Identities map[string]string
	Suspended  bool
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// SeedUser stores a user without going through the API and returns its id.
func (e *Emulator) SeedUser(s UserSeed) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock().UnixMilli()
	u := &user{ID: s.ID, Username: strp(s.Username), PrimaryEmail: strp(s.Email), Name: strp(s.Name),
		Avatar: strp(s.Avatar), CustomData: s.CustomData, Profile: s.Profile, Identities: map[string]identity{},
		CreatedAt: now, UpdatedAt: now, IsSuspended: s.Suspended}
	if u.ID == "" {
		u.ID = e.newUserID()
	}
	if s.Phone != "" {
		p := s.Phone
		if n, err := phone.Normalize(p); err == nil {
			p = n // Logto stores digits with the country code
		}
		u.PrimaryPhone = &p
	}
	if u.CustomData == nil {
		u.CustomData = map[string]any{}
	}
	if u.Profile == nil {
		u.Profile = map[string]any{}
	}
	for target, sub := range s.Identities {
		u.Identities[target] = identity{UserID: sub, Details: map[string]any{"id": sub}}
	}
	if s.Password != "" {
		u.setPassword(s.Password)
	}
	if e.users[u.ID] != nil { // seeded again: newest now, listed once
		e.order = slices.DeleteFunc(e.order, func(id string) bool { return id == u.ID })
	}
	e.users[u.ID] = u
	e.order = append(e.order, u.ID)
	return u.ID
}

// SeedSSOIdentity adds an enterprise SSO identity to a user.
func (e *Emulator) SeedSSOIdentity(userID, ssoConnectorID, issuer, identityID string, detail map[string]any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.users[userID]
	if u == nil {
		return
	}
	now := e.clock().UnixMilli()
	if detail == nil {
		detail = map[string]any{}
	}
	u.SSO = append(u.SSO, ssoIdentity{TenantID: "default", ID: randomID(21), UserID: userID, Issuer: issuer,
		IdentityID: identityID, Detail: detail, CreatedAt: now, UpdatedAt: now, SSOConnectorID: ssoConnectorID})
}

// SeedTOTP gives a user a TOTP factor with the given base32 secret.
func (e *Emulator) SeedTOTP(userID, secret string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mfa[userID] = append(e.mfa[userID], &mfaFactor{ID: randomID(21), Type: "Totp", CreatedAt: e.clock(), Secret: secret})
}

// SeedBackupCodes gives a user a backup-code set with `used` codes spent.
func (e *Emulator) SeedBackupCodes(userID string, used int) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := &mfaFactor{ID: randomID(21), Type: "BackupCode", CreatedAt: e.clock()}
	for i := range 10 {
		f.Codes = append(f.Codes, randomFrom("0123456789abcdef", 10))
		f.Used = append(f.Used, i < used)
		var at time.Time
		if i < used { // spent one a day, the latest yesterday
			at = e.clock().Add(-time.Duration(used-i) * 24 * time.Hour)
		}
		f.UsedAt = append(f.UsedAt, at)
	}
	e.mfa[userID] = append(e.mfa[userID], f)
	return f.Codes
}

// SeedWebAuthn gives a user a passkey entry (it cannot be created by API).
func (e *Emulator) SeedWebAuthn(userID, name, agent string, lastUsed time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := &mfaFactor{ID: randomID(21), Type: "WebAuthn", CreatedAt: e.clock(), Name: name, Agent: agent}
	if !lastUsed.IsZero() {
		f.LastUsed = &lastUsed
	}
	e.mfa[userID] = append(e.mfa[userID], f)
}

// SeedPAT gives a user a personal access token and returns its value.
func (e *Emulator) SeedPAT(userID, name string, expiresAt *time.Time) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := &pat{Name: name, Value: "pat_" + randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32),
		CreatedAt: e.clock().UnixMilli()}
	if expiresAt != nil {
		ms := expiresAt.UnixMilli()
		p.ExpiresAt = &ms
	}
	e.pats[userID] = append(e.pats[userID], p)
	return p.Value
}

// UserSnapshot is a read-only view of a stored user for assertions.
type UserSnapshot struct {
	ID, Username, Email, Phone, Name, Avatar string
	CustomData, Profile                      map[string]any
	Identities                               map[string]string
	Suspended, HasPassword                   bool
}

// User returns a snapshot of a stored user.
func (e *Emulator) User(id string) (UserSnapshot, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.users[id]
	if u == nil {
		return UserSnapshot{}, false
	}
	deref := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	ids := map[string]string{}
	for t, i := range u.Identities {
		ids[t] = i.UserID
	}
	return UserSnapshot{ID: u.ID, Username: deref(u.Username), Email: deref(u.PrimaryEmail), Phone: deref(u.PrimaryPhone),
		Name: deref(u.Name), Avatar: deref(u.Avatar), CustomData: u.CustomData, Profile: u.Profile, Identities: ids,
		Suspended: u.IsSuspended, HasPassword: u.PasswordHash != nil}, true
}

// CheckPassword reports whether password is the user's password.
func (e *Emulator) CheckPassword(userID, password string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.users[userID]
	return u != nil && u.checkPassword(password)
}

// UseBackupCode spends the user's code at index i (as a sign-in with it
// would) and reports whether there was such an unused code.
func (e *Emulator) UseBackupCode(userID string, i int) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := factorOf(e.mfa[userID], "BackupCode")
	if f == nil || i < 0 || i >= len(f.Used) || f.Used[i] {
		return false
	}
	f.Used[i] = true
	for len(f.UsedAt) < len(f.Used) {
		f.UsedAt = append(f.UsedAt, time.Time{})
	}
	f.UsedAt[i] = e.clock()
	return true
}
