package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// TestCommandExportHistoryCheckup: the danger zone's export (a new 0600
// file, or stdout), the sign-in history, the check-up's verdict.
func TestCommandExportHistoryCheckup(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	pat := h.emu.SeedPAT(h.uid, "ci", nil)
	h.emu.SetSignInExperience(map[string]any{"mfa": map[string]any{"factors": []any{"Totp", "BackupCode"}, "policy": "UserControlled"}})
	proof := h.proofFile()
	file := filepath.Join(h.dir, "export.json")
	h.ok("", "export", "--output", file, "--proof-file", proof)
	raw, err := os.ReadFile(file)
	if fi, _ := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 || !strings.Contains(string(raw), `"personalAccessTokens"`) {
		t.Fatalf("export file: %v %v", fi, err)
	}
	if strings.Contains(string(raw), pat) {
		t.Error("the export holds a token's value")
	}
	h.fails(2, "never overwritten", "", "export", "--output", file, "--proof-file", proof)
	if r := h.ok("", "export", "--jq", ".user.id", "--proof-file", proof); strings.TrimSpace(r.out) != h.uid {
		t.Errorf("export --jq: %q", r.out)
	}
	// A failed renewal says it failed, not that it renewed (the screen
	// and the command share the words).
	h.emu.SeedLog(emulator.LogEvent{Key: logto.LogExchangeRefresh, UserID: h.uid, ApplicationID: emulator.DefaultDeviceAppID,
		ErrorCode: "oidc.invalid_grant", Age: time.Minute})
	if r := h.ok("", "history", "--all"); !strings.Contains(r.out, "could not renew its access") || strings.Contains(r.out, "renewed its access") {
		t.Errorf("history --all with a failed renewal:\n%s", r.out)
	}
	hist := jsonOf[map[string]any](t, h.ok("", "history", "--all", "--json"))
	if entries, _ := hist["entries"].([]any); len(entries) == 0 {
		t.Errorf("history --all: %v", hist)
	}
	r := h.ok("", "history")
	if !strings.Contains(r.out, "WHEN") && !strings.Contains(r.out, "Nothing recorded") {
		t.Errorf("history: %q", r.out)
	}
	r = h.ok("", "check-up")
	if !strings.Contains(r.out, "Your account: ") || !strings.Contains(r.out, "! No second step") ||
		!strings.Contains(r.out, "(mfa totp add / mfa backup-codes new)") || !strings.Contains(r.out, "never expires") {
		t.Errorf("check-up:\n%s", r.out)
	}
	if r := h.ok("", "check-up", "--jq", ".needs_attention"); strings.TrimSpace(r.out) != "true" {
		t.Errorf("check-up --jq: %q", r.out)
	}
}

// TestCommandHistoryOnTheAccountAPI: no audit log there, said in words.
func TestCommandHistoryOnTheAccountAPI(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, false, nil)
	h.fails(2, "no sign-in history", "", "history")
	h.fails(2, "Logto's Account API has no self-delete", "", "account", "delete", "--confirm", "ada")
	if r := h.ok("", "check-up"); !strings.Contains(r.out, "Sessions: left out") {
		t.Errorf("check-up on the Account API:\n%s", r.out)
	}
}

// TestCommandLockdown: everything revoked, this program's own sign-in
// last, so the next command says to sign in again.
func TestCommandLockdown(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.emu.AddApp(emulator.App{ID: "notes-app", Name: "Notes", Type: "Native"})
	h.emu.SeedSession(h.uid, emulator.SessionOptions{ClientID: "notes-app", Offline: true, Scope: "openid offline_access"})
	h.emu.SeedPAT(h.uid, "ci", nil)
	h.fails(2, "give --yes", "", "account", "lockdown", "--proof-file", h.proofFile())
	r := h.ok("", "account", "lockdown", "--yes", "--proof-file", h.proofFile())
	for _, want := range []string{"1 personal access token", "revoked last: run `logto-account login`", "`password set`"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("lockdown report lacks %q:\n%s", want, r.out)
		}
	}
	h.fails(3, "logto-account login", "", "tokens", "list")
}

// TestCommandAccountDelete: the screen's typed confirmation as --confirm,
// a fresh proof, then the account and this program's sign-in are gone.
func TestCommandAccountDelete(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.fails(2, "--confirm ada", "", "account", "delete", "--proof-file", h.proofFile())
	h.fails(2, "does not match", "", "account", "delete", "--confirm", "Ada", "--proof-file", h.proofFile())
	if _, ok := h.emu.User(h.uid); !ok {
		t.Fatal("deleted after a wrong confirmation")
	}
	r := h.ok("", "account", "delete", "--confirm", "ada", "--proof-file", h.proofFile())
	if !strings.Contains(r.out, "Goodbye") {
		t.Errorf("delete: %q", r.out)
	}
	if _, ok := h.emu.User(h.uid); ok {
		t.Error("the account is still there")
	}
	if files, _ := filepath.Glob(filepath.Join(h.dir, "state", "logto-account", "tokens-*.json")); len(files) != 0 {
		t.Errorf("token files left: %v", files)
	}
	h.fails(3, "Not signed in", "", "profile", "show")
}

// TestCommandAdmin: an operator lists and searches the tenant's users,
// acts on another with --user (no proof: the operator cannot give one),
// suspends and reinstates them.
func TestCommandAdmin(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	grace := h.emu.SeedUser(emulator.UserSeed{Username: "grace", Email: "grace@example.com", Name: "Grace Hopper"})
	users := jsonOf[map[string]any](t, h.ok("", "users", "list", "--json"))
	if list, _ := users["users"].([]any); len(list) < 2 {
		t.Errorf("users list: %v", users)
	}
	if r := h.ok("", "users", "search", "hopper", "--jq", ".users[].id"); strings.TrimSpace(r.out) != grace {
		t.Errorf("users search: %q", r.out)
	}
	h.ok("", "profile", "set", "name=Rear Admiral Grace Hopper", "--user", "grace@example.com")
	if u, _ := h.emu.User(grace); u.Name != "Rear Admiral Grace Hopper" {
		t.Errorf("name = %q", u.Name)
	}
	h.ok("", "tokens", "create", "ops", "--user", "grace") // no proof asked
	h.fails(2, "users search", "", "profile", "show", "--user", "nobody-like-this")
	h.ok("", "users", "suspend", "grace")
	if u, _ := h.emu.User(grace); !u.Suspended {
		t.Error("not suspended")
	}
	h.ok("", "users", "reinstate", grace)
	if u, _ := h.emu.User(grace); u.Suspended {
		t.Error("not reinstated")
	}
	// Sign out everywhere, for Grace: none of her sign-ins is this
	// terminal's, so this program's go too (they were kept before).
	h.emu.SeedSession(grace, emulator.SessionOptions{ClientID: emulator.DefaultDeviceAppID, Offline: true, Scope: "openid offline_access"})
	h.emu.SeedSession(grace, emulator.SessionOptions{ClientID: "notes-app", Offline: true, Scope: "openid offline_access"})
	r := h.ok("", "sessions", "revoke-others", "--user", "grace")
	if !strings.Contains(r.out, "Signed out everywhere:") || strings.Contains(r.out, "kept") {
		t.Errorf("revoke-others --user said %q", r.out)
	}
	if left := jsonOf[[]map[string]any](t, h.ok("", "apps", "list", "--user", "grace", "--json")); len(left) != 0 {
		t.Errorf("Grace's apps after revoke-others: %v", left)
	}
	h.ok("", "account", "delete", "--user", "grace", "--confirm", "grace")
	if _, ok := h.emu.User(grace); ok {
		t.Error("grace is still there")
	}
	h.ok("", "profile", "show") // the operator is still signed in
}

// TestCommandAdminNeedsOperatorCredentials: --user and users without M2M.
func TestCommandAdminNeedsOperatorCredentials(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, false, nil)
	h.fails(2, "M2M credentials", "", "profile", "show", "--user", "grace")
	h.fails(2, "M2M credentials", "", "users", "list")
}
