package main

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// BenchmarkStartupCPU is the CPU time (user + system, from the kernel's
// accounting of the child) of `status` and `--help` of the release binary,
// exec to exit. With LOGTO_BENCH_BASELINE=/path/to/another/binary it runs
// that one the same way, interleaved run by run so that the machine's load
// falls on both alike, and reports each ratio new/baseline (issue 20's
// budget: 1.2 for the move to cobra and fang).
//
//	git worktree add /tmp/base <commit> && (cd /tmp/base && go build -o /tmp/base.bin .)
//	LOGTO_BENCH_BASELINE=/tmp/base.bin go test -run X -bench StartupCPU -benchtime 200x .
func BenchmarkStartupCPU(b *testing.B) {
	dir := b.TempDir()
	bin := releaseBinary(b, dir)
	base := os.Getenv("LOGTO_BENCH_BASELINE")
	env := isolatedEnv(dir)
	cpu := func(bin string, args ...string) time.Duration {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		_ = cmd.Run() // status exits 3 here: nobody is signed in
		return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var status, help, baseStatus, baseHelp time.Duration
	n := 0
	for b.Loop() {
		// Each binary goes first every other run: the one that follows
		// finds the caches warmer.
		if base != "" && n%2 == 1 {
			baseStatus += cpu(base, "status")
			baseHelp += cpu(base, "--help")
		}
		status += cpu(bin, "status")
		help += cpu(bin, "--help")
		if base != "" && n%2 == 0 {
			baseStatus += cpu(base, "status")
			baseHelp += cpu(base, "--help")
		}
		n++
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(n) / float64(time.Millisecond) }
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(ms(status), "status-cpu-ms")
	b.ReportMetric(ms(help), "help-cpu-ms")
	if base != "" {
		b.ReportMetric(ms(baseStatus), "base-status-cpu-ms")
		b.ReportMetric(ms(baseHelp), "base-help-cpu-ms")
		b.ReportMetric(float64(status)/float64(baseStatus), "status-ratio")
		b.ReportMetric(float64(help)/float64(baseHelp), "help-ratio")
	}
}
