package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// addTOTP runs `mfa totp add --jq .secret` as a script would: it reads the
// secret from stdout, computes the app's code and answers on stdin.
func (h *cmdHome) addTOTP(args ...string) string {
	h.t.Helper()
	cmd := exec.Command(e2eBinary, append([]string{"mfa", "totp", "add", "--jq", ".secret"}, args...)...)
	cmd.Env = h.env
	stdout, _ := cmd.StdoutPipe()
	stdin, _ := cmd.StdinPipe()
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		_ = cmd.Wait()
		h.t.Fatalf("no secret printed: %s", errOut.String())
	}
	secret := lines.Text()
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	_, _ = stdin.Write([]byte(code + "\n"))
	for lines.Scan() {
	}
	if err := cmd.Wait(); err != nil {
		h.t.Fatalf("totp add: %v\n%s", err, errOut.String())
	}
	return secret
}

// TestCommandMFA: an authenticator app added by a script (the secret made
// here, the code checked here first), backup codes to a new 0600 file, the
// list, the settings, removing; the Management API's lacks said in words.
func TestCommandMFA(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "BackupCode"}, "policy": "UserControlled"}})
	proof := h.proofFile()
	// Without --json, the secret is the result: on stdout, never stderr.
	r := h.fails(2, "6-digit code", "", "mfa", "totp", "add", "--proof-file", proof)
	if !strings.Contains(r.out, "Secret: ") || !strings.Contains(r.out, "otpauth://") || strings.Contains(r.err, "Secret:") ||
		strings.Contains(r.err, "otpauth://") {
		t.Errorf("totp add's secret: stdout %q, stderr %q", r.out, r.err)
	}
	if r := h.ok("", "mfa", "list"); !strings.Contains(r.out, "No two-step factor") {
		t.Errorf("empty list: %q", r.out)
	}
	h.fails(2, "back up another method", "", "mfa", "backup-codes", "new", "--proof-file", proof)
	// A wrong code saves nothing.
	h.fails(1, "does not match", "000000\n", "mfa", "totp", "add", "--json", "--proof-file", proof)
	if _, ok := h.emu.TOTPSecret(h.uid); ok {
		t.Fatal("a secret was saved after a wrong code")
	}
	secret := h.addTOTP("--proof-file", proof)
	if s, ok := h.emu.TOTPSecret(h.uid); !ok || s != secret {
		t.Fatalf("the emulator holds %q", s)
	}
	file := filepath.Join(h.dir, "codes.txt")
	h.ok("", "mfa", "backup-codes", "new", "--output", file, "--proof-file", proof)
	raw, err := os.ReadFile(file)
	if fi, _ := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 || len(strings.Fields(string(raw))) != 10 {
		t.Fatalf("codes file: %v %v %q", fi, err, raw)
	}
	h.fails(2, "never overwritten", "", "mfa", "backup-codes", "new", "--output", file, "--proof-file", proof)
	list := jsonOf[[]map[string]any](t, h.ok("", "mfa", "list", "--json"))
	if len(list) != 2 || list[1]["remaining_codes"] != 10.0 {
		t.Fatalf("mfa list --json: %v", list)
	}
	h.fails(2, "how many backup codes are left", "", "mfa", "backup-codes", "used", "--proof-file", proof)
	h.fails(2, "Management API", "", "mfa", "rename", list[0]["id"].(string), "Phone", "--proof-file", proof)
	if r := h.ok("", "mfa", "ask"); !strings.Contains(r.out, "asks for your second step") {
		t.Errorf("mfa ask: %q", r.out)
	}
	h.ok("", "mfa", "ask", "off", "--proof-file", proof)
	if v := jsonOf[map[string]any](t, h.ok("", "mfa", "ask", "--json")); v["ask_at_sign_in"] != false {
		t.Errorf("ask after off: %v", v)
	}
	if r := h.ok("", "mfa", "passkey", "--json"); !strings.Contains(r.out, "/account/passkey/add") {
		t.Errorf("passkey: %q", r.out)
	}
	r = h.ok("", "mfa", "remove", list[0]["id"].(string), "--proof-file", proof)
	if !strings.Contains(r.out, "backup codes remain") {
		t.Errorf("removing the last authenticator: %q", r.out)
	}
	h.fails(1, "No two-step factor has the id", "", "mfa", "remove", "nope", "--proof-file", proof)
}

// TestCommandMFAOnTheAccountAPI: Logto checks the code itself there; which
// backup codes were used, and renaming a passkey.
func TestCommandMFAOnTheAccountAPI(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, false, nil)
	h.emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "WebAuthn", "BackupCode"}, "policy": "UserControlled"}})
	h.emu.SeedWebAuthn(h.uid, "", "Mozilla/5.0", time.Now())
	codes := h.emu.SeedBackupCodes(h.uid, 2)
	proof := h.proofFile()
	h.addTOTP("--proof-file", proof)
	r := h.ok("", "mfa", "backup-codes", "used", "--proof-file", proof)
	if !strings.Contains(r.out, "2 of 10 used; 8 unused") {
		t.Errorf("used: %q", r.out)
	}
	for _, c := range codes {
		if strings.Contains(r.out+r.err, c) {
			t.Errorf("a whole backup code was printed")
		}
	}
	var passkey string
	for _, f := range jsonOf[[]map[string]any](t, h.ok("", "mfa", "list", "--json")) {
		if f["type"] == "WebAuthn" {
			passkey = f["id"].(string)
		}
	}
	h.ok("", "mfa", "rename", passkey, "Work laptop", "--proof-file", proof)
	if r := h.ok("", "mfa", "list"); !strings.Contains(r.out, "Passkey Work laptop") {
		t.Errorf("after rename: %q", r.out)
	}
}
