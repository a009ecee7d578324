package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/termqr"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/mfa"
)

var mfaTop = topLevel{"mfa", "commands.mfa",
	func(e *Env) func(*cobra.Command) { return e.mfaCmd }}

func (e *Env) mfaCmd(cmd *cobra.Command) {
	totpCmd := &cobra.Command{Use: "totp", Short: e.T("mfacli.totp_short")}
	asGroup(totpCmd, e.T("mfacli.totp_long"), e.mfaTOTPAdd())
	codes := &cobra.Command{Use: "backup-codes", Short: e.T("mfacli.codes_short")}
	asGroup(codes, e.T("mfacli.codes_long"), e.mfaBackupCodes(), e.mfaUsedCodes())
	asGroup(cmd, e.T("mfacli.mfa_long"),
		e.mfaList(), totpCmd, codes, e.mfaRemove(), e.mfaRename(), e.mfaPasskey(), e.mfaAsk(), e.mfaPasskeyOffer())
	for _, c := range cmd.Commands() {
		c.SetHelpFunc(e.writeHelp)
	}
}

type factorJSON struct {
	ID             string  `json:"id"`
	Type           string  `json:"type"`
	Name           string  `json:"name"`
	CreatedAt      *string `json:"created_at"`
	LastUsedAt     *string `json:"last_used_at"`
	RemainingCodes *int    `json:"remaining_codes,omitempty"`
}

// factorName is how the screen names a factor, in English (the shell
// completions' descriptions).
func factorName(f logto.MFAVerification) string { return mfa.FactorName(nil, f) }

func (e *Env) mfaList() *cobra.Command {
	c := &cobra.Command{Use: "list", Short: e.T("mfacli.list_short"), Args: cobra.NoArgs, Example: exampleList}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			list, err := s.acct.MFAVerifications(s.ctx)
			if err != nil {
				return err
			}
			js := make([]factorJSON, len(list))
			rows := make([][]string, len(list))
			for i, v := range list {
				js[i] = factorJSON{ID: v.ID, Type: v.Type, Name: mfa.FactorName(e.loc(), v), CreatedAt: stamp(v.CreatedAt.Time),
					LastUsedAt: stamp(v.LastUsedAt.Time), RemainingCodes: v.RemainCodes}
				note := ""
				if v.RemainCodes != nil {
					note = e.N("mfacli.codes_left", *v.RemainCodes)
					if *v.RemainCodes <= mfa.LowCodes {
						note = e.N("mfacli.codes_left_low", *v.RemainCodes)
					}
				}
				rows[i] = []string{v.ID, mfa.FactorName(e.loc(), v), e.mfaWhen(v.CreatedAt.Time), e.mfaWhen(v.LastUsedAt.Time), note}
			}
			return o.emit(js, func(w io.Writer) {
				if len(list) == 0 {
					fmt.Fprintln(w, e.T("mfacli.none"))
					return
				}
				e.table(w, []string{e.T("mfacli.col_id"), e.T("mfacli.col_factor"), e.T("mfacli.col_added"),
					e.T("mfacli.col_last_used"), e.T("mfacli.col_note")}, rows)
			})
		})
	}
	return c
}

// mfaWhen is a time for people, to the minute in local time and the run's
// language ("" for none).
func (e *Env) mfaWhen(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return e.loc().DateTime(t.Local())
}

func (e *Env) mfaTOTPAdd() *cobra.Command {
	c := &cobra.Command{Use: "add", Short: e.T("mfacli.totp_add_short"), Args: cobra.NoArgs,
		Long:        e.T("mfacli.totp_add_long"),
		Example:     exampleTOTP + e.T("mfacli.totp_add_example"),
		Annotations: twins("mfa.TOTP")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			factors, err := s.acct.MFAVerifications(s.ctx)
			if err != nil {
				return err
			}
			replace := ""
			for _, v := range factors {
				if v.Type == logto.FactorTOTP {
					replace = v.ID
				}
			}
			sie, err := s.acct.SignInExperience(s.ctx)
			if err != nil {
				return err
			}
			if err := s.prove(); err != nil { // before the secret is shown: nothing to redo after
				return err
			}
			issuer := mfa.IssuerOf(s.cfg.Endpoint)
			label := u.DisplayName()
			secret := mfa.NewSecret()
			uri := mfa.EnrolmentURI(issuer, label, logto.Str(u.Username), secret)
			err = o.emit(map[string]any{"secret": secret, "uri": uri, "issuer": issuer, "label": label,
				"replaces": replace != ""}, func(w io.Writer) {
				// The secret is the result, on stdout as a token's value
				// is (a pipe or a file, never stderr); the words are not.
				fmt.Fprintln(e.human(), e.T("mfacli.add_to_app"))
				if e.StdoutIsTerminal {
					if qr, err := termqr.Render(uri, false); err == nil {
						fmt.Fprintln(w, "\n"+qr)
					}
				}
				secretLabel, uriLabel := e.T("mfacli.label_secret"), e.T("mfacli.label_uri")
				width := max(common.Width(secretLabel), common.Width(uriLabel)) + 1
				fmt.Fprintln(w, common.Pad(secretLabel, width)+mfa.Grouped(secret))
				fmt.Fprintln(w, common.Pad(uriLabel, width)+uri)
			})
			if err != nil {
				return err
			}
			code, err := e.totpCode(secret, issuer)
			if err != nil {
				return err
			}
			var text string
			if err := s.sensitive(func() (err error) {
				text, err = mfa.Enrol(s.ctx, e.loc(), s.acct, logto.Secret(secret), code, replace, mfa.Prompts(sie))
				return err
			}); err != nil {
				return err
			}
			fmt.Fprintln(e.human(), text)
			return nil
		})
	}
	return c
}

// totpCode reads the app's code and checks it against secret (±30 s), as
// the screen does before sending anything: Logto's Management API stores a
// secret without a proof that the app has it. On a terminal there are
// three tries.
func (e *Env) totpCode(secret, issuer string) (string, error) {
	for try := 1; ; try++ {
		code, err := e.readLine(e.T("mfacli.prompt_code"))
		if err != nil {
			return "", err
		}
		code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
		ok, verr := totp.ValidateCustom(code, secret, e.now(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if verr == nil && ok {
			return code, nil
		}
		msg := e.T("mfa.code_mismatch", "Issuer", issuer)
		if !e.StdinIsTerminal || try == 3 {
			return "", failf("%s", e.T("mfacli.code_mismatch_nothing_saved", "Issuer", issuer))
		}
		fmt.Fprintln(e.Stderr, msg)
	}
}

func (e *Env) mfaBackupCodes() *cobra.Command {
	var output string
	c := &cobra.Command{Use: "new", Short: e.T("mfacli.codes_new_short"),
		Args:        cobra.NoArgs,
		Long:        e.T("mfacli.codes_new_long"),
		Example:     exampleCodes,
		Annotations: twins("mfa.Backup", "mfa.Save")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().StringVar(&output, "output", "", e.T("mfacli.flag_output"))
	_ = c.MarkFlagFilename("output")
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		if output != "" {
			if abs, err := filepath.Abs(output); err == nil {
				output = abs
			}
			if onDisk(output) {
				return usagef("%s", e.T("mfacli.output_exists", "Path", output, "Free", mfa.FreeName(output, onDisk)))
			}
			// The old set stops working when the new one is made: a
			// file that cannot be written then would leave none.
			if err := checkOutput(output); err != nil {
				return err
			}
		}
		return e.withAccount(cmd, f, func(s *session) error {
			factors, err := s.acct.MFAVerifications(s.ctx)
			if err != nil {
				return err
			}
			old, other := "", false
			for _, v := range factors {
				switch v.Type {
				case logto.FactorBackupCode:
					old = v.ID
				case logto.FactorTOTP, logto.FactorWebAuthn:
					other = true
				}
			}
			if !other {
				return usagef("%s", e.T("mfacli.codes_need_other"))
			}
			var codes []logto.Secret
			if err := s.sensitive(func() (err error) {
				codes, err = mfa.Regenerate(s.ctx, s.acct, old)
				return err
			}); err != nil {
				return err
			}
			said := e.T("mfacli.codes_made")
			if old != "" {
				said = e.T("mfacli.codes_made_old_gone")
			}
			if output != "" {
				if err := auth.CreateFileExclusive(output, []byte(mfa.CodeText(codes)+"\n")); err != nil {
					return failf("%s", e.T("mfacli.codes_not_written", "Made", said,
						"Error", strings.TrimSuffix(e.words(fileError(output, err)), ".")))
				}
				return o.emit(map[string]any{"file": output, "count": len(codes)},
					func(io.Writer) { fmt.Fprintln(e.human(), e.T("mfacli.codes_in_file", "Made", said, "Path", output)) })
			}
			list := make([]string, len(codes))
			for i, c := range codes {
				list[i] = c.Reveal()
			}
			return o.emit(map[string]any{"codes": list}, func(w io.Writer) {
				fmt.Fprintln(e.human(), said)
				fmt.Fprintln(w, mfa.CodeText(codes))
			})
		})
	}
	return c
}

func (e *Env) mfaRemove() *cobra.Command {
	c := &cobra.Command{Use: useRemove, Short: e.T("mfacli.remove_short"), Args: cobra.ExactArgs(1),
		Example: exampleRemove, Annotations: twins("mfa.Remove")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.ValidArgsFunction = e.completeFactors(f)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			factors, err := s.acct.MFAVerifications(s.ctx)
			if err != nil {
				return err
			}
			var found *logto.MFAVerification
			real, backups := 0, ""
			for i, v := range factors {
				if v.ID == args[0] {
					found = &factors[i]
				}
				switch v.Type {
				case logto.FactorTOTP, logto.FactorWebAuthn:
					real++
				case logto.FactorBackupCode:
					backups = v.ID
				}
			}
			if found == nil {
				return failf("%s", e.T("mfacli.no_such_factor", "ID", args[0]))
			}
			if err := s.sensitive(func() error { return s.acct.DeleteMFAVerification(s.ctx, found.ID) }); err != nil {
				return err
			}
			text := mfa.Removed(e.loc(), *found)
			last := backups != "" && real == 1 && found.Type != logto.FactorBackupCode
			if last {
				text += e.T("mfacli.backup_codes_remain", "ID", backups) // with the space the language puts between sentences
			}
			return o.emit(map[string]any{"removed": true, "id": found.ID, "type": found.Type, "backup_codes_left_alone": last},
				func(w io.Writer) { fmt.Fprintln(w, text) })
		})
	}
	return c
}

func (e *Env) mfaRename() *cobra.Command {
	c := &cobra.Command{Use: useRename, Short: e.T("mfacli.rename_short"), Args: cobra.ExactArgs(2),
		Example: exampleRename, Annotations: twins("mfa.Rename")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.ValidArgsFunction = e.completeFactors(f)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		name := strings.TrimSpace(args[1])
		if name == "" || len([]rune(name)) > mfa.MaxPasskeyName {
			return usagef("%s", e.T("mfacli.name_length", "Max", mfa.MaxPasskeyName))
		}
		return e.withAccount(cmd, f, func(s *session) error {
			r, ok := s.acct.(mfa.Renamer)
			if l, lacks := s.acct.(logto.Lacking); !ok || lacks && l.Lacks(logto.CapRenamePasskey) {
				return &logto.UnavailableError{Capability: logto.CapRenamePasskey}
			}
			if err := s.sensitive(func() error { return r.RenameMFAVerification(s.ctx, args[0], name) }); err != nil {
				return err
			}
			return o.emit(map[string]any{"renamed": true, "id": args[0], "name": name},
				func(w io.Writer) { fmt.Fprintln(w, e.T("mfa.renamed", "Name", common.Clean(name))) })
		})
	}
	return c
}

func (e *Env) mfaPasskey() *cobra.Command {
	c := &cobra.Command{Use: "passkey", Short: e.T("mfacli.passkey_short"), Args: cobra.NoArgs,
		Example: examplePasskey, Annotations: twins("mfa.Passkey")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, code := e.loadConfig(f.tenant)
		if cfg == nil {
			return exitCode(code)
		}
		page := cfg.Endpoint + passkeyAddPath
		return o.emit(map[string]any{"url": page}, func(w io.Writer) {
			fmt.Fprintln(e.human(), e.T("mfacli.passkey_where"))
			fmt.Fprintln(w, page)
		})
	}
	return c
}
