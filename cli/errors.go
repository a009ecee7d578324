package cli

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
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

// usageError is a command line the program cannot act on (exit 2): msg,
// or a sentence said in the run's language when reported (i18n.M, made
// where no Env is at hand).
type usageError struct {
	msg  string
	said i18n.Msg
}

func (u *usageError) Error() string {
	if u.said.ID != "" {
		return u.said.Error() // English
	}
	return u.msg
}

// failure is a command's own failure (exit 1, or err's code), its sentence
// said in the run's language when reported; err is what it stands for.
type failure struct {
	said i18n.Msg
	err  error
}

func (f *failure) Error() string { return f.said.Error() }
func (f *failure) Unwrap() error { return f.err }

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
		e.printError(nsi.in(e.loc()), ExitNotSignedIn, "")
		return ExitNotSignedIn
	}
	var unknown *unknownCommandError
	if errors.As(err, &unknown) {
		err = e.unknownCommand(unknown.cmd, unknown.word)
	}
	var usage *usageError
	if errors.As(err, &usage) {
		msg := usage.msg
		if usage.said.ID != "" {
			msg = usage.said.In(e.loc())
		}
		e.printError(sentence(msg), ExitUsage, "")
		return ExitUsage
	}
	var f *failure
	if errors.As(err, &f) {
		return e.fail(f)
	}
	if cobraUsage(err) {
		e.printError(sentence(e.cobraSentence(err.Error())), ExitUsage, "")
		return ExitUsage
	}
	if errors.Is(err, context.Canceled) {
		e.printError(e.T("cli.interrupted_sent"), ExitInterrupted, "")
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

// cobraWord is one of cobra's (or pflag's) refusals of a command line, by
// its English words, and the message that says it in the run's language;
// names are the placeholders the pattern's groups fill, in order.
type cobraWord struct {
	re    string
	id    string
	names []string
}

// cobraWords are the refusals cobra and pflag word in English; compiled
// only when one is to be said (a run that goes well pays nothing).
var cobraWords = sync.OnceValue(func() []struct {
	re *regexp.Regexp
	cobraWord
} {
	table := []cobraWord{
		{`^unknown command ("(?:[^"\\]|\\.)*") for ("(?:[^"\\]|\\.)*")$`, "cli.unknown_command", []string{"Word", "Command"}},
		{`^unknown flag: (\S+)$`, "cli.unknown_flag", []string{"Flag"}},
		{`^unknown shorthand flag: '(.+)' in (\S+)$`, "cli.unknown_shorthand", []string{"Letter", "Word"}},
		{`^flag needs an argument: '(.+)' in (\S+)$`, "cli.flag_needs_value_in", []string{"Letter", "Word"}},
		{`^flag needs an argument: (\S+)$`, "cli.flag_needs_value", []string{"Flag"}},
		{`^invalid argument ("(?:[^"\\]|\\.)*") for "(.+)" flag: (.*)$`, "cli.invalid_flag_value", []string{"Value", "Flag", "Reason"}},
		{`^invalid argument ("(?:[^"\\]|\\.)*") for ("(?:[^"\\]|\\.)*")$`, "cli.invalid_argument", []string{"Value", "Command"}},
		{`^accepts (\d+) arg\(s\), received (\d+)$`, "cli.accepts_args", []string{"Want", "Got"}},
		{`^accepts at most (\d+) arg\(s\), received (\d+)$`, "cli.accepts_at_most", []string{"Want", "Got"}},
		{`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`, "cli.accepts_between", []string{"Min", "Max", "Got"}},
		{`^requires at least (\d+) arg\(s\), only received (\d+)$`, "cli.requires_at_least", []string{"Want", "Got"}},
		{`^required flag\(s\) (.+) not set$`, "cli.required_flags", []string{"Flags"}},
	}
	out := make([]struct {
		re *regexp.Regexp
		cobraWord
	}, len(table))
	for i, w := range table {
		out[i].re, out[i].cobraWord = regexp.MustCompile(w.re), w
	}
	return out
})

// How cobra heads its suggestions, and how pflag starts its refusals of
// an unknown flag.
const (
	cobraDidYouMean       = "Did you mean this?"
	pflagUnknownShorthand = "unknown shorthand flag: "
	pflagUnknownFlag      = "unknown flag: --"
	strconvParseInt       = "strconv.ParseInt"
	strconvParseUint      = "strconv.ParseUint"
	strconvParseFloat     = "strconv.ParseFloat"
	strconvParseBool      = "strconv.ParseBool"
	timeDuration          = "time: "
	// reasonName is the placeholder of pflag's reason (cobraWords).
	reasonName = "Reason"
)

// cobraSentence says one of cobra's or pflag's refusals in the run's
// language: its first line by the table above (as it is, made a sentence,
// when the table lacks it), and cobra's "Did you mean this?" after it.
func (e *Env) cobraSentence(msg string) string {
	head, rest, _ := strings.Cut(strings.TrimRight(msg, "\n"), "\n")
	out := head
	for _, w := range cobraWords() {
		m := w.re.FindStringSubmatch(head)
		if m == nil {
			continue
		}
		args := make([]any, 0, 2*len(w.names))
		for i, name := range w.names {
			v := m[i+1]
			if name == reasonName {
				v = e.parseReason(v)
			}
			args = append(args, name, v)
		}
		out = e.T(w.id, args...)
		break
	}
	if rest != "" {
		out += "\n" + strings.Replace(rest, cobraDidYouMean, e.T("cli.did_you_mean"), 1)
	}
	return out
}

// parseReason says why pflag could not read a flag's value: strconv's and
// time's words ("strconv.ParseInt: parsing \"x\": invalid syntax") are a
// programmer's; a flag's own check (--max-window) speaks already.
func (e *Env) parseReason(reason string) string {
	switch {
	case strings.HasPrefix(reason, strconvParseInt), strings.HasPrefix(reason, strconvParseUint):
		return e.T("cli.not_whole_number")
	case strings.HasPrefix(reason, strconvParseFloat):
		return e.T("cli.not_number")
	case strings.HasPrefix(reason, strconvParseBool):
		return e.T("cli.not_bool")
	case strings.HasPrefix(reason, timeDuration):
		return e.T("cli.not_duration")
	}
	return reason
}

// unknownCommandError is a word that is none of a group's commands
// (`tokens lst`): said with the nearest commands and where to find them.
type unknownCommandError struct {
	cmd  *cobra.Command
	word string
}

func (u *unknownCommandError) Error() string {
	return fmt.Sprintf("unknown command %q for %q", u.word, u.cmd.CommandPath())
}

// unknownCommand says that word is none of c's commands, suggests the
// nearest, and says where c's commands are listed.
func (e *Env) unknownCommand(c *cobra.Command, word string) error {
	msg := e.T("cli.unknown_command", "Word", strconv.Quote(word), "Command", strconv.Quote(c.CommandPath()))
	if s := c.SuggestionsFor(word); len(s) > 0 {
		msg += "\n\n" + e.T("cli.did_you_mean") + "\n\t" + strings.Join(s, "\n\t")
	}
	return &usageError{msg: msg + "\n\n" + e.T("cli.run_help_commands", "Command", c.CommandPath())}
}

// sentence starts s with a capital letter and ends it with a full stop
// (cobra's messages are lower-case fragments); a Chinese sentence ends
// with 。.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = capital(s)
	if last := lastRune(s); !strings.ContainsRune(".?!。？！", last) && !strings.Contains(s, "\n") {
		if wideRune(last) {
			return s + "。"
		}
		s += "."
	}
	return s
}

// flagError adds "did you mean" to cobra's unknown-flag error, from the
// flags the command really has (cobra suggests only commands), and says
// pflag's refusals in the run's language.
func (e *Env) flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if _, word, ok := strings.Cut(msg, pflagUnknownShorthand); ok && strings.Contains(word, " in -") {
		// Session and grant ids are base64url: some start with "-".
		word = word[strings.Index(word, " in -")+4:]
		if len(word) > 3 {
			return &usageError{msg: e.cobraSentence(msg) + "\n\n" +
				e.T("cli.dash_argument", "Command", cmd.CommandPath(), "Word", word)}
		}
	}
	name, ok := strings.CutPrefix(msg, pflagUnknownFlag)
	if !ok {
		return &usageError{msg: e.cobraSentence(msg)}
	}
	msg = e.cobraSentence(msg)
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if s := suggest(name, names); len(s) > 0 {
		msg += "\n\n" + e.T("cli.did_you_mean") + "\n\t--" + strings.Join(s, "\n\t--")
	}
	return &usageError{msg: msg + "\n\n" + e.T("cli.run_help_flags", "Command", cmd.CommandPath())}
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
