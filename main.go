// Command logto-account manages your own account in a Logto tenant from a
// terminal. main only wires things together: it resolves the XDG paths once,
// looks at the process's terminal and environment, and hands over to cli.
package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/adrg/xdg"
	"golang.org/x/term"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	env := &cli.Env{Version: version,
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		StdoutIsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		StdinIsTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		Width:            stdoutWidth,
		ConfigPath:       filepath.Join(xdg.ConfigHome, "logto-account", "config.toml"),
		StateDir:         filepath.Join(xdg.StateHome, "logto-account"),
		DataDir:          filepath.Join(xdg.DataHome, "logto-account"),
		OpenBrowser:      openBrowser,
	}
	if !strings.EqualFold(os.Getenv("LOGTO_ACCOUNT_KEYRING"), "file") {
		env.Keyring = auth.OSKeyring{}
	}
	testHooks(env)
	os.Exit(cli.Run(os.Args[1:], env))
}

// openBrowser opens url with the desktop's handler and says whether it
// did: the handler's exit status is waited for (xdg-open exits 3 when no
// browser is found), so "opened" is never claimed for a failure. It runs in
// a command of the screens, off their goroutine, bounded by a timeout.
func openBrowser(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", url)
	case "windows":
		cmd = exec.CommandContext(ctx, "rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", url)
	}
	cmd.Stdout, cmd.Stderr = nil, nil // the handler's chatter would draw over the screens
	return cmd.Run()
}

// stdoutWidth is the width of the terminal stdout is (0 when unknown).
func stdoutWidth() int {
	w, _, err := term.GetSize(int(os.Stdout.Fd()))
	if err != nil {
		return 0
	}
	return w
}
