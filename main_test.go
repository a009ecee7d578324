package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildBinary builds logto-account once into dir.
func buildBinary(tb testing.TB, dir string) string {
	tb.Helper()
	bin := filepath.Join(dir, "logto-account")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func isolatedEnv(dir string) []string {
	return append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"), "LOGTO_ACCOUNT_KEYRING=file",
		"LOGTO_ACCOUNT_ENDPOINT=http://127.0.0.1:9", "LOGTO_ACCOUNT_APP_ID=device-account-cli")
}

func TestBinaryStatusWithoutSignIn(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	cmd := exec.Command(bin, "status")
	cmd.Env = isolatedEnv(dir)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 || !strings.Contains(string(out), "Not signed in") {
		t.Errorf("status: %v %q", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "state")); !os.IsNotExist(err) {
		t.Error("status wrote to the state directory")
	}
	v, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(v), "logto-account ") {
		t.Errorf("version: %v %q", err, v)
	}
}

// BenchmarkStatusStartup is exec → exit of `logto-account status` (goal
// ≤ 10 ms; `gh --version` takes 28 ms on this machine).
func BenchmarkStatusStartup(b *testing.B) {
	dir := b.TempDir()
	bin := buildBinary(b, dir)
	env := isolatedEnv(dir)
	for b.Loop() {
		cmd := exec.Command(bin, "status")
		cmd.Env = env
		_ = cmd.Run()
	}
}
