package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/tokens"
)

var tokensTop = topLevel{"tokens", "commands.tokens",
	func(e *Env) func(*cobra.Command) { return e.tokensCmd }}

func (e *Env) tokensCmd(cmd *cobra.Command) {
	asGroup(cmd, e.T("tokens.cli_long"), e.tokensList(), e.tokensCreate(), e.tokensShow(), e.tokensRename(), e.tokensDelete())
}

// tokenJSON is a token in --json output; value only where the command
// exists to show it (create, show).
type tokenJSON struct {
	Name      string  `json:"name"`
	CreatedAt *string `json:"created_at"`
	ExpiresAt *string `json:"expires_at"`
	Expired   bool    `json:"expired"`
	Value     string  `json:"value,omitempty"`
}

func tokenOut(t logto.PersonalAccessToken, now time.Time) tokenJSON {
	return tokenJSON{Name: t.Name, CreatedAt: stamp(t.CreatedAt.Time), ExpiresAt: stamp(t.ExpiresAt.Time), Expired: t.Expired(now)}
}

// expiry says when a token expires, as the screen does, to the minute.
func (e *Env) expiry(t logto.PersonalAccessToken, now time.Time) string {
	at := e.loc().DateTime(t.ExpiresAt.Local())
	switch {
	case t.ExpiresAt.IsZero():
		return e.T("tokens.never")
	case t.Expired(now):
		return e.T("tokens.expired_at", "When", at)
	}
	return at
}

func (e *Env) tokensList() *cobra.Command {
	c := &cobra.Command{Use: "list", Short: e.T("tokens.cli_list_short"), Args: cobra.NoArgs, Example: tokensListExample}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			list, err := s.acct.PersonalAccessTokens(s.ctx)
			if err != nil {
				return err
			}
			now := s.e.now()
			js := make([]tokenJSON, len(list))
			rows := make([][]string, len(list))
			for i, t := range list {
				js[i] = tokenOut(t, now)
				rows[i] = []string{t.Name, e.loc().DateTime(t.CreatedAt.Local()), e.expiry(t, now)}
			}
			return o.emit(js, func(w io.Writer) {
				if len(list) == 0 {
					fmt.Fprintln(w, e.T("tokens.cli_none"))
					return
				}
				e.table(w, []string{e.T("tokens.cli_col_name"), e.T("tokens.cli_col_created"), e.T("tokens.cli_col_expires")}, rows)
			})
		})
	}
	return c
}

func (e *Env) tokensCreate() *cobra.Command {
	var expires, output string
	c := &cobra.Command{Use: tokensCreateUse, Short: e.T("tokens.cli_create_short"), Args: cobra.ExactArgs(1),
		Long: e.T("tokens.cli_create_long"), Example: tokensCreateExample, Annotations: twins("tokens.New")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().StringVar(&expires, "expires", neverExpires, e.T("tokens.cli_flag_expires"))
	c.Flags().StringVar(&output, "output", "", e.T("tokens.cli_flag_output"))
	c.RunE = func(cmd *cobra.Command, args []string) error {
		name := args[0]
		if err := logto.ValidatePATName(name); err != nil {
			return err
		}
		exp, err := tokens.ParseExpiry(e.loc(), expires, e.now())
		if err != nil {
			return usagef("%s", e.T("tokens.cli_expires_bad", "Value", expires, "Why", err.Error()))
		}
		if output != "" {
			if err := checkOutput(output); err != nil {
				return err
			}
		}
		return e.withAccount(cmd, f, func(s *session) error {
			list, err := s.acct.PersonalAccessTokens(s.ctx)
			if err != nil {
				return err
			}
			for _, t := range list {
				if t.Name == name {
					return usagef("%s", e.T("tokens.cli_name_taken", "Name", tokens.Quote(e.loc(), name)))
				}
			}
			var t *logto.PersonalAccessToken
			if err := s.sensitive(func() (err error) {
				t, err = s.acct.CreatePersonalAccessToken(s.ctx, name, exp)
				return err
			}); err != nil {
				return err
			}
			return e.giveValue(o, *t, output, s.e.now(), e.T("tokens.cli_created", "Name", tokens.Quote(e.loc(), t.Name), "Expiry", e.expiryWords(*t, s.e.now())))
		})
	}
	return c
}

func (e *Env) expiryWords(t logto.PersonalAccessToken, now time.Time) string {
	switch {
	case t.ExpiresAt.IsZero():
		return e.T("tokens.cli_never_expires")
	case t.Expired(now):
		return e.expiry(t, now)
	}
	return e.T("tokens.cli_expires", "When", e.expiry(t, now))
}

// giveValue hands a token's value over: to --output (0600), or alone on
// stdout with what it is on stderr, or in the JSON. said is the sentence
// that names the token; what follows it is added here.
func (e *Env) giveValue(o *out, t logto.PersonalAccessToken, output string, now time.Time, said string) error {
	if output != "" {
		if err := replaceFile(output, []byte(t.Value.Reveal()+"\n")); err != nil {
			return common.Sentence(e.T("tokens.cli_output_failed", "Said", said, "Why", strings.TrimSuffix(err.Error(), "."),
				"Name", shellWord(t.Name)))
		}
		js := tokenOut(t, now)
		return o.emit(map[string]any{"name": js.Name, "created_at": js.CreatedAt, "expires_at": js.ExpiresAt, "file": output},
			func(w io.Writer) {
				fmt.Fprintln(e.human(), e.T("tokens.cli_value_in_file", "Said", said, "File", output))
			})
	}
	js := tokenOut(t, now)
	js.Value = t.Value.Reveal()
	return o.emit(js, func(w io.Writer) {
		fmt.Fprintln(e.human(), e.T("tokens.cli_value_follows", "Said", said))
		fmt.Fprintln(w, t.Value.Reveal())
	})
}

func (e *Env) tokensShow() *cobra.Command {
	var output string
	c := &cobra.Command{Use: tokensShowUse, Short: e.T("tokens.cli_show_short"), Args: cobra.ExactArgs(1),
		Example: tokensShowExample, Annotations: twins("tokens.Reveal")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.Flags().StringVar(&output, "output", "", e.T("tokens.cli_flag_output"))
	c.ValidArgsFunction = e.completeTokens(f)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if output != "" {
			if err := checkOutput(output); err != nil {
				return err
			}
		}
		return e.withAccount(cmd, f, func(s *session) error {
			t, err := findToken(s, args[0])
			if err != nil {
				return err
			}
			return e.giveValue(o, *t, output, s.e.now(), e.T("tokens.cli_token", "Name", tokens.Quote(e.loc(), t.Name), "Expiry", e.expiryWords(*t, s.e.now())))
		})
	}
	return c
}

// findToken is the token named name, or an error that says there is none.
func findToken(s *session, name string) (*logto.PersonalAccessToken, error) {
	list, err := s.acct.PersonalAccessTokens(s.ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range list {
		if t.Name == name {
			return &t, nil
		}
	}
	return nil, common.Sentence(s.e.T("tokens.cli_no_such", "Name", tokens.Quote(s.e.loc(), name)))
}

func (e *Env) tokensRename() *cobra.Command {
	c := &cobra.Command{Use: tokensRenameUse, Short: e.T("tokens.cli_rename_short"), Args: cobra.ExactArgs(2),
		Example: tokensRenameExample, Annotations: twins("tokens.Rename")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.ValidArgsFunction = e.completeTokens(f)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		old, name := args[0], args[1]
		if err := logto.ValidatePATName(name); err != nil {
			return err
		}
		return e.withAccount(cmd, f, func(s *session) error {
			if _, err := findToken(s, old); err != nil {
				return err
			}
			if err := s.sensitive(func() error { return s.acct.RenamePersonalAccessToken(s.ctx, old, name) }); err != nil {
				return err
			}
			return o.emit(map[string]any{"renamed": true, "name": name, "was": old},
				func(w io.Writer) {
					fmt.Fprintln(w, e.T("tokens.cli_renamed", "Old", tokens.Quote(e.loc(), old), "Name", tokens.Quote(e.loc(), name)))
				})
		})
	}
	return c
}

func (e *Env) tokensDelete() *cobra.Command {
	c := &cobra.Command{Use: tokensDeleteUse, Short: e.T("tokens.cli_delete_short"), Args: cobra.ExactArgs(1),
		Example: tokensDeleteExample, Annotations: twins("tokens.Delete")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.ValidArgsFunction = e.completeTokens(f)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			if _, err := findToken(s, args[0]); err != nil {
				return err
			}
			if err := s.sensitive(func() error { return s.acct.DeletePersonalAccessToken(s.ctx, args[0]) }); err != nil {
				return err
			}
			return o.emit(map[string]any{"deleted": true, "name": args[0]},
				func(w io.Writer) { fmt.Fprintln(w, e.T("tokens.deleted", "Name", tokens.Quote(e.loc(), args[0]))) })
		})
	}
	return c
}

// onDisk reports whether something is at path.
func onDisk(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
