package main

import (
	"bytes"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/creack/pty"

	"github.com/logto-account/logto-account/i18n"
)

// ptyRun runs the binary in a pseudo-terminal of cols columns that never
// answers what the program asks it (a serial console, a multiplexer that
// drops queries), and returns everything the program wrote and how it
// ended. It waits for the exit up to e2eDeadline: a generous bound, so a
// program that hangs fails the test rather than the test hanging.
func ptyRun(t *testing.T, env []string, cols int, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(e2eBinary, args...)
	cmd.Env = env
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: 40})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	var out bytes.Buffer
	read := make(chan struct{})
	go func() {
		_, _ = io.Copy(&out, tty) // ends with EIO once the program is gone
		close(read)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err = <-exited:
	case <-time.After(e2eDeadline):
		_ = cmd.Process.Kill()
		<-read
		t.Fatalf("%v did not exit in %v; it wrote %q", args, e2eDeadline, out.String())
	}
	select {
	case <-read:
	case <-time.After(e2eDeadline):
		t.Fatalf("%v: the terminal never closed", args)
	}
	return strings.ReplaceAll(out.String(), "\r\n", "\n"), err
}

// terminalQueries are what a program writes to ask the terminal something
// (its background colour, its attributes, the cursor's place): under a
// terminal that never answers, each is a wait.
var terminalQueries = []string{"\x1b]11;?", "\x1b]10;?", "\x1b[c", "\x1b[6n", "\x1b[?u"}

// A mistyped command under a terminal that never answers exits at once with
// its suggestion: fang's error path asked for the background colour (even
// with NO_COLOR) and waited ~4 s for an answer that never came.
func TestMistypedCommandAsksTheTerminalNothing(t *testing.T) {
	t.Parallel()
	for _, extra := range [][]string{{"NO_COLOR=1", "TERM=xterm-256color"}, {"TERM=xterm-256color", "COLORTERM=truecolor"}} {
		env := append(isolatedEnv(t.TempDir()), extra...)
		out, err := ptyRun(t, env, 80, "tokns")
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Errorf("%v: tokns ended with %v, want exit 2", extra, err)
		}
		if !strings.Contains(out, "Did you mean this?\n\ttokens") {
			t.Errorf("%v: no suggestion: %q", extra, out)
		}
		for _, q := range terminalQueries {
			if strings.Contains(out, q) {
				t.Errorf("%v: the program asked the terminal %q: %q", extra, q, out)
			}
		}
	}
}

// squash is text without its spaces and line breaks: the help folds its
// sentences (Chinese between any two characters), so a sentence is checked
// whole whatever the folds.
func squash(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), "")
}

// upperFirst is s with its first letter a capital, as the help starts a
// description.
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// The help in Chinese and French, end to end: the built binary run with
// LANG as a person's terminal has it, piped (as a script or screen reader
// gets it: each row one line) and in terminals of 80 and 60 columns (every
// line within the width in cells, every summary and description whole),
// for --help and demo --help; no English sentence of the frame is left.
func TestHelpSpeaksTheLocalesLanguage(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	shorts := []string{"login", "logout", "status", "demo", "emulator", "serve", "version", "help", "completion",
		"profile", "custom_data", "avatar", "email", "phone", "password", "identities", "mfa", "tokens", "sessions",
		"apps", "history", "check_up", "export", "account", "users", "keys"}
	english := []string{"Manage your own account", "EXAMPLES", "FLAGS", "Signing in", "Operators",
		"Help about any command", "Sign in with the device flow", "Try the account screens", "Run the account screens",
		"how long the demo waits", "Exit codes", "[command]", "[--flags]", "help for", "# the account screens"}
	for _, c := range []struct{ locale, lang string }{{"zh_CN.UTF-8", i18n.SimplifiedChinese}, {"fr_FR.UTF-8", i18n.French}} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			l := i18n.New(c.lang)
			env := append(langEnv(t.TempDir(), c.locale), "NO_COLOR=1")
			root := []string{l.T("commands.root_long"), l.T("commands.root_exit_codes"), l.T("commands.example_screens"),
				strings.ToUpper(l.T("commands.group_account")), strings.ToUpper(l.T("help.usage")), strings.ToUpper(l.T("help.flags")),
				upperFirst(l.T("commands.flag_tenant")), upperFirst(l.T("commands.flag_pick"))}
			for _, id := range shorts {
				root = append(root, upperFirst(l.T("commands."+id)))
			}
			demo := []string{l.T("cli.demo_long"), upperFirst(l.T("cli.flag_approve_after")),
				upperFirst(l.T("cli.flag_account_api")), upperFirst(l.T("cli.flag_demo_admin"))}
			for _, run := range []struct {
				args []string
				want []string
			}{{[]string{"--help"}, root}, {[]string{"demo", "--help"}, demo}} {
				r := binary(t, env, run.args...)
				if r.code != 0 || r.err != "" {
					t.Fatalf("%v: exit %d, stderr %q", run.args, r.code, r.err)
				}
				outputs := map[string]string{"piped": r.out}
				for _, cols := range []int{80, 60} {
					out, err := ptyRun(t, env, cols, run.args...)
					if err != nil {
						t.Fatalf("%v at %d columns: %v", run.args, cols, err)
					}
					for i, line := range strings.Split(out, "\n") {
						if w := ansi.StringWidth(line); w > cols {
							t.Errorf("%v at %d columns: line %d is %d cells wide: %q", run.args, cols, i+1, w, line)
						}
					}
					outputs[strings.Repeat("·", cols/20)] = out
				}
				for how, out := range outputs {
					for _, w := range run.want {
						if w = strings.ReplaceAll(w, "`", ""); !strings.Contains(squash(out), squash(w)) {
							t.Errorf("%v (%s) lacks %q:\n%s", run.args, how, w, out)
						}
					}
					for _, en := range english {
						if strings.Contains(out, en) {
							t.Errorf("%v (%s) still says %q in English:\n%s", run.args, how, en, out)
						}
					}
				}
			}
		})
	}
}

// Goldens of the help in Chinese and French as a script or a screen reader
// gets it (piped: no colour, each row one line); the English ones are
// TestCommandHelp's.
func TestHelpGoldensInEachLanguage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ locale, lang string }{{"zh_CN.UTF-8", i18n.SimplifiedChinese}, {"fr_FR.UTF-8", i18n.French}} {
		env := append(langEnv(t.TempDir(), c.locale), "NO_COLOR=1")
		for name, args := range map[string][]string{"root": {"--help"}, "demo": {"demo", "--help"}} {
			t.Run(c.lang+"_"+name, func(t *testing.T) {
				r := binary(t, env, args...)
				if r.code != 0 || r.err != "" {
					t.Fatalf("exit %d, stderr %q", r.code, r.err)
				}
				golden.RequireEqual(t, r.out)
			})
		}
	}
}
