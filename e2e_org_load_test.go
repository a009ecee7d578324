package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/sshserver/keystore"
)

// TestTwoReplicasHoldSessions measures how many signed-in sessions two
// replicas behind HAProxy hold on this machine: LOGTO_ORG_SESSIONS=N (off
// by default) clients, each from its own loopback address and with its own
// remembered key (written to the shared store beforehand), connect one
// after another and wait for their profile; then every session stays
// open while the replicas' memory is read. It reports connect → profile
// p50/p95 and each replica's sessions and resident memory.
func TestTwoReplicasHoldSessions(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("LOGTO_ORG_SESSIONS"))
	if n <= 0 {
		t.Skip("set LOGTO_ORG_SESSIONS=N to measure N sessions on two replicas")
	}
	per := strconv.Itoa(n) // either replica may get them all if the other fails
	o := startOrg(t, "--max-sessions", per, "--max-conns", strconv.Itoa(2*n))
	uid := o.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	store, err := keystore.Open(context.Background(), o.storeURL, keystore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	keys := make([]gossh.Signer, n)
	for i := range keys {
		keys[i] = newClientKey(t)
		k := keystore.NewKey(keys[i].PublicKey())
		k.UserID, k.Comment, k.ExpiresAt = uid, "load", time.Now().Add(time.Hour)
		if err := store.Remember(context.Background(), k); err != nil {
			t.Fatal(err)
		}
	}
	rss0 := []int{rssOf(o.replicas[0]), rssOf(o.replicas[1])}
	var took []time.Duration
	clients := make([]*sshClient, 0, n)
	defer func() {
		for _, c := range clients {
			c.close()
		}
	}()
	begin := time.Now()
	for i := range n {
		start := time.Now()
		c, err := connect(fmt.Sprintf("127.1.%d.%d", i/250, 1+i%250), o.front, keys[i])
		if err != nil || c.refusal != "" {
			t.Fatalf("session %d: %v %s", i, err, c.refusal)
		}
		c.waitFor(t, "Custom data")
		took = append(took, time.Since(start))
		clients = append(clients, c)
	}
	elapsed := time.Since(begin)
	time.Sleep(2 * time.Second) // let the last frames settle before reading memory
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	total := 0.0
	for i, r := range o.replicas {
		s := metric(r.ops, `logto_account_sessions{state="signed_in"}`)
		total += s
		rss := rssOf(r)
		t.Logf("replica %s: %.0f signed-in sessions, RSS %d MiB (%.2f MiB a session over its %d MiB at rest)",
			r.name, s, rss/1024, float64(rss-rss0[i])/1024/max(s, 1), rss0[i]/1024)
	}
	if int(total) != n {
		t.Errorf("%v sessions signed in; want %d", total, n)
	}
	t.Logf("%d sessions through HAProxy in %s; connect → profile p50 %.1f ms, p95 %.1f ms", n, elapsed.Round(time.Second),
		ms(took[len(took)/2]), ms(took[len(took)*95/100]))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// rssOf is a replica's resident memory in KiB.
func rssOf(r *replica) int {
	raw, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.cmd.Process.Pid))
	for _, l := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.Fields(v)[0])
			return n
		}
	}
	return 0
}
