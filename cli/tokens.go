package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/tokens"
)

var tokensTop = topLevel{"tokens", "commands.tokens",
	func(e *Env) func(*cobra.Command) { return e.tokensCmd }}

func (e *Env) tokensCmd(cmd *cobra.Command) {
	asGroup(cmd, "Personal access tokens, as on the Tokens screen: values are never listed; create prints the new "+
		"value once (or writes it to a 0600 file), and show prints one token's value when asked. Needs the Management "+
		"API (operator credentials or the SSH service): Logto's Account API has no tokens.",
		e.tokensList(), e.tokensCreate(), e.tokensShow(), e.tokensRename(), e.tokensDelete())
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

// expiry says when a token expires, as the screen does.
func expiry(t logto.PersonalAccessToken, now time.Time) string {
	switch {
	case t.ExpiresAt.IsZero():
		return "never"
	case t.Expired(now):
		return "expired " + when(t.ExpiresAt.Time)
	}
	return when(t.ExpiresAt.Time)
}

func (e *Env) tokensList() *cobra.Command {
	c := &cobra.Command{Use: "list", Short: "List your personal access tokens (values hidden)", Args: cobra.NoArgs,
		Example: "  logto-account tokens list\n  logto-account tokens list --jq '.[] | select(.expired) | .name'"}
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
				rows[i] = []string{t.Name, when(t.CreatedAt.Time), expiry(t, now)}
			}
			return o.emit(js, func(w io.Writer) {
				if len(list) == 0 {
					fmt.Fprintln(w, "No personal access tokens.")
					return
				}
				e.table(w, []string{"NAME", "CREATED", "EXPIRES"}, rows)
			})
		})
	}
	return c
}

func (e *Env) tokensCreate() *cobra.Command {
	var expires, output string
	c := &cobra.Command{Use: "create NAME", Short: "Create a token and print its value, shown this once", Args: cobra.ExactArgs(1),
		Long: "Create a personal access token. Its value goes to stdout alone (the words about it to stderr), so " +
			"`> file` or --jq .value keeps just the value; --output writes it to a 0600 file instead (replaced " +
			"atomically: rotation never leaves a half-written file).",
		Example: "  logto-account tokens create deploy --expires 30d --output deploy.token\n" +
			"  logto-account tokens create ci --expires 2027-01-31 --jq .value",
		Annotations: twins("tokens.New")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().StringVar(&expires, "expires", "never", "`WHEN` the token ends: never, a number of days such as 30d, or a date YYYY-MM-DD")
	c.Flags().StringVar(&output, "output", "", "write the value to this `FILE` (0600, replaced atomically) instead of stdout")
	c.RunE = func(cmd *cobra.Command, args []string) error {
		name := args[0]
		if err := logto.ValidatePATName(name); err != nil {
			return err
		}
		exp, err := tokens.ParseExpiry(expires, e.now())
		if err != nil {
			return usagef("--expires %s: %v", expires, err)
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
					return usagef("you already have a token named %s; choose another name, or rename or delete that one", tokens.Quote(name))
				}
			}
			var t *logto.PersonalAccessToken
			if err := s.sensitive(func() (err error) {
				t, err = s.acct.CreatePersonalAccessToken(s.ctx, name, exp)
				return err
			}); err != nil {
				return err
			}
			return e.giveValue(o, *t, output, s.e.now(), "Token "+tokens.Quote(t.Name)+" created ("+expiryWords(*t, s.e.now())+"). ")
		})
	}
	return c
}

func expiryWords(t logto.PersonalAccessToken, now time.Time) string {
	if t.ExpiresAt.IsZero() {
		return "it never expires"
	}
	return "expires " + expiry(t, now)
}

// giveValue hands a token's value over: to --output (0600), or alone on
// stdout with what it is on stderr, or in the JSON.
func (e *Env) giveValue(o *out, t logto.PersonalAccessToken, output string, now time.Time, said string) error {
	if output != "" {
		if err := replaceFile(output, []byte(t.Value.Reveal()+"\n")); err != nil {
			return failf("%s %v; `logto-account tokens show %s --output FILE` writes its value again", said,
				strings.TrimSuffix(err.Error(), "."), shellWord(t.Name))
		}
		js := tokenOut(t, now)
		return o.emit(map[string]any{"name": js.Name, "created_at": js.CreatedAt, "expires_at": js.ExpiresAt, "file": output},
			func(w io.Writer) { fmt.Fprintln(e.human(), said+"Its value is in "+output+" (0600).") })
	}
	js := tokenOut(t, now)
	js.Value = t.Value.Reveal()
	return o.emit(js, func(w io.Writer) {
		fmt.Fprintln(e.human(), said+"Its value follows; keep it secret (`tokens show` prints it again).")
		fmt.Fprintln(w, t.Value.Reveal())
	})
}

func (e *Env) tokensShow() *cobra.Command {
	var output string
	c := &cobra.Command{Use: "show NAME", Short: "Print one token's value (as v does on the screen)", Args: cobra.ExactArgs(1),
		Example:     "  logto-account tokens show deploy\n  logto-account tokens show deploy --output deploy.token",
		Annotations: twins("tokens.Reveal")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.Flags().StringVar(&output, "output", "", "write the value to this `FILE` (0600, replaced atomically) instead of stdout")
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
			return e.giveValue(o, *t, output, s.e.now(), "Token "+tokens.Quote(t.Name)+" ("+expiryWords(*t, s.e.now())+"). ")
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
	return nil, failf("no token is named %s (`logto-account tokens list` lists them)", tokens.Quote(name))
}

func (e *Env) tokensRename() *cobra.Command {
	c := &cobra.Command{Use: "rename OLD NEW", Short: "Rename a token", Args: cobra.ExactArgs(2),
		Example: "  logto-account tokens rename deploy deploy-old", Annotations: twins("tokens.Rename")}
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
				func(w io.Writer) { fmt.Fprintln(w, "Token "+tokens.Quote(old)+" renamed to "+tokens.Quote(name)+".") })
		})
	}
	return c
}

func (e *Env) tokensDelete() *cobra.Command {
	c := &cobra.Command{Use: "delete NAME", Short: "Delete a token: whatever uses it stops working", Args: cobra.ExactArgs(1),
		Example: "  logto-account tokens delete deploy-old", Annotations: twins("tokens.Delete")}
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
				func(w io.Writer) { fmt.Fprintln(w, "Token "+tokens.Quote(args[0])+" deleted.") })
		})
	}
	return c
}

// onDisk reports whether something is at path.
func onDisk(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
