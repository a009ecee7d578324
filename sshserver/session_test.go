package sshserver

import (
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
)

func waitDone(t *testing.T, lc *lightClient, what string) {
	t.Helper()
	select {
	case <-lc.done:
	case <-time.After(30 * time.Second):
		t.Fatal(what)
	}
}

func TestSignInDeadlineEndsTheSessionPolitely(t *testing.T) {
	// The cases wait on clocks, not on the CPU: they run side by side.
	t.Run("the setting", func(t *testing.T) {
		t.Parallel()
		h := start(t, func(c *Config) { c.Limits.SignInTimeout = time.Second }, "")
		lc, err := dialLight(sourceIP(0), h.addr, 100, 30)
		if err != nil {
			t.Fatal(err)
		}
		lc.wait(t, "Enter this code")
		waitDone(t, lc, "a session that never signed in stayed open")
		if !lc.has("The sign-in was not finished in time") {
			t.Error("no word on why the session closed")
		}
	})
	t.Run("the device code's lifetime", func(t *testing.T) {
		t.Parallel()
		h := start(t, nil, "") // the setting keeps its 10 minutes
		h.deviceTTL.Store(2)
		lc, err := dialLight(sourceIP(1), h.addr, 100, 30)
		if err != nil {
			t.Fatal(err)
		}
		lc.wait(t, "Enter this code")
		waitDone(t, lc, "the session outlived its device code")
		if !lc.has("The sign-in was not finished in time") {
			t.Error("no word on why the session closed")
		}
	})
	t.Run("not after the sign-in", func(t *testing.T) {
		t.Parallel()
		passed := make(chan struct{}, 1)
		h := start(t, func(c *Config) {
			c.Limits.SignInTimeout = 2 * time.Second
			c.events = func(e string) {
				if e == "sign-in deadline passed after the sign-in" {
					passed <- struct{}{}
				}
			}
		}, "")
		uid := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
		lc, err := dialLight(sourceIP(2), h.addr, 100, 30)
		if err != nil {
			t.Fatal(err)
		}
		lc.wait(t, "Enter this code")
		if err := h.emu.ApproveDevice(h.emu.PendingUserCodes()[0], uid, emulator.SessionOptions{}); err != nil {
			t.Fatal(err)
		}
		lc.wait(t, "Lovelace")
		select {
		case <-passed: // the watch saw the deadline pass and left the session be
		case <-time.After(30 * time.Second):
			t.Fatal("the deadline never passed")
		}
		if st := h.srv.Stats(); st.SignedIn != 1 {
			t.Fatalf("the signed-in session was ended: %+v", st)
		}
		_, _ = lc.in.Write([]byte("2")) // and it still answers
		lc.wait(t, "Email")
	})
}
