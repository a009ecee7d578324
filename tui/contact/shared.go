package contact

import (
	"errors"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
)

// What the screen checks, for the command line to check the same.

// Target reads a new address as the screen does: an email as given, a
// phone in any common form normalised to digits with the country code.
// The string is what is wrong ("" when nothing is).
func Target(raw string, isEmail bool) (logto.Recipient, string) {
	if isEmail {
		if err := logto.ValidateEmail(raw); err != nil {
			return logto.Recipient{}, "That is not an email address like name@example.com."
		}
		return logto.Recipient{Email: raw}, ""
	}
	digits, err := phone.Normalize(raw)
	switch {
	case errors.Is(err, phone.ErrNotANumber):
		return logto.Recipient{}, "That is not a phone number: use digits, with +, spaces, dashes, dots or parentheses if you like. " +
			"Type it with the country code, e.g. +44 20 7946 0958."
	case err != nil:
		return logto.Recipient{}, "That number " + err.Error() + ". Type it with the country code, e.g. +44 20 7946 0958."
	}
	return logto.Recipient{Phone: digits}, ""
}

// LastMethod refuses removing the email (isEmail) or phone that is the
// user's only way to sign in, which Logto's Management API does not check;
// whose is "your" or "Ada Lovelace's". "" when it may go.
func LastMethod(u *logto.User, isEmail bool, whose string) string {
	others := len(u.Identities) + len(u.SSOIdentities)
	if logto.Str(u.Username) != "" {
		others++
	}
	if isEmail && logto.Str(u.PrimaryPhone) != "" || !isEmail && logto.Str(u.PrimaryEmail) != "" {
		others++
	}
	if others > 0 {
		return ""
	}
	label := "phone number"
	if isEmail {
		label = "email address"
	}
	return "This " + label + " is " + whose + " only way to sign in, so it cannot be removed. Add another one first."
}
