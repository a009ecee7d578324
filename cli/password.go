package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/policy"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/password"
)

var passwordTop = topLevel{"password", "commands.password",
	func(e *Env) func(*cobra.Command) { return e.passwordCmd }}

func (e *Env) passwordCmd(cmd *cobra.Command) {
	asGroup(cmd, "Your password, as on the Password screen: the new one is checked against the tenant's password "+
		"policy here (the Management API enforces none), then you confirm it is you, then it is set.", e.passwordSet())
}

// checklist writes a policy checklist a rule a line; marks only once a
// password was given (✓ met, ✗ not).
func checklist(w io.Writer, items []policy.Item, marked bool) {
	for _, it := range items {
		mark := "·"
		if marked {
			mark = "✗"
			if it.OK {
				mark = "✓"
			}
		}
		fmt.Fprintln(w, "  "+mark+" "+it.Label)
	}
}

func (e *Env) passwordSet() *cobra.Command {
	var signOutOthers bool
	c := &cobra.Command{Use: "set", Short: "Set a new password (typed without echo, or the first line of stdin)", Args: cobra.NoArgs,
		Long: "Set a new password. On a terminal the tenant's rules are listed first, and the new password is typed " +
			"twice without echo; a script gives it as the first line of stdin (never as an argument, which ps would " +
			"show) and its proof with --proof-file. The rules are checked here with the screen's checklist before " +
			"anything is sent.",
		Example: "  logto-account password set\n" +
			"  printf '%s\\n' \"$NEW\" | logto-account password set --proof-file ~/.old-password --sign-out-others",
		Annotations: twins("password.Submit")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().BoolVar(&signOutOthers, "sign-out-others", false, "afterwards, sign out your other browser sessions too")
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			sie, err := s.acct.SignInExperience(s.ctx)
			if err != nil {
				return err
			}
			pol := sie.WithDefaults().PasswordPolicy
			info := policy.UserInfo{Name: logto.Str(u.Name), Username: logto.Str(u.Username), Email: logto.Str(u.PrimaryEmail),
				Phone: logto.Str(u.PrimaryPhone)}
			if s.admin {
				info.Whose = "the user's"
			}
			if e.StdinIsTerminal {
				fmt.Fprintf(e.Stderr, "The new password for %s account must have:\n", s.whose())
				checklist(e.Stderr, password.Checklist(pol, "", info, nil), false)
			}
			pw, err := e.readSecret("New password: ")
			if err != nil {
				return err
			}
			items := password.Checklist(pol, pw, info, nil)
			if !policy.OK(items) {
				fmt.Fprintln(e.Stderr, "The new password does not meet the tenant's rules:")
				checklist(e.Stderr, items, true)
				return usagef("nothing was changed")
			}
			if e.StdinIsTerminal {
				again, err := e.readSecret("Repeat it: ")
				if err != nil {
					return err
				}
				if again != pw {
					return usagef("the two passwords differ; nothing was changed")
				}
			}
			if err := password.Breached(s.ctx, e.pwnedFor(s.cfg), pw); err != nil {
				return usagef("%s", strings.TrimSuffix(err.Error(), "."))
			}
			err = s.sensitive(func() error { return s.acct.SetPassword(s.ctx, logto.Secret(pw)) })
			if rejected := password.Rejections(err); len(rejected) > 0 {
				fmt.Fprintln(e.Stderr, "Logto refused the new password:")
				checklist(e.Stderr, password.Checklist(pol, pw, info, rejected), true)
			}
			if err != nil {
				return err
			}
			text := "Password changed."
			if s.admin {
				text = "Password set for " + strings.TrimSuffix(s.whose(), "'s") + "."
			}
			res := map[string]any{"changed": true}
			if !s.admin && !signOutOthers && e.StdinIsTerminal && !o.machine() {
				fmt.Fprintln(e.Stderr, text)
				answer, err := e.readLine("Sign out your other browser sessions too? (y/N) ")
				signOutOthers = err == nil && strings.EqualFold(strings.TrimSpace(answer), "y")
				text = ""
			}
			if signOutOthers && !s.admin {
				r, f, err := s.acct.SignOutOtherSessions(s.ctx, "")
				if err != nil {
					return failf("the password was changed, but signing out the other sessions failed: %s", common.CommandWords(err))
				}
				res["sessions_signed_out"], res["sessions_failed"] = r, f
				text = strings.TrimSpace(text + " " + password.SignedOutText(r, f))
			}
			return o.emit(res, func(w io.Writer) {
				if text != "" {
					fmt.Fprintln(w, text)
				}
			})
		})
	}
	return c
}
