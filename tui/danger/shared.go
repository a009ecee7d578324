package danger

import (
	"strings"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// Expected is what deleting u's account asks to be typed: the username,
// else the email, the phone or the user id as they show on screen; never
// empty, so a bare Enter can never confirm. The command line's
// `account delete --confirm TEXT` takes the same text.
func Expected(u *logto.User) string {
	if u == nil {
		return typeWhenNoUser
	}
	for _, v := range []string{logto.Str(u.Username), logto.Str(u.PrimaryEmail), logto.Str(u.PrimaryPhone), u.ID} {
		if v = strings.TrimSpace(common.Clean(v)); v != "" {
			return v
		}
	}
	return typeWhenNoUser
}

// LockdownWords is a lockdown's report in l's language, as the command
// line says it (admin: an operator acted on another user).
func LockdownWords(l *i18n.Localizer, r logto.LockdownReport, admin bool) []string {
	return lockdownWords(l, r, admin, true)
}
