package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/sshserver/keystore"
)

var keysTop = topLevel{"keys", "The SSH service's remembered keys of a user: list, revoke (operators)",
	func(e *Env) func(*cobra.Command) { return e.keysCmd }}

func (e *Env) keysCmd(cmd *cobra.Command) {
	asGroup(cmd, "The SSH service's remembered keys of a user, in serve's store: --store, else LOGTO_ACCOUNT_STORE, "+
		"else $XDG_STATE_HOME/logto-account/keys.db. A revoked key signs in with the device flow again at its next "+
		"connection.", e.keysVerb("list"), e.keysVerb("revoke"))
}

// keysFlags are what keys list and keys revoke take.
type keysFlags struct {
	user, store, fp string
	asJSON, all     bool
}

func (e *Env) keysVerb(verb string) *cobra.Command {
	f := &keysFlags{}
	c := &cobra.Command{Use: verb, Short: "List a user's remembered SSH keys", Args: cobra.NoArgs,
		Example: "  logto-account keys list --user u1a2b3c4\n  logto-account keys list --user u1a2b3c4 --store postgres://keys@db/logto --json"}
	if verb == "revoke" {
		c.Short = "Revoke a user's remembered SSH key (--fingerprint) or all of them (--all)"
		c.Example = "  logto-account keys revoke --user u1a2b3c4 --fingerprint SHA256:…\n  logto-account keys revoke --user u1a2b3c4 --all"
		c.Flags().StringVar(&f.fp, "fingerprint", "", "the key's SHA256 fingerprint, as ssh-keygen -l prints it")
		c.Flags().BoolVar(&f.all, "all", false, "every key of the user")
	}
	c.Flags().StringVar(&f.user, "user", "", "the Logto user id")
	c.Flags().StringVar(&f.store, "store", "", "the store serve uses (SQLite file or postgres:// URL)")
	c.Flags().BoolVar(&f.asJSON, "json", false, "print the result as JSON on stdout")
	c.RunE = func(*cobra.Command, []string) error { return code(e.keys(verb, f)) }
	return c
}

// keys lists or revokes a user's remembered SSH keys.
func (e *Env) keys(verb string, f *keysFlags) int {
	user, store, fp, all, asJSON := &f.user, &f.store, &f.fp, &f.all, &f.asJSON
	switch {
	case *user == "":
		e.printError("keys needs --user ID", ExitUsage, "")
		return ExitUsage
	case verb == "revoke" && (*fp == "") == !*all:
		e.printError("keys revoke needs --fingerprint SHA256:… or --all (one of them)", ExitUsage, "")
		return ExitUsage
	case *fp != "" && !keystore.ValidFingerprint(*fp):
		e.printError(fmt.Sprintf("%q is not a SHA256 fingerprint such as ssh-keygen -l prints", *fp), ExitUsage, "")
		return ExitUsage
	}
	o := &orgFlags{store: *store, rememberKeys: true}
	// serve makes its SQLite file; listing or revoking never does: a store
	// that is not there is the wrong one (a typo, or serve's
	// LOGTO_ACCOUNT_STORE not set in this shell), and "0 keys revoked" from
	// an empty new file would be a false all-clear.
	if target := o.storeTarget(e); !strings.HasPrefix(target, "postgres://") && !strings.HasPrefix(target, "postgresql://") {
		if _, err := os.Stat(strings.TrimPrefix(target, "sqlite:")); errors.Is(err, fs.ErrNotExist) {
			e.printError(fmt.Sprintf("no key store at %s: give serve's store with --store (or LOGTO_ACCOUNT_STORE, as serve has it)",
				strings.TrimPrefix(target, "sqlite:")), ExitUsage, "")
			return ExitUsage
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := o.openStore(ctx, e)
	if err != nil {
		return e.fail(err)
	}
	defer s.Close()
	if verb == "list" {
		list, err := s.List(ctx, *user)
		if err != nil {
			return e.fail(err)
		}
		e.printKeys(list, *asJSON)
		return ExitOK
	}
	n := 0
	if *all {
		n, err = s.ForgetUser(ctx, *user)
	} else {
		var ok bool
		if ok, err = s.Forget(ctx, *user, *fp); ok {
			n = 1
		}
	}
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		e.printJSON(map[string]int{"revoked": n})
	} else {
		fmt.Fprintf(e.Stdout, "%d key(s) of %s revoked.\n", n, *user)
	}
	if !*all && n == 0 {
		fmt.Fprintln(e.Stderr, "logto-account: that user has no such key")
		return ExitFailure
	}
	return ExitOK
}

func (e *Env) printKeys(list []keystore.Key, asJSON bool) {
	if asJSON {
		e.printJSON(list)
		return
	}
	if len(list) == 0 {
		fmt.Fprintln(e.Stdout, "No remembered keys.")
		return
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.Local().Format("2006-01-02 15:04")
	}
	// e.table, as every other list: columns by the cells people see (a
	// login name in Chinese takes two a character), control characters
	// out (a client chose the login name).
	rows := make([][]string, len(list))
	for i, k := range list {
		rows[i] = []string{k.Fingerprint, k.Comment, day(k.AddedAt), k.AddedFrom, day(k.LastUsedAt), k.LastUsedFrom, day(k.ExpiresAt)}
	}
	e.table(e.Stdout, []string{"FINGERPRINT", "COMMENT", "ADDED", "FROM", "LAST USED", "FROM", "EXPIRES"}, rows)
}
