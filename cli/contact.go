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
	isEmail           bool
	name, label, word string // "email", "email address", "ADDRESS"
}

func kindOf(isEmail bool) contactKind {
	if isEmail {
		return contactKind{true, "email", "email address", "ADDRESS"}
	}
	return contactKind{false, "phone", "phone number", "NUMBER"}
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
		asGroup(cmd, "Your "+k.label+", as on the Email screen: a new one is saved only after the code Logto sends "+
			"to it is checked. On a terminal `set` sends the code and asks for it; scripts do it in two steps: "+
			"`set --send-only`, then `verify` with the code on stdin (the change waits in a 0600 file that expires "+
			"with the code).", e.contactSet(k), e.contactVerify(k), e.contactRemove(k))
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
	c := &cobra.Command{Use: "set " + k.word, Short: "Change your " + k.label + " (a code is sent to the new one)",
		Args: cobra.ExactArgs(1), Annotations: twins("contact.Change", "contact.Resend"),
		Example: "  logto-account " + k.name + " set " + map[bool]string{true: "ada@example.com", false: "'+44 20 7946 0958'"}[k.isEmail] +
			"\n  logto-account " + k.name + " set " + map[bool]string{true: "ada@example.com", false: "+442079460958"}[k.isEmail] +
			" --send-only --proof-file ~/.logto-pw\n  logto-account " + k.name + " verify < code.txt"}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().BoolVar(&sendOnly, "send-only", false, "send the code and stop; '"+k.name+" verify' reads it from stdin later")
	c.RunE = func(cmd *cobra.Command, args []string) error {
		to, bad := contact.Target(strings.TrimSpace(args[0]), k.isEmail)
		if bad != "" {
			return usagef("%s", strings.TrimSuffix(bad, "."))
		}
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			if strings.EqualFold(to.Email+to.Phone, k.current(u)) {
				return usagef("that is already %s %s", s.whose(), k.label)
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
						fmt.Fprintf(w, "Code sent to %s. Give it to `logto-account %s verify` (on stdin) before %s.\n",
							where, k.name, p.ExpiresAt.Local().Format("15:04"))
					})
			}
			fmt.Fprintln(e.human(), "Code sent to "+where+".")
			for try := 1; ; try++ {
				code, err := e.readLine("Type the 6-digit code: ")
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
				fmt.Fprintln(e.Stderr, common.CommandWords(err))
			}
			return o.emit(map[string]any{"changed": true, k.name: to.Email + to.Phone},
				func(w io.Writer) { fmt.Fprintf(w, "The %s is now %s.\n", k.label, where) })
		})
	}
	return c
}

// changeTo checks the code sent to to and saves it as the address.
func (s *session) changeTo(k contactKind, to logto.Recipient, code string) error {
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return usagef("the code is the 6 digits from the message")
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
	c := &cobra.Command{Use: "verify", Short: "Finish `" + k.name + " set --send-only`: the code on stdin", Args: cobra.NoArgs,
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
				return usagef("no %s change is waiting: `logto-account %s set %s --send-only` sends a code first", k.name, k.name, k.word)
			} else if err != nil {
				return err
			}
			var p pendingFile
			if json.Unmarshal(raw, &p) != nil || p.UserID != u.ID || p.Endpoint != s.cfg.Endpoint || p.Kind != k.name {
				_ = os.Remove(path)
				return usagef("the waiting %s change could not be read, so it was dropped; send a code again", k.name)
			}
			if !e.now().Before(p.ExpiresAt) {
				_ = os.Remove(path)
				return failf("the code sent to %s has expired (at %s); send a new one with `logto-account %s set %s --send-only`",
					contact.Address(p.Pending.To), when(p.ExpiresAt), k.name, k.word)
			}
			if ra, ok := s.acct.(interface{ Resume(logto.PendingChange) }); ok {
				ra.Resume(p.Pending)
			}
			s.proved = p.Proved
			code, err := e.readLine("Type the 6-digit code sent to " + contact.Address(p.Pending.To) + ": ")
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
				func(w io.Writer) { fmt.Fprintf(w, "The %s is now %s.\n", k.label, contact.Address(p.Pending.To)) })
		})
	}
	return c
}

func (e *Env) contactRemove(k contactKind) *cobra.Command {
	c := &cobra.Command{Use: "remove", Short: "Remove your " + k.label, Args: cobra.NoArgs,
		Example: "  logto-account " + k.name + " remove", Annotations: twins("contact.Remove")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			if k.current(u) == "" {
				return usagef("there is no %s to remove", k.label)
			}
			if why := contact.LastMethod(u, k.isEmail, s.whose()); why != "" {
				return usagef("%s", strings.TrimSuffix(why, "."))
			}
			if err := s.sensitive(func() error {
				_, err := s.acct.UpdateUser(s.ctx, k.patch(logto.Null[string]()))
				return err
			}); err != nil {
				return err
			}
			return o.emit(map[string]any{"removed": true, k.name: k.current(u)},
				func(w io.Writer) { fmt.Fprintf(w, "The %s was removed.\n", k.label) })
		})
	}
	return c
}
