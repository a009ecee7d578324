package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/mfa"
)

// The two-step screen's settings: whether Logto asks for the second step at
// sign-in (a), whether it offers to add a passkey (o), and which backup
// codes were used (u).

// onOff reads on|off (yes/no, true/false).
func onOff(arg string) (bool, error) {
	switch strings.ToLower(arg) {
	case "on", "yes", "true", "1":
		return true, nil
	case "off", "no", "false", "0":
		return false, nil
	}
	return false, usagef("%q is neither on nor off", arg)
}

// settingsOf is the backend's two-step settings part.
func settingsOf(s *session) (mfa.SettingsBackend, error) {
	sb, ok := s.acct.(mfa.SettingsBackend)
	if !ok {
		return nil, usagef("this backend has no two-step settings")
	}
	return sb, nil
}

func (e *Env) mfaAsk() *cobra.Command {
	c := &cobra.Command{Use: "ask [on|off]", Short: "Whether Logto asks for your second step at sign-in (no argument: say which)",
		Args: cobra.MaximumNArgs(1), ValidArgs: []string{"on", "off"}, Annotations: twins("mfa.Ask"),
		Example: "  logto-account mfa ask\n  logto-account mfa ask on"}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			sb, err := settingsOf(s)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				cur, err := sb.TwoStepSettings(s.ctx)
				if err != nil {
					return err
				}
				return o.emit(map[string]any{"ask_at_sign_in": !cur.SkipMFAOnSignIn}, func(w io.Writer) {
					if cur.SkipMFAOnSignIn {
						fmt.Fprintln(w, "Logto does not ask for a second step at sign-in (`mfa ask on` to ask again).")
					} else {
						fmt.Fprintln(w, "Logto asks for your second step at sign-in.")
					}
				})
			}
			on, err := onOff(args[0])
			if err != nil {
				return err
			}
			if err := s.sensitive(func() error { return sb.SetSkipMFAOnSignIn(s.ctx, !on) }); err != nil {
				return err
			}
			text := "Logto will ask for a second step when you sign in."
			if !on {
				text = "Logto will not ask for a second step when you sign in: your password alone signs you in."
			}
			return o.emit(map[string]any{"ask_at_sign_in": on}, func(w io.Writer) { fmt.Fprintln(w, text) })
		})
	}
	return c
}

func (e *Env) mfaPasskeyOffer() *cobra.Command {
	c := &cobra.Command{Use: "passkey-offer [on|off]", Short: "Whether Logto offers to add a passkey at sign-in (no argument: say which)",
		Args: cobra.MaximumNArgs(1), ValidArgs: []string{"on", "off"}, Annotations: twins("mfa.Offer"),
		Example: "  logto-account mfa passkey-offer off"}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			sb, err := settingsOf(s)
			if err != nil {
				return err
			}
			cur, err := sb.TwoStepSettings(s.ctx)
			if err != nil {
				return err
			}
			if !cur.PasskeyKnown {
				return usagef("your tenant's Account Center does not share the passkey setting with this app; an administrator can turn on its MFA field")
			}
			if len(args) == 0 {
				return o.emit(map[string]any{"passkey_offer": !cur.PasskeySkipped}, func(w io.Writer) {
					if cur.PasskeySkipped {
						fmt.Fprintln(w, "You told Logto not to offer a passkey at sign-in (`mfa passkey-offer on` to undo).")
					} else {
						fmt.Fprintln(w, "Logto offers to add a passkey at sign-in (when the tenant has passkey sign-in).")
					}
				})
			}
			on, err := onOff(args[0])
			if err != nil {
				return err
			}
			if err := s.sensitive(func() error { return sb.SetPasskeySkipped(s.ctx, !on) }); err != nil {
				return err
			}
			text := "Logto will offer to add a passkey when you sign in."
			if !on {
				text = "Logto will not offer to add a passkey when you sign in."
			}
			return o.emit(map[string]any{"passkey_offer": on}, func(w io.Writer) { fmt.Fprintln(w, text) })
		})
	}
	return c
}

func (e *Env) mfaUsedCodes() *cobra.Command {
	c := &cobra.Command{Use: "used", Short: "Which backup codes were used (Account API; unused ones are never shown)", Args: cobra.NoArgs,
		Example: "  logto-account mfa backup-codes used", Annotations: twins("mfa.Used")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			if l, ok := s.acct.(logto.Lacking); ok && l.Lacks(logto.CapBackupCodeUsage) {
				return &logto.UnavailableError{Capability: logto.CapBackupCodeUsage}
			}
			sb, err := settingsOf(s)
			if err != nil {
				return err
			}
			var codes []logto.BackupCode
			if err := s.sensitive(func() (err error) { codes, err = sb.BackupCodes(s.ctx); return err }); err != nil {
				return err
			}
			used := []map[string]any{}
			var rows [][]string
			for _, c := range codes {
				if c.Used() {
					start := []rune(c.Code.Reveal())
					first := string(start[:min(4, len(start))]) + "…"
					used = append(used, map[string]any{"starts_with": first, "used_at": stamp(c.UsedAt.Time)})
					rows = append(rows, []string{first, when(c.UsedAt.Time)})
				}
			}
			unused := len(codes) - len(used)
			return o.emit(map[string]any{"used": used, "unused": unused}, func(w io.Writer) {
				switch {
				case len(codes) == 0:
					fmt.Fprintln(w, "No backup codes are set up.")
				case len(used) == 0:
					fmt.Fprintf(w, "None used yet; %d unused.\n", unused)
				default:
					e.table(w, []string{"CODE", "USED"}, rows)
					fmt.Fprintf(w, "%d of %d used; %d unused.\n", len(used), len(codes), unused)
				}
			})
		})
	}
	return c
}
