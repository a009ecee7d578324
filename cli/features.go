package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/checkup"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/danger"
	"github.com/logto-account/logto-account/tui/profile"
	"github.com/logto-account/logto-account/tui/sessions"
)

var avatarTop = topLevel{"avatar", "commands.avatar",
	func(e *Env) func(*cobra.Command) { return e.avatarCmd }}

func (e *Env) avatarCmd(cmd *cobra.Command) {
	c := &cobra.Command{Use: useAvatarSet, Short: e.T("profile.cli_avatar_short"),
		Args: cobra.ExactArgs(1), Annotations: twins("profile.Avatar"),
		Example: e.T("profile.cli_avatar_example")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		data, err := os.ReadFile(args[0])
		if err != nil {
			return usagef("%v", err)
		}
		if _, err := logto.AvatarType(data); err != nil { // checked as Logto checks it, before anything is sent
			return err
		}
		return e.withAccount(cmd, f, func(s *session) error {
			up, ok := s.acct.(profile.Uploader)
			if !ok {
				return usagef("%s", e.T("profile.cli_avatar_no_upload"))
			}
			u, err := up.UploadAvatar(s.ctx, filepath.Base(args[0]), data)
			if err != nil {
				return err
			}
			return o.emit(map[string]any{"avatar": logto.Str(u.Avatar)},
				func(w io.Writer) { fmt.Fprintln(w, e.T("profile.cli_avatar_set", "URL", logto.Str(u.Avatar))) })
		})
	}
	asGroup(cmd, e.T("profile.cli_avatar_long"), c)
}

var historyTop = topLevel{"history", "commands.history",
	func(e *Env) func(*cobra.Command) { return e.historyCmd }}

func (e *Env) historyCmd(cmd *cobra.Command) {
	var all bool
	var page, size int
	f, o := e.addAcctFlags(cmd, false), e.addOutFlags(cmd)
	fill(cmd, cobra.Command{Args: cobra.NoArgs, Annotations: twins("sessions.History", "sessions.Filter"),
		Long:    e.T("history.cli_long"),
		Example: e.T("history.cli_example"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkPage(page, size); err != nil {
				return err
			}
			return e.withAccount(cmd, f, func(s *session) error {
				hb, ok := s.acct.(sessions.HistoryBackend)
				if l, lacks := s.acct.(logto.Lacking); !ok || lacks && l.Lacks(logto.CapSignInHistory) {
					return &logto.UnavailableError{Capability: logto.CapSignInHistory}
				}
				q := logto.LogQuery{Page: page, PageSize: size}
				if !all {
					q.Key = logto.LogSignIn
				}
				p, err := hb.History(s.ctx, q)
				if err != nil {
					return err
				}
				names := map[string]string{s.cfg.AppID: productName}
				if gs, err := s.acct.Grants(s.ctx); err == nil {
					for _, g := range gs {
						names[g.Payload.ClientID] = g.AppName()
					}
				}
				js := make([]map[string]any, len(p.Entries))
				rows := make([][]string, len(p.Entries))
				for i, x := range p.Entries {
					app := names[x.Payload.ApplicationID]
					if app == "" {
						app = firstOf(x.Payload.ApplicationID, e.T("history.an_app"))
					}
					what := sessions.EventWords(e.loc(), x, app)
					result := e.T("history.cli_ok")
					if x.Failed() {
						result = strings.TrimSpace(e.T("history.cli_failed", "Code", x.ErrorCode()))
					}
					js[i] = map[string]any{"id": x.ID, "key": x.Key, "event": what, "failed": x.Failed(), "error_code": x.ErrorCode(),
						"ip": x.Payload.IP, "user_agent": x.Payload.UserAgent, "app_id": x.Payload.ApplicationID, "at": stamp(x.CreatedAt.Time)}
					rows[i] = []string{e.at(x.CreatedAt.Time), what, sessions.DeviceIn(e.loc(), x.Payload.UserAgent), x.Payload.IP, result}
				}
				return o.emit(map[string]any{"entries": js, "page": p.Page, "page_size": p.PageSize, "total": p.Total, "has_next": p.HasNext()},
					func(w io.Writer) {
						if len(rows) == 0 {
							fmt.Fprintln(w, e.T("history.cli_nothing"))
							return
						}
						e.table(w, []string{e.T("history.cli_col_when"), e.T("history.cli_col_what"), e.T("sessions.cli_col_device"),
							ipColumn, e.T("history.cli_col_result")}, rows)
						if p.HasNext() {
							fmt.Fprintln(e.human(), e.T("history.cli_older", "Page", p.Page+1))
						}
					})
			})
		}})
	cmd.Flags().BoolVar(&all, "all", false, e.T("history.cli_flag_all"))
	cmd.Flags().IntVar(&page, "page", 1, e.T("history.cli_flag_page"))
	cmd.Flags().IntVar(&size, "page-size", 20, e.T("history.cli_flag_page_size"))
}

var checkupTop = topLevel{"check-up", "commands.check_up",
	func(e *Env) func(*cobra.Command) { return e.checkupCmd }}

// fixWith is the command that deals with a finding of a screen.
var fixWith = map[common.ScreenID]string{common.ProfileID: "profile set", common.ContactID: "email set / phone set",
	common.PasswordID: "password set", common.IdentitiesID: "identities link", common.MFAID: "mfa totp add / mfa backup-codes new",
	common.TokensID: "tokens list", common.SessionsID: "sessions list", common.DangerID: "users reinstate"}

func (e *Env) checkupCmd(cmd *cobra.Command) {
	f, o := e.addAcctFlags(cmd, false), e.addOutFlags(cmd)
	fill(cmd, cobra.Command{Args: cobra.NoArgs, Annotations: twins("tui.Checkup"),
		Long: e.T("dangercli.checkup_long"), Example: e.T("dangercli.checkup_example"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withAccount(cmd, f, func(s *session) error {
				in := checkup.Inputs{Admin: s.admin, Now: e.now(), Lang: e.loc(), Commands: true}
				if l, ok := s.acct.(logto.Lacking); ok && l.Lacks(logto.CapPersonalAccessTokens) {
					in.TokensWhy = e.T("checkup.tokens_hidden")
				}
				if _, account := s.acct.(interface{ Mode() string }); account {
					in.SessionsWhy = e.T("dangercli.sessions_left_out")
				}
				if s.admin {
					in.User = s.me
				}
				in, err := checkup.Read(s.ctx, s.acct, in)
				if err != nil {
					return err
				}
				found := checkup.Evaluate(in)
				verdict, level := checkup.Verdict(e.loc(), found)
				levels := map[checkup.Level]string{checkup.Fix: "fix", checkup.Consider: "consider", checkup.Note: "note", checkup.Fine: "fine"}
				marks := map[checkup.Level]string{checkup.Fix: "!", checkup.Consider: "?", checkup.Note: "·", checkup.Fine: "✓"}
				js := make([]map[string]any, len(found))
				for i, x := range found {
					js[i] = map[string]any{"level": levels[x.Level], "text": common.ForCommandsIn(e.loc(), x.Text), "command": fixWith[x.Screen]}
				}
				return o.emit(map[string]any{"verdict": verdict, "level": levels[level], "needs_attention": checkup.NeedsAttention(found),
					"findings": js}, func(w io.Writer) {
					head := e.T("checkup.verdict_self", "Verdict", verdict)
					if name := s.actingOn(); name != "" {
						head = e.T("checkup.verdict_other", "Name", name, "Verdict", verdict)
					}
					fmt.Fprintln(w, head)
					for _, x := range found {
						line := marks[x.Level] + " " + common.ForCommandsIn(e.loc(), x.Text)
						if c := fixWith[x.Screen]; c != "" && x.Level >= checkup.Consider {
							line += " (" + c + ")"
						}
						fmt.Fprintln(w, line)
					}
				})
			})
		}})
}

var exportTop = topLevel{"export", "commands.export",
	func(e *Env) func(*cobra.Command) { return e.exportCmd }}

func (e *Env) exportCmd(cmd *cobra.Command) {
	var output string
	f, o := e.addAcctFlags(cmd, true), e.addOutFlags(cmd)
	cmd.Flags().StringVar(&output, "output", "", e.T("dangercli.flag_output"))
	_ = cmd.MarkFlagFilename("output")
	fill(cmd, cobra.Command{Args: cobra.NoArgs, Annotations: twins("danger.Export"),
		Long: e.T("dangercli.export_long"), Example: e.T("dangercli.export_example"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output != "" && onDisk(output) {
				return usagef("%s", e.T("dangercli.exists", "Path", output))
			}
			if output != "" {
				if err := checkOutput(output); err != nil {
					return err
				}
			}
			return e.withAccount(cmd, f, func(s *session) error {
				src, ok := s.acct.(logto.ExportSource)
				if !ok {
					return usagef("%s", e.T("dangercli.cannot_export"))
				}
				var x *logto.Export
				if err := s.sensitive(func() (err error) {
					x, err = logto.BuildExport(s.ctx, src, s.cfg.Endpoint, e.now(), common.CommandWords)
					return err
				}); err != nil {
					return err
				}
				if output == "" {
					o.json = true
					return o.emit(x, nil)
				}
				data, err := json.MarshalIndent(x, "", "  ")
				if err != nil {
					return err
				}
				if err := auth.CreateFileExclusive(output, append(data, '\n')); errors.Is(err, fs.ErrExist) {
					return usagef("%s", e.T("dangercli.exists", "Path", output))
				} else if err != nil {
					return fileError(output, err)
				}
				return o.emit(map[string]any{"file": output, "not_included": x.NotIncluded}, func(w io.Writer) {
					fmt.Fprintln(w, e.T("dangercli.exported", "Path", output))
					for part, why := range x.NotIncluded {
						fmt.Fprintln(w, e.T("dangercli.left_out", "Part", part, "Why", why))
					}
				})
			})
		}})
}

// accountLockdown is "my account may be compromised".
func (e *Env) accountLockdown() *cobra.Command {
	var yes bool
	c := &cobra.Command{Use: "lockdown", Short: e.T("dangercli.lockdown_short"), Args: cobra.NoArgs,
		Long: e.T("dangercli.lockdown_long"), Example: e.T("dangercli.lockdown_example"), Annotations: twins("danger.Lockdown")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().BoolVar(&yes, "yes", false, e.T("dangercli.flag_yes"))
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			src, ok := s.acct.(logto.LockdownSource)
			if !ok {
				return usagef("%s", e.T("dangercli.cannot_lockdown"))
			}
			if !yes {
				if !e.StdinIsTerminal {
					return usagef("%s", e.T("dangercli.lockdown_needs_yes"))
				}
				answer, err := e.readLine(e.T("dangercli.lockdown_ask"))
				if err != nil || !strings.EqualFold(strings.TrimSpace(answer), "y") {
					return usagef("%s", e.T("dangercli.nothing_done"))
				}
			}
			s.proved = false // a fresh proof, whatever came before
			var r logto.LockdownReport
			if err := s.sensitive(func() error {
				client, own := s.cfg.AppID, ""
				if s.admin {
					client = "" // an operator's own sign-in is never among another user's grants
				} else if gs, err := src.Grants(s.ctx); err == nil {
					own, _ = logto.OwnGrant(gs, client, s.signedIn.IssuedAt)
				}
				r = logto.Lockdown(s.ctx, src, own, client, common.CommandWords)
				return nil
			}); err != nil {
				return err
			}
			if r.Own && !s.admin {
				_ = e.store().Delete(auth.Key(s.cfg.Endpoint, s.cfg.AppID)) // its grant is gone
			}
			lines := danger.LockdownWords(e.loc(), r, s.admin)
			for i := range lines {
				lines[i] = common.ForCommandsIn(e.loc(), lines[i])
			}
			err := o.emit(map[string]any{"sessions_revoked": r.Sessions, "apps_revoked": r.Grants, "tokens_revoked": r.Tokens,
				"failed": r.Failed, "tokens_left_because": r.TokensWhy, "signed_out_this_program": r.Own},
				func(w io.Writer) { fmt.Fprintln(w, strings.Join(lines, "\n")) })
			if err == nil && len(r.Failed) > 0 {
				return exitCode(ExitFailure)
			}
			return err
		})
	}
	return c
}
