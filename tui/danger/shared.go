package danger

import (
	"strings"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// Expected is what deleting u's account asks to be typed: the username,
// else the email, the phone or the user id as they show on screen; never
// empty, so a bare Enter can never confirm. The command line's
// `account delete --confirm TEXT` takes the same text.
func Expected(u *logto.User) string {
	if u == nil {
		return "delete my account"
	}
	for _, v := range []string{logto.Str(u.Username), logto.Str(u.PrimaryEmail), logto.Str(u.PrimaryPhone), u.ID} {
		if v = strings.TrimSpace(common.Clean(v)); v != "" {
			return v
		}
	}
	return "delete my account"
}

// LockdownWords is a lockdown's report in the screen's sentences (admin:
// an operator acted on another user).
func LockdownWords(r logto.LockdownReport, admin bool) []string { return lockdownWords(r, admin) }
