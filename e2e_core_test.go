package main

import (
	"net/http"
	"strings"
	"testing"
)

// The interaction core's regressions (issue 14), met as a person meets them:
// the real binary in a pseudo-terminal.

// keyEsc is a lone Esc: each test waits for the screen to show it arrived
// before the next key, so it cannot merge with that key into alt+key.
const keyEsc = "\x1b"

// TestTheCustomDataRowNeverCrashes: in the demo, k from the top selects
// custom data, then Enter, Esc and s crashed the program (index out of
// range in the form) — and it exited with status 0.
func TestTheCustomDataRowNeverCrashes(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	_, s := startDemo(t, 100, 30)
	s.waitFor("Custom data")
	s.press("k")
	s.waitFor("› Custom data")
	s.press(keyEnter)
	s.waitFor("esc stop editing")
	s.press(keyEsc)
	s.waitFor("enter edit")
	s.press("s")
	s.waitFor("Nothing to save")
	s.press(ctrlC)
	if err := s.waitExit("ctrl+c"); err != nil || strings.Contains(s.text(), "bug") {
		t.Fatalf("the program ended with %v; screen:\n%s", err, redact(s.text()))
	}
}

// TestACancelledTokenIsNeverCreatedLater: a token asked for, its proof
// answered wrongly and cancelled, then the email screen's proof given: the
// token used to be created then ("Token ghost created").
func TestACancelledTokenIsNeverCreatedLater(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	dir, emu, srv := newE2E(t)
	uid := emu.SeedUser(adaSeed())
	s := startScreen(t, operatorEnv(dir, srv.URL), 100, 30)
	signIn(t, s, emu, uid)
	s.waitFor("Custom data")
	s.press("6")
	s.waitFor("Personal access tokens")
	s.press("n")
	s.waitFor("New personal access token")
	s.typeText("ghost")
	s.press(keyEnter, keyEnter)
	s.waitFor("Confirm it is you")
	s.typeText("wrong password")
	s.press(keyEnter)
	s.waitFor("not right")
	s.press(keyEsc)
	s.waitFor("Cancelled; nothing was changed")
	s.press(keyEsc) // leave the token form
	s.waitFor("n new")
	s.press("2")
	s.waitFor("Phone")
	s.press(keyEnter)
	s.waitFor("New email address")
	s.typeText("countess@example.com")
	s.press(keyEnter)
	s.waitFor("Confirm it is you")
	s.typeText(adaSeed().Password)
	s.press(keyEnter)
	s.waitFor("Code sent to countess@example.com")
	if n := exactCount(emu, http.MethodPost, "/api/users/"+uid+"/personal-access-tokens"); n != 0 {
		t.Fatalf("the cancelled token was created (%d requests)", n)
	}
	s.press(keyEsc)
	s.waitFor("was not changed")
	s.press("6")
	s.waitFor("Personal access tokens (0)")
	s.press(ctrlC)
	s.waitExit("ctrl+c")
}
