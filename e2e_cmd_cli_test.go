package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/logto-account/logto-account/logto/emulator"
)

// binary runs the built program in an isolated home (no sign-in, no
// network) and returns what it printed and its exit code.
func binary(t *testing.T, env []string, args ...string) result {
	t.Helper()
	h := &cmdHome{t: t, env: env}
	return h.run("", args...)
}

// TestCommandHelp: --help exits 0 and reads as it always should (golden
// files, plain as scripts and screen readers get it: no colour, no
// padding); `help COMMAND` is the same.
func TestCommandHelp(t *testing.T) {
	t.Parallel()
	env := append(isolatedEnv(t.TempDir()), "NO_COLOR=1")
	for name, args := range map[string][]string{"root": {"--help"}, "tokens_create": {"tokens", "create", "--help"},
		"email_set": {"email", "set", "-h"}} {
		t.Run(name, func(t *testing.T) {
			r := binary(t, env, args...)
			if r.code != 0 || r.err != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.err)
			}
			for i, line := range strings.Split(r.out, "\n") {
				if strings.HasSuffix(line, " ") || strings.Contains(line, "\x1b") {
					t.Errorf("line %d has trailing spaces or escapes: %q", i+1, line)
				}
			}
			golden.RequireEqual(t, r.out)
		})
	}
	if a, b := binary(t, env, "help", "tokens", "create"), binary(t, env, "tokens", "create", "--help"); a.out != b.out {
		t.Error("help tokens create differs from tokens create --help")
	}
}

// TestCommandLineSurface: did-you-mean for commands and flags, single-dash
// long flags as the flag package took them, JSON errors, --version.
func TestCommandLineSurface(t *testing.T) {
	t.Parallel()
	env := isolatedEnv(t.TempDir())
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tokns"}, 2, "Did you mean this?\n\ttokens"},
		{[]string{"tokens", "lst"}, 2, "Did you mean this?\n\tlist"},
		{[]string{"status", "--jsn"}, 2, "Did you mean this?\n\t--json"},
		{[]string{"tokens", "create"}, 2, "Accepts 1 arg(s), received 0"},
		{[]string{"help", "tokns"}, 2, "Unknown command \"tokns\" for \"logto-account\"\n\nDid you mean this?\n\ttokens"},
		{[]string{"help", "tokens", "lst"}, 2, "Did you mean this?\n\tlist"},
		{[]string{"profile", "set", "name=Ada", "name=Bob"}, 2, `Profile field name is given twice ("Ada" and "Bob"): give it once`},
		{[]string{"profile", "set", "name=Ada\x1b]52;c;ZXZpbA==\x07"}, 2, "Profile field name holds a control character"},
		{[]string{"profile", "set", "address.locality=London\nParis"}, 2, "Profile field address.locality holds a control character"},
		// Logto answers page 0 with page 1: refused before asking.
		{[]string{"users", "list", "--page", "0"}, 2, "--page 0: pages count from 1"},
		{[]string{"history", "--page-size", "0"}, 2, "--page-size 0: a page holds 1 to 100"},
		// A command's flag before its name: said so, not "unknown command \"list\"".
		{[]string{"--json", "tokens", "list"}, 2, `"error":"Unknown flag: --json before the command; a command's flags go after its name:\n\tlogto-account tokens list --json"`},
		{[]string{"--jq", ".[].name", "tokens", "list"}, 2, `flags go after its name:\n\tlogto-account tokens list --jq .[].name"`},
		// An app grant's id as `apps list` shows it (base64url: it may start with "-").
		{[]string{"apps", "revoke", "-ysFV5XCGybblwKvclyvfxLBlZbvuuylSQBEqxBtpPU"}, 2,
			"goes after --: logto-account apps revoke -- -ysFV5XCGybblwKvclyvfxLBlZbvuuylSQBEqxBtpPU"},
		{[]string{"status", "-json"}, 3, `"signed_in": false`},
		{[]string{"-tenant", "work", "status"}, 2, "[tenants.work]"},
		{[]string{"status", "--jsn", "--json"}, 2, `{"error":"Unknown flag: --jsn`},
		{[]string{"status", "--jsn", "--json=true"}, 2, `{"error":"Unknown flag: --jsn`},
		{[]string{"status", "--jsn", "--json=false"}, 2, "logto-account: Unknown flag: --jsn"},
	} {
		r := binary(t, env, c.args...)
		if r.code != c.code || !strings.Contains(r.out+r.err, c.want) {
			t.Errorf("%v: exit %d (want %d)\nstdout %q\nstderr %q\nwant %q", c.args, r.code, c.code, r.out, r.err, c.want)
		}
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if r := binary(t, env, args...); r.code != 0 || !strings.HasPrefix(r.out, "logto-account ") {
			t.Errorf("%v: %d %q", args, r.code, r.out)
		}
	}
	if r := binary(t, env, "man"); r.code != 0 || !strings.Contains(r.out, ".TH") || !strings.Contains(r.out, "tokens") {
		t.Errorf("man: %d %q", r.code, r.err)
	}
}

// TestCompletionScripts: bash, zsh and fish scripts are generated and ask
// the program itself for completions (so commands, flags, token names and
// the rest come from the real tree and the account).
func TestCompletionScripts(t *testing.T) {
	t.Parallel()
	env := isolatedEnv(t.TempDir())
	for _, shell := range []string{"bash", "zsh", "fish"} {
		r := binary(t, env, "completion", shell)
		if r.code != 0 || len(r.out) < 1000 || !strings.Contains(r.out, "logto-account") || !strings.Contains(r.out, "__complete") {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, r.code, len(r.out), r.err)
		}
	}
	r := binary(t, env, "__complete", "")
	for _, cmd := range []string{"tokens", "sessions", "profile", "email", "mfa", "check-up", "users", "login"} {
		if !strings.Contains(r.out, "\n"+cmd+"\t") && !strings.HasPrefix(r.out, cmd+"\t") {
			t.Errorf("the commands completed lack %s:\n%s", cmd, r.out)
		}
	}
	if r := binary(t, env, "__complete", "tokens", "create", "--exp"); !strings.Contains(r.out, "--expires") {
		t.Errorf("flag completion: %q", r.out)
	}
	// A name, an address or a user is not a file: TAB offers no file names
	// there (directive 4, no file completion); avatar set's FILE is one.
	for _, args := range [][]string{{"tokens", "create"}, {"email", "set"}, {"users", "suspend"}, {"custom-data", "get"}} {
		if r := binary(t, env, append(append([]string{"__complete"}, args...), "")...); !strings.HasSuffix(strings.TrimSpace(r.out), ":4") {
			t.Errorf("%v completes files: %q", args, r.out)
		}
	}
	if r := binary(t, env, "__complete", "avatar", "set", ""); !strings.HasSuffix(strings.TrimSpace(r.out), ":0") {
		t.Errorf("avatar set FILE does not complete files: %q", r.out)
	}
}

// TestDynamicCompletion: TAB asks the account (token names, session ids,
// connector targets) and the config file (tenants), with no prompt.
func TestDynamicCompletion(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.emu.SeedPAT(h.uid, "deploy", nil)
	if r := h.ok("", "__complete", "tokens", "delete", ""); !strings.HasPrefix(r.out, "deploy\texpires never") {
		t.Errorf("token names: %q", r.out)
	}
	if r := h.ok("", "__complete", "identities", "link", ""); !strings.Contains(r.out, "mock-social\tMock Social") {
		t.Errorf("connector targets: %q", r.out)
	}
	if r := h.ok("", "__complete", "sessions", "revoke", ""); !strings.Contains(r.out, "logto-account e2e") && !strings.Contains(r.out, "signed in") {
		t.Errorf("session ids: %q", r.out)
	}
	cfg := filepath.Join(h.dir, "config", "logto-account", "config.toml")
	_ = os.MkdirAll(filepath.Dir(cfg), 0o700)
	if err := os.WriteFile(cfg, []byte("[tenants.work]\nendpoint = \"https://work.example\"\n[tenants.lab]\nendpoint = \"http://127.0.0.1:1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := h.ok("", "__complete", "tokens", "list", "--tenant", ""); !strings.HasPrefix(r.out, "lab\nwork\n") {
		t.Errorf("tenants: %q", r.out)
	}
}

// TestCommandInterrupted: Ctrl+C while a request is under way ends the
// command at once with 130, as a shell expects of a program SIGINT stopped
// (and as the secret prompt does), and says a change may have been made;
// `login` waiting for approval ends the same way.
func TestCommandInterrupted(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.emu.InjectFault(emulator.Fault{PathPrefix: "/api/users/" + h.uid + "/personal-access-tokens", Latency: 10 * time.Minute})
	// interrupt runs args and presses Ctrl+C once the emulator has answered
	// a request under prefix: by then the command listens for it.
	interrupt := func(prefix string, args ...string) result {
		t.Helper()
		h.emu.ResetRequests()
		cmd := exec.Command(e2eBinary, args...)
		cmd.Env = h.env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// A request of its own answered (the emulator may still log one
		// of the run before, cut off): past its Ctrl+C handler.
		deadline := time.Now().Add(30 * time.Second)
		for h.emu.CountRequests("POST", prefix) == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		return result{out: out.String(), err: errOut.String(), code: cmd.ProcessState.ExitCode()}
	}
	r := interrupt("/oidc/token", "tokens", "list")
	if r.code != 130 || !strings.Contains(r.err, "Interrupted (Ctrl+C)") || r.out != "" {
		t.Errorf("tokens list interrupted: exit %d, stdout %q, stderr %q", r.code, r.out, r.err)
	}
	r = interrupt("/oidc/device", "login", "--no-qr")
	if r.code != 130 || !strings.Contains(r.err, "Interrupted (Ctrl+C)") || strings.Contains(r.err, "context canceled") {
		t.Errorf("login interrupted: exit %d, stderr %q", r.code, r.err)
	}
}
