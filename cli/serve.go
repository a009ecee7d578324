package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/logto-account/logto-account/config"
	"github.com/logto-account/logto-account/sshserver"
)

// serve runs the SSH service until SIGTERM/SIGINT.
func (e *Env) serve(args []string) int {
	fs := newFlags("serve", e)
	listen := fs.String("listen", "127.0.0.1:23234", "address to listen on")
	tenant := fs.String("tenant", "", "use the [tenants.NAME] table of the config file")
	maxSessions := fs.Int("max-sessions", 200, "concurrent sessions before new ones are turned away")
	idle := fs.Duration("idle-timeout", 15*time.Minute, "close sessions without keyboard input for this long")
	lifetime := fs.Duration("max-session", 4*time.Hour, "close any session after this long")
	grace := fs.Duration("grace", 10*time.Second, "on SIGTERM, how long open sessions get to finish")
	if fs.Parse(args) != nil {
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
	log := slog.New(slog.NewTextHandler(e.Stderr, nil))
	client, err := e.managementClient(cfg)
	if err != nil {
		return e.fail(err)
	}
	srv, err := sshserver.New(sshserver.Config{Listen: *listen, HostKeyPath: filepath.Join(e.DataDir, "ssh_host_ed25519"),
		Endpoint: cfg.Endpoint, ClientID: cfg.AppID, Scopes: cfg.Scopes, Client: client, HTTP: e.HTTPClient,
		MaxSessions: *maxSessions, IdleTimeout: *idle, MaxSession: *lifetime, Log: log,
		PasteRedirect: pasteRedirect(cfg)})
	if err != nil {
		return e.fail(err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return e.fail(fmt.Errorf("cannot listen on %s: %w", *listen, err))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return e.fail(err)
	case <-ctx.Done():
	}
	log.Info("stopping: telling open sessions", "sessions", srv.Active(), "grace", grace.String())
	shut, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	_ = srv.Shutdown(shut)
	return ExitOK
}

func pasteRedirect(cfg *config.Config) string {
	port := "53682"
	if _, p, err := net.SplitHostPort(cfg.CallbackListen); err == nil && p != "0" {
		port = p
	}
	return "http://127.0.0.1:" + port + "/callback"
}
