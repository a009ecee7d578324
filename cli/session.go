package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/config"
	"github.com/logto-account/logto-account/flow"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui"
	"github.com/logto-account/logto-account/tui/common"
)

// acctFlags are what every account command takes: the tenant, admin mode's
// --user, and (for sensitive changes) where the proof of identity is.
type acctFlags struct {
	tenant, user, proofFile string
}

// addAcctFlags gives cmd --tenant and --user, and --proof-file when it
// changes something sensitive.
func (e *Env) addAcctFlags(cmd *cobra.Command, sensitive bool) *acctFlags {
	f := &acctFlags{}
	e.tenantFlag(cmd, &f.tenant)
	cmd.Flags().StringVar(&f.user, "user", "", e.h.T("commands.flag_user"))
	if sensitive {
		cmd.Flags().StringVar(&f.proofFile, "proof-file", "", e.h.T("commands.flag_proof_file"))
		_ = cmd.MarkFlagFilename("proof-file")
	}
	return f
}

// session is an account command's hold on the account: the same backend
// the screens use (logto.ManagementAccount or logto.MyAccount, as
// tui.Account), the user it acts on, and whether the user proved who they
// are in this run.
type session struct {
	e   *Env
	ctx context.Context
	cfg *config.Config
	// acct is the screens' backend, bound to the user acted on.
	acct tui.Account
	// admin is an operator acting on another user: no proof is asked (the
	// operator cannot give one), as on the screens.
	admin bool
	// signedIn is the sign-in this program holds (the operator's in admin
	// mode); its IssuedAt tells this program's grant from the app's others.
	signedIn *tui.SignedIn
	// client is the Management API client (nil on the Account API).
	client *logto.Client
	flags  *acctFlags
	me     *logto.User
	proved bool
}

// notSignedIn is an account command run before `login` (exit 3); missing
// are the Account API's scopes a kept sign-in lacks ("" none kept).
type notSignedIn struct{ endpoint, missing string }

func (n *notSignedIn) Error() string { return n.in(i18n.New(i18n.English)) }

// in is the sentence in l's language.
func (n *notSignedIn) in(l *i18n.Localizer) string {
	if n.missing != "" {
		return l.T("cli.not_signed_in_scopes", "Endpoint", n.endpoint, "Scopes", n.missing)
	}
	return l.T("cli.not_signed_in", "Endpoint", n.endpoint)
}

// withAccount opens the account for a command and runs fn with it; the
// context ends at Ctrl+C.
func (e *Env) withAccount(cmd *cobra.Command, f *acctFlags, fn func(s *session) error) error {
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	s, err := e.open(ctx, f)
	if err != nil {
		return err
	}
	return fn(s)
}

// open signs in from the kept tokens (refreshed when due, never a new
// device flow: a script cannot approve one) and binds the backend: the
// Management API with operator credentials (the signed-in user, or --user),
// else the Account API with the user's own token.
func (e *Env) open(ctx context.Context, f *acctFlags) (*session, error) {
	cfg, c := e.loadConfig(f.tenant)
	if cfg == nil {
		return nil, exitCode(c)
	}
	s := &session{e: e, ctx: ctx, cfg: cfg, flags: f}
	store := e.store()
	if !cfg.HasM2M() {
		if f.user != "" {
			return nil, &usageError{msg: e.T("cli.user_needs_m2m")}
		}
		lang, _ := e.language(cfg)
		af := &flow.Account{Endpoint: cfg.Endpoint, ClientID: cfg.AppID, HTTP: e.HTTPClient, Now: e.Now, Store: store,
			LockDir: e.StateDir, Warn: e.warn, AcceptLanguage: i18n.AcceptLanguage(lang), Lang: e.loc()}
		res, err := af.Resume(ctx)
		if err != nil {
			return nil, s.signInError(err, store)
		}
		s.signedIn = res.(*tui.SignedIn)
		s.acct = s.signedIn.Account
		return s, nil
	}
	client, err := e.managementClient(cfg)
	if err != nil {
		return nil, err
	}
	s.client = client
	mf := &flow.Management{Endpoint: cfg.Endpoint, ClientID: cfg.AppID, Client: client, HTTP: e.HTTPClient, Now: e.Now,
		Store: store, LockDir: e.StateDir}
	res, err := mf.Resume(ctx)
	if err != nil {
		return nil, s.signInError(err, store)
	}
	s.signedIn = res.(*tui.SignedIn)
	s.acct = s.signedIn.Account
	if f.user == "" {
		return s, nil
	}
	u, exact, err := findUser(ctx, client, f.user)
	if err != nil {
		return nil, err
	}
	if u == nil {
		if exact == 0 {
			return nil, &usageError{msg: e.T("cli.user_none", "User", f.user, "Query", shellWord(f.user))}
		}
		return nil, &usageError{msg: e.N("cli.user_many", exact, "User", f.user, "Query", shellWord(f.user))}
	}
	s.admin, s.me = true, u
	s.acct = logto.NewManagementAccount(client, u.ID)
	return s, nil
}

// signInError says why no kept sign-in could be used.
func (s *session) signInError(err error, store *auth.Store) error {
	if !errors.Is(err, auth.ErrSignInRequired) {
		return err
	}
	lacks := ""
	key := auth.Key(s.cfg.Endpoint, s.cfg.AppID)
	if tok, lerr := store.Load(key); lerr == nil && !s.cfg.HasM2M() {
		lacks = strings.Join(flow.MissingScopes(tok.Scope), " ")
	}
	return &notSignedIn{endpoint: s.cfg.Endpoint, missing: lacks}
}

// user is the account as Logto holds it now (read once a run).
func (s *session) user() (*logto.User, error) {
	if s.me != nil {
		return s.me, nil
	}
	u, err := s.acct.Me(s.ctx)
	if err != nil {
		return nil, err
	}
	s.me = u
	return u, nil
}

// actingOn names the user admin mode acts on ("" on one's own account),
// for the sentences that say whose account it is (each area words them in
// its own messages, as the language says "your" or "Ada Lovelace's").
func (s *session) actingOn() string {
	if s.admin && s.me != nil {
		return common.Clean(s.me.DisplayName())
	}
	return ""
}

// sensitive runs a change that needs a proof of the user, as the screens'
// Guard does: the proof first (none in admin mode), and once more when
// Logto refuses the proof it was given (an Account API record that ran
// out).
func (s *session) sensitive(fn func() error) error {
	if err := s.prove(); err != nil {
		return err
	}
	err := fn()
	if common.ProofRefused(err) && !s.admin {
		s.proved = false
		if err := s.prove(); err != nil {
			return err
		}
		err = fn()
	}
	return err
}

// shellWord quotes s for a shell command shown in a message.
func shellWord(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@.-_+/:", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// when is a time for people, to the minute in local time ("" for none).
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

// stamp is a time for JSON: RFC 3339 in UTC, or null for none.
func stamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}
