package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
)

// pendingFiles are the waiting email/phone changes of a home.
func (h *cmdHome) pendingFiles() []string {
	files, _ := filepath.Glob(filepath.Join(h.dir, "state", "logto-account", "pending-*.json"))
	return files
}

// codeFor waits for the code the emulator sent to to.
func (h *cmdHome) codeFor(to string) string {
	h.t.Helper()
	var code string
	eventually(h.t, "a code sent to "+to, func() bool {
		c, ok := h.emu.LastCode(to)
		code = c
		return ok
	})
	return code
}

// TestCommandEmailAndPhone: a script changes the email in two runs
// (--send-only, then verify with the code on stdin), the change waiting in
// a 0600 file that goes once used or expired; a wrong code keeps it; the
// phone in any common form; removing; refusing the last way to sign in.
func TestCommandEmailAndPhone(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	proof := h.proofFile()
	h.fails(2, "not an email address", "", "email", "set", "not-an-address", "--proof-file", proof)
	h.fails(2, "already your email", "", "email", "set", "ada@example.com", "--proof-file", proof)
	h.fails(2, "No email change is waiting", "123456\n", "email", "verify")
	r := h.ok("", "email", "set", "countess@example.com", "--send-only", "--proof-file", proof)
	if !strings.Contains(r.out, "Code sent to countess@example.com") {
		t.Errorf("send-only says %q", r.out)
	}
	files := h.pendingFiles()
	if len(files) != 1 {
		t.Fatalf("pending files: %v", files)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("pending file mode %04o", fi.Mode().Perm())
	}
	code := h.codeFor("countess@example.com")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	h.fails(1, "code is not right", wrong+"\n", "email", "verify")
	if len(h.pendingFiles()) != 1 {
		t.Error("a wrong code dropped the waiting change")
	}
	// A code mistyped (5 digits, stdin empty) keeps it too.
	h.fails(2, "6 digits", code[:5]+"\n", "email", "verify")
	h.fails(2, `Standard input ended before a line answering "Type the 6-digit code sent to countess@example.com" was read`, "", "email", "verify")
	if len(h.pendingFiles()) != 1 {
		t.Error("a mistyped code dropped the waiting change")
	}
	r = h.ok(code+"\n", "email", "verify", "--json")
	if v := jsonOf[map[string]any](t, r); v["email"] != "countess@example.com" {
		t.Errorf("verify --json: %v", v)
	}
	if u, _ := h.emu.User(h.uid); u.Email != "countess@example.com" {
		t.Errorf("email = %q", u.Email)
	}
	if len(h.pendingFiles()) != 0 {
		t.Error("the used change stayed on disk")
	}

	// Expired: the file says when; verify refuses and forgets it.
	h.ok("", "email", "set", "ada@lovelace.example", "--send-only", "--proof-file", proof)
	f := h.pendingFiles()[0]
	raw, _ := os.ReadFile(f)
	var p map[string]any
	_ = json.Unmarshal(raw, &p)
	p["expires_at"] = time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
	raw, _ = json.Marshal(p)
	_ = os.WriteFile(f, raw, 0o600)
	h.fails(1, "has expired", h.codeFor("ada@lovelace.example")+"\n", "email", "verify")
	if len(h.pendingFiles()) != 0 {
		t.Error("the expired change stayed on disk")
	}

	// The phone, typed as people write it, normalised as the screen does.
	h.ok("", "phone", "set", "+44 (20) 7946-0958", "--send-only", "--proof-file", proof)
	h.ok(h.codeFor("442079460958")+"\n", "phone", "verify")
	if u, _ := h.emu.User(h.uid); u.Phone != "442079460958" {
		t.Errorf("phone = %q", u.Phone)
	}
	h.ok("", "phone", "remove", "--proof-file", proof)
	h.fails(2, "no phone number to remove", "", "phone", "remove", "--proof-file", proof)
}

// TestCommandEmailLastWayIn: the screen's refusal to remove the only way
// to sign in, from the command line.
func TestCommandEmailLastWayIn(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, func(s *emulator.UserSeed) { s.Username = "" })
	h.fails(2, "only way to sign in", "", "email", "remove", "--proof-file", h.proofFile())
}

// TestCommandEmailOnTheAccountAPI: the two runs of a change carry Logto's
// records between them (the proof, the code sent to the new address).
func TestCommandEmailOnTheAccountAPI(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, false, nil)
	h.ok("", "email", "set", "countess@example.com", "--send-only", "--proof-file", h.proofFile())
	h.ok(h.codeFor("countess@example.com")+"\n", "email", "verify")
	if u, _ := h.emu.User(h.uid); u.Email != "countess@example.com" {
		t.Errorf("email = %q", u.Email)
	}
	for path, want := range map[string]int{"/api/verifications/password": 1, "/api/verifications/verification-code/verify": 1,
		"/api/my-account/primary-email": 1} {
		if n := exactCount(h.emu, "POST", path); n != want {
			t.Errorf("POST %s: %d, want %d", path, n, want)
		}
	}
}
