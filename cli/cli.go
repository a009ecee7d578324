// Package cli implements logto-account's command line on cobra and fang:
// the terminal UI when no command is given, the sign-in commands (login,
// logout, status), the programs it can run (demo, emulator, serve), and a
// scriptable twin of every screen action (profile, email, tokens, …), all on
// plain writers so that main stays wiring and the commands are testable.
package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	mango "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/config"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/tui/common"
)

// Exit codes, documented in README.
const (
	ExitOK            = 0
	ExitFailure       = 1   // network, server or file errors
	ExitUsage         = 2   // bad flags or configuration
	ExitNotSignedIn   = 3   // no usable tokens: run `logto-account login`
	ExitSignInRefused = 4   // denied, expired code, ID token or proof of identity refused
	ExitCrash         = 70  // a bug stopped the program (EX_SOFTWARE); unsaved edits were kept
	ExitInterrupted   = 130 // Ctrl+C, as a shell reports a program SIGINT stopped
)

// Env is everything a command touches; main fills it from the process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// StdoutIsTerminal and StdinIsTerminal decide between human and
	// scripted output, and whether Enter can open a browser.
	StdoutIsTerminal, StdinIsTerminal bool
	// ConfigPath is $XDG_CONFIG_HOME/logto-account/config.toml; StateDir is
	// $XDG_STATE_HOME/logto-account (token files, locks).
	ConfigPath, StateDir string
	// DataDir is $XDG_DATA_HOME/logto-account (the SSH host key).
	DataDir string
	// Version is the program's version (main's -ldflags value).
	Version string
	// Keyring is the OS keyring; nil means files only.
	Keyring    auth.Keyring
	HTTPClient *http.Client
	Now        func() time.Time
	// OpenBrowser opens a URL locally; nil means never.
	OpenBrowser func(url string) error
	// Sleep replaces waiting in tests (device-flow polling).
	Sleep func(ctx context.Context, d time.Duration) error
	// DisableCoreDumps is what `serve` calls first; nil means
	// sshserver.DisableCoreDumps (tests leave their own process as it is).
	DisableCoreDumps func() error
	// ReadSecret reads a line from the terminal without echoing it; nil
	// means the process's own terminal (golang.org/x/term). Tests set it.
	ReadSecret func(prompt string) (string, error)
	// Width is the width in columns of the terminal stdout is (asked only
	// when StdoutIsTerminal; nil or 0: unknown). The help folds to it.
	Width func() int

	// jsonErrors is set while a command runs with --json: its errors go to
	// stderr as JSON too.
	jsonErrors bool
	// in is the one buffered reader of Stdin (two would split its bytes).
	in *bufio.Reader
	// completing is set while the shell asks for completions: nothing is
	// asked of the user then.
	completing bool
	// lazy holds the top-level commands not declared yet (root.go).
	lazy map[*cobra.Command]func(*cobra.Command)
	// lang is the language --lang named for this run ("" none).
	lang string
	// l speaks the run's language (loc makes it at the first sentence).
	l, en *i18n.Localizer
	// read is the configuration read this run (once: the language of a
	// help or an early refusal reads it before the command does).
	read *configRead
	// h holds the help's texts (summaries, descriptions, flag usages) as
	// message ids until a help, a completion or the man page shows them.
	h deferredText
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// overSSH reports whether this process runs in an SSH session, where a
// browser must never be opened.
func (e *Env) overSSH() bool {
	return e.Getenv("SSH_CONNECTION") != "" || e.Getenv("SSH_TTY") != "" || e.Getenv("SSH_CLIENT") != ""
}

// human is where prompts go: stdout on a terminal, else stderr so that
// stdout stays machine-readable.
func (e *Env) human() io.Writer {
	if e.StdoutIsTerminal {
		return e.Stdout
	}
	return e.Stderr
}

// stdin is the buffered standard input shared by every read of a run.
func (e *Env) stdin() *bufio.Reader {
	if e.in == nil {
		e.in = bufio.NewReader(e.Stdin)
	}
	return e.in
}

func (e *Env) store() *auth.Store {
	return &auth.Store{Keyring: e.Keyring, Dir: e.StateDir, Warn: e.warn, Lang: e.loc()}
}

// loadConfig loads and validates the configuration, printing the problem.
func (e *Env) loadConfig(tenant string) (*config.Config, int) {
	cfg, err := e.readConfig(tenant)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		msg := err.Error()
		if ce := (*config.Error)(nil); errors.As(err, &ce) {
			msg = ce.Localized(e.loc())
		}
		e.printError(msg, ExitUsage, "")
		return nil, ExitUsage
	}
	lang, _ := e.language(cfg)
	e.l = i18n.New(lang) // the config may name the language
	for _, w := range cfg.Warnings() {
		e.warn(w.In(e.loc()))
	}
	return cfg, ExitOK
}

// warn prints a warning on stderr ("warning: …" in the run's language).
func (e *Env) warn(s string) { fmt.Fprintln(e.Stderr, e.T("cli.warning", "Text", s)) }

func (e *Env) printJSON(v any) {
	enc := json.NewEncoder(e.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// fail prints err and picks its exit code.
func (e *Env) fail(err error) int {
	code := ExitFailure
	var ie *auth.IdentityError
	switch {
	case errors.Is(err, context.Canceled):
		e.printError(e.T("cli.interrupted"), ExitInterrupted, "")
		return ExitInterrupted
	case errors.Is(err, auth.ErrSignInRequired):
		code = ExitNotSignedIn
	case errors.Is(err, auth.ErrAccessDenied), errors.Is(err, auth.ErrCodeExpired), errors.As(err, &ie):
		code = ExitSignInRefused
	}
	var said *failure
	if errors.As(err, &said) {
		e.printError(said.said.In(e.loc()), code, "")
		return code
	}
	msg := err.Error()
	if code != ExitFailure { // a sign-in refused or needed: the error table says it in the run's language
		msg = common.ForCommandsIn(e.loc(), e.words(err))
	}
	e.printError(msg, code, "")
	return code
}

// printError is the one place an error reaches stderr: a line for people,
// or with --json an object {"error", "exit_code", "logto_code"}.
func (e *Env) printError(msg string, code int, logtoCode string) {
	if e.jsonErrors {
		v := map[string]any{"error": msg, "exit_code": code}
		if logtoCode != "" {
			v["logto_code"] = logtoCode
		}
		b, _ := json.Marshal(v)
		fmt.Fprintln(e.Stderr, string(b))
		return
	}
	fmt.Fprintln(e.Stderr, "logto-account: "+msg)
}

// Run runs a command line (without the program name) and returns the exit
// code. No command opens the account screens.
func Run(args []string, e *Env) int {
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	version := e.Version
	if version == "" {
		version = "dev"
	}
	e.l, e.jsonErrors, e.h = nil, false, deferredText{} // an Env runs one command line at a time (tests run several)
	args, err := e.takeLang(args)
	if err != nil {
		e.printError(err.Error(), ExitUsage, "")
		return ExitUsage
	}
	root := e.newRoot()
	root.Version = version
	// cobra builds its completion command (four shells, their flags) on
	// every run: only when it is asked for, listed or completed.
	root.CompletionOptions.DisableDefaultCmd = len(args) == 0 ||
		args[0] != "completion" && args[0] != cobra.ShellCompRequestCmd && args[0] != cobra.ShellCompNoDescRequestCmd
	e.expand(root, args)
	args = normalizeArgs(root, args)
	for _, a := range args {
		if a == "--" {
			break
		}
		// Before any flag is parsed: a refused flag comes out as JSON too.
		name, value, set := strings.Cut(a, "=")
		on, _ := strconv.ParseBool(value) // --json=true, as pflag reads it
		e.jsonErrors = e.jsonErrors || a == "--json" || name == "--json" && set && on || a == "--jq" || strings.HasPrefix(a, "--jq=")
	}
	if err := e.flagBeforeCommand(root, args); err != nil {
		return e.report(err)
	}
	if cmd, ok, err := e.helpRequest(root, args); err != nil {
		return e.report(err)
	} else if ok {
		e.help(cmd)
		return ExitOK
	}
	// A command's own error is reported here, in the command, and cobra's
	// refusals of a command line below: one place words every error.
	exit := ExitOK
	var wrap func(c *cobra.Command)
	wrap = func(c *cobra.Command) {
		if run := c.RunE; run != nil {
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if err := run(cmd, args); err != nil {
					exit = e.report(err)
				}
				return nil
			}
		}
		for _, sub := range c.Commands() {
			wrap(sub)
		}
	}
	wrap(root)
	if len(args) > 0 && args[0] == "man" {
		root.AddCommand(e.manCmd())
	}
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		// The shell shows the summaries and flag usages beside its choices.
		root.InitDefaultHelpCmd()
		root.InitDefaultCompletionCmd()
		e.localizeCobra(root)
		e.localizeTree(root)
	}
	root.SetArgs(args)
	root.SetIn(e.Stdin)
	root.SetOut(e.Stdout)
	root.SetErr(e.Stderr)
	// cobra runs the line itself, not fang: fang's error path asked the
	// terminal for its background colour (to pick its error styles) even
	// under NO_COLOR, and a terminal that never answers (a serial console,
	// some multiplexers) held a mistyped command ~4 s before its error.
	// The help is ours (help.go) and an error is a plain line, so nothing
	// here asks the terminal anything.
	root.SilenceUsage, root.SilenceErrors = true, true
	if err := root.ExecuteContext(context.Background()); err != nil {
		return e.report(err)
	}
	return exit
}

// manCmd prints the man page of the whole command tree (roff), for
// packagers: `logto-account man > logto-account.1`.
func (e *Env) manCmd() *cobra.Command {
	return &cobra.Command{Use: "man", Hidden: true, Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			e.buildAll(cmd.Root())
			e.localizeTree(cmd.Root())
			page, err := mango.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(e.Stdout, page.Build(roff.NewDocument()))
			return err
		}}
}
