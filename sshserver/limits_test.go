package sshserver

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/logto/emulator"
)

// closedWithin waits until the server has closed the client's connection.
func closedWithin(c *gossh.Client, d time.Duration) bool {
	done := make(chan struct{})
	go func() { _ = c.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

func TestConnectionsPerAddressAreCappedBeforeTheHandshake(t *testing.T) {
	h := start(t, nil, "")
	lim := DefaultLimits()
	for range lim.MaxConnsPerAddr {
		c, err := dialFrom("127.0.0.9", h.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	for range 5 {
		if c, err := dialFrom("127.0.0.9", h.addr); err == nil {
			c.Close()
			t.Fatalf("connection %d from one address was accepted", lim.MaxConnsPerAddr+1)
		}
	}
	other, err := dialFrom("127.0.0.10", h.addr)
	if err != nil {
		t.Fatalf("another address was refused too: %v", err)
	}
	other.Close()
	st := h.srv.Stats()
	if st.Refused[refusedAddrConns] != 5 || st.RefusalLines != 1 {
		t.Errorf("refused %v in %d log lines; want 5 in 1", st.Refused, st.RefusalLines)
	}
	if n := strings.Count(h.logs.String(), "msg=refused"); n != 1 || !strings.Contains(h.logs.String(), "remote=127.0.0.9") {
		t.Errorf("%d refusal lines (want one a minute per address):\n%s", n, h.logs.String())
	}
}

func TestConnectionRateIsLimitedPerAddress(t *testing.T) {
	// A rate so slow that no token comes back during the test: a burst of
	// ten, then nothing.
	h := start(t, func(c *Config) { c.Limits.PerAddrPerMinute = 1e-6 }, "")
	for range DefaultLimits().PerAddrBurst {
		c, err := dialFrom("127.0.0.11", h.addr)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	if c, err := dialFrom("127.0.0.11", h.addr); err == nil {
		c.Close()
		t.Fatal("a connection over the burst was accepted")
	}
	if c, err := dialFrom("127.0.0.12", h.addr); err != nil {
		t.Fatalf("another address was refused too: %v", err)
	} else {
		c.Close()
	}
	if n := h.srv.Stats().Refused[refusedRate]; n != 1 {
		t.Errorf("refused for rate %d times; want 1", n)
	}
}

func TestConnectionsWithoutASessionAreClosed(t *testing.T) {
	h := start(t, func(c *Config) { c.Limits.NoSessionTimeout = 500 * time.Millisecond }, "")
	withSession, err := dialLight("127.0.0.13", h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	withSession.wait(t, "Enter this code")
	// Two connections that never open a session, one after the other: the
	// session's connection was accepted first, so had its clock not stopped
	// it would have been closed before either.
	for i := range 2 {
		bare, err := dialFrom("127.0.0.14", h.addr)
		if err != nil {
			t.Fatal(err)
		}
		if !closedWithin(bare, 30*time.Second) {
			t.Fatalf("connection %d without a session stayed open", i+1)
		}
	}
	if n := h.srv.Stats().Refused[refusedNoSession]; n != 2 {
		t.Errorf("closed for having no session: %d; want 2", n)
	}
	if st := h.srv.Stats(); st.Waiting != 1 || st.Conns != 1 {
		t.Fatalf("the connection with a session was closed: %+v", st)
	}
	// When its session ends, that connection's clock starts again.
	_, _ = withSession.in.Write([]byte("q"))
	<-withSession.done
	if !closedWithin(withSession.client, 30*time.Second) {
		t.Fatal("the connection stayed open after its session ended")
	}
}

func TestOneSessionPerConnection(t *testing.T) {
	h := start(t, nil, "")
	first, err := dialLight("127.0.0.15", h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	first.wait(t, "Enter this code")
	// A second session channel is refused when opened, with the reason
	// (OpenSSH prints "open failed: resource shortage: …").
	if second, err := first.client.NewSession(); err == nil || !strings.Contains(err.Error(), "One session per connection") {
		if second != nil {
			second.Close()
		}
		t.Errorf("a second session channel: %v", err)
	}
	if st := h.srv.Stats(); st.Waiting != 1 {
		t.Errorf("waiting sessions: %d; want 1", st.Waiting)
	}
}

func TestWaitingSessionsPerAddressAreCapped(t *testing.T) {
	h := start(t, nil, "")
	uid := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	lim := DefaultLimits()
	for range lim.MaxWaitingPerAddr {
		lc, err := dialLight("127.0.0.20", h.addr, 100, 30)
		if err != nil {
			t.Fatal(err)
		}
		lc.wait(t, "Enter this code")
	}
	over, err := dialLight("127.0.0.20", h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	over.wait(t, "already waiting from your address")
	<-over.done
	// One of them signs in: it is counted apart from the waiting ones, and
	// the address may wait with another.
	if !eventually(30*time.Second, func() bool { return len(h.emu.PendingUserCodes()) == lim.MaxWaitingPerAddr }) {
		t.Fatal("the codes never all showed up")
	}
	if err := h.emu.ApproveDevice(h.emu.PendingUserCodes()[0], uid, emulator.SessionOptions{}); err != nil {
		t.Fatal(err)
	}
	if !eventually(30*time.Second, func() bool { return h.srv.Stats().SignedIn == 1 }) {
		t.Fatalf("no sign-in: %+v", h.srv.Stats())
	}
	other, err := dialLight("127.0.0.21", h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	other.wait(t, "Enter this code")
	again, err := dialLight("127.0.0.20", h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	again.wait(t, "Enter this code")
	if st := h.srv.Stats(); st.Waiting != lim.MaxWaitingPerAddr+1 || st.SignedIn != 1 {
		t.Errorf("waiting %d, signed in %d", st.Waiting, st.SignedIn)
	}
}

func TestSignedInSessionsAreCountedApartFromWaitingOnes(t *testing.T) {
	h := start(t, func(c *Config) { c.Limits.MaxSessions = 1; c.Limits.MaxWaiting = 1 }, "")
	uid := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	signIn := func(lc *lightClient) {
		t.Helper()
		lc.wait(t, "Enter this code")
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
	// The only signed-in place is taken, yet someone may wait for a sign-in.
	second, err := dialLight(sourceIP(1), h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	second.wait(t, "Enter this code")
	third, err := dialLight(sourceIP(2), h.addr, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	third.wait(t, "busy right now") // the one waiting place is taken
	signIn(second)
	second.wait(t, "the service is full right now")
	select {
	case <-second.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the session without a place stayed open")
	}
	// Its grant does not outlive it.
	if !eventually(30*time.Second, func() bool { return h.srv.Stats().GrantsRevoked == 1 }) {
		t.Errorf("grants revoked: %d; want 1", h.srv.Stats().GrantsRevoked)
	}
	if st := h.srv.Stats(); st.SignedIn != 1 || st.Waiting != 0 {
		t.Errorf("signed in %d, waiting %d", st.SignedIn, st.Waiting)
	}
}
