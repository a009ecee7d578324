//go:build unix

package sshserver

// The SSH benchmarks measure the server alone. The tenant (the emulator)
// and the SSH clients run in a load generator: this test binary started
// again with loadGenEnv set, driven by JSON lines on its stdin. The
// benchmark's process then holds nothing but the servers, so its CPU time
// (getrusage) and its profile (-cpuprofile) are theirs.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
)

const loadGenEnv = "LOGTO_SSH_LOADGEN"

// TestMain runs the load generator instead of the tests when this binary
// was started as one.
func TestMain(m *testing.M) {
	if os.Getenv(loadGenEnv) != "" {
		os.Exit(runLoadGen(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

// loadTarget is a server the load generator's clients connect to.
type loadTarget struct {
	Addr string
	// SignIn approves each client's code (read from its screen, as a person
	// would) on the emulator and waits for the profile.
	SignIn bool
}

// loadOrder is one instruction to the load generator.
type loadOrder struct {
	// Op is "run" (clients connect), "close" (held clients leave) or
	// "requests" (what the tenant answered so far, counted by route).
	Op string
	// Client i connects to Targets[i%len(Targets)] from sourceIP(First+i).
	Targets []loadTarget
	First   int
	N       int
	// Workers is how many clients connect at once (0: one after another;
	// the next connects once the previous one's first screen is shown).
	Workers int
	// Want is on the first screen (the sign-in code's, or the floor's).
	Want string
	// Leave closes each client once it is done; otherwise it is held until
	// "close".
	Leave bool
}

// loadReport is the load generator's answer; times are in milliseconds.
type loadReport struct {
	Endpoint string `json:",omitempty"`
	// FirstScreen[t] are connect → Want on screen, for Targets[t].
	FirstScreen [][]float64 `json:",omitempty"`
	// Profile[t] are approve → profile on screen.
	Profile  [][]float64    `json:",omitempty"`
	Requests map[string]int `json:",omitempty"`
	Err      string         `json:",omitempty"`
}

// profileShown is on the profile screen once the user's record is loaded.
const profileShown = "Last sign-in"

func runLoadGen(stdin io.Reader, stdout io.Writer) int {
	emu := emulator.New(emulator.Options{})
	uid := emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
	api := httptest.NewServer(emu)
	defer api.Close()
	out, in := json.NewEncoder(stdout), json.NewDecoder(stdin)
	if out.Encode(loadReport{Endpoint: api.URL}) != nil {
		return 1
	}
	var held []*lightClient
	defer func() { leave(held) }()
	for {
		var o loadOrder
		if in.Decode(&o) != nil {
			return 0 // the benchmark is over
		}
		var rep loadReport
		switch o.Op {
		case "run":
			var kept []*lightClient
			rep, kept = runClients(emu, uid, o)
			held = append(held, kept...)
		case "close":
			leave(held)
			held = nil
		case "requests":
			rep.Requests = map[string]int{}
			for _, r := range emu.Requests() {
				rep.Requests[r.Method+" "+r.Path]++
			}
		default:
			rep.Err = "unknown order " + o.Op
		}
		if out.Encode(rep) != nil {
			return 1
		}
	}
}

// leave closes clients and waits until the server has closed each session.
func leave(clients []*lightClient) {
	for _, lc := range clients {
		lc.client.Close()
	}
	for _, lc := range clients {
		<-lc.done
	}
}

func runClients(emu *emulator.Emulator, uid string, o loadOrder) (loadReport, []*lightClient) {
	var (
		mu   sync.Mutex
		rep  = loadReport{FirstScreen: make([][]float64, len(o.Targets)), Profile: make([][]float64, len(o.Targets))}
		kept []*lightClient
		errs []string
		bg   sync.WaitGroup // profile waits, which overlap the next clients
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		errs = append(errs, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	one := func(i int) {
		t := i % len(o.Targets)
		target := o.Targets[t]
		start := time.Now()
		lc, err := dialLight(sourceIP(o.First+i), target.Addr, 100, 30)
		if err != nil {
			fail("client %d: %v", i, err)
			return
		}
		at, ok := lc.seen(o.Want, time.Minute)
		if !ok {
			fail("client %d never saw %q: %q", i, o.Want, lastChars(lc.screenText(), 300))
			lc.client.Close()
			return
		}
		mu.Lock()
		rep.FirstScreen[t] = append(rep.FirstScreen[t], ms(at.Sub(start)))
		mu.Unlock()
		done := func() {
			if o.Leave {
				leave([]*lightClient{lc})
				return
			}
			mu.Lock()
			kept = append(kept, lc)
			mu.Unlock()
		}
		if !target.SignIn {
			done()
			return
		}
		code := userCodeRE.FindString(lc.screenText())
		approved := time.Now()
		if err := emu.ApproveDevice(code, uid, emulator.SessionOptions{}); err != nil {
			fail("client %d: approving %q: %v", i, code, err)
			lc.client.Close()
			return
		}
		bg.Add(1)
		go func() {
			defer bg.Done()
			at, ok := lc.seen(profileShown, time.Minute)
			if !ok {
				fail("client %d never saw its profile: %q", i, lastChars(lc.screenText(), 300))
				lc.client.Close()
				return
			}
			mu.Lock()
			rep.Profile[t] = append(rep.Profile[t], ms(at.Sub(approved)))
			mu.Unlock()
			done()
		}()
	}
	next := make(chan int)
	var workers sync.WaitGroup
	for range max(o.Workers, 1) {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for i := range next {
				one(i)
			}
		}()
	}
	for i := range o.N {
		next <- i
	}
	close(next)
	workers.Wait()
	bg.Wait()
	if len(errs) > 0 {
		rep.Err = fmt.Sprintf("%d of %d clients failed; first: %s", len(errs), o.N, errs[0])
	}
	return rep, kept
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func lastChars(s string, n int) string { return s[max(0, len(s)-n):] }

// loadGen is the benchmark's end of a load generator.
type loadGen struct {
	endpoint string
	enc      *json.Encoder
	dec      *json.Decoder
	stderr   *syncBuffer
}

// startLoadGen starts a load generator, which lives until the benchmark
// ends; its emulator has the default apps and one user, ada.
func startLoadGen(b *testing.B) *loadGen {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), loadGenEnv+"=1")
	g := &loadGen{stderr: &syncBuffer{}}
	cmd.Stderr = g.stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = stdin.Close() // it closes its clients and exits
		_ = cmd.Wait()
	})
	g.enc, g.dec = json.NewEncoder(stdin), json.NewDecoder(stdout)
	var hello loadReport
	if err := g.dec.Decode(&hello); err != nil || hello.Endpoint == "" {
		b.Fatalf("the load generator did not start: %v\n%s", err, g.stderr)
	}
	g.endpoint = hello.Endpoint
	return g
}

// do sends an order and returns the report; a failed order fails b.
func (g *loadGen) do(b *testing.B, o loadOrder) loadReport {
	b.Helper()
	if err := g.enc.Encode(o); err != nil {
		b.Fatalf("load generator: %v\n%s", err, g.stderr)
	}
	var rep loadReport
	if err := g.dec.Decode(&rep); err != nil {
		b.Fatalf("load generator: %v\n%s", err, g.stderr)
	}
	if rep.Err != "" {
		b.Fatalf("load generator: %s", rep.Err)
	}
	return rep
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// quantile is the q-quantile of xs (nearest rank), which it sorts.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	return xs[min(len(xs)-1, int(q*float64(len(xs))))]
}
