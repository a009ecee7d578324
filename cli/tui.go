package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/avatar/source"
	"github.com/logto-account/logto-account/config"
	"github.com/logto-account/logto-account/flow"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/policy"
	"github.com/logto-account/logto-account/tui"
	tuicommon "github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/danger"
	"github.com/logto-account/logto-account/tui/identities"
	"github.com/logto-account/logto-account/tui/mfa"
	"github.com/logto-account/logto-account/tui/profile"
)

// runProgram runs the TUI until it quits.
func (e *Env) runProgram(m *tui.Model, opts ...tea.ProgramOption) (*tea.Program, func() error) {
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithInput(e.Stdin), tea.WithOutput(e.Stdout)}, opts...)...)
	return p, func() error {
		_, err := p.Run()
		m.Stop()
		return err
	}
}

// screens runs the account screens with a context that ends with them
// (every request they make is cancelled then) and turns how they ended into
// an exit code. keepDir is where unsaved edits are kept after a crash (""
// prints them instead: the demo writes nothing).
func (e *Env) screens(o tui.Options, keepDir string, started func(*tea.Program), popts ...tea.ProgramOption) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o.Context = ctx
	m := tui.New(o)
	p, run := e.runProgram(m, popts...)
	if started != nil {
		started(p)
	}
	err := run()
	cancel()
	if c := m.Crash(); c != nil || errors.Is(err, tea.ErrProgramPanic) {
		if c == nil {
			c = &tui.Crash{Value: e.T("cli.crash_library")}
		}
		return e.crashed(c, keepDir)
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return e.fail(err)
	}
	return ExitOK
}

// crashed says what happened in one sentence, keeps the unsaved edits
// (a 0600 file under keepDir, else printed) and returns ExitCrash.
func (e *Env) crashed(c *tui.Crash, keepDir string) int {
	where := ""
	if len(c.Unsaved) > 0 && keepDir != "" {
		path, err := keepUnsaved(keepDir, c.Unsaved, e.now())
		if err == nil {
			where = path
		} else {
			fmt.Fprintln(e.Stderr, "logto-account: "+e.T("cli.crash_not_kept", "Reason", err.Error()))
		}
	}
	fmt.Fprintln(e.Stderr, "logto-account: "+tui.CrashSentence(c, where))
	if where == "" {
		for _, u := range c.Unsaved {
			fmt.Fprintf(e.Stderr, "  %s · %s:\n%s\n", u.Screen, u.Field, indent(u.Value))
		}
	}
	fmt.Fprintln(e.Stderr, e.T("cli.crash_report", "Value", c.Value))
	return ExitCrash
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

// keepUnsaved writes the edits to a new 0600 JSON file in dir.
func keepUnsaved(dir string, edits []tuicommon.Unsaved, now time.Time) (string, error) {
	type edit struct{ Screen, Field, Value string }
	out := make([]edit, len(edits))
	for i, u := range edits {
		out[i] = edit{u.Screen, u.Field, u.Value}
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "unsaved-"+now.UTC().Format("20060102-150405")+".json")
	return path, auth.CreateFileExclusive(path, append(data, '\n'))
}

// terminal says whether the screens can run: they need a terminal for both
// input and output. Without one it says what scripts can use instead.
func (e *Env) terminal() bool {
	if e.StdinIsTerminal && e.StdoutIsTerminal {
		return true
	}
	fmt.Fprintln(e.Stderr, "logto-account: "+e.T("cli.needs_terminal"))
	return false
}

func hostOf(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return endpoint
	}
	return u.Host
}

// interactive runs the TUI against the configured tenant; actAs and pick
// are admin mode's --user and --pick.
func (e *Env) interactive(tenant, actAs string, pick bool) int {
	cfg, code := e.loadConfig(tenant)
	if cfg == nil {
		return code
	}
	if !cfg.HasM2M() {
		if actAs != "" || pick {
			fmt.Fprintln(e.Stderr, "logto-account: "+e.T("cli.pick_needs_m2m"))
			return ExitUsage
		}
		if !e.terminal() {
			return ExitUsage
		}
		return e.accountMode(cfg)
	}
	if !e.terminal() {
		return ExitUsage
	}
	client, err := e.managementClient(cfg)
	if err != nil {
		return e.fail(err)
	}
	open := e.OpenBrowser
	if e.overSSH() {
		open = nil
	}
	var target *logto.User
	var note string
	if actAs != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		var exact int
		target, exact, err = findUser(ctx, client, actAs)
		cancel()
		if err != nil {
			return e.fail(err)
		}
		switch {
		case target != nil:
		case exact == 0:
			note = e.T("cli.pick_none")
		default:
			note = e.N("cli.pick_many", exact)
		}
	}
	admin := actAs != "" || pick
	store := e.store()
	key := auth.Key(cfg.Endpoint, cfg.AppID)
	mgmt := &flow.Management{Endpoint: cfg.Endpoint, ClientID: cfg.AppID, Client: client, HTTP: e.HTTPClient, Now: e.Now,
		Store: store, LockDir: e.StateDir, Device: &auth.DeviceFlow{Endpoint: cfg.Endpoint, ClientID: cfg.AppID, Scopes: cfg.Scopes,
			HTTPClient: e.HTTPClient, Sleep: e.Sleep, Language: e.langOf(cfg)}}
	home, _ := os.UserHomeDir()
	lang, _ := e.language(cfg)
	opts := tui.Options{Language: lang, Tenant: hostOf(cfg.Endpoint), Flow: mgmt, OpenBrowser: open,
		NoColor: e.Getenv("NO_COLOR") != "", ReverifyWindow: cfg.ReverifyWindow,
		Identities: e.identityDeps(cfg.CallbackListen), MFA: mfaDeps(cfg.Endpoint, home),
		ClientID: cfg.AppID, Danger: danger.Deps{Admin: admin}, Admin: admin, CheckupAfterSignIn: true,
		Avatar: localAvatar()}
	opts.Danger = e.exportDeps(opts.Danger, home)
	if admin {
		opts.Users, opts.Target, opts.PickQuery, opts.PickNote = client, target, actAs, note
		opts.ActOn = func(id string) tui.Account { return logto.NewManagementAccount(client, id) }
	} else {
		// Deleting your own account signs this terminal out for good.
		opts.Danger.AfterDelete = func(ctx context.Context) error {
			if tok, err := store.Load(key); err == nil && tok.RefreshToken != "" {
				_ = auth.Revoke(ctx, e.HTTPClient, cfg.Endpoint, cfg.AppID, tok.RefreshToken)
			}
			return store.Delete(key)
		}
	}
	opts.Pwned = e.pwnedFor(cfg)
	return e.screens(opts, e.StateDir, nil)
}

// localBrowser is OpenBrowser unless this runs over SSH.
func (e *Env) localBrowser() func(string) error {
	if e.overSSH() {
		return nil
	}
	return e.OpenBrowser
}

// identityDeps links identities through a loopback listener locally, and by
// pasting the final address over SSH (the browser cannot reach us there).
func (e *Env) identityDeps(listen string) identities.Deps {
	if e.overSSH() {
		port := "53682"
		if _, p, err := net.SplitHostPort(listen); err == nil && p != "0" {
			port = p
		}
		return identities.Deps{PasteRedirect: "http://127.0.0.1:" + port + auth.CallbackPath}
	}
	return identities.Deps{Open: e.OpenBrowser, Listen: func() (identities.Receiver, error) {
		cb, err := auth.ListenCallback(listen)
		if err != nil {
			return nil, err
		}
		return cb, nil
	}}
}

func mfaDeps(endpoint, saveDir string) mfa.Deps {
	return mfa.Deps{Issuer: mfa.IssuerOf(endpoint), AccountPage: endpoint + "/account/passkey/add",
		SaveDir: saveDir, WriteFile: auth.CreateFileExclusive}
}

// localAvatar: an avatar from a local file, and previews of its address
// fetched with the same care as anywhere (https, public addresses only).
func localAvatar() profile.AvatarDeps {
	return profile.AvatarDeps{ReadFile: source.ReadFile, Fetch: (&source.Fetcher{}).Fetch}
}

// exportDeps lets the danger zone export the user's data to a new 0600
// file in dir (the home folder, where the backup codes are offered too).
func (e *Env) exportDeps(d danger.Deps, dir string) danger.Deps {
	if dir == "" {
		d.ExportWhyNot = e.T("cli.export_no_home")
		return d
	}
	d.ExportDir, d.WriteFile = dir, auth.CreateFileExclusive
	return d
}

// findUser resolves --user: an exact id, else one user whose email or
// username matches exactly. Without one, exact is how many matched exactly
// (0, or more than one), and the picker opens on that search.
func findUser(ctx context.Context, c *logto.Client, who string) (u *logto.User, exact int, err error) {
	if logto.LooksLikeUserID(who) { // else a 404 per search, for nothing
		if u, err := c.GetUser(ctx, who, logto.GetUserOptions{}); err == nil {
			return u, 1, nil
		} else if !logto.IsCode(err, "entity.not_found") {
			return nil, 0, err
		}
	}
	q := logto.UserQuery{Search: who, PageSize: 100}
	var found []logto.User
	for range 10 {
		page, err := c.SearchUsers(ctx, q)
		if err != nil {
			return nil, 0, err
		}
		for _, u := range page.Users {
			if strings.EqualFold(logto.Str(u.PrimaryEmail), who) || logto.Str(u.Username) == who {
				found = append(found, u)
			}
		}
		if !page.HasNext() {
			break
		}
		q = page.Next(q)
	}
	if len(found) == 1 {
		return &found[0], 1, nil
	}
	return nil, len(found), nil
}

// accountMode runs the TUI on Logto's Account API with the user's own
// token: no M2M secret is read or needed (DESIGN.md §1). Tokens kept by
// `logto-account login` are used when they carry the Account API scopes.
func (e *Env) accountMode(cfg *config.Config) int {
	store := e.store()
	lang, _ := e.language(cfg)
	f := &flow.Account{Endpoint: cfg.Endpoint, ClientID: cfg.AppID, HTTP: e.HTTPClient, Now: e.Now,
		Store: store, LockDir: e.StateDir, Warn: e.warn, AcceptLanguage: i18n.AcceptLanguage(lang), Lang: e.loc(),
		Device: &auth.DeviceFlow{Endpoint: cfg.Endpoint, ClientID: cfg.AppID, Scopes: flow.WithAccountScopes(cfg.Scopes),
			HTTPClient: e.HTTPClient, Sleep: e.Sleep, Language: lang}}
	home, _ := os.UserHomeDir()
	opts := tui.Options{Language: lang, Tenant: hostOf(cfg.Endpoint), Flow: f, OpenBrowser: e.localBrowser(),
		NoColor: e.Getenv("NO_COLOR") != "", ReverifyWindow: cfg.ReverifyWindow,
		Identities: e.identityDeps(cfg.CallbackListen), MFA: mfaDeps(cfg.Endpoint, home), ClientID: cfg.AppID,
		Danger: e.exportDeps(danger.Deps{}, home), CheckupAfterSignIn: true, Avatar: localAvatar()}
	opts.Pwned = e.pwnedFor(cfg)
	return e.screens(opts, e.StateDir, nil)
}

// pwnedFor is the breached-password lookup, or nil when the config turns it off.
func (e *Env) pwnedFor(cfg *config.Config) func(ctx context.Context, pw string) (int, error) {
	if !cfg.PwnedCheck {
		return nil
	}
	hc := e.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 5 * time.Second}
	}
	return func(ctx context.Context, pw string) (int, error) { return policy.Pwned(ctx, hc, policy.PwnedAPI, pw) }
}

// managementClient is the operator's Management API client: one M2M token
// source (cached, shared by every caller) behind it.
func (e *Env) managementClient(cfg *config.Config) (*logto.Client, error) {
	m2m, err := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: cfg.Endpoint, AppID: cfg.M2MAppID,
		AppSecret: cfg.M2MAppSecret, Resource: cfg.ManagementResource, HTTPClient: e.HTTPClient})
	if err != nil {
		return nil, err
	}
	lang, _ := e.language(cfg)
	return logto.New(logto.Options{Endpoint: cfg.Endpoint, Tokens: m2m, HTTPClient: e.HTTPClient,
		AcceptLanguage: i18n.AcceptLanguage(lang)})
}
