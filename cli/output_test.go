package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestTablesAreColouredOnlyOnATerminal: a header is bold on a colour
// terminal, plain elsewhere and with NO_COLOR; columns line up by what
// people see (wide characters count two), and a server's control sequences
// never reach the terminal.
func TestTablesAreColouredOnlyOnATerminal(t *testing.T) {
	rows := [][]string{{"ci", "never"}, {"日本語", "\x1b]52;c;ZXZpbA==\x07soon"}}
	for _, c := range []struct {
		terminal bool
		noColor  string
		bold     bool
	}{{true, "", true}, {true, "1", false}, {false, "", false}} {
		var out bytes.Buffer
		e := &Env{Stdout: &out, StdoutIsTerminal: c.terminal, Getenv: func(k string) string {
			if k == "NO_COLOR" {
				return c.noColor
			}
			return ""
		}}
		e.table(&out, []string{"NAME", "EXPIRES"}, rows)
		got := out.String()
		if strings.Contains(got, "\x1b[1m") != c.bold {
			t.Errorf("terminal %v, NO_COLOR %q: bold = %v\n%q", c.terminal, c.noColor, !c.bold, got)
		}
		if strings.Contains(got, "\x1b]") || strings.Contains(got, "\x07") {
			t.Errorf("a control sequence passed: %q", got)
		}
		plain := strings.NewReplacer("\x1b[1m", "", "\x1b[0m", "").Replace(got)
		want := "NAME    EXPIRES\nci      never\n日本語  soon\n"
		if plain != want {
			t.Errorf("table:\n%s\nwant:\n%s", plain, want)
		}
	}
}

// TestJQErrorsDoNotQuoteTheResult: gojq's errors quote the value they
// failed on (its first 30 bytes); a token's value or a TOTP secret must not
// reach stderr that way. What went wrong is still said.
func TestJQErrorsDoNotQuoteTheResult(t *testing.T) {
	value := "pat_S3cr3tS3cr3tS3cr3tS3cr3t"
	for _, expr := range []string{".value.x", ".value | tonumber", ".value | keys", ".[] | .x", "[.value] | .x", ".value | ltrimstr(1) | .x"} {
		var stdout bytes.Buffer
		o := &out{e: &Env{Stdout: &stdout}, jq: expr}
		err := o.filter(map[string]any{"name": "ci", "value": value})
		if err == nil {
			t.Errorf("%s: no error", expr)
			continue
		}
		if strings.Contains(err.Error(), "S3cr3t") || strings.Contains(stdout.String(), "S3cr3t") {
			t.Errorf("%s: the value is quoted: %q", expr, err.Error())
		}
		if !strings.Contains(err.Error(), "--jq") {
			t.Errorf("%s: %q does not say it is --jq's error", expr, err.Error())
		}
	}
}

// TestNoColourOnADumbTerminal: TERM=dumb (Emacs' shell, some CI logs) shows
// escape sequences as they are, so tables and help are plain there, as
// with NO_COLOR.
func TestNoColourOnADumbTerminal(t *testing.T) {
	var out bytes.Buffer
	e := &Env{Stdout: &out, StdoutIsTerminal: true, Getenv: func(k string) string {
		if k == "TERM" {
			return "dumb"
		}
		return ""
	}}
	e.table(&out, []string{"NAME"}, [][]string{{"ci"}})
	e.help(fullTree(t))
	if strings.Contains(out.String(), "\x1b") {
		t.Errorf("escape sequences under TERM=dumb: %q", out.String())
	}
}

// TestJQStringsOnATerminalAreCleaned: --jq prints a string bare, as jq -r;
// on a terminal a value someone else chose (a user's name, in an operator's
// users list) must not drive it (OSC 52 writes the clipboard). A pipe gets
// the value exactly.
func TestJQStringsOnATerminalAreCleaned(t *testing.T) {
	name := "Ada\x1b]52;c;ZXZpbA==\x07 King\nsecond line"
	for _, terminal := range []bool{true, false} {
		var stdout bytes.Buffer
		o := &out{e: &Env{Stdout: &stdout, StdoutIsTerminal: terminal}, jq: ".name"}
		if err := o.filter(map[string]any{"name": name}); err != nil {
			t.Fatal(err)
		}
		want := name + "\n"
		if terminal {
			want = "Ada King\nsecond line\n"
		}
		if stdout.String() != want {
			t.Errorf("terminal %v: %q, want %q", terminal, stdout.String(), want)
		}
	}
}
