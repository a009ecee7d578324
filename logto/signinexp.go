package logto

import (
	"context"
	"net/http"
)

// SignInExperience holds the tenant settings the account screens enforce
// locally. Partial policies from the server are completed with Logto's
// defaults by WithDefaults (docs/logto-behaviour.md#pitfall-partial-policies).
type SignInExperience struct {
	PasswordPolicy               PasswordPolicy         `json:"passwordPolicy"`
	UsernamePolicy               UsernamePolicy         `json:"usernamePolicy"`
	MFA                          MFASettings            `json:"mfa"`
	VerificationCodePolicy       VerificationCodePolicy `json:"verificationCodePolicy"`
	SocialSignInConnectorTargets []string               `json:"socialSignInConnectorTargets"`
	// PasskeySignIn.Enabled: the tenant offers sign-in with a passkey (and
	// then prompts users to add one, unless they declined for good).
	PasskeySignIn struct {
		Enabled bool `json:"enabled"`
	} `json:"passkeySignIn"`
	// SocialConnectors is only in the anonymous well-known variant.
	SocialConnectors []struct {
		ID       string            `json:"id"`
		Target   string            `json:"target"`
		Name     map[string]string `json:"name"`
		Platform *string           `json:"platform"`
	} `json:"socialConnectors,omitempty"`
}

// PasswordPolicy is the tenant's password policy; nil pointers are keys the
// server left out.
type PasswordPolicy struct {
	Length struct {
		Min *int `json:"min,omitempty"`
		Max *int `json:"max,omitempty"`
	} `json:"length"`
	CharacterTypes struct {
		Min *int `json:"min,omitempty"`
	} `json:"characterTypes"`
	Rejects struct {
		Pwned                 *bool    `json:"pwned,omitempty"`
		RepetitionAndSequence *bool    `json:"repetitionAndSequence,omitempty"`
		UserInfo              *bool    `json:"userInfo,omitempty"`
		Words                 []string `json:"words,omitempty"`
	} `json:"rejects"`
}

// UsernamePolicy is the tenant's username policy.
type UsernamePolicy struct {
	CaseSensitive *bool `json:"caseSensitive,omitempty"`
	MinLength     *int  `json:"minLength,omitempty"`
	MaxLength     *int  `json:"maxLength,omitempty"`
	AllowedChars  struct {
		Lowercase  *bool `json:"lowercase,omitempty"`
		Uppercase  *bool `json:"uppercase,omitempty"`
		Numbers    *bool `json:"numbers,omitempty"`
		Underscore *bool `json:"underscore,omitempty"`
	} `json:"allowedChars"`
}

// MFASettings is the tenant's MFA configuration.
type MFASettings struct {
	Factors []string `json:"factors"`
	// Policy may be the deprecated "UserControlled" on fresh tenants.
	Policy string `json:"policy"`
}

// VerificationCodePolicy is the tenant's code lifetime and try limit.
type VerificationCodePolicy struct {
	ExpirationDuration *int `json:"expirationDuration,omitempty"`
	MaxRetryAttempts   *int `json:"maxRetryAttempts,omitempty"`
}

func intp(n int) *int    { return &n }
func boolp(b bool) *bool { return &b }

// WithDefaults fills every key the server left out with Logto's default.
func (s SignInExperience) WithDefaults() SignInExperience {
	p := &s.PasswordPolicy
	if p.Length.Min == nil {
		p.Length.Min = intp(8)
	}
	if p.Length.Max == nil {
		p.Length.Max = intp(256)
	}
	if p.CharacterTypes.Min == nil {
		p.CharacterTypes.Min = intp(1)
	}
	if p.Rejects.Pwned == nil {
		p.Rejects.Pwned = boolp(true)
	}
	if p.Rejects.RepetitionAndSequence == nil {
		p.Rejects.RepetitionAndSequence = boolp(true)
	}
	if p.Rejects.UserInfo == nil {
		p.Rejects.UserInfo = boolp(true)
	}
	if p.Rejects.Words == nil {
		p.Rejects.Words = []string{}
	}
	u := &s.UsernamePolicy
	if u.CaseSensitive == nil {
		u.CaseSensitive = boolp(true)
	}
	if u.MinLength == nil {
		u.MinLength = intp(1)
	}
	if u.MaxLength == nil {
		u.MaxLength = intp(128)
	}
	for _, b := range []**bool{&u.AllowedChars.Lowercase, &u.AllowedChars.Uppercase, &u.AllowedChars.Numbers, &u.AllowedChars.Underscore} {
		if *b == nil {
			*b = boolp(true)
		}
	}
	v := &s.VerificationCodePolicy
	if v.ExpirationDuration == nil {
		v.ExpirationDuration = intp(600)
	}
	if v.MaxRetryAttempts == nil {
		v.MaxRetryAttempts = intp(10)
	}
	if s.MFA.Policy == "" {
		s.MFA.Policy = "UserControlled"
	}
	if s.MFA.Factors == nil {
		s.MFA.Factors = []string{}
	}
	return s
}

// SignInExperience fetches the tenant's sign-in experience (Management API),
// with defaults filled in.
func (c *Client) SignInExperience(ctx context.Context) (*SignInExperience, error) {
	return c.signInExp(ctx, "/api/sign-in-exp", false)
}

// PublicSignInExperience fetches the anonymous well-known sign-in experience,
// with defaults filled in; it needs no token.
func (c *Client) PublicSignInExperience(ctx context.Context) (*SignInExperience, error) {
	return c.signInExp(ctx, "/api/.well-known/sign-in-exp", true)
}

func (c *Client) signInExp(ctx context.Context, path string, anon bool) (*SignInExperience, error) {
	var s SignInExperience
	if _, err := c.do(ctx, request{method: http.MethodGet, path: path, anon: anon}, &s); err != nil {
		return nil, err
	}
	s = s.WithDefaults()
	return &s, nil
}
