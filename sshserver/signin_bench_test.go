//go:build unix

package sshserver

import (
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"
)

// The SSH rows of README's Performance section. Each benchmark runs our
// server and the floor (a static wish+bubbletea program, floor_test.go) in
// the same run, against a tenant and clients in a load generator process
// (loadgen_test.go), and reports our figures, the floor's and their ratio.
// Every client connects from its own loopback address, so the per-address
// limits keep their defaults.

// firstScreen is on our sign-in screen (beside the code) and on the floor's.
const firstScreen = "Enter this code"

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// cpuProfile writes a CPU profile to path until the returned func is
// called ("" writes none).
func cpuProfile(b *testing.B, path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}

// waitFor waits (generously) for cond, or fails b.
func waitFor(b *testing.B, what string, cond func() bool) {
	b.Helper()
	if !eventually(2*time.Minute, cond) {
		b.Fatalf("never: %s", what)
	}
}

// BenchmarkSSHSignIn: N sessions (LOGTO_BENCH_SESSIONS, default 500) sign
// in for real, one after another, while those before them stay open: each
// connects, its code shows, the load generator approves the code it read on
// the screen, the device flow's poll (shortened to 50 ms) redeems it, the
// ID token is verified, and the profile shows. Between them, as many
// clients connect to the floor, alternately, so that both meet the same
// machine. Reported: connect → code on screen p50/p95, the floor's connect
// → first frame p50/p95, the ratio of the p95s, approve → profile p95, and
// how often the tenant's discovery document and key set were read.
func BenchmarkSSHSignIn(b *testing.B) {
	n := envInt("LOGTO_BENCH_SESSIONS", 500)
	g := startLoadGen(b)
	for b.Loop() {
		floor := startFloor(b)
		srv, addr, _ := serveTenant(b, g.endpoint, io.Discard, func(c *Config) { c.Limits.MaxSessions = n }, "")
		rep := g.do(b, loadOrder{Op: "run", Targets: []loadTarget{{Addr: floor.addr}, {Addr: addr, SignIn: true}},
			N: 2 * n, Want: firstScreen})
		if srv.Stats().SignedIn != n {
			b.Fatalf("signed in: %d of %d", srv.Stats().SignedIn, n)
		}
		g.do(b, loadOrder{Op: "close"})
		waitFor(b, "every session ended", func() bool { return srv.Active() == 0 && floor.active.Load() == 0 })
		tenant := g.do(b, loadOrder{Op: "requests"}).Requests
		base, ours, profile := rep.FirstScreen[0], rep.FirstScreen[1], rep.Profile[1]
		b.ReportMetric(quantile(ours, 0.5), "code-p50-ms")
		b.ReportMetric(quantile(ours, 0.95), "code-p95-ms")
		b.ReportMetric(quantile(base, 0.5), "floor-p50-ms")
		b.ReportMetric(quantile(base, 0.95), "floor-p95-ms")
		b.ReportMetric(quantile(ours, 0.95)/quantile(base, 0.95), "p95-x-floor")
		b.ReportMetric(quantile(profile, 0.95), "approve-profile-p95-ms")
		// What the tenant served for the verification of n ID tokens.
		b.ReportMetric(float64(tenant["GET /oidc/.well-known/openid-configuration"]), "discovery-reads")
		b.ReportMetric(float64(tenant["GET /oidc/jwks"]), "jwks-reads")
	}
}

// BenchmarkSSHSignInCPU: the server's CPU time per session, from connect
// through sign-in (as above) and the profile on screen to the client
// leaving and the grant revoked, for N sessions (LOGTO_BENCH_CPU_SESSIONS,
// default 200), four at a time; against the floor's per session (connect,
// first frame, leave), in alternate blocks of 20.
func BenchmarkSSHSignInCPU(b *testing.B) {
	n := envInt("LOGTO_BENCH_CPU_SESSIONS", 200)
	g := startLoadGen(b)
	for b.Loop() {
		floor := startFloor(b)
		srv, addr, _ := serveTenant(b, g.endpoint, io.Discard, nil, "")
		var ours, base time.Duration
		const block = 20
		for first := 0; first < n; first += block {
			k := min(block, n-first)
			c0 := cpuTime()
			g.do(b, loadOrder{Op: "run", Targets: []loadTarget{{Addr: floor.addr}}, First: first, N: k, Workers: 4,
				Want: firstScreen, Leave: true})
			waitFor(b, "the floor's sessions ended", func() bool { return floor.active.Load() == 0 })
			c1 := cpuTime()
			g.do(b, loadOrder{Op: "run", Targets: []loadTarget{{Addr: addr, SignIn: true}}, First: first, N: k, Workers: 4,
				Want: firstScreen, Leave: true})
			waitFor(b, "our sessions ended, their grants revoked", func() bool {
				return srv.Active() == 0 && srv.Stats().GrantsRevoked == first+k
			})
			c2 := cpuTime()
			base += c1 - c0
			ours += c2 - c1
		}
		b.ReportMetric(ms(ours)/float64(n), "cpu-ms/session")
		b.ReportMetric(ms(base)/float64(n), "floor-cpu-ms/session")
		b.ReportMetric(float64(ours)/float64(base), "x-floor")
	}
}

// BenchmarkSSHWaitingSessions: N sessions (LOGTO_BENCH_WAITING, default
// 50, the default cap) wait on the sign-in screen with the real 5 s poll,
// held for LOGTO_BENCH_HOLD (default 10 s); the server's CPU time per
// session and second, against N sessions of the floor held as long.
// LOGTO_BENCH_HOLD_PROFILE=FILE writes a CPU profile of our hold alone.
func BenchmarkSSHWaitingSessions(b *testing.B) {
	n := envInt("LOGTO_BENCH_WAITING", 50)
	hold := envDuration("LOGTO_BENCH_HOLD", 10*time.Second)
	g := startLoadGen(b)
	for b.Loop() {
		floor := startFloor(b)
		srv, addr, _ := serveTenant(b, g.endpoint, io.Discard, func(c *Config) {
			c.Sleep = nil // the real poll interval
			c.Limits.MaxWaiting = max(n, DefaultLimits().MaxWaiting)
		}, "")
		held := func(t loadTarget, ended func() bool, profile string) float64 {
			g.do(b, loadOrder{Op: "run", Targets: []loadTarget{t}, N: n, Workers: 4, Want: firstScreen})
			time.Sleep(time.Second) // the first frames' work is done
			stop := cpuProfile(b, profile)
			c0 := cpuTime()
			time.Sleep(hold)
			used := cpuTime() - c0
			stop()
			g.do(b, loadOrder{Op: "close"})
			waitFor(b, "the held sessions ended", ended)
			return ms(used) / float64(n) / hold.Seconds()
		}
		base := held(loadTarget{Addr: floor.addr}, func() bool { return floor.active.Load() == 0 }, "")
		ours := held(loadTarget{Addr: addr}, func() bool { return srv.Active() == 0 }, os.Getenv("LOGTO_BENCH_HOLD_PROFILE"))
		b.ReportMetric(ours, "cpu-ms/s/session")
		b.ReportMetric(base, "floor-cpu-ms/s/session")
		b.ReportMetric(ours/base, "x-floor")
	}
}
