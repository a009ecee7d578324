package sshserver

import (
	"testing"
	"time"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto/emulator"
)

// TestTheServiceSpeaksTheSessionsLanguageWhenFull: the refusals a person
// reads on the SSH session (the service busy before the program starts,
// then full after the sign-in) come in the session's language, here the
// server's French as the client sends no LANG.
func TestTheServiceSpeaksTheSessionsLanguageWhenFull(t *testing.T) {
	h := start(t, func(c *Config) { c.Limits.MaxSessions = 1; c.Limits.MaxWaiting = 1; c.Language = i18n.French }, "")
	uid := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	signIn := func(lc *lightClient) {
		t.Helper()
		lc.wait(t, "Saisissez ce code")
		if !eventually(30*time.Second, func() bool { return len(h.emu.PendingUserCodes()) == 1 }) {
			t.Fatal("no code pending")
		}
		if err := h.emu.ApproveDevice(h.emu.PendingUserCodes()[0], uid, emulator.SessionOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := dialLight(sourceIP(0), h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	signIn(first)
	first.wait(t, "Lovelace")
	second, err := dialLight(sourceIP(1), h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	second.wait(t, "Saisissez ce code")
	third, err := dialLight(sourceIP(2), h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	third.wait(t, "le service est occupé")
	signIn(second)
	second.wait(t, "le service est complet")
}
