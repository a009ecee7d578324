package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto/emulator"
)

func (e *Env) emulatorCmd(cmd *cobra.Command) {
	var listen string
	fill(cmd, cobra.Command{
		Long: "Serve the built-in Logto emulator (Management API, Account API, device flow) on loopback with the " +
			"demo user, and print its endpoint, apps and the demo user's password. Ctrl+C stops it.",
		Example: "  logto-account emulator\n  logto-account emulator --listen 127.0.0.1:0",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return code(e.emulator(listen, cmd.Flags().Changed("listen")))
		},
	})
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:3001", "address to listen on (loopback only)")
}

// emulator serves the emulator on loopback until interrupted; explicit is
// whether --listen was given (a default port that is taken is replaced).
func (e *Env) emulator(addr string, explicit bool) int {
	listen := &addr
	host, _, err := net.SplitHostPort(*listen)
	if err != nil || net.ParseIP(host) == nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(e.Stderr, "logto-account: --listen must be a loopback address such as 127.0.0.1:3001, not %q\n", *listen)
		return ExitUsage
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil && !explicit {
		// 3001 is a local Logto's own port too: take a free one and say so.
		fmt.Fprintf(e.Stderr, "logto-account: %s is taken (a local Logto, or another emulator?); using a free port instead.\n", *listen)
		ln, err = net.Listen("tcp", host+":0")
	}
	if err != nil {
		fmt.Fprintf(e.Stderr, "logto-account: cannot listen on %s: %v (is another emulator running? try --listen 127.0.0.1:0)\n", *listen, err)
		return ExitFailure
	}
	emu := emulator.New(emulator.Options{OnCodeSent: func(to, code string) {
		fmt.Fprintf(e.Stdout, "[emulator] verification code for %s: %s\n", shownAddress(to), code)
	}})
	userID := emu.SeedDemo()
	// The Account Center is on, as a tenant that lets its users manage
	// their own accounts has it: `login` then the screens work without M2M.
	emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(e.Stdout, `Logto emulator listening on %s
  Device app:  %s (approve codes at %s/device)
  Demo user:   %s / %s (id %s)
  M2M app:     %s (its emulator-only secret: %s)
Try:  LOGTO_ACCOUNT_ENDPOINT=%s LOGTO_ACCOUNT_APP_ID=%s logto-account login
The Account Center is on (every field editable).
Press Ctrl+C to stop.
`, base, emulator.DefaultDeviceAppID, base, emulator.DemoUsername, emulator.DemoPassword, userID,
		emulator.DefaultM2MAppID, emulator.DefaultM2MAppSecret, base, emulator.DefaultDeviceAppID)
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
		fmt.Fprintln(e.Stderr, "logto-account:", err)
		return ExitFailure
	}
	return ExitOK
}
