package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// e2eBinary is the logto-account binary the tests in this package run. It
// is built once, by TestMain, with the e2etest tag (e2ehooks_e2etest.go:
// LOGTO_E2E_POLL_INTERVAL shortens the device-flow wait); nothing writes
// it after that, so parallel tests share it.
var e2eBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "logto-account-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	e2eBinary, err = build(dir, "-tags", "e2etest")
	code := 1
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles logto-account into dir with extra go build flags.
func build(dir string, flags ...string) (string, error) {
	bin := filepath.Join(dir, "logto-account")
	args := append(append([]string{"build"}, flags...), "-o", bin, ".")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin, nil
}

// releaseBinary builds logto-account as a release would (no test tag) into
// dir; benchmarks measure it.
func releaseBinary(tb testing.TB, dir string) string {
	tb.Helper()
	bin, err := build(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

// isolatedEnv is an environment with every XDG directory under dir, the
// keyring off, an endpoint nobody listens on, and the device-flow wait of
// the test build cut to 50 ms (a release binary ignores it).
func isolatedEnv(dir string) []string {
	return append(os.Environ(), "LOGTO_E2E_POLL_INTERVAL=50ms",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"), "LOGTO_ACCOUNT_KEYRING=file",
		"LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8", "LOGTO_ACCOUNT_LANGUAGE=", // English, whatever this machine speaks
		// The last two: operatorEnv and endUserEnv replace them.
		"LOGTO_ACCOUNT_ENDPOINT=http://127.0.0.1:9", "LOGTO_ACCOUNT_APP_ID=device-account-cli")
}

func TestBinaryStatusWithoutSignIn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd := exec.Command(e2eBinary, "status")
	cmd.Env = isolatedEnv(dir)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 || !strings.Contains(string(out), "Not signed in") {
		t.Errorf("status: %v %q", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "state")); !os.IsNotExist(err) {
		t.Error("status wrote to the state directory")
	}
	v, err := exec.Command(e2eBinary, "version").Output()
	if err != nil || !strings.HasPrefix(string(v), "logto-account ") {
		t.Errorf("version: %v %q", err, v)
	}
}

// BenchmarkStatusStartup is exec → exit of `logto-account status` (goal
// ≤ 10 ms; `gh --version` takes 28 ms on this machine).
func BenchmarkStatusStartup(b *testing.B) {
	dir := b.TempDir()
	bin := releaseBinary(b, dir)
	env := isolatedEnv(dir)
	for b.Loop() {
		cmd := exec.Command(bin, "status")
		cmd.Env = env
		_ = cmd.Run()
	}
}
