package password

import (
	"context"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/policy"
)

// What the screen checks, for the command line to check the same with the
// same words.

// Checklist is the screen's checklist for pw: the tenant's policy p checked
// here, with the rules the server refused (rejected, the codes of its last
// password.rejected for this same pw) marked failed.
func Checklist(p logto.PasswordPolicy, pw string, info policy.UserInfo, rejected []string) []policy.Item {
	items := policy.Check(p, pw, info)
	for _, code := range rejected {
		found := false
		for i := range items {
			if items[i].Code == code {
				items[i].OK, found = false, true
			}
		}
		if !found {
			items = append(items, rejection(code))
		}
	}
	return items
}

// Rejections reads the rule codes of a 422 password.rejected.
func Rejections(err error) []string { return serverRejections(err) }

// Breached is the optional breach check (pwned nil: off): an error that
// says so when pw is in known breaches; offline it lets the change go on.
func Breached(ctx context.Context, pwned func(context.Context, string) (int, error), pw string) error {
	return breached(ctx, pwned, pw)
}

// BreachedWords is Breached's error in l's language (err.Error() is
// English).
func BreachedWords(l *i18n.Localizer, err error) string {
	if be, ok := err.(breachedError); ok {
		return be.words(l)
	}
	return err.Error()
}

// SignedOutText says in l's language how many other sessions were signed
// out, as the command line says it (where to try again is a command).
func SignedOutText(l *i18n.Localizer, revoked, failed int) string {
	return signedOutText(l, revoked, failed, "password.cli_sign_out_failed_some")
}
