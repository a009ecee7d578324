package sshserver

import (
	"context"
	"sort"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/sshserver/keystore"
)

// BenchmarkConnect compares what a person waits for on connecting: with
// the device flow, connect → the code on screen (then a phone, a browser
// and an approval); with a remembered key, connect → the account's profile
// loaded (the key checked in the store, the user checked with Logto). Both
// authenticate with an ed25519 key, over loopback, one connection at a
// time, each from its own address; p50 and p95 in ms.
func BenchmarkConnect(b *testing.B) {
	for _, mode := range []string{"device", "key"} {
		b.Run(mode, func(b *testing.B) {
			h, store, _ := keyServer(b, nil)
			ada := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
			key := newSigner(b)
			want := "Enter this code"
			if mode == "key" {
				k := keystore.NewKey(key.PublicKey())
				k.UserID, k.ExpiresAt = ada, time.Now().Add(time.Hour)
				if err := store.Remember(context.Background(), k); err != nil {
					b.Fatal(err)
				}
				want = "Custom data"
			}
			var took []time.Duration
			i := 0
			for b.Loop() {
				start := time.Now()
				lc, err := dialLight(sourceIP(i), h.addr, 100, 30, gossh.PublicKeys(key))
				if err != nil {
					b.Fatal(err)
				}
				lc.wait(b, want)
				took = append(took, time.Since(start))
				lc.client.Close()
				<-lc.done
				i++
			}
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
