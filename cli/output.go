package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/i18n"

	"github.com/logto-account/logto-account/tui/common"
)

// out is how a command prints its result: lines and tables for people, or
// with --json the result as JSON (field names documented in README), and
// with --jq EXPR what a jq expression picks from that JSON, as gh does.
type out struct {
	e    *Env
	json bool
	jq   string
}

// addOutFlags gives cmd --json and --jq.
func (e *Env) addOutFlags(cmd *cobra.Command) *out {
	o := &out{e: e}
	cmd.Flags().BoolVar(&o.json, "json", false, e.h.T("commands.flag_json_errors"))
	cmd.Flags().StringVar(&o.jq, "jq", "", e.h.T("commands.flag_jq"))
	return o
}

// machine reports whether the result is JSON (--json or --jq).
func (o *out) machine() bool { return o.json || o.jq != "" }

// emit prints v as JSON (through --jq when given), or calls human.
func (o *out) emit(v any, human func(w io.Writer)) error {
	if !o.machine() {
		human(o.e.Stdout)
		return nil
	}
	if o.jq == "" {
		o.e.printJSON(v)
		return nil
	}
	return o.filter(v)
}

// filter runs --jq over v: strings print bare (as `jq -r`), anything else
// as one line of JSON.
func (o *out) filter(v any) error {
	q, err := gojq.Parse(o.jq)
	if err != nil {
		return usagef("--jq %s: %v", o.jq, err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return usagef("--jq %s: %v", o.jq, err)
	}
	// gojq reads only JSON's own types: go through JSON once.
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var in any
	if err := json.Unmarshal(raw, &in); err != nil {
		return err
	}
	iter := code.Run(in)
	for {
		r, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := r.(error); isErr {
			return failf("--jq: %s", unquoted(err.Error()))
		}
		if s, isStr := r.(string); isStr {
			if o.e.StdoutIsTerminal {
				// Bare, as jq -r prints it; but on a terminal a value
				// someone else chose (a user's name, in an operator's
				// list) must not drive it: its lines are cleaned.
				lines := strings.Split(s, "\n")
				for i := range lines {
					lines[i] = common.Clean(lines[i])
				}
				s = strings.Join(lines, "\n")
			}
			fmt.Fprintln(o.e.Stdout, s)
			continue
		}
		b, err := gojq.Marshal(r)
		if err != nil {
			return err
		}
		fmt.Fprintln(o.e.Stdout, string(b))
	}
}

// unquoted is a gojq error without the values it quotes (JSON strings, or
// the start of one gojq cut short): they are the result's (a token's value,
// a TOTP secret), and stderr is no place for them. The types and the
// function that failed stay.
func unquoted(msg string) string {
	return regexp.MustCompile(`"(?:[^"\\]|\\.)*?(?:"|\s\.\.\.([\]}])|$)`).ReplaceAllString(msg, `"…"${1}`)
}

// checkPage refuses a page Logto would quietly replace: page 0 (or a size
// of 0) is answered with the first page (of 20), so a script counting pages
// from 0 would read the first page twice.
func checkPage(page, size int) error {
	if page < 1 {
		return &usageError{said: i18n.M("cli.page_from_one", "Page", page)}
	}
	if size < 1 || size > 100 {
		return &usageError{said: i18n.M("cli.page_size", "Size", size)}
	}
	return nil
}

// colour reports whether people's output may carry colour: only on a
// terminal, never with NO_COLOR, and never on a dumb terminal (TERM=dumb:
// Emacs' shell, some CI logs), which prints escape sequences as they are.
func (e *Env) colour() bool {
	return e.StdoutIsTerminal && e.Getenv("NO_COLOR") == "" && e.Getenv("TERM") != "dumb"
}

// bold marks a table's header on a colour terminal; elsewhere it is plain.
func (e *Env) bold(s string) string {
	if !e.colour() {
		return s
	}
	return "\x1b[1m" + s + "\x1b[0m"
}

// table prints rows under head in aligned columns, one line a row: plain
// text a screen reader reads as it is (no box drawing, no cursor moves).
// Cells are cleaned of control sequences (server strings); an empty cell
// shows as "-".
func (e *Env) table(w io.Writer, head []string, rows [][]string) {
	widths := make([]int, len(head))
	clean := make([][]string, len(rows))
	for i, h := range head {
		widths[i] = common.Width(h)
	}
	for r, row := range rows {
		clean[r] = make([]string, len(head))
		for i := range head {
			c := "-"
			if i < len(row) && strings.TrimSpace(row[i]) != "" {
				c = common.Clean(row[i])
			}
			clean[r][i] = c
			widths[i] = max(widths[i], common.Width(c))
		}
	}
	line := func(cells []string, style func(string) string) {
		var b strings.Builder
		for i, c := range cells {
			if i == len(cells)-1 {
				b.WriteString(style(c))
				break
			}
			b.WriteString(style(c) + strings.Repeat(" ", widths[i]-common.Width(c)+2))
		}
		fmt.Fprintln(w, b.String())
	}
	line(head, e.bold)
	for _, row := range clean {
		line(row, func(s string) string { return s })
	}
}

// fields prints label: value lines with the values lined up (a record for
// people); empty values are left out.
func (e *Env) fields(w io.Writer, pairs [][2]string) {
	width := 0
	labels := make([]string, len(pairs))
	for i, p := range pairs {
		labels[i] = e.T("cli.field_label", "Label", p[0]) // "Name:", "Prénom :", "姓名："
		if p[1] != "" {
			width = max(width, common.Width(labels[i]))
		}
	}
	for i, p := range pairs {
		if p[1] == "" {
			continue
		}
		fmt.Fprintf(w, "%s%s %s\n", labels[i], strings.Repeat(" ", width-common.Width(labels[i])), common.Clean(p[1]))
	}
}
