package sshserver

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/logto-account/logto-account/auth"
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

func TestGrantsAreRevokedWhenSessionsEnd(t *testing.T) {
	h := start(t, nil, "")
	uid := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	clients := openSignedIn(t, h, uid, 3, 0, 100, 30)
	ctx := context.Background()
	grants, err := h.srv.cfg.Client.Grants(ctx, uid, "")
	if err != nil || len(grants) != 3 {
		t.Fatalf("grants before: %d, %v", len(grants), err)
	}
	// One quits, one disconnects, and the server shuts down on the third.
	_, _ = clients[0].in.Write([]byte("q"))
	waitDone(t, clients[0], "q did not end the session")
	clients[1].client.Close()
	if !eventually(30*time.Second, func() bool { return h.srv.Stats().GrantsRevoked == 2 }) {
		t.Fatalf("revoked %d grants; want 2", h.srv.Stats().GrantsRevoked)
	}
	shut, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_ = h.srv.Shutdown(shut)
	st := h.srv.Stats()
	if st.GrantsRevoked != 3 || st.RevokeFailures != 0 {
		t.Errorf("revoked %d, failed %d; want 3 and 0", st.GrantsRevoked, st.RevokeFailures)
	}
	if n := h.emu.CountRequests(http.MethodPost, "/oidc/token/revocation"); n != 3 {
		t.Errorf("revocation requests: %d; want 3", n)
	}
	if grants, err := h.srv.cfg.Client.Grants(ctx, uid, ""); err != nil || len(grants) != 0 {
		t.Errorf("grants left: %d, %v", len(grants), err)
	}
}

// TestAGrantRedeemedAsTheSessionEndsIsRevokedAtOnce: a sign-in can finish
// just after its session ended; that grant is revoked there and then.
func TestAGrantRedeemedAsTheSessionEndsIsRevokedAtOnce(t *testing.T) {
	h := start(t, nil, "")
	uid := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	ctx := context.Background()
	df := &auth.DeviceFlow{Endpoint: h.api.URL, ClientID: emulator.DefaultDeviceAppID,
		Scopes: []string{"openid", "offline_access"}, Sleep: fastSleep}
	dc, err := df.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.emu.ApproveDevice(dc.UserCode, uid, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	tr, err := df.Poll(ctx, dc)
	if err != nil {
		t.Fatal(err)
	}
	se := &session{s: h.srv, log: h.srv.cfg.Log}
	se.revokeGrants() // the session ends with nothing to revoke yet
	se.redeemed(tr)   // and its sign-in finishes just after
	if st := h.srv.Stats(); st.GrantsRevoked != 1 {
		t.Errorf("revoked %d grants; want 1", st.GrantsRevoked)
	}
	if grants, err := h.srv.cfg.Client.Grants(ctx, uid, ""); err != nil || len(grants) != 0 {
		t.Errorf("grants left: %d, %v", len(grants), err)
	}
}

// TestSessionsShareOneVerifier: sessions signing in one after another read
// the tenant's discovery document and key set once between them, not once
// each (each session's ID token is still verified: the profile shows).
func TestSessionsShareOneVerifier(t *testing.T) {
	h := start(t, nil, "")
	uid := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	for i := range 3 {
		lc, err := dialLight(sourceIP(i), h.addr, 100, 30)
		if err != nil {
			t.Fatal(err)
		}
		lc.wait(t, "Enter this code")
		code := userCodeRE.FindString(lc.screenText())
		if err := h.emu.ApproveDevice(code, uid, emulator.SessionOptions{}); err != nil {
			t.Fatalf("approving %q: %v", code, err)
		}
		lc.wait(t, "Last sign-in")
		lc.client.Close()
	}
	reads := map[string]int{}
	for _, r := range h.emu.Requests() {
		reads[r.Path]++
	}
	if d, j := reads["/oidc/.well-known/openid-configuration"], reads["/oidc/jwks"]; d != 1 || j != 1 {
		t.Errorf("three sign-ins read the discovery document %d times and the key set %d times; want once each", d, j)
	}
}
