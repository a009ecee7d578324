// Package cli implements logto-account's non-interactive commands (login,
// logout, status, emulator) on plain writers, so that main stays wiring and
// the commands are testable in-process.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/config"
)

// Exit codes, documented in README.
const (
	ExitOK            = 0
	ExitFailure       = 1  // network, server or file errors
	ExitUsage         = 2  // bad flags or configuration
	ExitNotSignedIn   = 3  // no usable tokens: run `logto-account login`
	ExitSignInRefused = 4  // denied, expired code, or ID token refused
	ExitCrash         = 70 // a bug stopped the program (EX_SOFTWARE); unsaved edits were kept
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

func (e *Env) store() *auth.Store {
	return &auth.Store{Keyring: e.Keyring, Dir: e.StateDir, Warn: func(s string) { fmt.Fprintln(e.Stderr, "warning:", s) }}
}

// common are the flags every account command takes.
type common struct {
	tenant string
	json   bool
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.tenant, "tenant", "", "use the [tenants.NAME] table of the config file")
	fs.BoolVar(&c.json, "json", false, "print the result as JSON on stdout")
}

// parseAndLoad adds the common flags to fs (after the command's own),
// parses args and loads the configuration; a nil config comes with the exit
// code, the message already printed.
func (e *Env) parseAndLoad(fs *flag.FlagSet, c *common, args []string) (*config.Config, int) {
	c.register(fs)
	if fs.Parse(args) != nil {
		return nil, ExitUsage
	}
	return e.loadConfig(c.tenant)
}

func newFlags(name string, e *Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	return fs
}

// loadConfig loads and validates the configuration, printing the problem.
func (e *Env) loadConfig(tenant string) (*config.Config, int) {
	cfg, err := config.Load(e.ConfigPath, tenant, e.Getenv)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		fmt.Fprintln(e.Stderr, "logto-account:", err)
		return nil, ExitUsage
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintln(e.Stderr, "warning:", w)
	}
	return cfg, ExitOK
}

func (e *Env) printJSON(v any) {
	enc := json.NewEncoder(e.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// fail prints err and picks its exit code.
func (e *Env) fail(err error) int {
	fmt.Fprintln(e.Stderr, "logto-account:", err)
	var ie *auth.IdentityError
	switch {
	case errors.Is(err, auth.ErrSignInRequired):
		return ExitNotSignedIn
	case errors.Is(err, auth.ErrAccessDenied), errors.Is(err, auth.ErrCodeExpired), errors.As(err, &ie):
		return ExitSignInRefused
	}
	return ExitFailure
}

// Usage is the top-level help.
const Usage = `logto-account — manage your Logto account from a terminal

Usage:
  logto-account [--tenant NAME]                     the account screens (operators: with M2M credentials)
  logto-account --user WHO | --pick                 admin mode (operators): act on another user, or pick one
  logto-account demo                                try it on a built-in Logto emulator, no tenant needed
  logto-account login  [--tenant NAME] [--json]     sign in with the device flow
  logto-account logout [--tenant NAME] [--json]     revoke the session and forget the tokens
  logto-account status [--tenant NAME] [--json] [--show-token]
                                                    who is signed in, where tokens are kept
  logto-account serve [--listen 127.0.0.1:23234]    the SSH service (holds the M2M secret)
  logto-account keys list|revoke --user ID          the SSH service's remembered keys of a user
  logto-account emulator [--listen 127.0.0.1:3001]  run the built-in Logto emulator with a demo user
  logto-account version

Configuration: $XDG_CONFIG_HOME/logto-account/config.toml and LOGTO_ACCOUNT_* variables.
Exit codes: 0 ok, 1 failure, 2 bad usage or configuration, 3 not signed in,
4 sign-in refused (declined, code expired, ID token rejected).
`

// Run dispatches a command line (without the program name).
func Run(args []string, e *Env) int {
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	if len(args) == 0 || (len(args[0]) > 0 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help") {
		return e.interactive(args)
	}
	switch args[0] {
	case "demo":
		return e.demo(args[1:])
	case "serve":
		return e.serve(args[1:])
	case "keys":
		return e.keys(args[1:])
	case "login":
		return e.login(args[1:])
	case "logout":
		return e.logout(args[1:])
	case "status":
		return e.status(args[1:])
	case "emulator":
		return e.emulator(args[1:])
	case "help", "--help", "-h":
		fmt.Fprint(e.Stdout, Usage)
		return ExitOK
	}
	fmt.Fprintf(e.Stderr, "logto-account: unknown command %q\n\n%s", args[0], Usage)
	return ExitUsage
}
