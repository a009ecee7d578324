// Command logto-account manages your own account in a Logto tenant from a
// terminal. main only wires things together: subcommands and flags, paths,
// config → auth → logto → the terminal UI or the SSH server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `logto-account — manage your Logto account from a terminal

Usage:
  logto-account emulator [--listen 127.0.0.1:3001]   run the built-in Logto emulator with a demo user
  logto-account version                               print the version

Exit codes: 0 success, 1 failure, 2 bad usage.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "logto-account", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	case "emulator":
		return runEmulator(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "logto-account: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// runEmulator serves the emulator on loopback until interrupted.
func runEmulator(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:3001", "address to listen on (loopback only)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	host, _, err := net.SplitHostPort(*listen)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(stderr, "logto-account: --listen must be a loopback address such as 127.0.0.1:3001, not %q\n", *listen)
		return 2
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "logto-account: cannot listen on %s: %v (is another emulator running? try --listen 127.0.0.1:0)\n", *listen, err)
		return 1
	}
	emu := emulator.New(emulator.Options{OnCodeSent: func(to, code string) {
		fmt.Fprintf(stdout, "[emulator] verification code for %s: %s\n", to, code)
	}})
	userID := emu.SeedDemo()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, `Logto emulator listening on %s
  Management API resource: %s
  M2M app:     %s / secret %s
  Device app:  %s (device flow; approve codes at %s/device)
  Demo user:   %s / %s (id %s)
Press Ctrl+C to stop.
`, base, emulator.ManagementResource, emulator.DefaultM2MAppID, emulator.DefaultM2MAppSecret,
		emulator.DefaultDeviceAppID, base, emulator.DemoUsername, emulator.DemoPassword, userID)
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "logto-account:", err)
		return 1
	}
	return 0
}
