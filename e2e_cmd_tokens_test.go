package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

// TestCommandTokens: list, create (value shown once, to stdout alone or a
// 0600 file), show, rename, delete, as a script meets them; a proof from a
// file; a secret never in an argument; the Account API says where tokens
// are instead.
func TestCommandTokens(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	if r := h.ok("", "tokens", "list"); !strings.Contains(r.out, "No personal access tokens") {
		t.Errorf("empty list: %q", r.out)
	}
	// A change without a proof, in a script: exit 2, and what to do.
	h.fails(2, "--proof-file", "", "tokens", "create", "ci")
	proof := h.proofFile()
	r := h.ok("", "tokens", "create", "ci", "--expires", "30d", "--proof-file", proof)
	value := strings.TrimSpace(r.out)
	if !strings.HasPrefix(value, "pat_") || strings.Contains(value, "\n") || !strings.Contains(r.err, "created") {
		t.Fatalf("create: stdout %q stderr %q", r.out, r.err)
	}
	list := jsonOf[[]map[string]any](t, h.ok("", "tokens", "list", "--json"))
	if len(list) != 1 || list[0]["name"] != "ci" || list[0]["expires_at"] == nil || list[0]["value"] != nil {
		t.Errorf("list --json: %v", list)
	}
	if r := h.ok("", "tokens", "list"); strings.Contains(r.out, value) || !strings.Contains(r.out, "NAME") || !strings.Contains(r.out, "ci") {
		t.Errorf("the table shows a value or no token: %q", r.out)
	}
	if r := h.ok("", "tokens", "show", "ci", "--jq", ".value"); strings.TrimSpace(r.out) != value {
		t.Errorf("show --jq .value: %q", r.out)
	}
	h.fails(2, "already have a token named ci", "", "tokens", "create", "ci", "--proof-file", proof)
	file := filepath.Join(h.dir, "deploy.token")
	h.ok("", "tokens", "create", "deploy", "--output", file, "--proof-file", proof, "--json")
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("--output: %v %v", fi, err)
	}
	h.ok("", "tokens", "rename", "ci", "ci-old", "--proof-file", proof)
	h.fails(1, "No token is named ci", "", "tokens", "delete", "ci", "--proof-file", proof)
	h.ok("", "tokens", "delete", "ci-old", "--proof-file", proof)
	names := h.ok("", "tokens", "list", "--jq", ".[].name")
	if strings.TrimSpace(names.out) != "deploy" {
		t.Errorf("left: %q", names.out)
	}
	// A wrong proof: refused, exit 4.
	bad := filepath.Join(h.dir, "wrong")
	_ = os.WriteFile(bad, []byte("not-the-password\n"), 0o600)
	h.fails(4, "password is not right", "", "tokens", "delete", "deploy", "--proof-file", bad)
	h.ok("", "tokens", "create", "spare", "--proof-file", proof)
	// The proof from a file descriptor (a script's pipe, bash's <(…)).
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	_, _ = pw.WriteString(emulator.DemoPassword + "\n")
	pw.Close()
	cmd := exec.Command(e2eBinary, "tokens", "delete", "deploy", "--proof-file", "/dev/fd/3")
	cmd.Env, cmd.ExtraFiles = h.env, []*os.File{pr}
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "deleted") {
		t.Fatalf("--proof-file /dev/fd/3: %v %q", err, out)
	}
	pr.Close()
	// Errors as JSON under --json.
	r = h.fails(2, `"exit_code":2`, "", "tokens", "create", "x", "--json")
	if !strings.HasPrefix(strings.TrimSpace(r.err), "{") {
		t.Errorf("error not JSON: %q", r.err)
	}
}

// TestCommandTokensOnTheAccountAPI: no tokens there; the screen's words.
func TestCommandTokensOnTheAccountAPI(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, false, nil)
	h.fails(2, "admin rights", "", "tokens", "list")
}

// TestCommandOutputFilesLeaveTheFolderAlone: --output writes the file and
// only the file. The folder's permissions stay (a shared project folder,
// the home folder), no folder is made for a mistyped path, and a path that
// cannot take the file is refused before the token is made or the backup
// codes are replaced, in words that name the file.
func TestCommandOutputFilesLeaveTheFolderAlone(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.emu.SeedTOTP(h.uid, "JBSWY3DPEHPK3PXP")
	h.emu.SeedBackupCodes(h.uid, 0)
	backupID := func() string {
		return strings.TrimSpace(h.ok("", "mfa", "list", "--jq", `.[] | select(.type == "BackupCode") | .id`).out)
	}
	before := backupID()
	proof := h.proofFile()
	shared := filepath.Join(h.dir, "project")
	if err := os.Mkdir(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o755); err != nil { // whatever the umask
		t.Fatal(err)
	}
	file := filepath.Join(shared, "deploy.token")
	h.ok("", "tokens", "create", "deploy", "--output", file, "--proof-file", proof)
	if fi, err := os.Stat(shared); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("the folder of --output became %v (%v); it was 0755", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the token file: %v %v", fi, err)
	}
	// A mistyped folder: refused, nothing made here or at the tenant.
	missing := filepath.Join(h.dir, "no-such-folder", "ci.token")
	h.fails(1, "Cannot write "+missing+": no such file or directory", "", "tokens", "create", "ci", "--output", missing, "--proof-file", proof)
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("a folder was made for --output: %v", err)
	}
	// A folder given as the file: said so, nothing made.
	h.fails(2, "is a folder", "", "tokens", "create", "ci", "--output", shared, "--proof-file", proof)
	if r := h.ok("", "tokens", "list", "--jq", ".[].name"); strings.TrimSpace(r.out) != "deploy" {
		t.Errorf("a token was made although its value could not be written: %q", r.out)
	}
	// Backup codes: the old set still works when the new one has nowhere to go.
	h.fails(1, "no such file or directory", "", "mfa", "backup-codes", "new", "--output", missing, "--proof-file", proof)
	if after := backupID(); after != before || after == "" {
		t.Error("the backup codes were replaced although the new ones could not be written")
	}
	h.fails(1, "no such file or directory", "", "export", "--output", missing, "--proof-file", proof)
}
