package cli

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/flow"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/logto/phone"
	"github.com/logto-account/logto-account/tui"
	tuicommon "github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/danger"
	"github.com/logto-account/logto-account/tui/signin"
)

// demoFlags are demo's settings.
type demoFlags struct {
	wait                time.Duration
	accountAPI, asAdmin bool
}

func (e *Env) demoCmd(cmd *cobra.Command) {
	var f demoFlags
	fill(cmd, cobra.Command{
		Long:    e.h.T("cli.demo_long"),
		Example: cliExamples.demo,
		Args:    cobra.NoArgs,
		RunE:    func(*cobra.Command, []string) error { return code(e.demo(f)) },
	})
	cmd.Flags().DurationVar(&f.wait, "approve-after", 3*time.Second, e.h.T("cli.flag_approve_after"))
	cmd.Flags().BoolVar(&f.accountAPI, "account-api", false, e.h.T("cli.flag_account_api"))
	cmd.Flags().BoolVar(&f.asAdmin, "admin", false, e.h.T("cli.flag_demo_admin"))
}

// demo runs the TUI against an in-process emulator with a seeded user.
func (e *Env) demo(f demoFlags) int {
	wait, accountAPI, asAdmin := &f.wait, &f.accountAPI, &f.asAdmin
	if *accountAPI && *asAdmin {
		fmt.Fprintln(e.Stderr, demoPrefix+e.T("cli.demo_admin_or_api"))
		return ExitUsage
	}
	if !e.terminal() {
		return ExitUsage
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The emulator's callbacks run on its handlers' goroutines; the program
	// they report to exists only once the screens are built.
	var prog atomic.Pointer[tea.Program]
	send := func(msg tea.Msg) {
		if p := prog.Load(); p != nil {
			p.Send(msg)
		}
	}
	lang, _ := e.language(nil)
	l := i18n.New(lang)
	approver := newDemoApprover(ctx, *wait, send)
	approver.note = func(code string) string { return l.T("demo.approve_note", "Code", code, "Left", tuicommon.Left) }
	emu := emulator.New(emulator.Options{OnDevice: approver.onDevice, OnCodeSent: func(to, code string) {
		send(tuicommon.StatusMsg{Text: l.T("demo.code_sent", "To", shownAddress(to), "Code", code), Kind: tuicommon.StatusDemo})
	}})
	userID := emu.SeedDemo()
	if *asAdmin {
		userID = emu.SeedDemoDirectory() // the operator signs in
	}
	approver.approveAs(emu, userID)
	emu.AddConnector(emulator.Connector{ID: "demo-github", ConnectorID: "mock-social-connector", Type: demoSocial,
		Target: "github", Name: map[string]string{"en": "GitHub (mock)"}})
	emu.AddConnector(emulator.OIDCConnector())
	emu.SetSignInExperience(map[string]any{"mfa": map[string]any{
		"factors": demoFactors, "policy": "PromptAtSignInAndSignUp"},
		"socialSignInConnectorTargets": []any{"github"}})
	emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return e.fail(fmt.Errorf("demo: %s: %w", e.T("cli.demo_cannot_listen"), err))
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	endpoint := "http://" + ln.Addr().String()

	m2m, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: endpoint, AppID: emulator.DefaultM2MAppID,
		AppSecret: emulator.DefaultM2MAppSecret})
	client, _ := logto.New(logto.Options{Endpoint: endpoint, Tokens: m2m, AcceptLanguage: i18n.AcceptLanguage(lang)})
	// Both device flows poll only the emulator started above, whose own
	// approval wakes them (approver.sleep).
	mgmt := &flow.Management{Endpoint: endpoint, ClientID: emulator.DefaultDeviceAppID, Client: client, Now: e.Now,
		Device: &auth.DeviceFlow{Endpoint: endpoint, ClientID: emulator.DefaultDeviceAppID,
			Scopes: []string{"openid", "offline_access", "profile", "email", "phone"}, Sleep: approver.sleep, Language: lang}}
	// Nothing is written to disk: tokens stay in memory, and backup codes
	// are shown and copied, not saved (a file in a temporary folder would be
	// removed at exit, or left behind after a crash).
	var signIn signin.Flow = mgmt
	badge := demoBadge
	if *accountAPI {
		badge = demoBadgeAccountAPI
		signIn = &flow.Account{Endpoint: endpoint, ClientID: emulator.DefaultDeviceAppID, Now: e.Now, AcceptLanguage: i18n.AcceptLanguage(lang), Lang: i18n.New(lang),
			Device: &auth.DeviceFlow{Endpoint: endpoint, ClientID: emulator.DefaultDeviceAppID,
				Scopes: flow.AccountScopes, Sleep: approver.sleep, Language: lang}}
	}
	opts := tui.Options{Language: lang, Tenant: e.T("cli.demo_tenant", "Host", hostOf(endpoint)), Badge: badge, Flow: signIn, Demo: true,
		DemoPassword: emulator.DemoPassword, NoColor: e.Getenv("NO_COLOR") != "", OpenBrowser: e.localBrowser(),
		ClientID: emulator.DefaultDeviceAppID, Identities: e.identityDeps("127.0.0.1:0"), MFA: mfaDeps(endpoint, ""),
		Avatar: localAvatar(), Danger: danger.Deps{Demo: true, ExportWhyNot: e.T("cli.demo_no_export")}, CheckupAfterSignIn: true}
	if *asAdmin {
		opts.Admin, opts.Danger.Admin, opts.Users = true, true, client
		opts.ActOn = func(id string) tui.Account { return logto.NewManagementAccount(client, id) }
	}
	return e.screens(opts, "", func(p *tea.Program) { prog.Store(p) })
}

// demoApprover plays the person on the emulator's /device page: it approves
// each code the demo's emulator issues after a wait, as the demo user. A
// decision about a code (its own, or one a person made on the /device page)
// wakes the demo's waiting poll at once.
//
// This is the only place a device-flow poll is cut short, and it cannot
// reach a real tenant: the demo builds its flows against its own in-process
// emulator only, and the wake comes from that emulator's hook, which a
// server on the network has no way to trigger. The real client's flows keep
// RFC 8628's interval (auth.DefaultPollInterval, or longer after slow_down).
type demoApprover struct {
	ctx  context.Context
	wait time.Duration
	send func(tea.Msg)
	// decided holds one wake-up: a decision made before the poll starts
	// waiting is not lost, and a spare one costs a single early poll.
	decided chan struct{}
	emu     *emulator.Emulator
	userID  string
	// note says that code will be approved, with tuicommon.Left for the
	// seconds left, in the program's language.
	note func(code string) string
}

func newDemoApprover(ctx context.Context, wait time.Duration, send func(tea.Msg)) *demoApprover {
	en := i18n.New(i18n.English) // demo replaces it with the program's language
	return &demoApprover{ctx: ctx, wait: wait, send: send, decided: make(chan struct{}, 1),
		note: func(code string) string { return en.T("demo.approve_note", "Code", code, "Left", tuicommon.Left) }}
}

// approveAs names the emulator and the user codes are approved as; call it
// before the emulator serves a request.
func (a *demoApprover) approveAs(emu *emulator.Emulator, userID string) {
	a.emu, a.userID = emu, userID
}

// onDevice is the emulator's OnDevice hook. It must not block the handler
// that calls it.
func (a *demoApprover) onDevice(code string, state emulator.DeviceState) {
	if state != emulator.DevicePending {
		select {
		case a.decided <- struct{}{}:
		default: // a wake-up is already waiting
		}
		return
	}
	go func() {
		// The note counts down to the approval (the root fills in the
		// seconds left), so nobody wonders whether anything is happening.
		a.send(tuicommon.StatusMsg{Text: a.note(code),
			Kind: tuicommon.StatusDemo, Until: time.Now().Add(a.wait)})
		t := time.NewTimer(a.wait)
		defer t.Stop()
		select {
		case <-a.ctx.Done():
		case <-t.C:
			_ = a.emu.ApproveDevice(code, a.userID, emulator.SessionOptions{IP: "127.0.0.1", UserAgent: demoUserAgent})
		}
	}()
}

// sleep is the demo flows' wait between polls: the interval the flow asks
// for, or less when the emulator decides a code first.
func (a *demoApprover) sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-a.decided:
	case <-t.C:
	}
	return nil
}

// shownAddress is where a code went, as the screens show it: a phone in
// the one form the app uses everywhere (+44 20 7946 0958), an email as is.
func shownAddress(to string) string {
	if strings.Contains(to, "@") {
		return to
	}
	return phone.Format(to)
}
