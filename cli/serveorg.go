package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/logto-account/logto-account/sshserver"
	"github.com/logto-account/logto-account/sshserver/keystore"
)

// orgFlags are serve's settings for running as one of several replicas
// and for remembered keys (README: "Running it for an organisation").
type orgFlags struct {
	hostKey      string
	rememberKeys bool
	keyLifetime  time.Duration
	store        string
	proxyFrom    string
	opsListen    string
	drain        time.Duration
	logFormat    string
	set          map[string]bool // flags given on the command line
}

func registerOrgFlags(fs *pflag.FlagSet) *orgFlags {
	o := &orgFlags{keyLifetime: 30 * 24 * time.Hour}
	fs.StringVar(&o.hostKey, "host-key", "", "the SSH host key file; replicas share one, which must exist (default $XDG_DATA_HOME/logto-account/ssh_host_ed25519, made on first start)")
	fs.BoolVar(&o.rememberKeys, "remember-keys", true, "offer to remember the SSH key of a device sign-in (--remember-keys=0: never)")
	fs.Func("key-lifetime", "how long a remembered key lasts from the device sign-in that remembered or renewed it, e.g. 30d or 72h (default 30d)",
		func(v string) error {
			d, err := parseDays(v)
			if err != nil || d < time.Minute {
				return fmt.Errorf("%q is not a lifetime such as 30d or 72h", v)
			}
			o.keyLifetime = d
			return nil
		})
	fs.StringVar(&o.store, "store", "", "where remembered keys live: an SQLite file (default $XDG_STATE_HOME/logto-account/keys.db) or postgres://… shared by replicas (also LOGTO_ACCOUNT_STORE)")
	fs.StringVar(&o.proxyFrom, "proxy-from", "", "comma-separated IPs or CIDRs of load balancers that send the PROXY protocol (v1/v2); only these are believed")
	fs.StringVar(&o.opsListen, "ops-listen", "127.0.0.1:9234", "address of the operators' HTTP listener (/healthz, /metrics); \"\" turns it off")
	fs.DurationVar(&o.drain, "drain", 0, "on SIGTERM, how long /healthz fails while connections are still accepted, before stopping (at least the balancer's check interval × fall count)")
	fs.StringVar(&o.logFormat, "log-format", "text", "log lines as text or json")
	return o
}

// parseDays is time.ParseDuration that also takes whole days ("30d").
func parseDays(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 {
			return 0, fmt.Errorf("bad days %q", v)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

func (o *orgFlags) logger(e *Env) (*slog.Logger, error) {
	switch o.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(e.Stderr, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(e.Stderr, nil)), nil
	}
	return nil, fmt.Errorf("--log-format is text or json, not %q", o.logFormat)
}

// hostKeyPath is the key to serve with. A key named with --host-key must
// exist: a replica that made its own would greet clients with a key the
// others do not have.
func (o *orgFlags) hostKeyPath(e *Env) (string, error) {
	if o.hostKey == "" {
		return filepath.Join(e.DataDir, "ssh_host_ed25519"), nil
	}
	if _, err := os.Stat(o.hostKey); errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("the host key %s does not exist; replicas share one key: make it once with "+
			"`ssh-keygen -t ed25519 -N '' -f %s` and give every replica the same file (0600)", o.hostKey, o.hostKey)
	}
	return o.hostKey, nil
}

// storeTarget is where remembered keys live.
func (o *orgFlags) storeTarget(e *Env) string {
	if o.store != "" {
		return o.store
	}
	if v := e.Getenv("LOGTO_ACCOUNT_STORE"); v != "" {
		return v
	}
	return filepath.Join(e.StateDir, "keys.db")
}

// openStore opens the key store (nil when remembering is off).
func (o *orgFlags) openStore(ctx context.Context, e *Env) (keystore.Store, error) {
	if !o.rememberKeys {
		return nil, nil
	}
	return keystore.Open(ctx, o.storeTarget(e), keystore.Options{})
}

func (o *orgFlags) trustedProxies() []string {
	var out []string
	for _, p := range strings.Split(o.proxyFrom, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// startOps serves /healthz and /metrics. A listener the operator asked for
// must start; the default one only warns when its port is taken (another
// logto-account on this host), so that a single-host setup still runs.
func (o *orgFlags) startOps(e *Env, srv *sshserver.Server, log *slog.Logger) (*http.Server, error) {
	if o.opsListen == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", o.opsListen)
	if err != nil {
		if o.set["ops-listen"] {
			return nil, fmt.Errorf("cannot listen on %s for /healthz and /metrics: %w", o.opsListen, err)
		}
		fmt.Fprintf(e.Stderr, "warning: no /healthz or /metrics: cannot listen on %s (%v); set --ops-listen\n", o.opsListen, err)
		return nil, nil
	}
	hs := &http.Server{Handler: srv.OpsHandler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second}
	log.Info("operators' listener", "addr", ln.Addr().String(), "paths", "/healthz /metrics")
	go func() { _ = hs.Serve(ln) }()
	return hs, nil
}

// measured is the HTTP client for every request to Logto, its transport
// counted in the metrics.
func measured(hc *http.Client, m *sshserver.Metrics) *http.Client {
	out := &http.Client{Timeout: 30 * time.Second}
	if hc != nil {
		c := *hc
		out = &c
	}
	out.Transport = m.Transport(out.Transport)
	return out
}
