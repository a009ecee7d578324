package logto

import (
	"fmt"
	"net/url"
	"regexp"
	"unicode/utf8"
)

// The rules below are Logto's own (docs/logto-behaviour.md#user-patch,
// #mfa, #pat): the client
// refuses to send what the server would refuse.
var (
	usernameRe   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	emailRe      = regexp.MustCompile(`^\S+@\S+\.\S+$`)
	phoneRe      = regexp.MustCompile(`^\d+$`)
	totpSecretRe = regexp.MustCompile(`^[A-Z2-7]+=*$`)
	backupCodeRe = regexp.MustCompile(`^[0-9a-fA-F]{10}$`)
)

const (
	maxFieldLen   = 128
	maxAvatarLen  = 2048
	maxPATNameLen = 256
)

// ValidateUsername applies Logto's username regex and length limit.
func ValidateUsername(s string) error {
	switch {
	case s == "":
		return &ValidationError{Field: "username", Reason: "must not be empty"}
	case len(s) > maxFieldLen:
		return &ValidationError{Field: "username", Reason: fmt.Sprintf("is longer than %d characters", maxFieldLen)}
	case s[0] >= '0' && s[0] <= '9':
		return &ValidationError{Field: "username", Reason: "must not start with a digit"}
	case !usernameRe.MatchString(s):
		return &ValidationError{Field: "username", Reason: "may hold only letters A–Z, digits and underscores"}
	}
	return nil
}

// ValidateEmail applies Logto's email regex and length limit.
func ValidateEmail(s string) error {
	if UTF16Len(s) > maxFieldLen {
		return &ValidationError{Field: "primaryEmail", Reason: tooLong(maxFieldLen)}
	}
	if !emailRe.MatchString(s) {
		return &ValidationError{Field: "primaryEmail", Reason: "is not an email address like name@example.com"}
	}
	return nil
}

// ValidatePhone applies Logto's request rule: digits only, country code
// first, no "+" or spaces (use NormalizePhone on what a person typed).
func ValidatePhone(s string) error {
	if len(s) > maxFieldLen {
		return &ValidationError{Field: "primaryPhone", Reason: fmt.Sprintf("is longer than %d digits", maxFieldLen)}
	}
	if !phoneRe.MatchString(s) {
		return &ValidationError{Field: "primaryPhone", Reason: "must be digits only with the country code first, e.g. 15551234567"}
	}
	return nil
}

func validateName(s string) error {
	if UTF16Len(s) > maxFieldLen {
		return &ValidationError{Field: "name", Reason: tooLong(maxFieldLen)}
	}
	return nil
}

// LooksLikeUserID reports whether s has the form of a Logto user id: 12
// characters of lowercase letters and digits (generateStandardId's
// alphabet; every id in the recordings has it).
func LooksLikeUserID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// UTF16Len is a string's length as Logto's response guard counts it (zod
// counts UTF-16 code units: an emoji counts twice). Logto's database takes
// 128 characters, but a user whose name is longer than 128 units can then
// never be read back: every read of it, and every list holding it, fails
// with a 500 (docs/logto-behaviour.md#user-patch).
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// tooLong says a length limit in words that account for emoji.
func tooLong(max int) string {
	return fmt.Sprintf("is longer than Logto can give back (%d units: letters count one, emoji and some symbols two)", max)
}

// ValidateAvatar checks that s is an absolute URL of at most 2048 characters.
func ValidateAvatar(s string) error {
	if UTF16Len(s) > maxAvatarLen {
		return &ValidationError{Field: "avatar", Reason: tooLong(maxAvatarLen)}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || (u.Host == "" && u.Opaque == "") {
		return &ValidationError{Field: "avatar", Reason: "is not an absolute URL like https://example.com/me.png"}
	}
	return nil
}

// ValidatePATName checks a personal access token name: 1–256 characters, any.
func ValidatePATName(s string) error {
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return &ValidationError{Field: "name", Reason: "must not be empty"}
	case n > maxPATNameLen:
		return &ValidationError{Field: "name", Reason: fmt.Sprintf("is longer than %d characters", maxPATNameLen)}
	}
	return nil
}

// ValidateTOTPSecret checks a base32 secret of 16–32 characters.
func ValidateTOTPSecret(s string) error {
	if !totpSecretRe.MatchString(s) {
		return &ValidationError{Field: "secret", Reason: "must be base32 (A–Z and 2–7)"}
	}
	n := len(s)
	for n > 0 && s[n-1] == '=' {
		n--
	}
	if n < 16 || n > 32 {
		return &ValidationError{Field: "secret", Reason: "must be 16 to 32 base32 characters"}
	}
	return nil
}

func validateUserPatch(p UserPatch) error {
	if !p.Username.Set && !p.PrimaryEmail.Set && !p.PrimaryPhone.Set && !p.Name.Set &&
		!p.Avatar.Set && !p.CustomData.Set && !p.Profile.Set {
		return &ValidationError{Field: "body", Reason: "nothing to change"}
	}
	// "" clears a field exactly like null, so only non-empty values are checked.
	if v := p.Username; v.Set && !v.Null && v.Value != "" {
		if err := ValidateUsername(v.Value); err != nil {
			return err
		}
	}
	if v := p.PrimaryEmail; v.Set && !v.Null && v.Value != "" {
		if err := ValidateEmail(v.Value); err != nil {
			return err
		}
	}
	if v := p.PrimaryPhone; v.Set && !v.Null && v.Value != "" {
		if err := ValidatePhone(v.Value); err != nil {
			return err
		}
	}
	if v := p.Name; v.Set && !v.Null {
		if err := validateName(v.Value); err != nil {
			return err
		}
	}
	if v := p.Avatar; v.Set && !v.Null && v.Value != "" {
		if err := ValidateAvatar(v.Value); err != nil {
			return err
		}
	}
	if v := p.CustomData; v.Set && v.Null {
		return &ValidationError{Field: "customData", Reason: "cannot be null; send {} to remove every key"}
	}
	if v := p.Profile; v.Set && v.Null {
		return &ValidationError{Field: "profile", Reason: "cannot be null; send {} to remove every field"}
	}
	return nil
}
