package main

import (
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
)

// TestEndToEndAdminPicksAUser: an operator's --user that names nobody
// exactly opens the picker on that search after the operator signs in; U
// later switches to another user found by typing a search.
func TestEndToEndAdminPicksAUser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	dir, emu, srv := newE2E(t)
	emu.SeedDemo()
	emu.SeedUser(emulator.UserSeed{ID: "operator0001", Username: "grace", Name: "Grace Hopper", Password: "Cobol-1959-Compiler"})
	emu.SeedUser(emulator.UserSeed{ID: "charles00001", Username: "charles", Email: "charles@example.com", Name: "Charles Babbage"})
	s := startScreen(t, operatorEnv(dir, srv.URL), 110, 32, "--user", "babbage")
	s.waitFor("Enter this code")
	if n := emu.CountRequests("GET", "/api/users/charles00001"); n != 0 {
		t.Fatalf("the picked user's account was read before the operator signed in (%d)", n)
	}
	approvePending(t, emu, "operator0001")
	s.waitFor("Choose the user to act on")
	s.waitFor("No user has exactly that id, email or username")
	s.waitFor("Users 1–1 of 1")
	s.press("\r")
	s.waitFor("ADMIN · acting on Charles Babbage")
	s.waitFor("Id charles00001")
	s.press("U")
	s.waitFor("every user, newest first")
	s.press("/")
	s.typeText("lovelace")
	s.press("\r")
	s.waitFor("“lovelace”")
	s.press("\r")
	s.waitFor("ADMIN · acting on Ada Lovelace")
	s.press("2")
	s.waitFor("ada@example.com")
	s.press("q")
	if err := s.waitExit("q"); err != nil {
		t.Fatalf("exit: %v", err)
	}
	if n := emu.CountRequests("PATCH", "/api/users"); n != 0 {
		t.Errorf("picking users changed %d of them", n)
	}
}

// TestDemoAdmin: `demo --admin` lets anyone try admin mode with no tenant:
// the operator is signed in, picks a person from the demo directory by a
// search, and suspends them.
func TestDemoAdmin(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	t.Parallel()
	_, s := startDemo(t, 110, 32, "--admin")
	s.waitFor("Choose the user to act on")
	s.waitFor("DEMO")
	s.waitFor("ADMIN · choosing a user")
	s.waitFor("Users 1–")
	s.press("/")
	s.typeText("knuth")
	s.press("\r")
	s.waitFor("Users 1–1 of 1")
	s.press("\r")
	s.waitFor("ADMIN · acting on Donald Knuth")
	s.waitFor("dknuth")
	s.press("8")
	s.waitFor("this user is active")
	s.press("s")
	s.waitFor("Suspend Donald Knuth?")
	s.press("y")
	s.waitFor("User suspended")
	s.press("q")
	if err := s.waitExit("q"); err != nil {
		t.Fatalf("exit: %v", err)
	}
}
