package main

import (
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

// TestCommandPassword: the new password from stdin, the proof from a file
// (one secret per input, none in an argument); the tenant's rules checked
// first with the screen's checklist; signing the other sessions out.
func TestCommandPassword(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.emu.SeedSession(h.uid, emulator.SessionOptions{UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", IP: "198.51.100.7"})
	proof := h.proofFile()
	h.emu.ResetRequests()
	r := h.fails(2, "Nothing was changed", "short\n", "password", "set", "--proof-file", proof)
	if !strings.Contains(r.err, "✗ at least 8 characters") || !strings.Contains(r.err, "✓ at most 256 characters") {
		t.Errorf("no checklist: %q", r.err)
	}
	if n := h.emu.CountRequests("PATCH", "/api/users/"); n != 0 {
		t.Errorf("a refused password was sent (%d)", n)
	}
	h.fails(2, "--proof-file", "Difference-Engine-1822\n", "password", "set")
	r = h.ok("Difference-Engine-1822\n", "password", "set", "--proof-file", proof, "--sign-out-others", "--json")
	// Two: the seeded browser and the one that approved this sign-in (its
	// grant stays: the default target keeps offline grants).
	if v := jsonOf[map[string]any](t, r); v["changed"] != true || v["sessions_signed_out"] != 2.0 {
		t.Errorf("password set --json: %v", v)
	}
	if !h.emu.CheckPassword(h.uid, "Difference-Engine-1822") {
		t.Error("the password did not change")
	}
	h.ok("", "profile", "show") // this program is still signed in
	if strings.Contains(r.out+r.err, "Difference-Engine-1822") || strings.Contains(r.out+r.err, emulator.DemoPassword) {
		t.Error("a password was printed")
	}
	// The old password no longer proves who she is: refused, exit 4.
	h.fails(4, "password is not right", "Another-Engine-1843\n", "password", "set", "--proof-file", proof)
}

// TestCommandPasswordInATerminal: on a terminal the rules come first, the
// new password is typed twice without echo, and the proof is asked for.
func TestCommandPasswordInATerminal(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	s := startScreen(t, h.env, 100, 30, "password", "set")
	s.waitFor("must have:")
	s.waitFor("· at least 8 characters")
	s.waitFor("New password:")
	s.typeText("Difference-Engine-1822\r")
	s.waitFor("Repeat it:")
	s.typeText("Difference-Engine-1822\r")
	s.waitFor("Confirm it is you: your password")
	s.typeText(emulator.DemoPassword + "\r")
	s.waitFor("Password changed.")
	s.waitFor("Sign out your other browser sessions too?")
	s.typeText("n\r")
	if err := s.waitExit("the answer"); err != nil {
		t.Errorf("exit: %v\n%s", err, s.text())
	}
	if strings.Contains(s.text(), "Difference-Engine-1822") || strings.Contains(s.text(), emulator.DemoPassword) {
		t.Errorf("a typed password was echoed:\n%s", redact(s.text()))
	}
	if !h.emu.CheckPassword(h.uid, "Difference-Engine-1822") {
		t.Error("the password did not change")
	}
}

// TestCommandPasswordOnTheAccountAPI: Logto applies the policy itself; its
// refusal is shown with the rules it named.
func TestCommandPasswordOnTheAccountAPI(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, false, nil)
	h.ok("Difference-Engine-1822\n", "password", "set", "--proof-file", h.proofFile())
	if !h.emu.CheckPassword(h.uid, "Difference-Engine-1822") {
		t.Error("the password did not change")
	}
	if n := exactCount(h.emu, "POST", "/api/my-account/password"); n != 1 {
		t.Errorf("%d POST my-account/password", n)
	}
}
