package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/flow"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/termqr"
)

// signInFlags are what login, logout and status take.
type signInFlags struct {
	tenant          string
	json            bool
	noQR, showToken bool
}

func (e *Env) loginCmd(cmd *cobra.Command) {
	var f signInFlags
	fill(cmd, cobra.Command{
		Long:        e.h.T("cli.login_long"),
		Example:     cliExamples.login,
		Args:        cobra.NoArgs,
		Annotations: twins("signin.Open", "signin.Retry"),
		RunE:        func(*cobra.Command, []string) error { return code(e.login(f)) },
	})
	e.tenantFlag(cmd, &f.tenant)
	cmd.Flags().BoolVar(&f.json, "json", false, e.h.T("commands.flag_json"))
	cmd.Flags().BoolVar(&f.noQR, "no-qr", false, e.h.T("cli.flag_no_qr"))
}

func (e *Env) login(c signInFlags) int {
	noQR := &c.noQR
	cfg, code := e.loadConfig(c.tenant)
	if cfg == nil {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	out := e.human()
	scopes := cfg.Scopes
	if !cfg.HasM2M() {
		// The Account API needs a scope per field family on the user's token.
		scopes = flow.WithAccountScopes(scopes)
	}
	df := &auth.DeviceFlow{Endpoint: cfg.Endpoint, ClientID: cfg.AppID, Scopes: scopes, HTTPClient: e.HTTPClient,
		Language: e.langOf(cfg), Now: e.Now, Sleep: e.Sleep, OnTransient: func(err error) {
			fmt.Fprintln(out, "  "+e.T("cli.login_network_trouble", "Reason", err.Error()))
		}}
	dc, err := df.Start(ctx)
	if err != nil {
		return e.fail(fmt.Errorf("%s: %w", e.T("cli.login_starting", "Endpoint", cfg.Endpoint), err))
	}
	fmt.Fprintf(out, "%s\n\n  %s\n\n%s\n\n  %s\n\n", e.T("cli.login_open", "Endpoint", cfg.Endpoint), dc.VerificationURI,
		e.T("cli.login_enter_code"), dc.UserCode)
	if e.StdoutIsTerminal && !*noQR && dc.VerificationURIComplete != "" {
		if qr, err := termqr.Render(dc.VerificationURIComplete, false); err == nil {
			fmt.Fprintf(out, "%s\n\n%s\n\n", e.T("cli.login_scan"), qr)
		}
	}
	if e.OpenBrowser != nil && e.StdinIsTerminal && !e.overSSH() {
		fmt.Fprintln(out, e.T("cli.login_press_enter"))
		go func() {
			if _, err := bufio.NewReader(e.Stdin).ReadString('\n'); err == nil {
				target := dc.VerificationURIComplete
				if target == "" {
					target = dc.VerificationURI
				}
				if err := e.OpenBrowser(target); err != nil {
					fmt.Fprintln(out, e.T("cli.login_no_browser", "Reason", err.Error()))
				}
			}
		}()
	}
	fmt.Fprintln(out, e.T("cli.login_waiting", "Time", dc.Expiry.Local().Format("15:04")))
	tr, err := df.Poll(ctx, dc)
	if err != nil {
		return e.fail(err)
	}
	verifier, err := auth.NewVerifier(ctx, cfg.Endpoint, cfg.AppID, e.HTTPClient, e.Now)
	if err != nil {
		return e.fail(err)
	}
	if tr.IDToken == "" {
		return e.fail(&failure{said: i18n.M("cli.login_no_openid"), err: &auth.IdentityError{Reason: missingOpenID}})
	}
	id, err := verifier.Verify(ctx, tr.IDToken.Reveal())
	if err != nil {
		return e.fail(err)
	}
	st := e.store()
	key := auth.Key(cfg.Endpoint, cfg.AppID)
	tok := auth.NewTokens(cfg.Endpoint, cfg.AppID, tr, id, e.now())
	if err := st.Save(key, tok); err != nil {
		return e.fail(err)
	}
	if c.json {
		e.printJSON(map[string]any{"signed_in": true, "endpoint": cfg.Endpoint, "user_id": id.Subject,
			"username": id.Username, "email": id.Email, "name": id.Name, "storage": st.Location(key)})
	} else {
		fmt.Fprintln(out, e.T("cli.login_done", "Endpoint", cfg.Endpoint, "Name", id.Display(), "ID", id.Subject,
			"Storage", st.Location(key)))
	}
	return ExitOK
}

func (e *Env) logoutCmd(cmd *cobra.Command) {
	var f signInFlags
	fill(cmd, cobra.Command{
		Example: cliExamples.logout,
		Args:    cobra.NoArgs,
		RunE:    func(*cobra.Command, []string) error { return code(e.logout(f)) },
	})
	e.tenantFlag(cmd, &f.tenant)
	cmd.Flags().BoolVar(&f.json, "json", false, e.h.T("commands.flag_json"))
}

func (e *Env) logout(c signInFlags) int {
	cfg, code := e.loadConfig(c.tenant)
	if cfg == nil {
		return code
	}
	st := e.store()
	key := auth.Key(cfg.Endpoint, cfg.AppID)
	tok, err := st.Load(key)
	if errors.Is(err, auth.ErrSignInRequired) {
		if c.json {
			e.printJSON(map[string]any{"signed_out": true, "was_signed_in": false})
		} else {
			fmt.Fprintln(e.human(), e.T("cli.logout_not_signed_in"))
		}
		return ExitOK
	}
	revoked, exit := false, ExitOK
	if err == nil && tok.RefreshToken != "" {
		// Ctrl+C stops the wait for the tenant, not the wipe: someone who
		// gives up waiting still wants to be signed out here.
		sig, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		ctx, cancel := context.WithTimeout(sig, 10*time.Second)
		slow := time.AfterFunc(time.Second, func() {
			fmt.Fprintln(e.Stderr, e.T("cli.logout_waiting", "Endpoint", cfg.Endpoint))
		})
		rerr := auth.Revoke(ctx, e.HTTPClient, cfg.Endpoint, cfg.AppID, tok.RefreshToken)
		slow.Stop()
		interrupted := sig.Err() != nil
		cancel()
		stop()
		switch {
		case interrupted:
			exit = ExitInterrupted
			e.warn(e.T("cli.logout_interrupted"))
		case errors.Is(rerr, context.DeadlineExceeded):
			e.warn(e.T("cli.logout_timeout", "Endpoint", cfg.Endpoint))
		case rerr != nil:
			e.warn(e.T("cli.logout_failed", "Reason", rerr.Error()))
		default:
			revoked = true
		}
	}
	if err := st.Delete(key); err != nil {
		return e.fail(err)
	}
	if c.json {
		e.printJSON(map[string]any{"signed_out": true, "was_signed_in": true, "revoked_at_tenant": revoked})
	} else {
		fmt.Fprintln(e.human(), e.T("cli.logout_done"))
	}
	return exit
}

func (e *Env) statusCmd(cmd *cobra.Command) {
	var f signInFlags
	fill(cmd, cobra.Command{
		Long:    e.h.T("cli.status_long"),
		Example: cliExamples.status,
		Args:    cobra.NoArgs,
		RunE:    func(*cobra.Command, []string) error { return code(e.status(f)) },
	})
	e.tenantFlag(cmd, &f.tenant)
	cmd.Flags().BoolVar(&f.json, "json", false, e.h.T("commands.flag_json"))
	cmd.Flags().BoolVar(&f.showToken, "show-token", false, e.h.T("cli.flag_show_token"))
}

func (e *Env) status(c signInFlags) int {
	showToken := &c.showToken
	cfg, code := e.loadConfig(c.tenant)
	if cfg == nil {
		return code
	}
	lang, source := e.language(cfg)
	l := i18n.New(lang)
	if c.json {
		l = i18n.New(i18n.English) // a script reads the same words whatever the language
	}
	st := e.store()
	key := auth.Key(cfg.Endpoint, cfg.AppID)
	mode := l.T("status.mode_account")
	if cfg.HasM2M() {
		mode = l.T("status.mode_management")
	}
	w := e.Stdout
	lines := statusLines{l: l}
	tok, err := st.Load(key)
	if err != nil {
		if c.json {
			e.printJSON(map[string]any{"signed_in": false, "endpoint": cfg.Endpoint, "mode": mode, "language": lang})
		} else {
			fmt.Fprintln(w, l.T("status.not_signed_in", "Endpoint", cfg.Endpoint))
			lines.add("status.label_mode", mode)
			lines.add("status.label_language", languageLine(l, lang, source))
			lines.print(w)
		}
		if errors.Is(err, auth.ErrSignInRequired) {
			return ExitNotSignedIn
		}
		return e.fail(err)
	}
	expired := !tok.Valid(e.now(), 0)
	if c.json {
		v := map[string]any{"signed_in": true, "endpoint": cfg.Endpoint, "user_id": tok.Identity.Subject,
			"username": tok.Identity.Username, "email": tok.Identity.Email, "name": tok.Identity.Name,
			"access_token_expires": tok.Expiry.UTC().Format(time.RFC3339), "access_token_expired": expired,
			"can_refresh": tok.RefreshToken != "", "scopes": tok.Scope, "storage": st.Location(key), "mode": mode,
			"m2m_configured": cfg.HasM2M(), "language": lang}
		if tok.Identity.IssuedAt != 0 {
			v["profile_as_of"] = time.Unix(tok.Identity.IssuedAt, 0).UTC().Format(time.RFC3339)
		}
		if *showToken {
			v["access_token"] = tok.AccessToken.Reveal()
		}
		e.printJSON(v)
		return ExitOK
	}
	lines.add("status.label_tenant", cfg.Endpoint)
	lines.add("status.label_signed_in", l.T("status.signed_in_as", "Name", tok.Identity.Display(), "ID", tok.Identity.Subject))
	if tok.Identity.Email != "" {
		lines.add("status.label_email", tok.Identity.Email)
	}
	if tok.Identity.IssuedAt != 0 { // the name and email are the sign-in's; the screens show Logto's now
		lines.add("status.label_as_of", l.T("status.as_of", "Time", time.Unix(tok.Identity.IssuedAt, 0).Local().Format("2006-01-02 15:04")))
	}
	when := tok.Expiry.Local().Format("2006-01-02 15:04")
	state := l.T("status.valid_until", "Time", when)
	if expired {
		state = l.T("status.expired_at", "Time", when)
		if tok.RefreshToken != "" {
			state = l.T("status.expired_renewed", "Time", when)
		}
	}
	lines.add("status.label_token", state)
	lines.add("status.label_scopes", tok.Scope)
	lines.add("status.label_stored", st.Location(key))
	lines.add("status.label_mode", mode)
	if missing := flow.MissingScopes(tok.Scope); !cfg.HasM2M() && len(missing) > 0 {
		lines.add("status.label_note", l.T("status.missing_scopes", "Scopes", strings.Join(missing, " ")))
	}
	if *showToken {
		lines.add("status.label_access", tok.AccessToken.Reveal())
	} else {
		lines.add("status.label_access", l.T("status.access_hidden"))
	}
	lines.add("status.label_language", languageLine(l, lang, source))
	lines.print(w)
	return ExitOK
}

// languageLine says which language speaks and why (status).
func languageLine(l *i18n.Localizer, lang, source string) string {
	if source == "" {
		return l.T("status.language_default", "Name", i18n.Name(lang), "Tag", lang)
	}
	if source == sourceConfig {
		source = l.T("status.source_config")
	}
	return l.T("status.language_from", "Name", i18n.Name(lang), "Tag", lang, "Source", source)
}

// statusLines are status's "Label:  value" lines, the values in one
// column measured in cells (a Chinese label is twice as wide as its runes).
type statusLines struct {
	l     *i18n.Localizer
	label []string
	value []string
}

func (s *statusLines) add(id, value string) {
	s.label = append(s.label, s.l.T(id))
	s.value = append(s.value, value)
}

func (s *statusLines) print(w io.Writer) {
	col := 12 // English's column: "Signed in:" and two spaces
	for _, l := range s.label {
		col = max(col, ansi.StringWidth(l)+2)
	}
	for i, l := range s.label {
		fmt.Fprintf(w, "%s%s%s\n", l, strings.Repeat(" ", col-ansi.StringWidth(l)), s.value[i])
	}
}
