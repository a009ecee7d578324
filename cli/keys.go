package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/logto-account/logto-account/sshserver/keystore"
)

// keysUsage is the operator's command for remembered SSH keys.
const keysUsage = `logto-account keys — the SSH service's remembered keys (operators)

Usage:
  logto-account keys list   --user ID [--store FILE|URL] [--json]
  logto-account keys revoke --user ID (--fingerprint SHA256:… | --all) [--store FILE|URL] [--json]

The store is serve's: --store, else LOGTO_ACCOUNT_STORE, else
$XDG_STATE_HOME/logto-account/keys.db. A revoked key signs in with the device
flow again at its next connection.
`

// keys lists or revokes a user's remembered SSH keys.
func (e *Env) keys(args []string) int {
	if len(args) == 0 || (args[0] != "list" && args[0] != "revoke") {
		fmt.Fprint(e.Stderr, keysUsage)
		return ExitUsage
	}
	verb := args[0]
	fs := newFlags("keys "+verb, e)
	user := fs.String("user", "", "the Logto user id")
	store := fs.String("store", "", "the store serve uses (SQLite file or postgres:// URL)")
	asJSON := fs.Bool("json", false, "print the result as JSON on stdout")
	fp := fs.String("fingerprint", "", "revoke: the key's SHA256 fingerprint, as ssh-keygen -l prints it")
	all := fs.Bool("all", false, "revoke: every key of the user")
	if fs.Parse(args[1:]) != nil {
		return ExitUsage
	}
	switch {
	case *user == "":
		fmt.Fprintln(e.Stderr, "logto-account: keys needs --user ID")
		return ExitUsage
	case verb == "revoke" && (*fp == "") == !*all:
		fmt.Fprintln(e.Stderr, "logto-account: keys revoke needs --fingerprint SHA256:… or --all (one of them)")
		return ExitUsage
	case *fp != "" && !keystore.ValidFingerprint(*fp):
		fmt.Fprintf(e.Stderr, "logto-account: %q is not a SHA256 fingerprint such as ssh-keygen -l prints\n", *fp)
		return ExitUsage
	}
	o := &orgFlags{store: *store, rememberKeys: true}
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
	tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FINGERPRINT\tCOMMENT\tADDED\tFROM\tLAST USED\tFROM\tEXPIRES")
	for _, k := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.Fingerprint, k.Comment, day(k.AddedAt), k.AddedFrom,
			day(k.LastUsedAt), k.LastUsedFrom, day(k.ExpiresAt))
	}
	_ = tw.Flush()
}
