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
	asGroup(cmd, e.T("password.cli_long"), e.passwordSet())
}

// checklist writes a policy checklist a rule a line; marks only once a
// password was given (✓ met, ✗ not).
func (e *Env) checklist(w io.Writer, items []policy.Item, marked bool) {
	for _, it := range items {
		mark := "·"
		if marked {
			mark = "✗"
			if it.OK {
				mark = "✓"
			}
		}
		fmt.Fprintln(w, "  "+mark+" "+it.Label(e.loc()))
	}
}

func (e *Env) passwordSet() *cobra.Command {
	var signOutOthers bool
	c := &cobra.Command{Use: "set", Short: e.T("password.cli_set_short"), Args: cobra.NoArgs,
		Long: e.T("password.cli_set_long"), Example: e.T("password.cli_set_example"), Annotations: twins("password.Submit")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().BoolVar(&signOutOthers, "sign-out-others", false, e.T("password.cli_flag_sign_out_others"))
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
				Phone: logto.Str(u.PrimaryPhone), Operator: s.admin}
			if e.StdinIsTerminal {
				if s.admin {
					fmt.Fprintln(e.Stderr, e.T("password.cli_must_have_operator", "Name", s.actingName()))
				} else {
					fmt.Fprintln(e.Stderr, e.T("password.cli_must_have"))
				}
				e.checklist(e.Stderr, password.Checklist(pol, "", info, nil), false)
			}
			pw, err := e.readSecret(e.T("password.cli_prompt_new"))
			if err != nil {
				return err
			}
			items := password.Checklist(pol, pw, info, nil)
			if !policy.OK(items) {
				fmt.Fprintln(e.Stderr, e.T("password.cli_not_met"))
				e.checklist(e.Stderr, items, true)
				return usagef("%s", e.T("password.cli_nothing_changed"))
			}
			if e.StdinIsTerminal {
				again, err := e.readSecret(e.T("password.cli_prompt_repeat"))
				if err != nil {
					return err
				}
				if again != pw {
					return usagef("%s", e.T("password.cli_differ"))
				}
			}
			if err := password.Breached(s.ctx, e.pwnedFor(s.cfg), pw); err != nil {
				return usagef("%s", password.BreachedWords(e.loc(), err))
			}
			err = s.sensitive(func() error { return s.acct.SetPassword(s.ctx, logto.Secret(pw)) })
			if rejected := password.Rejections(err); len(rejected) > 0 {
				fmt.Fprintln(e.Stderr, e.T("password.rejected"))
				e.checklist(e.Stderr, password.Checklist(pol, pw, info, rejected), true)
			}
			if err != nil {
				return err
			}
			text := e.T("password.changed")
			if s.admin {
				text = e.T("password.set_for", "Name", s.actingName())
			}
			res := map[string]any{"changed": true}
			if !s.admin && !signOutOthers && e.StdinIsTerminal && !o.machine() {
				fmt.Fprintln(e.Stderr, text)
				answer, err := e.readLine(e.T("password.cli_offer_sign_out"))
				signOutOthers = err == nil && strings.EqualFold(strings.TrimSpace(answer), "y")
				text = ""
			}
			if signOutOthers && !s.admin {
				r, f, err := s.acct.SignOutOtherSessions(s.ctx, "")
				if err != nil {
					return failf("%s", e.T("password.cli_sign_out_failed", "Reason", common.ForCommandsIn(e.loc(), e.words(err))))
				}
				res["sessions_signed_out"], res["sessions_failed"] = r, f
				out := password.SignedOutText(e.loc(), r, f)
				if text != "" {
					out = e.T("password.two_sentences", "First", text, "Then", out)
				}
				text = out
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
