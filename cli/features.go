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
	c := &cobra.Command{Use: "set FILE", Short: "Upload an image (JPEG, PNG, GIF, WebP or BMP, at most 20 MB) as your avatar",
		Args: cobra.ExactArgs(1), Annotations: twins("profile.Avatar"),
		Example: "  logto-account avatar set ~/me.png\n  logto-account profile set avatar=https://example.com/me.png   # an address instead"}
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
				return usagef("this backend cannot upload an avatar; `profile set avatar=URL` sets an address")
			}
			u, err := up.UploadAvatar(s.ctx, filepath.Base(args[0]), data)
			if err != nil {
				return err
			}
			return o.emit(map[string]any{"avatar": logto.Str(u.Avatar)},
				func(w io.Writer) { fmt.Fprintln(w, "Avatar set: "+logto.Str(u.Avatar)) })
		})
	}
	asGroup(cmd, "Your avatar, as the Profile screen's avatar view sets it: an image file is checked as Logto checks "+
		"it (its type by its bytes, whole, at most 20 MB), uploaded to the tenant's storage and set. An address is a "+
		"profile field: `profile set avatar=URL`.", c)
}

var historyTop = topLevel{"history", "commands.history",
	func(e *Env) func(*cobra.Command) { return e.historyCmd }}

func (e *Env) historyCmd(cmd *cobra.Command) {
	var all bool
	var page, size int
	f, o := e.addAcctFlags(cmd, false), e.addOutFlags(cmd)
	fill(cmd, cobra.Command{Args: cobra.NoArgs, Annotations: twins("sessions.History", "sessions.Filter"),
		Long: "Your sign-in history, newest first, from Logto's audit log: sign-ins by default, --all for everything " +
			"(token renewals, revocations). Failed entries carry Logto's code. Failed password tries are not listed: " +
			"Logto records them without naming the user. The Account API has no audit log.",
		Example: "  logto-account history\n  logto-account history --all --page 2\n  logto-account history --jq '.entries[] | select(.failed)'",
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
				names := map[string]string{s.cfg.AppID: "logto-account"}
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
						app = firstOf(x.Payload.ApplicationID, "an app")
					}
					what := sessions.EventWords(x, app)
					result := "ok"
					if x.Failed() {
						result = strings.TrimSpace("failed " + x.ErrorCode())
					}
					js[i] = map[string]any{"id": x.ID, "key": x.Key, "event": what, "failed": x.Failed(), "error_code": x.ErrorCode(),
						"ip": x.Payload.IP, "user_agent": x.Payload.UserAgent, "app_id": x.Payload.ApplicationID, "at": stamp(x.CreatedAt.Time)}
					rows[i] = []string{when(x.CreatedAt.Time), what, sessions.Device(x.Payload.UserAgent), x.Payload.IP, result}
				}
				return o.emit(map[string]any{"entries": js, "page": p.Page, "page_size": p.PageSize, "total": p.Total, "has_next": p.HasNext()},
					func(w io.Writer) {
						if len(rows) == 0 {
							fmt.Fprintln(w, "Nothing recorded.")
							return
						}
						e.table(w, []string{"WHEN", "WHAT", "DEVICE", "IP", "RESULT"}, rows)
						if p.HasNext() {
							fmt.Fprintf(e.human(), "Older entries: --page %d.\n", p.Page+1)
						}
					})
			})
		}})
	cmd.Flags().BoolVar(&all, "all", false, "everything, token renewals included (else sign-ins only)")
	cmd.Flags().IntVar(&page, "page", 1, "which page, newest first")
	cmd.Flags().IntVar(&size, "page-size", 20, "entries a page (1–100)")
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
		Long: "The security check-up, as on its screen: a verdict, then each finding on a line — ! needs a fix, ? is " +
			"worth a look, · is said for completeness, ✓ is fine — with the command that deals with it. It only reads; " +
			"on the Account API it does not ask you to confirm who you are, so sessions are left out there.",
		Example: "  logto-account check-up\n  logto-account check-up --jq '.needs_attention'",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withAccount(cmd, f, func(s *session) error {
				in := checkup.Inputs{Admin: s.admin, Now: e.now()}
				if l, ok := s.acct.(logto.Lacking); ok && l.Lacks(logto.CapPersonalAccessTokens) {
					in.TokensWhy = "not visible in this mode (they need admin rights)."
				}
				if _, account := s.acct.(interface{ Mode() string }); account {
					in.SessionsWhy = "left out: Logto lists them after you confirm it is you (`logto-account sessions list`)."
				}
				if s.admin {
					in.User = s.me
				}
				in, err := checkup.Read(s.ctx, s.acct, in)
				if err != nil {
					return err
				}
				found := checkup.Evaluate(in)
				verdict, level := checkup.Verdict(found)
				levels := map[checkup.Level]string{checkup.Fix: "fix", checkup.Consider: "consider", checkup.Note: "note", checkup.Fine: "fine"}
				marks := map[checkup.Level]string{checkup.Fix: "!", checkup.Consider: "?", checkup.Note: "·", checkup.Fine: "✓"}
				js := make([]map[string]any, len(found))
				for i, x := range found {
					js[i] = map[string]any{"level": levels[x.Level], "text": common.ForCommands(x.Text), "command": fixWith[x.Screen]}
				}
				return o.emit(map[string]any{"verdict": verdict, "level": levels[level], "needs_attention": checkup.NeedsAttention(found),
					"findings": js}, func(w io.Writer) {
					fmt.Fprintln(w, upperFirst(s.whose())+" account: "+verdict)
					for _, x := range found {
						line := marks[x.Level] + " " + common.ForCommands(x.Text)
						if c := fixWith[x.Screen]; c != "" && x.Level >= checkup.Consider {
							line += " (" + c + ")"
						}
						fmt.Fprintln(w, line)
					}
				})
			})
		}})
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var exportTop = topLevel{"export", "commands.export",
	func(e *Env) func(*cobra.Command) { return e.exportCmd }}

func (e *Env) exportCmd(cmd *cobra.Command) {
	var output string
	f, o := e.addAcctFlags(cmd, true), e.addOutFlags(cmd)
	cmd.Flags().StringVar(&output, "output", "", "write it to this new `FILE` (0600; an existing file is never overwritten)")
	_ = cmd.MarkFlagFilename("output")
	fill(cmd, cobra.Command{Args: cobra.NoArgs, Annotations: twins("danger.Export"),
		Long: "Export everything Logto holds about you that this program can read, as the danger zone's export does: " +
			"profile, identities (without their tokens), two-step factors (without secrets), sessions, apps, token names " +
			"(without values), organisations and 90 days of sign-in history. What a mode cannot read is listed with the " +
			"reason under notIncluded. JSON on stdout, or a new 0600 file with --output. It asks you to confirm it is you.",
		Example: "  logto-account export --output ~/logto-export.json\n  logto-account export | jq .user.profile",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output != "" && onDisk(output) {
				return usagef("%s already exists and is never overwritten", output)
			}
			if output != "" {
				if err := checkOutput(output); err != nil {
					return err
				}
			}
			return e.withAccount(cmd, f, func(s *session) error {
				src, ok := s.acct.(logto.ExportSource)
				if !ok {
					return usagef("this backend cannot export")
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
					return usagef("%s already exists and is never overwritten", output)
				} else if err != nil {
					return fileError(output, err)
				}
				return o.emit(map[string]any{"file": output, "not_included": x.NotIncluded}, func(w io.Writer) {
					fmt.Fprintln(w, "Exported to "+output+" (0600).")
					for part, why := range x.NotIncluded {
						fmt.Fprintln(w, "Left out: "+part+" ("+why+")")
					}
				})
			})
		}})
}

// accountLockdown is "my account may be compromised".
func (e *Env) accountLockdown() *cobra.Command {
	var yes bool
	c := &cobra.Command{Use: "lockdown", Short: "My account may be compromised: revoke every session, app and token", Args: cobra.NoArgs,
		Long: "Sign out every browser session, revoke every app's access and every personal access token, and this " +
			"program's own sign-in last, as the danger zone's lockdown does; then say what was revoked and what failed. " +
			"It asks you to confirm it is you every time, and to say yes (on a terminal, or --yes).",
		Example:     "  logto-account account lockdown\n  logto-account account lockdown --yes --proof-file pw",
		Annotations: twins("danger.Lockdown")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().BoolVar(&yes, "yes", false, "do it without asking (scripts)")
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			src, ok := s.acct.(logto.LockdownSource)
			if !ok {
				return usagef("this backend cannot lock the account down")
			}
			if !yes {
				if !e.StdinIsTerminal {
					return usagef("a lockdown signs out everything, this program too: give --yes")
				}
				answer, err := e.readLine("Sign out every session and revoke every app and token, this program's too? (y/N) ")
				if err != nil || !strings.EqualFold(strings.TrimSpace(answer), "y") {
					return usagef("nothing was done")
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
			lines := danger.LockdownWords(r, s.admin)
			for i := range lines {
				lines[i] = common.ForCommands(lines[i])
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
