package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

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
	totpCmd := &cobra.Command{Use: "totp", Short: "The authenticator app (TOTP)"}
	asGroup(totpCmd, "The authenticator app (TOTP): add (or replace) it.", e.mfaTOTPAdd())
	codes := &cobra.Command{Use: "backup-codes", Short: "Backup codes"}
	asGroup(codes, "Backup codes: make a new set (shown once; the old set stops working), or see which were used.",
		e.mfaBackupCodes(), e.mfaUsedCodes())
	asGroup(cmd, "Two-step verification, as on the Two-step screen: the factors you have, adding an authenticator "+
		"app (the secret is made here and a code from the app is checked before it is saved), backup codes, "+
		"renaming a passkey (Account API) and removing a factor. Passkeys are added in a browser: `mfa passkey` "+
		"says where. ask and passkey-offer are the settings under the list.",
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

// factorName is how the screen names a factor.
func factorName(f logto.MFAVerification) string { return mfa.FactorName(f) }

func (e *Env) mfaList() *cobra.Command {
	c := &cobra.Command{Use: "list", Short: "List your two-step factors", Args: cobra.NoArgs,
		Example: "  logto-account mfa list\n  logto-account mfa list --jq '.[] | select(.type == \"BackupCode\") | .remaining_codes'"}
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
				js[i] = factorJSON{ID: v.ID, Type: v.Type, Name: factorName(v), CreatedAt: stamp(v.CreatedAt.Time),
					LastUsedAt: stamp(v.LastUsedAt.Time), RemainingCodes: v.RemainCodes}
				note := ""
				if v.RemainCodes != nil {
					note = fmt.Sprintf("%d left", *v.RemainCodes)
					if *v.RemainCodes <= mfa.LowCodes {
						note += ": make new ones soon (mfa backup-codes new)"
					}
				}
				rows[i] = []string{v.ID, factorName(v), when(v.CreatedAt.Time), when(v.LastUsedAt.Time), note}
			}
			return o.emit(js, func(w io.Writer) {
				if len(list) == 0 {
					fmt.Fprintln(w, "No two-step factor: sign-in asks for no second step. `logto-account mfa totp add` adds one.")
					return
				}
				e.table(w, []string{"ID", "FACTOR", "ADDED", "LAST USED", "NOTE"}, rows)
			})
		})
	}
	return c
}

func (e *Env) mfaTOTPAdd() *cobra.Command {
	c := &cobra.Command{Use: "add", Short: "Add (or replace) the authenticator app", Args: cobra.NoArgs,
		Long: "Add an authenticator app: a secret is made here and shown (as a QR code on a terminal, and as text " +
			"and an otpauth:// URI); then the 6-digit code the app shows is read (typed on a terminal, else the first " +
			"line of stdin) and checked here before anything is saved. An existing app is replaced only then. With " +
			"--json (or --jq) the secret and URI are the JSON on stdout, printed before the code is read.",
		Example:     "  logto-account mfa totp add\n  logto-account mfa totp add --jq .secret   # a script reads it, answers on stdin",
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
				fmt.Fprintln(e.human(), "Add this account to your authenticator app.")
				if e.StdoutIsTerminal {
					if qr, err := termqr.Render(uri, false); err == nil {
						fmt.Fprintln(w, "\n"+qr)
					}
				}
				fmt.Fprintln(w, "Secret: "+mfa.Grouped(secret))
				fmt.Fprintln(w, "URI:    "+uri)
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
				text, err = mfa.Enrol(s.ctx, s.acct, logto.Secret(secret), code, replace, mfa.Prompts(sie))
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
		code, err := e.readLine("Type the 6-digit code your app shows: ")
		if err != nil {
			return "", err
		}
		code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
		ok, verr := totp.ValidateCustom(code, secret, e.now(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if verr == nil && ok {
			return code, nil
		}
		msg := "That code does not match. Check the app shows \"" + issuer + "\" and type the current 6 digits."
		if !e.StdinIsTerminal || try == 3 {
			return "", failf("%s Nothing was saved", strings.TrimSuffix(msg, "."))
		}
		fmt.Fprintln(e.Stderr, msg)
	}
}

func (e *Env) mfaBackupCodes() *cobra.Command {
	var output string
	c := &cobra.Command{Use: "new", Short: "Make a new set of backup codes (shown once; the old set stops working)",
		Args: cobra.NoArgs,
		Long: "Make a new set of backup codes. They are printed once, one a line on stdout (the words on stderr), " +
			"or written to a new 0600 file with --output (never over an existing file). Backup codes only back up " +
			"another factor: add an authenticator app or a passkey first.",
		Example:     "  logto-account mfa backup-codes new --output ~/logto-backup-codes.txt",
		Annotations: twins("mfa.Backup", "mfa.Save")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().StringVar(&output, "output", "", "write the codes to this new `FILE` (0600; an existing file is never overwritten)")
	_ = c.MarkFlagFilename("output")
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		if output != "" {
			if abs, err := filepath.Abs(output); err == nil {
				output = abs
			}
			if onDisk(output) {
				return usagef("%s already exists and is never overwritten; %s is free", output, mfa.FreeName(output, onDisk))
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
				return usagef("backup codes only back up another method: add an authenticator app (`mfa totp add`) or a passkey first")
			}
			var codes []logto.Secret
			if err := s.sensitive(func() (err error) {
				codes, err = mfa.Regenerate(s.ctx, s.acct, old)
				return err
			}); err != nil {
				return err
			}
			said := "New backup codes made; each works once. Keep them safe."
			if old != "" {
				said += " The old set no longer works."
			}
			if output != "" {
				if err := auth.CreateFileExclusive(output, []byte(mfa.CodeText(codes)+"\n")); err != nil {
					return failf("%s %v; run the command again to make another set", said, strings.TrimSuffix(fileError(output, err).Error(), "."))
				}
				return o.emit(map[string]any{"file": output, "count": len(codes)},
					func(io.Writer) { fmt.Fprintln(e.human(), said+" They are in "+output+" (0600).") })
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
	c := &cobra.Command{Use: "remove ID", Short: "Remove a two-step factor (ids from `mfa list`)", Args: cobra.ExactArgs(1),
		Example: "  logto-account mfa remove 3f8a…", Annotations: twins("mfa.Remove")}
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
				return failf("no two-step factor has the id %s (`logto-account mfa list` lists them)", args[0])
			}
			if err := s.sensitive(func() error { return s.acct.DeleteMFAVerification(s.ctx, found.ID) }); err != nil {
				return err
			}
			text := factorName(*found) + " removed."
			last := backups != "" && real == 1 && found.Type != logto.FactorBackupCode
			if last {
				text += " That was the last authenticator; the backup codes remain (`logto-account mfa remove " + backups + "` removes them)."
			}
			return o.emit(map[string]any{"removed": true, "id": found.ID, "type": found.Type, "backup_codes_left_alone": last},
				func(w io.Writer) { fmt.Fprintln(w, text) })
		})
	}
	return c
}

func (e *Env) mfaRename() *cobra.Command {
	c := &cobra.Command{Use: "rename ID NAME", Short: "Rename a passkey (Account API only)", Args: cobra.ExactArgs(2),
		Example: "  logto-account mfa rename 9c1d… \"Work laptop\"", Annotations: twins("mfa.Rename")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.ValidArgsFunction = e.completeFactors(f)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		name := strings.TrimSpace(args[1])
		if name == "" || len([]rune(name)) > mfa.MaxPasskeyName {
			return usagef("a passkey's name is 1 to %d characters", mfa.MaxPasskeyName)
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
				func(w io.Writer) { fmt.Fprintln(w, "Passkey renamed to "+common.Clean(name)+".") })
		})
	}
	return c
}

func (e *Env) mfaPasskey() *cobra.Command {
	c := &cobra.Command{Use: "passkey", Short: "Where to add a passkey: the tenant's account page", Args: cobra.NoArgs,
		Example: "  logto-account mfa passkey", Annotations: twins("mfa.Passkey")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, code := e.loadConfig(f.tenant)
		if cfg == nil {
			return exitCode(code)
		}
		page := cfg.Endpoint + "/account/passkey/add"
		return o.emit(map[string]any{"url": page}, func(w io.Writer) {
			fmt.Fprintln(e.human(), "Passkeys are made by your browser or phone: add one on the tenant's account page.")
			fmt.Fprintln(w, page)
		})
	}
	return c
}
