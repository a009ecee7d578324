package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// exitCode ends a command whose message was already printed.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// code turns a command's exit code into its error (nil for 0).
func code(n int) error {
	if n == ExitOK {
		return nil
	}
	return exitCode(n)
}

// failf is a command's own failure (exit 1), said as a sentence: the
// words table leaves it as it is.
func failf(format string, a ...any) error {
	return common.Sentence(sentence(fmt.Sprintf(format, a...)))
}

// usageError is a command line the program cannot act on (exit 2).
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }

// refusedError is a proof of identity Logto did not accept (exit 4).
type refusedError struct{ err error }

func (r *refusedError) Error() string { return r.err.Error() }
func (r *refusedError) Unwrap() error { return r.err }

// report prints what stopped a command and returns its exit code: the one
// place a command's error becomes words (the screens' table) and a code.
func (e *Env) report(err error) int {
	var done exitCode
	if errors.As(err, &done) {
		return int(done)
	}
	var nsi *notSignedIn
	if errors.As(err, &nsi) {
		e.printError(nsi.Error(), ExitNotSignedIn, "")
		return ExitNotSignedIn
	}
	var usage *usageError
	if errors.As(err, &usage) || cobraUsage(err) {
		e.printError(sentence(err.Error()), ExitUsage, "")
		return ExitUsage
	}
	if errors.Is(err, context.Canceled) {
		e.printError(interrupted, ExitInterrupted, "")
		return ExitInterrupted
	}
	c := ExitFailure
	var ie *auth.IdentityError
	var ue *logto.UnavailableError
	var refused *refusedError
	switch {
	case errors.As(err, &refused):
		c = ExitSignInRefused
	case errors.As(err, &ue):
		c = ExitUsage
	case common.Expired(err):
		e.printError(common.ForCommandsIn(e.loc(), common.EndedWordsIn(e.loc(), err)), ExitNotSignedIn, logto.CodeOf(err))
		return ExitNotSignedIn
	case errors.Is(err, auth.ErrAccessDenied), errors.Is(err, auth.ErrCodeExpired), errors.As(err, &ie):
		c = ExitSignInRefused
	}
	var ve *logto.ValidationError
	if errors.As(err, &ve) {
		c = ExitUsage
	}
	e.printError(common.ForCommandsIn(e.loc(), e.words(err)), c, logto.CodeOf(err))
	return c
}

// cobraUsage recognises cobra's own refusals of a command line (its errors
// have no type of their own).
func cobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "received ", "bad flag syntax",
		"if any flags in the group", "required flag"} {
		if strings.HasPrefix(s, p) || strings.Contains(s, "\n"+p) {
			return true
		}
	}
	return false
}

// sentence starts s with a capital letter and ends it with a full stop
// (cobra's messages are lower-case fragments).
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	if !strings.ContainsAny(s[len(s)-1:], ".?!\n") && !strings.Contains(s, "\n") {
		s += "."
	}
	return s
}

// flagError adds "did you mean" to cobra's unknown-flag error, from the
// flags the command really has (cobra suggests only commands).
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if _, word, ok := strings.Cut(msg, "unknown shorthand flag: "); ok && strings.Contains(word, " in -") {
		// Session and grant ids are base64url: some start with "-".
		word = word[strings.Index(word, " in -")+4:]
		if len(word) > 3 {
			return &usageError{msg: fmt.Sprintf("%s\n\nAn argument that starts with \"-\" goes after --: %s -- %s",
				msg, cmd.CommandPath(), word)}
		}
	}
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		return &usageError{msg: msg}
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if s := suggest(name, names); len(s) > 0 {
		msg += "\n\nDid you mean this?\n\t--" + strings.Join(s, "\n\t--")
	}
	return &usageError{msg: msg + "\n\nRun '" + cmd.CommandPath() + " --help' for its flags."}
}

// suggest returns the names within two edits of what was typed, or that
// start with it, nearest first.
func suggest(typed string, names []string) []string {
	type hit struct {
		name string
		d    int
	}
	var hits []hit
	for _, n := range names {
		d := distance(strings.ToLower(typed), strings.ToLower(n))
		if d <= 2 || (len(typed) > 1 && strings.HasPrefix(n, typed)) {
			hits = append(hits, hit{n, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].d < hits[j].d })
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.name
	}
	return out
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
