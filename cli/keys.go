package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/sshserver/keystore"
)

var keysTop = topLevel{"keys", "commands.keys",
	func(e *Env) func(*cobra.Command) { return e.keysCmd }}

func (e *Env) keysCmd(cmd *cobra.Command) {
	asGroup(cmd, e.h.T("cli.keys_long"), e.keysVerb("list"), e.keysVerb("revoke"))
}

// keysFlags are what keys list and keys revoke take.
type keysFlags struct {
	user, store, fp string
	asJSON, all     bool
}

func (e *Env) keysVerb(verb string) *cobra.Command {
	f := &keysFlags{}
	c := &cobra.Command{Use: verb, Short: e.h.T("cli.keys_list"), Args: cobra.NoArgs, Example: cliExamples.keysList}
	if verb == "revoke" {
		c.Short = e.h.T("cli.keys_revoke")
		c.Example = cliExamples.keysRevoke
		c.Flags().StringVar(&f.fp, "fingerprint", "", e.h.T("cli.flag_fingerprint"))
		c.Flags().BoolVar(&f.all, "all", false, e.h.T("cli.flag_all_keys"))
	}
	c.Flags().StringVar(&f.user, "user", "", e.h.T("cli.flag_keys_user"))
	c.Flags().StringVar(&f.store, "store", "", e.h.T("cli.flag_keys_store"))
	c.Flags().BoolVar(&f.asJSON, "json", false, e.h.T("commands.flag_json"))
	c.RunE = func(*cobra.Command, []string) error { return code(e.keys(verb, f)) }
	return c
}

// keys lists or revokes a user's remembered SSH keys.
func (e *Env) keys(verb string, f *keysFlags) int {
	user, store, fp, all, asJSON := &f.user, &f.store, &f.fp, &f.all, &f.asJSON
	switch {
	case *user == "":
		e.printError(e.T("cli.keys_needs_user"), ExitUsage, "")
		return ExitUsage
	case verb == "revoke" && (*fp == "") == !*all:
		e.printError(e.T("cli.keys_revoke_needs"), ExitUsage, "")
		return ExitUsage
	case *fp != "" && !keystore.ValidFingerprint(*fp):
		e.printError(e.T("cli.not_fingerprint", "Value", strconv.Quote(*fp)), ExitUsage, "")
		return ExitUsage
	}
	o := &orgFlags{store: *store, rememberKeys: true}
	// serve makes its SQLite file; listing or revoking never does: a store
	// that is not there is the wrong one (a typo, or serve's
	// LOGTO_ACCOUNT_STORE not set in this shell), and "0 keys revoked" from
	// an empty new file would be a false all-clear.
	if target := o.storeTarget(e); !strings.HasPrefix(target, "postgres://") && !strings.HasPrefix(target, "postgresql://") {
		if _, err := os.Stat(strings.TrimPrefix(target, "sqlite:")); errors.Is(err, fs.ErrNotExist) {
			e.printError(e.T("cli.no_key_store", "Path", strings.TrimPrefix(target, "sqlite:")), ExitUsage, "")
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
		fmt.Fprintln(e.Stdout, e.N("cli.keys_revoked", n, "User", *user))
	}
	if !*all && n == 0 {
		fmt.Fprintln(e.Stderr, "logto-account: "+e.T("cli.keys_no_such"))
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
		fmt.Fprintln(e.Stdout, e.T("cli.keys_none"))
		return
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return e.T("cli.keys_never")
		}
		return e.loc().DateTime(t.Local())
	}
	// e.table, as every other list: columns by the cells people see (a
	// login name in Chinese takes two a character), control characters
	// out (a client chose the login name).
	rows := make([][]string, len(list))
	for i, k := range list {
		rows[i] = []string{k.Fingerprint, k.Comment, day(k.AddedAt), k.AddedFrom, day(k.LastUsedAt), k.LastUsedFrom, day(k.ExpiresAt)}
	}
	from := e.T("cli.keys_col_from")
	e.table(e.Stdout, []string{e.T("cli.keys_col_fingerprint"), e.T("cli.keys_col_comment"), e.T("cli.keys_col_added"), from,
		e.T("cli.keys_col_last_used"), from, e.T("cli.keys_col_expires")}, rows)
}
