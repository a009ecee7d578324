package sshserver

import (
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
)

func rssKB() int {
	raw, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			n, _ := strconv.Atoi(strings.Fields(l)[1])
			return n
		}
	}
	return 0
}

// BenchmarkIdleSessions opens N concurrent SSH sessions on loopback (N from
// LOGTO_BENCH_SESSIONS, default 100), signs each in through the emulator and
// waits for its profile, then reports connect → first frame p50/p95 and
// heap/RSS per idle session (clients in the same process keep only a small
// output tail, so the figures are the server's plus a few KB).
func BenchmarkIdleSessions(b *testing.B) {
	n := 100
	if v, err := strconv.Atoi(os.Getenv("LOGTO_BENCH_SESSIONS")); err == nil && v > 0 {
		n = min(v, 10000)
	}
	for b.Loop() {
		// The per-address limits keep their defaults (each client comes from
		// its own loopback address); only the capacity is the benchmark's.
		h := start(b, func(c *Config) { c.Limits.MaxSessions = n }, "")
		uid := h.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		rss0 := rssKB()
		var firstFrame []time.Duration
		clients := make([]*lightClient, 0, n)
		approved := map[string]bool{}
		for range n {
			start := time.Now()
			lc, err := dialLight(sourceIP(len(clients)), h.addr, 100, 30)
			if err != nil {
				b.Fatal(err)
			}
			lc.wait(b, "Enter this code")
			firstFrame = append(firstFrame, time.Since(start))
			for _, code := range h.emu.PendingUserCodes() {
				if !approved[code] {
					approved[code] = true
					_ = h.emu.ApproveDevice(code, uid, emulator.SessionOptions{})
				}
			}
			clients = append(clients, lc)
		}
		for _, lc := range clients {
			lc.wait(b, "Lovelace")
		}
		time.Sleep(time.Second)
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		sort.Slice(firstFrame, func(i, j int) bool { return firstFrame[i] < firstFrame[j] })
		b.ReportMetric(float64(firstFrame[n/2].Microseconds())/1000, "p50-first-frame-ms")
		b.ReportMetric(float64(firstFrame[n*95/100].Microseconds())/1000, "p95-first-frame-ms")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n)/1024/1024, "heap-MiB/session")
		b.ReportMetric(float64(rssKB()-rss0)/float64(n)/1024, "rss-MiB/session")
		b.ReportMetric(float64(h.srv.Active()), "sessions")
		for _, lc := range clients {
			lc.client.Close()
		}
	}
}
