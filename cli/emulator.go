package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto/emulator"
)

func (e *Env) emulatorCmd(cmd *cobra.Command) {
	var listen string
	fill(cmd, cobra.Command{
		Long:    e.h.T("cli.emulator_long"),
		Example: cliExamples.emulator,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return code(e.emulator(listen, cmd.Flags().Changed("listen")))
		},
	})
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:3001", e.h.T("cli.flag_emulator_listen"))
}

// emulator serves the emulator on loopback until interrupted; explicit is
// whether --listen was given (a default port that is taken is replaced).
func (e *Env) emulator(addr string, explicit bool) int {
	listen := &addr
	host, _, err := net.SplitHostPort(*listen)
	if err != nil || net.ParseIP(host) == nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintln(e.Stderr, "logto-account: "+e.T("cli.emulator_loopback", "Value", strconv.Quote(*listen)))
		return ExitUsage
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil && !explicit {
		// 3001 is a local Logto's own port too: take a free one and say so.
		fmt.Fprintln(e.Stderr, "logto-account: "+e.T("cli.emulator_port_taken", "Addr", *listen))
		ln, err = net.Listen("tcp", host+":0")
	}
	if err != nil {
		fmt.Fprintln(e.Stderr, "logto-account: "+e.T("cli.emulator_cannot_listen", "Addr", *listen, "Reason", err.Error()))
		return ExitFailure
	}
	emu := emulator.New(emulator.Options{OnCodeSent: func(to, code string) {
		fmt.Fprintln(e.Stdout, "[emulator] "+e.T("cli.emulator_code", "To", shownAddress(to), "Code", code))
	}})
	userID := emu.SeedDemo()
	// The Account Center is on, as a tenant that lets its users manage
	// their own accounts has it: `login` then the screens work without M2M.
	emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	base := "http://" + ln.Addr().String()
	fmt.Fprintln(e.Stdout, e.T("cli.emulator_banner", "Endpoint", base, "DeviceApp", emulator.DefaultDeviceAppID,
		"Username", emulator.DemoUsername, "Password", emulator.DemoPassword, "ID", userID,
		"M2MApp", emulator.DefaultM2MAppID, "M2MSecret", emulator.DefaultM2MAppSecret))
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
