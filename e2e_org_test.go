package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/sshserver/keystore/pgtest"
)

// replica is one `serve` process.
type replica struct {
	name     string
	cmd      *exec.Cmd
	ssh, ops string
	log      *lockedBuffer
	exited   chan struct{}
	exitCode atomic.Int32
}

// org is two replicas sharing a host key and a PostgreSQL store, behind
// HAProxy speaking the PROXY protocol v2, against one emulated tenant.
type org struct {
	emu      *emulator.Emulator
	front    string // HAProxy's address: what users connect to
	sock     string // HAProxy's stats socket
	replicas []*replica
	hostKey  string
	storeURL string // the replicas' shared PostgreSQL
}

// haproxyConfig is README's configuration with the test's ports and fast
// checks: each replica's /healthz every 300 ms, down after 2 failures.
const haproxyConfig = `global
    stats socket %[1]s mode 600 level admin
    maxconn 4000

defaults
    mode tcp
    timeout connect 2s
    timeout client 4h
    timeout server 4h
    retries 3
    option redispatch

frontend ssh
    bind 127.0.0.1:%[2]d
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz
    http-check expect status 200
    default-server send-proxy-v2 check inter 300ms fall 2 rise 1
    server a %[3]s check port %[4]s
    server b %[5]s check port %[6]s
`

func startOrg(t *testing.T, replicaFlags ...string) *org {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end")
	}
	haproxy := needHAProxy(t)
	pg := pgtest.Start(t)
	store := pg.NewDatabase(t)
	dir := t.TempDir()
	bin := e2eBinary
	o := &org{emu: emulator.New(emulator.Options{}), hostKey: filepath.Join(dir, "ssh_host_ed25519"), storeURL: store}
	api := httptest.NewServer(o.emu)
	t.Cleanup(api.Close)
	writeHostKey(t, o.hostKey)
	for _, name := range []string{"a", "b"} {
		o.replicas = append(o.replicas, startReplica(t, bin, dir, name, api.URL, o.hostKey, store, replicaFlags...))
	}
	front := freePort(t)
	o.front = "127.0.0.1:" + strconv.Itoa(front)
	o.sock = filepath.Join(dir, "haproxy.sock")
	a, b := o.replicas[0], o.replicas[1]
	cfg := writeFile(t, dir, "haproxy.cfg", fmt.Sprintf(haproxyConfig, o.sock, front, a.ssh, port(a.ops), b.ssh, port(b.ops)))
	cmd := exec.Command(haproxy, "-f", cfg, "-db")
	logs := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if !within(30*time.Second, func() bool { s := haproxyStatus(o.sock); return s["a"] == "UP" && s["b"] == "UP" }) {
		t.Fatalf("HAProxy never saw both replicas up: %v\n%s", haproxyStatus(o.sock), logs)
	}
	return o
}

func port(addr string) string { return addr[strings.LastIndex(addr, ":")+1:] }

func startReplica(t *testing.T, bin, dir, name, endpoint, hostKey, store string, extra ...string) *replica {
	t.Helper()
	r := &replica{name: name, ssh: "127.0.0.1:" + strconv.Itoa(freePort(t)), ops: "127.0.0.1:" + strconv.Itoa(freePort(t)),
		log: &lockedBuffer{}, exited: make(chan struct{})}
	home := filepath.Join(dir, name)
	args := append([]string{"serve", "--listen", r.ssh, "--ops-listen", r.ops, "--host-key", hostKey,
		"--proxy-from", "127.0.0.1", "--drain", "4s", "--grace", "5s", "--log-format", "json"}, extra...)
	r.cmd = exec.Command(bin, args...)
	r.cmd.Env = append(operatorEnv(home, endpoint), "LOGTO_ACCOUNT_STORE="+store)
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = r.cmd.Wait()
		r.exitCode.Store(int32(r.cmd.ProcessState.ExitCode()))
		close(r.exited)
	}()
	t.Cleanup(func() {
		_ = r.cmd.Process.Kill()
		<-r.exited
		if strings.Contains(r.log.String(), "postgres://") || strings.Contains(r.log.String(), emulator.DefaultM2MAppSecret) {
			t.Errorf("replica %s logged the store's URL or the M2M secret", name)
		}
	})
	if !within(30*time.Second, func() bool {
		res, err := http.Get("http://" + r.ops + "/healthz")
		if err == nil {
			res.Body.Close()
		}
		return err == nil && res.StatusCode == 200
	}) {
		t.Fatalf("replica %s never became healthy:\n%s", name, r.log)
	}
	return r
}

// waiting is how many sessions a replica holds waiting for a sign-in.
func (r *replica) waiting() float64 { return metric(r.ops, `logto_account_sessions{state="waiting"}`) }

func TestTwoReplicasBehindHAProxy(t *testing.T) {
	o := startOrg(t, "--max-conns-per-addr", "3")
	a, b := o.replicas[0], o.replicas[1]

	t.Run("connections spread over both, with one host key", func(t *testing.T) {
		var clients []*sshClient
		keys := map[string]bool{}
		for i := range 4 {
			c, err := connect(fmt.Sprintf("127.0.2.%d", i+1), o.front, nil)
			if err != nil || c.refusal != "" {
				t.Fatalf("connection %d: %v %s", i, err, c.refusal)
			}
			c.waitFor(t, "Enter this code")
			clients = append(clients, c)
			keys[c.hostKey] = true
		}
		if a.waiting() != 2 || b.waiting() != 2 {
			t.Errorf("waiting sessions: a %v, b %v; want 2 and 2", a.waiting(), b.waiting())
		}
		if len(keys) != 1 {
			t.Errorf("the replicas showed %d host keys", len(keys))
		}
		for _, c := range clients {
			c.close()
		}
	})

	t.Run("per-address limits see the client, not the balancer", func(t *testing.T) {
		// 3 connections per address on each replica: 6 from one client, the
		// 7th is refused; another client behind the same balancer is not.
		var held []*sshClient
		defer func() {
			for _, c := range held {
				c.close()
			}
		}()
		for i := range 7 {
			c, err := connect("127.0.3.1", o.front, nil)
			if err != nil {
				t.Fatalf("connection %d: %v", i, err)
			}
			if i < 6 && c.refusal != "" {
				t.Fatalf("connection %d refused: %s", i, c.refusal)
			}
			if i == 6 && !strings.Contains(c.refusal, "too many connections from this address") {
				t.Fatalf("the 7th connection from one client: %q", c.refusal)
			}
			held = append(held, c)
		}
		c, err := connect("127.0.3.2", o.front, nil)
		if err != nil || c.refusal != "" {
			t.Fatalf("another client: %v %q", err, c.refusal)
		}
		held = append(held, c)
		for _, r := range o.replicas {
			if !strings.Contains(r.log.String(), `"remote":"127.0.3.1"`) {
				t.Errorf("replica %s's log does not name the client", r.name)
			}
			if v := metric(r.ops, `logto_account_refusals_total{limit="conns_per_addr"}`); r == a && v+metric(b.ops,
				`logto_account_refusals_total{limit="conns_per_addr"}`) != 1 {
				t.Errorf("refusals for conns_per_addr: %v", v)
			}
		}
	})

	t.Run("a remembered key works through either replica", func(t *testing.T) {
		ada := o.emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace"})
		key := newClientKey(t)
		old := map[string]bool{} // codes of earlier sessions are still pending at the tenant
		for _, code := range o.emu.PendingUserCodes() {
			old[code] = true
		}
		c, err := connect("127.0.4.1", o.front, key)
		if err != nil {
			t.Fatal(err)
		}
		c.waitFor(t, "Enter this code")
		for _, code := range o.emu.PendingUserCodes() {
			if !old[code] {
				if err := o.emu.ApproveDevice(code, ada, emulator.SessionOptions{}); err != nil {
					t.Fatal(err)
				}
			}
		}
		c.waitFor(t, "Remember the SSH key you connected with")
		_, _ = c.in.Write([]byte("y"))
		c.waitFor(t, "Remembered until")
		c.close()
		codes := o.emu.CountRequests(http.MethodPost, "/oidc/device/auth")
		for i := range 2 { // round robin: one on each replica
			c, err := connect(fmt.Sprintf("127.0.4.%d", i+2), o.front, key)
			if err != nil {
				t.Fatal(err)
			}
			c.waitFor(t, "Your remembered SSH key opened it")
			c.close()
		}
		for _, r := range o.replicas {
			if v := metric(r.ops, `logto_account_remembered_key_sign_ins_total{result="ok"}`); v != 1 {
				t.Errorf("replica %s signed %v in with the key; want 1", r.name, v)
			}
		}
		if o.emu.CountRequests(http.MethodPost, "/oidc/device/auth") != codes {
			t.Error("a remembered key went through the device flow")
		}
	})

	t.Run("SIGTERM drains one replica without a refused connection", func(t *testing.T) {
		// A session on each replica before the signal.
		var before []*sshClient
		for i := range 2 {
			c, err := connect(fmt.Sprintf("127.0.5.%d", i+1), o.front, nil)
			if err != nil || c.refusal != "" {
				t.Fatalf("before: %v", err)
			}
			c.waitFor(t, "Enter this code")
			before = append(before, c)
		}
		var (
			stop             atomic.Bool
			wg               sync.WaitGroup
			mu               sync.Mutex
			failures         []string
			made, afterDrain int
		)
		wg.Add(1)
		go func() { // users keep connecting, each from an address of their own
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				c, err := connect(fmt.Sprintf("127.0.%d.%d", 10+i/250, 1+i%250), o.front, nil)
				mu.Lock()
				switch {
				case err != nil:
					failures = append(failures, err.Error())
				case c.refusal != "":
					failures = append(failures, c.refusal)
				}
				mu.Unlock()
				if err == nil && c.refusal == "" {
					if !within(30*time.Second, func() bool { return c.has("Enter this code") }) {
						mu.Lock()
						failures = append(failures, "a connection that never showed a code")
						mu.Unlock()
					}
					c.close()
				}
				mu.Lock()
				made++
				if haproxyStatus(o.sock)["a"] != "UP" {
					afterDrain++
				}
				mu.Unlock()
			}
		}()
		if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		// HAProxy sees the replica down before it stops accepting.
		if !within(20*time.Second, func() bool { return strings.HasPrefix(haproxyStatus(o.sock)["a"], "DOWN") }) {
			t.Fatalf("HAProxy never saw the draining replica down: %v", haproxyStatus(o.sock))
		}
		if strings.Contains(a.log.String(), "stopping: telling open sessions") {
			t.Error("the replica stopped accepting before HAProxy saw it down")
		}
		select {
		case <-a.exited:
		case <-time.After(60 * time.Second):
			t.Fatal("the draining replica did not exit")
		}
		if a.exitCode.Load() != 0 {
			t.Errorf("the drained replica exited %d", a.exitCode.Load())
		}
		// Keep connecting a little after it is gone: all to the other one.
		if !within(60*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return afterDrain >= 5 }) {
			t.Error("no connections were made after the drain")
		}
		stop.Store(true)
		wg.Wait()
		if len(failures) > 0 {
			t.Errorf("%d of %d connections failed during the drain: %v", len(failures), made, failures)
		}
		// The session on the drained replica was told, then closed.
		told := 0
		for _, c := range before {
			if c.has("service is stopping") {
				told++
				select {
				case <-c.done:
				case <-time.After(30 * time.Second):
					t.Error("a session outlived its replica's grace period")
				}
			}
			c.close()
		}
		if told != 1 {
			t.Errorf("%d sessions were told of the stop; want the drained replica's one", told)
		}
		t.Logf("%d connections during and after the drain, %d after HAProxy took replica a out, none refused", made, afterDrain)
	})
}
