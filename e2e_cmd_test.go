package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

// cmdHome is a home for command tests: an emulator of its own, the
// binary's environment (an operator's, or an end user's without any M2M
// variable), and a sign-in made by the binary's own `login`, approved as
// the person on the /device page would. Tests with their own home run in
// parallel.
type cmdHome struct {
	t   *testing.T
	dir string
	emu *emulator.Emulator
	url string
	env []string
	uid string
	// seen is everything the binary printed in this home.
	seen bytes.Buffer
	// secrets are what must never be in it: the M2M secret, the proof
	// password, the sign-in's tokens.
	secrets []string
}

// newCmdHome seeds Ada (with seed's additions) and signs her in.
func newCmdHome(t *testing.T, operator bool, seed func(*emulator.UserSeed)) *cmdHome {
	t.Helper()
	dir, emu, srv := newE2E(t)
	s := adaSeed()
	if seed != nil {
		seed(&s)
	}
	h := &cmdHome{t: t, dir: dir, emu: emu, url: srv.URL, uid: emu.SeedUser(s)}
	emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	if operator {
		h.env = operatorEnv(dir, srv.URL)
	} else {
		h.env = endUserEnv(dir, srv.URL)
	}
	h.env = append(h.env, "NO_COLOR=1")
	h.login()
	h.secrets = append([]string{emulator.DefaultM2MAppSecret, emulator.DemoPassword}, h.tokens()...)
	t.Cleanup(func() {
		for _, secret := range h.secrets {
			if secret != "" && strings.Contains(h.seen.String(), secret) {
				t.Errorf("a secret (%d characters) was printed by a command", len(secret))
			}
		}
	})
	return h
}

// tokens are the sign-in's access and refresh tokens, from its 0600 file.
func (h *cmdHome) tokens() []string {
	files, _ := filepath.Glob(filepath.Join(h.dir, "state", "logto-account", "tokens-*.json"))
	var out []string
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		var v map[string]any
		_ = json.Unmarshal(raw, &v)
		for _, k := range []string{"access_token", "refresh_token", "id_token"} {
			if s, ok := v[k].(string); ok {
				out = append(out, s)
			}
		}
	}
	if len(out) < 2 {
		h.t.Fatalf("the sign-in's tokens were not found in %v", files)
	}
	return out
}

// login runs `login` and approves its code as Ada.
func (h *cmdHome) login() {
	h.t.Helper()
	cmd := exec.Command(e2eBinary, "login", "--no-qr")
	cmd.Env = h.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	approvePending(h.t, h.emu, h.uid)
	if err := cmd.Wait(); err != nil {
		h.t.Fatalf("login: %v\n%s", err, out.String())
	}
}

// result is what a run of the binary gave.
type result struct {
	out, err string
	code     int
}

// run runs the binary with args and stdin, and returns stdout, stderr and
// the exit code.
func (h *cmdHome) run(stdin string, args ...string) result {
	h.t.Helper()
	cmd := exec.Command(e2eBinary, args...)
	cmd.Env = h.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	h.seen.Write(out.Bytes())
	h.seen.Write(errOut.Bytes())
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		h.t.Fatal(err)
	}
	return result{out: out.String(), err: errOut.String(), code: code}
}

// ok runs the binary and fails the test unless it exits 0.
func (h *cmdHome) ok(stdin string, args ...string) result {
	h.t.Helper()
	r := h.run(stdin, args...)
	if r.code != 0 {
		h.t.Fatalf("%v: exit %d\nstdout: %s\nstderr: %s", args, r.code, r.out, r.err)
	}
	return r
}

// fails runs the binary and fails the test unless it exits with code and
// says want on stderr.
func (h *cmdHome) fails(code int, want string, stdin string, args ...string) result {
	h.t.Helper()
	r := h.run(stdin, args...)
	if r.code != code || !strings.Contains(r.err, want) {
		h.t.Fatalf("%v: exit %d (want %d), stderr %q (want %q)\nstdout: %s", args, r.code, code, r.err, want, r.out)
	}
	return r
}

// jsonOf decodes a command's --json output.
func jsonOf[T any](t *testing.T, r result) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.out), &v); err != nil {
		t.Fatalf("not JSON (%v): %q", err, r.out)
	}
	return v
}

// proofFile writes Ada's password to a 0600 file, as a script would.
func (h *cmdHome) proofFile() string {
	h.t.Helper()
	p := filepath.Join(h.dir, "proof")
	if err := os.WriteFile(p, []byte(emulator.DemoPassword+"\n"), 0o600); err != nil {
		h.t.Fatal(err)
	}
	return p
}
