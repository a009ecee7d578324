package main

import (
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

// TestCommandSessionsAndApps: the sessions and apps lists (this program's
// grant marked), revoking one of each, and signing out everywhere else,
// which keeps this program signed in.
func TestCommandSessionsAndApps(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	h.emu.AddApp(emulator.App{ID: "notes-app", Name: "Notes", Type: "Native"})
	h.emu.AddApp(emulator.App{ID: "docs-app", Name: "Docs", Type: "Native"})
	firefox, _ := h.emu.SeedSession(h.uid, emulator.SessionOptions{ClientID: "notes-app", IP: "198.51.100.23", City: "Berlin",
		Country: "DE", UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", Offline: true,
		Scope: "openid offline_access"})
	_, docs := h.emu.SeedSession(h.uid, emulator.SessionOptions{ClientID: "docs-app", IP: "203.0.113.9",
		UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari/605.1.15", Offline: true,
		Scope: "openid offline_access"})
	proof := h.proofFile()
	r := h.ok("", "sessions", "list")
	if !strings.Contains(r.out, "Firefox on Linux") || !strings.Contains(r.out, "Berlin, DE") || !strings.Contains(r.out, "approved this program") {
		t.Errorf("sessions list:\n%s", r.out)
	}
	apps := jsonOf[[]map[string]any](t, h.ok("", "apps", "list", "--json"))
	mine := 0
	for _, a := range apps {
		if a["this_program"] == true {
			mine++
		}
	}
	if len(apps) != 3 || mine != 1 {
		t.Errorf("apps list: %v", apps)
	}
	// Ids are base64url: one in 32 starts with "-", so they go after "--",
	// as the program says a script should.
	h.ok("", "sessions", "revoke", "--with-apps", "--proof-file", proof, "--", firefox)
	h.fails(1, "No session has the id", "", "sessions", "revoke", "--proof-file", proof, "--", firefox)
	h.ok("", "apps", "revoke", "--proof-file", proof, "--", docs)
	// Firefox's apps went with it (--with-apps), Docs by itself.
	if names := h.ok("", "apps", "list", "--jq", ".[] | select(.this_program | not) | .app"); strings.TrimSpace(names.out) != "" {
		t.Errorf("apps left besides this program: %q", names.out)
	}
	h.emu.SeedSession(h.uid, emulator.SessionOptions{ClientID: "notes-app", UserAgent: "curl/8.5", Offline: true, Scope: "openid offline_access"})
	r = h.ok("", "sessions", "revoke-others", "--proof-file", proof, "--json")
	if v := jsonOf[map[string]any](t, r); v["sessions_revoked"].(float64) < 1 || v["failed"] != 0.0 {
		t.Errorf("revoke-others: %v", v)
	}
	// This program's own grant stays: it still reads the account.
	left := jsonOf[[]map[string]any](t, h.ok("", "apps", "list", "--json"))
	if len(left) != 1 || left[0]["this_program"] != true {
		t.Errorf("after revoke-others the apps are %v", left)
	}
}

// TestCommandSessionsOnTheAccountAPI: Logto lists sessions only after a
// proof; a script without one is told how to give it.
func TestCommandSessionsOnTheAccountAPI(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, false, nil)
	// Listing is no change: the words say "command".
	h.fails(2, "This command needs you to confirm it is you: run it in a terminal to be asked, or give --proof-file PATH", "", "sessions", "list")
	r := h.ok("", "sessions", "list", "--json", "--proof-file", h.proofFile())
	if v := jsonOf[[]map[string]any](t, r); len(v) != 1 || v[0]["approved_this_program"] != true {
		t.Errorf("sessions list --json: %v", v)
	}
}
