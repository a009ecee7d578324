package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/contact"
)

var emailTop = topLevel{"email", "commands.email",
	func(e *Env) func(*cobra.Command) { return e.contactCmd(true) }}

var phoneTop = topLevel{"phone", "commands.phone",
	func(e *Env) func(*cobra.Command) { return e.contactCmd(false) }}

// contactKind is the email or the phone: the same commands, other words.
type contactKind struct {
	isEmail    bool
	name, word string // "email", "ADDRESS": the command and its argument
}

func kindOf(isEmail bool) contactKind {
	if isEmail {
		return contactKind{true, "email", "ADDRESS"}
	}
	return contactKind{false, "phone", "NUMBER"}
}

// which is the email's message id or the phone's.
func (k contactKind) which(email, phone string) string { return contact.Which(k.isEmail, email, phone) }

// actingName names the user admin mode acts on ("" on one's own account).
func (s *session) actingName() string {
	if s.admin && s.me != nil {
		return common.Clean(s.me.DisplayName())
	}
	return ""
}

// command is a command line of this program ("logto-account email verify").
func command(args ...string) string {
	return strings.Join(append([]string{"logto-account"}, args...), " ")
}

func (k contactKind) current(u *logto.User) string {
	if k.isEmail {
		return logto.Str(u.PrimaryEmail)
	}
	return logto.Str(u.PrimaryPhone)
}

func (k contactKind) patch(v logto.Nullable[string]) logto.UserPatch {
	if k.isEmail {
		return logto.UserPatch{PrimaryEmail: v}
	}
	return logto.UserPatch{PrimaryPhone: v}
}

func (e *Env) contactCmd(isEmail bool) func(*cobra.Command) {
	k := kindOf(isEmail)
	return func(cmd *cobra.Command) {
		asGroup(cmd, e.T(k.which("contact.cli_long_email", "contact.cli_long_phone")), e.contactSet(k), e.contactVerify(k),
			e.contactRemove(k))
	}
}

// pendingFile is what waits between `set --send-only` and `verify`.
type pendingFile struct {
	Endpoint  string    `json:"endpoint"`
	UserID    string    `json:"user_id"`
	Kind      string    `json:"kind"`
	ExpiresAt time.Time `json:"expires_at"`
	// Proved: the user confirmed who they are before the code was sent.
	Proved  bool                `json:"proved"`
	Pending logto.PendingChange `json:"pending"`
}

// pendingPath is the change's file for this tenant, user and kind.
func (s *session) pendingPath(k contactKind, userID string) string {
	h := sha256.Sum256([]byte(s.cfg.Endpoint + "\x00" + userID))
	return filepath.Join(s.e.StateDir, "pending-"+k.name+"-"+hex.EncodeToString(h[:8])+".json")
}

func (e *Env) contactSet(k contactKind) *cobra.Command {
	var sendOnly bool
	c := &cobra.Command{Use: "set " + k.word, Short: e.T(k.which("contact.cli_set_short_email", "contact.cli_set_short_phone")),
		Args: cobra.ExactArgs(1), Annotations: twins("contact.Change", "contact.Resend"),
		Example: e.T(k.which("contact.cli_set_example_email", "contact.cli_set_example_phone"))}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().BoolVar(&sendOnly, "send-only", false, e.T("contact.cli_flag_send_only", "Command", k.name+" verify"))
	c.RunE = func(cmd *cobra.Command, args []string) error {
		to, bad := contact.Target(e.loc(), strings.TrimSpace(args[0]), k.isEmail)
		if bad != "" {
			return usagef("%s", bad)
		}
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			if strings.EqualFold(to.Email+to.Phone, k.current(u)) {
				return usagef("%s", e.T(contact.Whose(k.isEmail, s.actingName(), "contact.already_email",
					"contact.already_email_of", "contact.already_phone", "contact.already_phone_of"), "Name", s.actingName()))
			}
			if err := s.sensitive(func() error { return s.acct.SendCode(s.ctx, to) }); err != nil {
				return err
			}
			life := 600 * time.Second
			if sie, err := s.acct.SignInExperience(s.ctx); err == nil {
				life = time.Duration(*sie.WithDefaults().VerificationCodePolicy.ExpirationDuration) * time.Second
			}
			p := pendingFile{Endpoint: s.cfg.Endpoint, UserID: u.ID, Kind: k.name, ExpiresAt: e.now().Add(life).UTC(),
				Proved: true, Pending: logto.PendingChange{To: to}}
			if pa, ok := s.acct.(interface {
				Pending(logto.Recipient) logto.PendingChange
			}); ok {
				p.Pending = pa.Pending(to)
				if until := p.Pending.ProofUntil; !until.IsZero() && until.Before(p.ExpiresAt) {
					p.ExpiresAt = until.UTC() // the change needs the proof too
				}
			}
			where := contact.Address(to)
			if sendOnly {
				raw, _ := json.Marshal(p)
				if err := auth.WriteFileAtomic(s.pendingPath(k, u.ID), raw); err != nil {
					return err
				}
				return o.emit(map[string]any{"sent": true, "to": to.Email + to.Phone, "expires_at": stamp(p.ExpiresAt)},
					func(w io.Writer) {
						fmt.Fprintln(w, e.T("contact.cli_sent_send_only", "Address", where, "Command", command(k.name, "verify"),
							"Time", p.ExpiresAt.Local().Format("15:04")))
					})
			}
			fmt.Fprintln(e.human(), e.T("contact.sent", "Address", where))
			for try := 1; ; try++ {
				code, err := e.readLine(e.T("contact.cli_prompt_code"))
				if err != nil {
					return err
				}
				err = s.changeTo(k, to, strings.TrimSpace(code))
				if err == nil {
					break
				}
				if !logto.IsCode(err, "verification_code.code_mismatch") || !e.StdinIsTerminal || try == 3 {
					return err
				}
				fmt.Fprintln(e.Stderr, common.ForCommandsIn(e.loc(), e.words(err)))
			}
			return o.emit(map[string]any{"changed": true, k.name: to.Email + to.Phone},
				func(w io.Writer) {
					fmt.Fprintln(w, e.T(k.which("contact.now_email", "contact.now_phone"), "Address", where))
				})
		})
	}
	return c
}

// changeTo checks the code sent to to and saves it as the address.
func (s *session) changeTo(k contactKind, to logto.Recipient, code string) error {
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return usagef("%s", s.e.T("contact.code_form"))
	}
	if err := s.acct.VerifyCode(s.ctx, to, code); err != nil {
		return err
	}
	v := to.Email + to.Phone
	return s.guarded(func() error {
		_, err := s.acct.UpdateUser(s.ctx, k.patch(logto.Value(v)))
		return err
	})
}

func (e *Env) contactVerify(k contactKind) *cobra.Command {
	c := &cobra.Command{Use: "verify", Short: e.T("contact.cli_verify_short", "Command", k.name+" set --send-only"), Args: cobra.NoArgs,
		Example:     "  echo 123456 | logto-account " + k.name + " verify",
		Annotations: twins("contact.Change")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			path := s.pendingPath(k, u.ID)
			raw, err := os.ReadFile(path)
			if errors.Is(err, os.ErrNotExist) {
				return usagef("%s", e.T(k.which("contact.cli_none_waiting_email", "contact.cli_none_waiting_phone"), "Command", command(k.name, "set", k.word, "--send-only")))
			} else if err != nil {
				return err
			}
			var p pendingFile
			if json.Unmarshal(raw, &p) != nil || p.UserID != u.ID || p.Endpoint != s.cfg.Endpoint || p.Kind != k.name {
				_ = os.Remove(path)
				return usagef("%s", e.T(k.which("contact.cli_unreadable_email", "contact.cli_unreadable_phone")))
			}
			if !e.now().Before(p.ExpiresAt) {
				_ = os.Remove(path)
				return failf("%s", e.T("contact.cli_expired", "Address", contact.Address(p.Pending.To),
					"At", e.loc().DateTime(p.ExpiresAt.Local()), "Command", command(k.name, "set", k.word, "--send-only")))
			}
			if ra, ok := s.acct.(interface{ Resume(logto.PendingChange) }); ok {
				ra.Resume(p.Pending)
			}
			s.proved = p.Proved
			code, err := e.readLine(e.T("contact.cli_prompt_code_to", "Address", contact.Address(p.Pending.To)))
			if err != nil {
				return err
			}
			err = s.changeTo(k, p.Pending.To, strings.TrimSpace(code))
			var mistyped *usageError // not 6 digits: Logto was not asked
			if err != nil && !logto.IsCode(err, "verification_code.code_mismatch") && !errors.As(err, &mistyped) {
				_ = os.Remove(path) // used up, expired or refused: a new code is needed
			}
			if err != nil {
				return err
			}
			_ = os.Remove(path)
			v := p.Pending.To.Email + p.Pending.To.Phone
			return o.emit(map[string]any{"changed": true, k.name: v},
				func(w io.Writer) {
					fmt.Fprintln(w, e.T(k.which("contact.now_email", "contact.now_phone"), "Address", contact.Address(p.Pending.To)))
				})
		})
	}
	return c
}

func (e *Env) contactRemove(k contactKind) *cobra.Command {
	c := &cobra.Command{Use: "remove", Short: e.T(k.which("contact.cli_remove_short_email", "contact.cli_remove_short_phone")), Args: cobra.NoArgs,
		Example: "  logto-account " + k.name + " remove", Annotations: twins("contact.Remove")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			if k.current(u) == "" {
				return usagef("%s", e.T(k.which("contact.no_email", "contact.no_phone")))
			}
			if why := contact.LastMethod(e.loc(), u, k.isEmail, s.actingName()); why != "" {
				return usagef("%s", why)
			}
			if err := s.sensitive(func() error {
				_, err := s.acct.UpdateUser(s.ctx, k.patch(logto.Null[string]()))
				return err
			}); err != nil {
				return err
			}
			return o.emit(map[string]any{"removed": true, k.name: k.current(u)},
				func(w io.Writer) { fmt.Fprintln(w, e.T(k.which("contact.removed_email", "contact.removed_phone"))) })
		})
	}
	return c
}
