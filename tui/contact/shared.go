package contact

import (
	"errors"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
)

// What the screen checks, for the command line to check the same.

// Target reads a new address as the screen does: an email as given, a
// phone in any common form normalised to digits with the country code.
// The string is what is wrong, in l's language ("" when nothing is).
func Target(l *i18n.Localizer, raw string, isEmail bool) (logto.Recipient, string) {
	if isEmail {
		if err := logto.ValidateEmail(raw); err != nil {
			return logto.Recipient{}, l.T("contact.not_email")
		}
		return logto.Recipient{Email: raw}, ""
	}
	digits, err := phone.Normalize(raw)
	switch {
	case err == nil:
		return logto.Recipient{Phone: digits}, ""
	case errors.Is(err, phone.ErrCountryCode):
		return logto.Recipient{}, l.T("contact.phone_country_code")
	case errors.Is(err, phone.ErrLength):
		return logto.Recipient{}, l.T("contact.phone_length")
	}
	return logto.Recipient{}, l.T("contact.not_phone")
}

// LastMethod refuses removing the email (isEmail) or phone that is the
// user's only way to sign in, which Logto's Management API does not check;
// actingOn names the user an operator acts on ("" on one's own account).
// The sentence is in l's language; "" when it may go.
func LastMethod(l *i18n.Localizer, u *logto.User, isEmail bool, actingOn string) string {
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
	return l.T(Whose(isEmail, actingOn, "contact.last_email", "contact.last_email_of", "contact.last_phone", "contact.last_phone_of"),
		"Name", actingOn)
}

// Whose is the message id of four that fits: the email's (isEmail) or the
// phone's, on one's own account (actingOn "") or, for an operator, on the
// user they act on (whose name fills {{.Name}}).
func Whose(isEmail bool, actingOn, email, emailOf, phone, phoneOf string) string {
	if actingOn != "" {
		email, phone = emailOf, phoneOf
	}
	return Which(isEmail, email, phone)
}

// Which is the email's message id (isEmail) or the phone's.
func Which(isEmail bool, email, phone string) string {
	if isEmail {
		return email
	}
	return phone
}
