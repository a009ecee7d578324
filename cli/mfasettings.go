package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/mfa"
)

// The two-step screen's settings: whether Logto asks for the second step at
// sign-in (a), whether it offers to add a passkey (o), and which backup
// codes were used (u).

// onOff reads on|off (yes/no, true/false).
func (e *Env) onOff(arg string) (bool, error) {
	switch strings.ToLower(arg) {
	case "on", "yes", "true", "1":
		return true, nil
	case "off", "no", "false", "0":
		return false, nil
	}
	return false, usagef("%s", e.T("mfacli.not_on_off", "Arg", strconv.Quote(arg)))
}

// settingsOf is the backend's two-step settings part.
func (e *Env) settingsOf(s *session) (mfa.SettingsBackend, error) {
	sb, ok := s.acct.(mfa.SettingsBackend)
	if !ok {
		return nil, usagef("%s", e.T("mfacli.no_settings"))
	}
	return sb, nil
}

func (e *Env) mfaAsk() *cobra.Command {
	c := &cobra.Command{Use: "ask [on|off]", Short: e.T("mfacli.ask_short"),
		Args: cobra.MaximumNArgs(1), ValidArgs: []string{"on", "off"}, Annotations: twins("mfa.Ask"),
		Example: exampleAsk}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			sb, err := e.settingsOf(s)
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
						fmt.Fprintln(w, e.T("mfacli.does_not_ask"))
					} else {
						fmt.Fprintln(w, e.T("mfacli.asks"))
					}
				})
			}
			on, err := e.onOff(args[0])
			if err != nil {
				return err
			}
			if err := s.sensitive(func() error { return sb.SetSkipMFAOnSignIn(s.ctx, !on) }); err != nil {
				return err
			}
			text := e.T("mfa.will_ask")
			if !on {
				text = e.T("mfacli.will_not_ask")
			}
			return o.emit(map[string]any{"ask_at_sign_in": on}, func(w io.Writer) { fmt.Fprintln(w, text) })
		})
	}
	return c
}

func (e *Env) mfaPasskeyOffer() *cobra.Command {
	c := &cobra.Command{Use: "passkey-offer [on|off]", Short: e.T("mfacli.offer_short"),
		Args: cobra.MaximumNArgs(1), ValidArgs: []string{"on", "off"}, Annotations: twins("mfa.Offer"),
		Example: exampleOffer}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			sb, err := e.settingsOf(s)
			if err != nil {
				return err
			}
			cur, err := sb.TwoStepSettings(s.ctx)
			if err != nil {
				return err
			}
			if !cur.PasskeyKnown {
				return usagef("%s", e.T("mfacli.passkey_setting_hidden"))
			}
			if len(args) == 0 {
				return o.emit(map[string]any{"passkey_offer": !cur.PasskeySkipped}, func(w io.Writer) {
					if cur.PasskeySkipped {
						fmt.Fprintln(w, e.T("mfacli.told_not_to_offer"))
					} else {
						fmt.Fprintln(w, e.T("mfacli.offers"))
					}
				})
			}
			on, err := e.onOff(args[0])
			if err != nil {
				return err
			}
			if err := s.sensitive(func() error { return sb.SetPasskeySkipped(s.ctx, !on) }); err != nil {
				return err
			}
			text := e.T("mfa.will_offer")
			if !on {
				text = e.T("mfa.will_not_offer")
			}
			return o.emit(map[string]any{"passkey_offer": on}, func(w io.Writer) { fmt.Fprintln(w, text) })
		})
	}
	return c
}

func (e *Env) mfaUsedCodes() *cobra.Command {
	c := &cobra.Command{Use: "used", Short: e.T("mfacli.used_short"), Args: cobra.NoArgs,
		Example: exampleUsed, Annotations: twins("mfa.Used")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			if l, ok := s.acct.(logto.Lacking); ok && l.Lacks(logto.CapBackupCodeUsage) {
				return &logto.UnavailableError{Capability: logto.CapBackupCodeUsage}
			}
			sb, err := e.settingsOf(s)
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
					rows = append(rows, []string{first, e.mfaWhen(c.UsedAt.Time)})
				}
			}
			unused := len(codes) - len(used)
			return o.emit(map[string]any{"used": used, "unused": unused}, func(w io.Writer) {
				switch {
				case len(codes) == 0:
					fmt.Fprintln(w, e.T("mfacli.no_codes"))
				case len(used) == 0:
					fmt.Fprintln(w, e.N("mfacli.none_used", unused))
				default:
					e.table(w, []string{e.T("mfacli.col_code"), e.T("mfacli.col_used")}, rows)
					fmt.Fprintln(w, e.N("mfacli.used_of", unused, "Used", len(used), "Total", len(codes)))
				}
			})
		})
	}
	return c
}
