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

	"github.com/logto-account/logto-account/i18n"
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

// registerOrgFlags declares serve's flags for running it as an
// organisation's service (e nil: English).
func registerOrgFlags(fs *pflag.FlagSet, e *Env) *orgFlags {
	if e == nil {
		e = &Env{Getenv: func(string) string { return "" }}
	}
	t := &e.h
	o := &orgFlags{keyLifetime: 30 * 24 * time.Hour}
	fs.StringVar(&o.hostKey, "host-key", "", t.T("cli.flag_host_key"))
	fs.BoolVar(&o.rememberKeys, "remember-keys", true, t.T("cli.flag_remember_keys"))
	fs.Func("key-lifetime", t.T("cli.flag_key_lifetime"),
		func(v string) error {
			d, err := parseDays(v)
			if err != nil || d < time.Minute {
				return errors.New(e.T("cli.not_lifetime", "Value", strconv.Quote(v)))
			}
			o.keyLifetime = d
			return nil
		})
	fs.StringVar(&o.store, "store", "", t.T("cli.flag_store"))
	fs.StringVar(&o.proxyFrom, "proxy-from", "", t.T("cli.flag_proxy_from"))
	fs.StringVar(&o.opsListen, "ops-listen", "127.0.0.1:9234", t.T("cli.flag_ops_listen"))
	fs.DurationVar(&o.drain, "drain", 0, t.T("cli.flag_drain"))
	fs.StringVar(&o.logFormat, "log-format", "text", t.T("cli.flag_log_format"))
	return o
}

// parseDays is time.ParseDuration that also takes whole days ("30d").
func parseDays(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 {
			return 0, strconv.ErrSyntax
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
	return nil, errors.New(e.T("cli.log_format", "Value", strconv.Quote(o.logFormat)))
}

// hostKeyPath is the key to serve with. A key named with --host-key must
// exist: a replica that made its own would greet clients with a key the
// others do not have.
func (o *orgFlags) hostKeyPath(e *Env) (string, error) {
	if o.hostKey == "" {
		return filepath.Join(e.DataDir, "ssh_host_ed25519"), nil
	}
	if _, err := os.Stat(o.hostKey); errors.Is(err, fs.ErrNotExist) {
		return "", &failure{said: i18n.M("cli.host_key_missing", "Path", o.hostKey), err: err}
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
			return nil, fmt.Errorf("%s: %w", e.T("cli.ops_cannot_listen", "Addr", o.opsListen), err)
		}
		e.warn(e.T("cli.ops_not_started", "Addr", o.opsListen, "Reason", err.Error()))
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
