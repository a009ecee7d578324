package main

import (
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"
)

// BenchmarkStartupCPU is the CPU time (user + system, from the kernel's
// accounting of the child) of `status` and `--help` of the release binary,
// exec to exit. With LOGTO_BENCH_BASELINE=/path/to/another/binary it runs
// that one the same way, interleaved run by run (each going first every
// other run) so that the machine's load falls on both alike, and reports
// the median of each and their ratio new/baseline (issue 20's budget: 1.2
// for the move to cobra and fang). Medians, because a busy machine adds
// long outliers to either side at random.
//
//	git worktree add --detach /tmp/base <commit> && (cd /tmp/base && go build -o /tmp/base.bin .)
//	LOGTO_BENCH_BASELINE=/tmp/base.bin go test -run X -bench StartupCPU -benchtime 400x .
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
	var status, help, baseStatus, baseHelp []time.Duration
	run := func(bin string, s, h *[]time.Duration) {
		*s = append(*s, cpu(bin, "status"))
		*h = append(*h, cpu(bin, "--help"))
	}
	n := 0
	for b.Loop() {
		if base != "" && n%2 == 1 {
			run(base, &baseStatus, &baseHelp)
		}
		run(bin, &status, &help)
		if base != "" && n%2 == 0 {
			run(base, &baseStatus, &baseHelp)
		}
		n++
	}
	median := func(d []time.Duration) float64 {
		s := slices.Clone(d)
		slices.Sort(s)
		return float64(s[len(s)/2]) / float64(time.Millisecond)
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(status), "status-cpu-ms")
	b.ReportMetric(median(help), "help-cpu-ms")
	if base != "" {
		b.ReportMetric(median(baseStatus), "base-status-cpu-ms")
		b.ReportMetric(median(baseHelp), "base-help-cpu-ms")
		b.ReportMetric(median(status)/median(baseStatus), "status-ratio")
		b.ReportMetric(median(help)/median(baseHelp), "help-ratio")
	}
}
