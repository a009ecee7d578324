package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/logto-account/logto-account/config"
	"github.com/logto-account/logto-account/sshserver"
)

// serveFlags are serve's settings.
type serveFlags struct {
	listen, tenant string
	grace          time.Duration
	lim            *sshserver.Limits
	org            *orgFlags
	previews       bool
}

func (e *Env) serveCmd(cmd *cobra.Command) {
	f := serveFlags{}
	fill(cmd, cobra.Command{
		Long: "Run the SSH service: users `ssh -p 23234 host`, sign in with the device flow inside the session, and " +
			"manage their own account on the screens. The M2M secret stays on this server. Every limit is a flag; " +
			"replicas behind a load balancer share a host key (--host-key) and a key store (--store).",
		Example: "  logto-account serve --listen 0.0.0.0:23234\n  logto-account serve --max-sessions 500 --idle-timeout 30m\n" +
			"  logto-account serve --host-key /etc/logto-account/host_key --store postgres://keys@db/logto --proxy-from 10.0.0.0/8",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.org.set = map[string]bool{}
			cmd.Flags().Visit(func(fl *pflag.Flag) { f.org.set[fl.Name] = true })
			return code(e.serve(f))
		},
	})
	cmd.Flags().StringVar(&f.listen, "listen", "127.0.0.1:23234", "address to listen on")
	e.tenantFlag(cmd, &f.tenant)
	cmd.Flags().DurationVar(&f.grace, "grace", 10*time.Second, "on SIGTERM, how long open sessions get to finish")
	f.lim = limitFlags(cmd.Flags())
	f.org = registerOrgFlags(cmd.Flags())
	cmd.Flags().BoolVar(&f.previews, "avatar-previews", false, "let users have the server fetch their avatar's address for a preview (https, public addresses, 2 MB, 5 s)")
}

// serve runs the SSH service until SIGTERM/SIGINT: on the first, /healthz
// fails for --drain while connections are still accepted (a load balancer
// moves new ones elsewhere), then the server stops accepting and gives
// open sessions --grace to finish; a second signal skips the wait.
func (e *Env) serve(f serveFlags) int {
	listen, tenant, grace, lim, org, previews := &f.listen, &f.tenant, &f.grace, f.lim, f.org, &f.previews
	log, err := org.logger(e)
	if err != nil {
		fmt.Fprintln(e.Stderr, "logto-account:", err)
		return ExitUsage
	}
	// Before the secret is read: this process's memory never goes to a core
	// file or to a same-user debugger.
	noDumps := e.DisableCoreDumps
	if noDumps == nil {
		noDumps = sshserver.DisableCoreDumps
	}
	if err := noDumps(); err != nil {
		fmt.Fprintln(e.Stderr, "warning: could not turn core dumps off:", err)
	}
	cfg, code := e.loadConfig(*tenant)
	if cfg == nil {
		return code
	}
	if !cfg.HasM2M() {
		fmt.Fprintln(e.Stderr, "logto-account: serve needs the M2M app's credentials (LOGTO_ACCOUNT_M2M_APP_ID and LOGTO_ACCOUNT_M2M_APP_SECRET); it is the only place that holds them.")
		return ExitUsage
	}
	hostKey, err := org.hostKeyPath(e)
	if err != nil {
		return e.fail(err)
	}
	metrics := sshserver.NewMetrics()
	me := *e
	me.HTTPClient = measured(e.HTTPClient, metrics) // every request to Logto is measured
	client, err := me.managementClient(cfg)
	if err != nil {
		return e.fail(err)
	}
	store, err := org.openStore(context.Background(), e)
	if err != nil {
		return e.fail(err)
	}
	if store != nil {
		defer store.Close()
		log.Info("remembering SSH keys", "store", store.Describe(), "lifetime", org.keyLifetime.String())
	}
	serveLang, _ := e.language(cfg)
	scfg := sshserver.Config{Listen: *listen, HostKeyPath: hostKey,
		Endpoint: cfg.Endpoint, ClientID: cfg.AppID, Scopes: cfg.Scopes, Client: client, HTTP: me.HTTPClient,
		Limits: *lim, Log: log, PasteRedirect: pasteRedirect(cfg), Language: serveLang, KeyLifetime: org.keyLifetime,
		TrustedProxies: org.trustedProxies(), Metrics: metrics, AvatarPreviews: *previews}
	if store != nil {
		scfg.Keys = store
	}
	srv, err := sshserver.New(scfg)
	if err != nil {
		return e.fail(err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return e.fail(fmt.Errorf("cannot listen on %s: %w", *listen, err))
	}
	ops, err := org.startOps(e, srv, log)
	if err != nil {
		ln.Close()
		return e.fail(err)
	}
	if ops != nil {
		defer ops.Close()
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return e.fail(err)
	case <-sigs:
	}
	if org.drain > 0 {
		srv.Drain()
		log.Info("draining: /healthz fails, connections are still accepted", "for", org.drain.String(), "sessions", srv.Active())
		select {
		case <-time.After(org.drain):
		case <-sigs:
		}
	}
	log.Info("stopping: telling open sessions", "sessions", srv.Active(), "grace", grace.String())
	shut, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	_ = srv.Shutdown(shut)
	return ExitOK
}

// limitFlags registers a flag for every limit of the SSH service, with the
// service's defaults (README lists them).
func limitFlags(fs *pflag.FlagSet) *sshserver.Limits {
	l := sshserver.DefaultLimits()
	fs.IntVar(&l.MaxSessions, "max-sessions", l.MaxSessions, "signed-in sessions at once")
	fs.IntVar(&l.MaxWaiting, "max-waiting", l.MaxWaiting, "sessions waiting for their sign-in at once")
	fs.IntVar(&l.MaxWaitingPerAddr, "max-waiting-per-addr", l.MaxWaitingPerAddr, "sessions waiting for their sign-in from one address")
	fs.IntVar(&l.MaxConns, "max-conns", l.MaxConns, "open connections at once")
	fs.IntVar(&l.MaxConnsPerAddr, "max-conns-per-addr", l.MaxConnsPerAddr, "open connections from one address")
	fs.Float64Var(&l.PerAddrPerMinute, "conns-per-minute", l.PerAddrPerMinute, "new connections a minute from one address")
	fs.IntVar(&l.PerAddrBurst, "conn-burst", l.PerAddrBurst, "new connections one address may open in a burst")
	fs.DurationVar(&l.HandshakeTimeout, "handshake-timeout", l.HandshakeTimeout, "time for the SSH handshake")
	fs.DurationVar(&l.NoSessionTimeout, "no-session-timeout", l.NoSessionTimeout, "close connections without a session after this long")
	fs.DurationVar(&l.SignInTimeout, "sign-in-timeout", l.SignInTimeout, "end sessions not signed in by then (at most the device code's lifetime)")
	fs.DurationVar(&l.IdleTimeout, "idle-timeout", l.IdleTimeout, "close sessions without keyboard input for this long")
	fs.DurationVar(&l.MaxSession, "max-session", l.MaxSession, "close any session after this long")
	fs.Func("max-window", fmt.Sprintf("largest terminal drawn, WIDTHxHEIGHT (default %dx%d)", l.MaxWidth, l.MaxHeight), func(v string) error {
		var w, h int
		if n, err := fmt.Sscanf(v, "%dx%d", &w, &h); err != nil || n != 2 || w < 20 || h < 5 {
			return fmt.Errorf("%q is not WIDTHxHEIGHT such as 300x100", v)
		}
		l.MaxWidth, l.MaxHeight = w, h
		return nil
	})
	return &l
}

func pasteRedirect(cfg *config.Config) string {
	port := "53682"
	if _, p, err := net.SplitHostPort(cfg.CallbackListen); err == nil && p != "0" {
		port = p
	}
	return "http://127.0.0.1:" + port + "/callback"
}
