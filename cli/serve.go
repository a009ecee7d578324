package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
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
		Long:    e.h.T("cli.serve_long"),
		Example: cliExamples.serve,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.org.set = map[string]bool{}
			cmd.Flags().Visit(func(fl *pflag.Flag) { f.org.set[fl.Name] = true })
			return code(e.serve(f))
		},
	})
	cmd.Flags().StringVar(&f.listen, "listen", "127.0.0.1:23234", e.h.T("cli.flag_listen"))
	e.tenantFlag(cmd, &f.tenant)
	cmd.Flags().DurationVar(&f.grace, "grace", 10*time.Second, e.h.T("cli.flag_grace"))
	f.lim = limitFlags(cmd.Flags(), e)
	f.org = registerOrgFlags(cmd.Flags(), e)
	cmd.Flags().BoolVar(&f.previews, "avatar-previews", false, e.h.T("cli.flag_avatar_previews"))
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
		e.warn(e.T("cli.core_dumps_on", "Reason", err.Error()))
	}
	cfg, code := e.loadConfig(*tenant)
	if cfg == nil {
		return code
	}
	if !cfg.HasM2M() {
		fmt.Fprintln(e.Stderr, "logto-account: "+e.T("cli.serve_needs_m2m"))
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
		log.Info(logRemembering, "store", store.Describe(), "lifetime", org.keyLifetime.String())
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
		return e.fail(fmt.Errorf("%s: %w", e.T("cli.cannot_listen", "Addr", *listen), err))
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
		log.Info(logDraining, "for", org.drain.String(), "sessions", srv.Active())
		select {
		case <-time.After(org.drain):
		case <-sigs:
		}
	}
	log.Info(logStopping, "sessions", srv.Active(), "grace", grace.String())
	shut, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	_ = srv.Shutdown(shut)
	return ExitOK
}

// limitFlags registers a flag for every limit of the SSH service, with the
// service's defaults (README lists them).
func limitFlags(fs *pflag.FlagSet, e *Env) *sshserver.Limits {
	l := sshserver.DefaultLimits()
	t := &e.h
	fs.IntVar(&l.MaxSessions, "max-sessions", l.MaxSessions, t.T("cli.flag_max_sessions"))
	fs.IntVar(&l.MaxWaiting, "max-waiting", l.MaxWaiting, t.T("cli.flag_max_waiting"))
	fs.IntVar(&l.MaxWaitingPerAddr, "max-waiting-per-addr", l.MaxWaitingPerAddr, t.T("cli.flag_max_waiting_per_addr"))
	fs.IntVar(&l.MaxConns, "max-conns", l.MaxConns, t.T("cli.flag_max_conns"))
	fs.IntVar(&l.MaxConnsPerAddr, "max-conns-per-addr", l.MaxConnsPerAddr, t.T("cli.flag_max_conns_per_addr"))
	fs.Float64Var(&l.PerAddrPerMinute, "conns-per-minute", l.PerAddrPerMinute, t.T("cli.flag_conns_per_minute"))
	fs.IntVar(&l.PerAddrBurst, "conn-burst", l.PerAddrBurst, t.T("cli.flag_conn_burst"))
	fs.DurationVar(&l.HandshakeTimeout, "handshake-timeout", l.HandshakeTimeout, t.T("cli.flag_handshake_timeout"))
	fs.DurationVar(&l.NoSessionTimeout, "no-session-timeout", l.NoSessionTimeout, t.T("cli.flag_no_session_timeout"))
	fs.DurationVar(&l.SignInTimeout, "sign-in-timeout", l.SignInTimeout, t.T("cli.flag_sign_in_timeout"))
	fs.DurationVar(&l.IdleTimeout, "idle-timeout", l.IdleTimeout, t.T("cli.flag_idle_timeout"))
	fs.DurationVar(&l.MaxSession, "max-session", l.MaxSession, t.T("cli.flag_max_session"))
	fs.Func("max-window", t.T("cli.flag_max_window", "Width", l.MaxWidth, "Height", l.MaxHeight), func(v string) error {
		var w, h int
		if n, err := fmt.Sscanf(v, "%dx%d", &w, &h); err != nil || n != 2 || w < 20 || h < 5 {
			return errors.New(e.T("cli.not_window", "Value", strconv.Quote(v)))
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
