package logto

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Time is a Logto timestamp. It decodes both epoch milliseconds (users, PATs,
// sessions) and ISO-8601 strings (MFA verifications); null decodes to the zero
// time. It encodes as epoch milliseconds, the form request bodies use.
type Time struct{ time.Time }

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		t.Time = time.Time{}
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		p, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("logto: timestamp %q is neither epoch ms nor ISO-8601", s)
		}
		t.Time = p
		return nil
	default:
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return fmt.Errorf("logto: timestamp %s is neither epoch ms nor ISO-8601", b)
		}
		t.Time = time.UnixMilli(int64(f))
		return nil
	}
}

// MarshalJSON implements json.Marshaler (epoch ms, or null when zero).
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, t.UnixMilli(), 10), nil
}

// Nullable is a PATCH field that can be left out (the zero value), set to
// null, or set to a value: Logto treats the three differently (docs/logto-behaviour.md#pitfall-absent-null).
type Nullable[T any] struct {
	// Set is true when the field is sent at all.
	Set bool
	// Null is true when the field is sent as JSON null.
	Null bool
	// Value is sent when Set and not Null.
	Value T
}

// Value returns a Nullable that sends v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{Set: true, Value: v} }

// Null returns a Nullable that sends null (clears the field).
func Null[T any]() Nullable[T] { return Nullable[T]{Set: true, Null: true} }

// IsZero reports whether the field is left out (for `omitzero`).
func (n Nullable[T]) IsZero() bool { return !n.Set }

// MarshalJSON implements json.Marshaler.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.Null || !n.Set {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// UnmarshalJSON implements json.Unmarshaler.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		n.Null = true
		return nil
	}
	return json.Unmarshal(b, &n.Value)
}

// Secret is a string that must not reach a log or a screen by accident: fmt
// prints it masked. JSON carries it in clear; Reveal gives the value.
type Secret string

// String masks the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString masks the value for %#v.
func (s Secret) GoString() string { return s.String() }

// Reveal returns the secret value; call it only to show or copy that one value.
func (s Secret) Reveal() string { return string(s) }

// User is the user object of the Management API (docs/logto-behaviour.md#user-object).
type User struct {
	ID            string         `json:"id"`
	Username      *string        `json:"username"`
	PrimaryEmail  *string        `json:"primaryEmail"`
	PrimaryPhone  *string        `json:"primaryPhone"`
	Name          *string        `json:"name"`
	Avatar        *string        `json:"avatar"`
	CustomData    map[string]any `json:"customData"`
	Identities    Identities     `json:"identities"`
	Profile       Profile        `json:"profile"`
	LastSignInAt  Time           `json:"lastSignInAt"`
	CreatedAt     Time           `json:"createdAt"`
	UpdatedAt     Time           `json:"updatedAt"`
	ApplicationID *string        `json:"applicationId"`
	IsSuspended   bool           `json:"isSuspended"`
	HasPassword   bool           `json:"hasPassword"`
	// SSOIdentities is nil when not requested (absent) and empty when the
	// user has none.
	SSOIdentities []SSOIdentity `json:"ssoIdentities,omitempty"`
}

// DisplayName is what Logto shows for a user: name, email, phone, username.
func (u *User) DisplayName() string {
	for _, s := range []*string{u.Name, u.PrimaryEmail, u.PrimaryPhone, u.Username} {
		if s != nil && *s != "" {
			return *s
		}
	}
	return "Unnamed User"
}

// Str returns *s or "" for nil; a convenience for the nullable user fields.
func Str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Profile holds the OIDC standard claims Logto keeps in user.profile
// (docs/logto-behaviour.md#merge).
// A nil field is absent; a pointer to "" is an empty string.
type Profile struct {
	FamilyName        *string  `json:"familyName,omitempty"`
	GivenName         *string  `json:"givenName,omitempty"`
	MiddleName        *string  `json:"middleName,omitempty"`
	Nickname          *string  `json:"nickname,omitempty"`
	PreferredUsername *string  `json:"preferredUsername,omitempty"`
	Profile           *string  `json:"profile,omitempty"`
	Website           *string  `json:"website,omitempty"`
	Gender            *string  `json:"gender,omitempty"`
	Birthdate         *string  `json:"birthdate,omitempty"`
	Zoneinfo          *string  `json:"zoneinfo,omitempty"`
	Locale            *string  `json:"locale,omitempty"`
	Address           *Address `json:"address,omitempty"`
}

// Address is the OIDC address claim.
type Address struct {
	Formatted     *string `json:"formatted,omitempty"`
	StreetAddress *string `json:"streetAddress,omitempty"`
	Locality      *string `json:"locality,omitempty"`
	Region        *string `json:"region,omitempty"`
	PostalCode    *string `json:"postalCode,omitempty"`
	Country       *string `json:"country,omitempty"`
}

// Identities maps a connector target (e.g. "google") to the linked identity.
type Identities map[string]Identity

// Identity is one linked social identity.
type Identity struct {
	UserID  string         `json:"userId"`
	Details map[string]any `json:"details,omitempty"`
}

// SSOIdentity is an enterprise SSO identity (docs/logto-behaviour.md#sso).
type SSOIdentity struct {
	ID             string         `json:"id"`
	UserID         string         `json:"userId"`
	Issuer         string         `json:"issuer"`
	IdentityID     string         `json:"identityId"`
	Detail         map[string]any `json:"detail,omitempty"`
	CreatedAt      Time           `json:"createdAt"`
	UpdatedAt      Time           `json:"updatedAt"`
	SSOConnectorID string         `json:"ssoConnectorId"`
}

// UserPatch is the body of PATCH /api/users/{id}. Left-out fields stay;
// Null clears; "" is stored as null by Logto, exactly like Null.
type UserPatch struct {
	Username     Nullable[string]         `json:"username,omitzero"`
	PrimaryEmail Nullable[string]         `json:"primaryEmail,omitzero"`
	PrimaryPhone Nullable[string]         `json:"primaryPhone,omitzero"`
	Name         Nullable[string]         `json:"name,omitzero"`
	Avatar       Nullable[string]         `json:"avatar,omitzero"`
	CustomData   Nullable[map[string]any] `json:"customData,omitzero"`
	Profile      Nullable[Profile]        `json:"profile,omitzero"`
}

// NewUser is the body of POST /api/users (admin, and tests creating users).
type NewUser struct {
	Username     string         `json:"username,omitempty"`
	PrimaryEmail string         `json:"primaryEmail,omitempty"`
	PrimaryPhone string         `json:"primaryPhone,omitempty"`
	Name         string         `json:"name,omitempty"`
	Avatar       string         `json:"avatar,omitempty"`
	Password     Secret         `json:"password,omitempty"`
	CustomData   map[string]any `json:"customData,omitempty"`
	Profile      *Profile       `json:"profile,omitempty"`
}

// LogtoConfigs is the user's logto-configs (docs/logto-behaviour.md#logto-configs). MFA.Enabled is nil when
// unknown (legacy users).
type LogtoConfigs struct {
	MFA struct {
		Enabled         *bool `json:"enabled,omitempty"`
		Skipped         bool  `json:"skipped"`
		SkipMfaOnSignIn bool  `json:"skipMfaOnSignIn"`
	} `json:"mfa"`
	PasskeySignIn struct {
		Skipped bool `json:"skipped"`
	} `json:"passkeySignIn"`
}

// LogtoConfigsPatch is the body of PATCH logto-configs; nil fields are left out.
type LogtoConfigsPatch struct {
	MFA           *MFAConfigPatch     `json:"mfa,omitempty"`
	PasskeySignIn *PasskeyConfigPatch `json:"passkeySignIn,omitempty"`
}

// MFAConfigPatch changes the user's MFA settings; nil fields are left out.
type MFAConfigPatch struct {
	Enabled         *bool `json:"enabled,omitempty"`
	Skipped         *bool `json:"skipped,omitempty"`
	SkipMfaOnSignIn *bool `json:"skipMfaOnSignIn,omitempty"`
}

// PasskeyConfigPatch changes the user's passkey sign-in prompt setting.
type PasskeyConfigPatch struct {
	Skipped *bool `json:"skipped,omitempty"`
}
