package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

func serveEnv(t *testing.T, vars map[string]string) (*Env, *bytes.Buffer, *bool) {
	t.Helper()
	dir := t.TempDir()
	errOut := &bytes.Buffer{}
	called := new(bool)
	return &Env{Stdout: &bytes.Buffer{}, Stderr: errOut, Getenv: func(k string) string { return vars[k] },
		ConfigPath: filepath.Join(dir, "config.toml"), StateDir: filepath.Join(dir, "state"), DataDir: filepath.Join(dir, "data"),
		DisableCoreDumps: func() error { *called = true; return nil }}, errOut, called
}

func TestServeRefusesAHostKeyOthersCanRead(t *testing.T) {
	env, errOut, noDumps := serveEnv(t, map[string]string{"LOGTO_ACCOUNT_ENDPOINT": "http://127.0.0.1:1",
		"LOGTO_ACCOUNT_APP_ID": emulator.DefaultDeviceAppID, "LOGTO_ACCOUNT_M2M_APP_ID": emulator.DefaultM2MAppID,
		"LOGTO_ACCOUNT_M2M_APP_SECRET": emulator.DefaultM2MAppSecret})
	key := filepath.Join(env.DataDir, "ssh_host_ed25519")
	if err := os.MkdirAll(env.DataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, []byte("not shown"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := Run([]string{"serve", "--listen", "127.0.0.1:0"}, env); code != ExitFailure {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "chmod 600 "+key) {
		t.Errorf("stderr = %q", errOut.String())
	}
	if !*noDumps {
		t.Error("serve did not turn core dumps off first")
	}
}

func TestServeLimitFlags(t *testing.T) {
	env, errOut, _ := serveEnv(t, nil)
	if code := Run([]string{"serve", "--max-window", "10x2"}, env); code != ExitUsage || !strings.Contains(errOut.String(), "WIDTHxHEIGHT") {
		t.Errorf("exit %d, %q", code, errOut.String())
	}
	env, _, _ = serveEnv(t, nil)
	out := env.Stdout.(*bytes.Buffer)
	if code := Run([]string{"serve", "--help"}, env); code != ExitOK {
		t.Errorf("--help: exit %d", code)
	}
	for _, f := range []string{"-max-sessions", "-max-waiting", "-max-waiting-per-addr", "-max-conns", "-max-conns-per-addr",
		"-conns-per-minute", "-conn-burst", "-handshake-timeout", "-no-session-timeout", "-sign-in-timeout", "-idle-timeout",
		"-max-session", "-max-window"} {
		if !strings.Contains(out.String(), "-"+f+" ") {
			t.Errorf("serve --help does not list %s", f)
		}
	}
}
