package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/sessions"
)

var sessionsTop = topLevel{"sessions", "commands.sessions",
	func(e *Env) func(*cobra.Command) { return e.sessionsCmd }}

var appsTop = topLevel{"apps", "commands.apps",
	func(e *Env) func(*cobra.Command) { return e.appsCmd }}

func (e *Env) sessionsCmd(cmd *cobra.Command) {
	asGroup(cmd, e.T("sessions.cli_sessions_long"), e.sessionsList(), e.sessionsRevoke(), e.sessionsOthers())
}

func (e *Env) appsCmd(cmd *cobra.Command) {
	asGroup(cmd, e.T("sessions.cli_apps_long"), e.appsList(), e.appsRevoke())
}

// listed reads what the screen lists: sessions and grants, after a proof
// when Logto asks for one (the Account API), and which grant is this
// program's own (none in admin mode).
func (s *session) listed() (ss []logto.Session, gs []logto.Grant, own string, err error) {
	err = s.guarded(func() error {
		if ss, err = s.acct.Sessions(s.ctx); err != nil {
			return err
		}
		gs, err = s.acct.Grants(s.ctx)
		return err
	})
	if err == nil && !s.admin {
		own, _ = logto.OwnGrant(gs, s.cfg.AppID, s.signedIn.IssuedAt)
	}
	return ss, gs, own, err
}

// guarded runs a read Logto may refuse for want of a proof (the Account
// API's sessions): on that refusal the user is asked and it runs again.
func (s *session) guarded(fn func() error) error {
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

// The tables' columns that read the same in every language.
const (
	idColumn = "ID"
	ipColumn = "IP"
	// revokeUse is the revoke commands' syntax (cobra's, not a sentence).
	revokeUse = "revoke ID"
	// productName is this program's own app in the history.
	productName = "logto-account"
)

// at is a time to the minute in the run's language, in local time ("" for
// none).
func (e *Env) at(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return e.loc().DateTime(t.Local())
}

type sessionJSON struct {
	ID         string  `json:"id"`
	Device     string  `json:"device"`
	UserAgent  string  `json:"user_agent"`
	IP         string  `json:"ip"`
	City       string  `json:"city"`
	Country    string  `json:"country"`
	SignedInAt *string `json:"signed_in_at"`
	ExpiresAt  *string `json:"expires_at"`
	// ApprovedThisProgram: the session approved this program's sign-in.
	ApprovedThisProgram bool `json:"approved_this_program"`
}

func (e *Env) sessionsList() *cobra.Command {
	c := &cobra.Command{Use: "list", Short: e.T("sessions.cli_list_short"), Args: cobra.NoArgs,
		Example: e.T("sessions.cli_list_example")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			ss, _, own, err := s.listed()
			if err != nil {
				return err
			}
			js := make([]sessionJSON, len(ss))
			rows := make([][]string, len(ss))
			for i, x := range ss {
				ctx := x.Context()
				mine := own != "" && x.Payload.Authorizations[s.cfg.AppID].GrantID == own
				js[i] = sessionJSON{ID: x.ID(), Device: sessions.Device(ctx.UserAgent), UserAgent: ctx.UserAgent, IP: ctx.IP,
					City: ctx.City, Country: ctx.Country, SignedInAt: stamp(x.SignedInAt()), ExpiresAt: stamp(x.ExpiresAt.Time),
					ApprovedThisProgram: mine}
				place := strings.Trim(ctx.City+", "+ctx.Country, ", ")
				note := ""
				if mine {
					note = e.T("sessions.cli_note_approved")
				}
				rows[i] = []string{x.ID(), sessions.DeviceIn(e.loc(), ctx.UserAgent), ctx.IP, place, e.at(x.SignedInAt()), note}
			}
			return o.emit(js, func(w io.Writer) {
				if len(ss) == 0 {
					fmt.Fprintln(w, e.T("sessions.cli_no_sessions"))
					return
				}
				e.table(w, []string{idColumn, e.T("sessions.cli_col_device"), ipColumn, e.T("sessions.cli_col_place"),
					e.T("sessions.cli_col_signed_in"), e.T("sessions.cli_col_note")}, rows)
			})
		})
	}
	return c
}

func (e *Env) sessionsRevoke() *cobra.Command {
	var withApps bool
	c := &cobra.Command{Use: revokeUse, Short: e.T("sessions.cli_revoke_short"),
		Args: cobra.ExactArgs(1), Example: e.T("sessions.cli_revoke_example"), Annotations: twins("sessions.Revoke")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().BoolVar(&withApps, "with-apps", false, e.T("sessions.cli_flag_with_apps"))
	c.ValidArgsFunction = e.completeSessions(f)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			ss, _, own, err := s.listed()
			if err != nil {
				return err
			}
			var found *logto.Session
			for i := range ss {
				if ss[i].ID() == args[0] {
					found = &ss[i]
				}
			}
			if found == nil {
				return common.Sentence(e.T("sessions.cli_no_such_session", "ID", args[0]))
			}
			target := logto.RevokeGrantsDefault
			if withApps {
				target = logto.RevokeGrantsAll
			}
			if err := s.sensitive(func() error { return s.acct.RevokeSession(s.ctx, found.ID(), target) }); err != nil {
				return err
			}
			self := withApps && own != "" && found.Payload.Authorizations[s.cfg.AppID].GrantID == own
			text := e.T("sessions.signed_out", "Where", sessions.DeviceIn(e.loc(), found.Context().UserAgent))
			if self {
				text += e.T("sessions.cli_self_signed_out")
			}
			return o.emit(map[string]any{"revoked": true, "id": found.ID(), "with_apps": withApps, "signed_out_this_program": self},
				func(w io.Writer) { fmt.Fprintln(w, text) })
		})
	}
	return c
}

func (e *Env) sessionsOthers() *cobra.Command {
	c := &cobra.Command{Use: "revoke-others", Short: e.T("sessions.cli_others_short"),
		Args: cobra.NoArgs, Example: e.T("sessions.cli_others_example"), Annotations: twins("sessions.Others")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			ss, gs, own, err := s.listed()
			if err != nil {
				return err
			}
			// With --user none of the user's sign-ins is this terminal's: every
			// one goes, this program's included (as the admin screen does).
			client := s.cfg.AppID
			if s.admin {
				client = ""
			}
			var r sessions.OthersReport
			if err := s.sensitive(func() error {
				r = sessions.SignOutOthers(s.ctx, s.acct, ss, gs, own, client)
				return nil
			}); err != nil {
				return err
			}
			words := r.Say(e.loc(), s.admin, true)
			err = o.emit(map[string]any{"sessions_revoked": r.Sessions, "apps_revoked": r.Apps, "kept": r.Kept, "failed": r.Failed},
				func(w io.Writer) { fmt.Fprintln(w, words) })
			if err == nil && r.Failed > 0 {
				return exitCode(ExitFailure)
			}
			return err
		})
	}
	return c
}

type grantJSON struct {
	ID          string  `json:"id"`
	AppID       string  `json:"app_id"`
	App         string  `json:"app"`
	GrantedAt   *string `json:"granted_at"`
	ExpiresAt   *string `json:"expires_at"`
	ThisProgram bool    `json:"this_program"`
}

func (e *Env) appsList() *cobra.Command {
	c := &cobra.Command{Use: "list", Short: e.T("sessions.cli_apps_list_short"), Args: cobra.NoArgs,
		Example: e.T("sessions.cli_apps_list_example")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			_, gs, own, err := s.listed()
			if err != nil {
				return err
			}
			js := make([]grantJSON, len(gs))
			rows := make([][]string, len(gs))
			for i, g := range gs {
				js[i] = grantJSON{ID: g.ID, AppID: g.Payload.ClientID, App: g.Application.Name, GrantedAt: stamp(g.GrantedAt()),
					ExpiresAt: stamp(g.ExpiresAt.Time), ThisProgram: g.ID == own}
				note := ""
				if g.ID == own {
					note = e.T("sessions.cli_note_this_program")
				}
				rows[i] = []string{g.ID, g.Application.Name, e.at(g.GrantedAt()), note}
			}
			return o.emit(js, func(w io.Writer) {
				if len(gs) == 0 {
					fmt.Fprintln(w, e.T("sessions.cli_no_apps"))
					return
				}
				e.table(w, []string{idColumn, e.T("sessions.cli_col_app"), e.T("sessions.cli_col_granted"), e.T("sessions.cli_col_note")}, rows)
			})
		})
	}
	return c
}

func (e *Env) appsRevoke() *cobra.Command {
	c := &cobra.Command{Use: revokeUse, Short: e.T("sessions.cli_apps_revoke_short"), Args: cobra.ExactArgs(1),
		Example: e.T("sessions.cli_apps_revoke_example"), Annotations: twins("sessions.Revoke")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.ValidArgsFunction = e.completeGrants(f)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			_, gs, own, err := s.listed()
			if err != nil {
				return err
			}
			var found *logto.Grant
			for i := range gs {
				if gs[i].ID == args[0] {
					found = &gs[i]
				}
			}
			if found == nil {
				return common.Sentence(e.T("sessions.cli_no_such_grant", "ID", args[0]))
			}
			if err := s.sensitive(func() error { return s.acct.RevokeGrant(s.ctx, found.ID) }); err != nil {
				return err
			}
			text := e.T("sessions.no_longer_has_access", "App", common.Clean(found.Application.Name))
			if found.ID == own {
				text += e.T("sessions.cli_own_grant_revoked")
			}
			return o.emit(map[string]any{"revoked": true, "id": found.ID, "app": found.Application.Name, "this_program": found.ID == own},
				func(w io.Writer) { fmt.Fprintln(w, text) })
		})
	}
	return c
}
