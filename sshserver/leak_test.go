package sshserver

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/logto-account/logto-account/logto/emulator"
)

// openSignedIn opens n w×h sessions from n source addresses, ten at a
// time; all but the last waiting ones are signed in as uid. It follows the
// server's and the emulator's counts, not the screens.
func openSignedIn(t *testing.T, h *harness, uid string, n, waiting, w, ht int) []*lightClient {
	t.Helper()
	clients := make([]*lightClient, n)
	for lo := 0; lo < n; lo += 10 {
		hi := min(lo+10, n)
		var wg sync.WaitGroup
		errs := make(chan error, hi-lo)
		for i := lo; i < hi; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lc, err := dialLight(sourceIP(i), h.addr, w, ht)
				if err != nil {
					errs <- err
					return
				}
				clients[i] = lc
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if !eventually(60*time.Second, func() bool { return len(h.emu.PendingUserCodes()) == hi-lo }) {
			t.Fatalf("%d codes pending; want %d", len(h.emu.PendingUserCodes()), hi-lo)
		}
		if hi > n-waiting {
			continue
		}
		for _, code := range h.emu.PendingUserCodes() {
			_ = h.emu.ApproveDevice(code, uid, emulator.SessionOptions{})
		}
		if !eventually(60*time.Second, func() bool { return h.srv.Stats().SignedIn == hi }) {
			t.Fatalf("signed in: %d; want %d", h.srv.Stats().SignedIn, hi)
		}
	}
	return clients
}

func TestTypingClientsThatDisconnectLeaveNothingBehind(t *testing.T) {
	h := start(t, nil, "")
	uid := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	ignore := goleak.IgnoreCurrent()
	heap0 := heapInUse()
	const n, waiting = 100, 10
	clients := openSignedIn(t, h, uid, n, waiting, 20, 5)
	// Everyone types keys and arrow sequences and drops the TCP connection
	// while the keys are still on their way.
	var wg sync.WaitGroup
	for _, lc := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				if _, err := lc.in.Write([]byte("jkjk\x1b[A\x1b[Bjk\x1b[")); err != nil {
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
			lc.client.Close()
		}()
	}
	wg.Wait()
	for _, lc := range clients {
		<-lc.done
	}
	if !eventually(60*time.Second, func() bool { return h.srv.Active() == 0 }) {
		t.Fatalf("%d sessions still open", h.srv.Active())
	}
	noLeaks(t, ignore)
	h.emu.ResetRequests()
	clients = nil
	grew := int64(heapInUse()) - int64(heap0)
	t.Logf("after %d typing disconnects: goroutines back to the baseline, heap %+.2f MiB", n, float64(grew)/(1<<20))
	if grew > 4<<20 {
		t.Errorf("heap grew by %.1f MiB after every client left", float64(grew)/(1<<20))
	}
}
