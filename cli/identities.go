package cli

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/identities"
)

var identitiesTop = topLevel{"identities", "commands.identities",
	func(e *Env) func(*cobra.Command) { return e.identitiesCmd }}

func (e *Env) identitiesCmd(cmd *cobra.Command) {
	asGroup(cmd, e.T("identities.cli_long"), e.identitiesList(), e.identitiesLink(), e.identitiesUnlink())
}

func (e *Env) identitiesList() *cobra.Command {
	c := &cobra.Command{Use: "list", Short: e.T("identities.cli_list_short"), Args: cobra.NoArgs, Example: identitiesListExample}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			conns, err := s.acct.Connectors(s.ctx)
			if err != nil {
				return err
			}
			byTarget := map[string]logto.Connector{}
			for _, c := range conns {
				if c.Type == logto.ConnectorSocial {
					byTarget[c.Target] = c
				}
			}
			// provider is a target's name in a language: English in the
			// JSON (its values never change), the run's for people.
			provider := func(target, lang string) string {
				if c, ok := byTarget[target]; ok {
					return c.DisplayName(lang)
				}
				return target
			}
			en, lang, english := i18n.English, identities.ProviderLang(e.loc()), i18n.New(i18n.English)
			var rows [][]string
			linked, linkable, not, sso := []map[string]any{}, []map[string]any{}, []map[string]any{}, []map[string]any{}
			targets := make([]string, 0, len(u.Identities))
			for t := range u.Identities {
				targets = append(targets, t)
			}
			sort.Strings(targets)
			for _, t := range targets {
				id := u.Identities[t]
				email, _ := id.Details["email"].(string)
				name, _ := id.Details["name"].(string)
				linked = append(linked, map[string]any{"target": t, "provider": provider(t, en), "user_id": id.UserID, "email": email, "name": name})
				rows = append(rows, []string{provider(t, lang), t, e.T("identities.cli_state_linked"), firstOf(email, name, id.UserID)})
			}
			for _, c := range conns {
				if _, done := u.Identities[c.Target]; done || c.Type != logto.ConnectorSocial {
					continue
				}
				if ok, why := identities.Linkable(c); !ok {
					not = append(not, map[string]any{"target": c.Target, "provider": c.DisplayName(en), "reason": why.Reason(english)})
					rows = append(rows, []string{c.DisplayName(lang), c.Target, e.T("identities.cli_state_cannot"), why.Reason(e.loc())})
					continue
				}
				linkable = append(linkable, map[string]any{"target": c.Target, "provider": c.DisplayName(en)})
				rows = append(rows, []string{c.DisplayName(lang), c.Target, e.T("identities.cli_state_can"), e.T("identities.cli_link_hint", "Target", c.Target)})
			}
			for _, x := range u.SSOIdentities {
				sso = append(sso, map[string]any{"issuer": x.Issuer, "identity_id": x.IdentityID, "connector_id": x.SSOConnectorID})
				rows = append(rows, []string{x.Issuer, "", e.T("identities.cli_state_sso"), e.T("identities.cli_sso_detail", "ID", x.IdentityID)})
			}
			// Organisations, read-only (the screen lists them under the
			// identities); what the backend cannot tell is said why.
			orgs, orgsWhy := []map[string]any{}, ""
			if ob, ok := s.acct.(interface {
				Organizations(ctx context.Context) ([]logto.Organization, error)
			}); ok {
				list, err := ob.Organizations(s.ctx)
				if err != nil {
					orgsWhy = common.ForCommands(e.words(err))
				}
				for _, org := range list {
					var roles []string
					for _, r := range org.Roles {
						roles = append(roles, r.Name)
					}
					orgs = append(orgs, map[string]any{"id": org.ID, "name": org.Name, "roles": roles, "requires_two_step": org.IsMFARequired})
					rows = append(rows, []string{org.Name, "", e.T("identities.cli_state_org"),
						e.T("identities.cli_roles", "Roles", firstOf(strings.Join(roles, e.T("identities.list_sep")), e.T("identities.cli_no_roles")))})
				}
			}
			res := map[string]any{"linked": linked, "linkable": linkable, "not_linkable": not, "enterprise": sso, "organizations": orgs}
			if orgsWhy != "" {
				res["organizations_unknown_because"] = orgsWhy
			}
			return o.emit(res,
				func(w io.Writer) {
					if len(rows) == 0 {
						fmt.Fprintln(w, e.T("identities.cli_none"))
					} else {
						e.table(w, []string{e.T("identities.cli_col_provider"), e.T("identities.cli_col_target"),
							e.T("identities.cli_col_state"), e.T("identities.cli_col_detail")}, rows)
					}
					if orgsWhy != "" {
						fmt.Fprintln(e.human(), e.T("identities.cli_orgs_unknown", "Why", orgsWhy))
					}
				})
		})
	}
	return c
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func (e *Env) identitiesLink() *cobra.Command {
	var paste bool
	c := &cobra.Command{Use: identitiesLinkUse, Short: e.T("identities.cli_link_short"), Args: cobra.ExactArgs(1),
		Long: e.T("identities.cli_link_long"), Example: identitiesLinkExample, Annotations: twins("identities.Link")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().BoolVar(&paste, "paste", false, e.T("identities.cli_flag_paste"))
	c.ValidArgsFunction = e.completeTargets(f, false)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		target := args[0]
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			if _, done := u.Identities[target]; done {
				return usagef("%s", e.T("identities.cli_already_linked", "Target", target))
			}
			conns, err := s.acct.Connectors(s.ctx)
			if err != nil {
				return err
			}
			var conn *logto.Connector
			for i, c := range conns {
				if c.Type == logto.ConnectorSocial && (c.Target == target || c.ID == target) {
					conn = &conns[i]
				}
			}
			if conn == nil {
				return usagef("%s", e.T("identities.cli_no_connector", "Target", fmt.Sprintf("%q", target)))
			}
			if ok, why := identities.Linkable(*conn); !ok {
				return usagef("%s", why.Sentence(e.loc(), common.Clean(conn.DisplayName(identities.ProviderLang(e.loc())))))
			}
			if err := s.prove(); err != nil {
				return err
			}
			params, redirect, err := e.followProvider(s, conn, paste || e.overSSH())
			if err != nil {
				return err
			}
			data := map[string]string{"redirectUri": redirect}
			for k, v := range params {
				if len(v) > 0 {
					data[k] = v[0]
				}
			}
			if err := s.guarded(func() error {
				_, err := s.acct.LinkIdentity(s.ctx, conn.ID, data)
				return err
			}); err != nil {
				return err
			}
			return o.emit(map[string]any{"linked": true, "target": conn.Target, "provider": conn.DisplayName(i18n.English)},
				func(w io.Writer) {
					fmt.Fprintln(w, e.T("identities.linked_done", "Name", common.Clean(conn.DisplayName(identities.ProviderLang(e.loc())))))
				})
		})
	}
	return c
}

// followProvider gets the provider's answer: through a loopback listener
// (the address printed, a browser opened on a local terminal), or pasted
// on stdin. The state is checked either way before Logto sees anything.
func (e *Env) followProvider(s *session, conn *logto.Connector, paste bool) (url.Values, string, error) {
	say := func(addr string) {
		fmt.Fprint(e.human(), e.T("identities.cli_sign_in_at", "Name", common.Clean(conn.DisplayName(identities.ProviderLang(e.loc()))))+"\n\n"+addr+"\n\n")
	}
	if paste {
		state, redirect := auth.NewState(), pasteRedirect(s.cfg)
		addr, err := s.acct.AuthorizationURI(s.ctx, conn.ID, state, redirect)
		if err != nil {
			return nil, "", err
		}
		say(addr)
		raw, err := e.readLine(e.T("identities.cli_paste_prompt", "Redirect", redirect) + " ")
		if err != nil {
			return nil, "", err
		}
		params, err := auth.ParseRedirect(raw, redirect, state)
		return params, redirect, err
	}
	cb, err := auth.ListenCallback(s.cfg.CallbackListen)
	if err != nil {
		return nil, "", err
	}
	defer cb.Close()
	addr, err := s.acct.AuthorizationURI(s.ctx, conn.ID, cb.State(), cb.RedirectURI())
	if err != nil {
		return nil, "", err
	}
	say(addr)
	if e.OpenBrowser != nil && e.StdinIsTerminal && !e.overSSH() {
		if err := e.OpenBrowser(addr); err == nil {
			fmt.Fprintln(e.human(), e.T("identities.cli_opened"))
		}
	}
	fmt.Fprintln(e.human(), e.N("identities.cli_waiting", int(auth.DefaultCallbackTimeout.Minutes())))
	params, err := cb.Wait(s.ctx, auth.DefaultCallbackTimeout)
	return params, cb.RedirectURI(), err
}

func (e *Env) identitiesUnlink() *cobra.Command {
	c := &cobra.Command{Use: identitiesUnlinkUse, Short: e.T("identities.cli_unlink_short"), Args: cobra.ExactArgs(1),
		Example: identitiesUnlinkExample, Annotations: twins("identities.Unlink")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.ValidArgsFunction = e.completeTargets(f, true)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		target := args[0]
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			if _, ok := u.Identities[target]; !ok {
				return usagef("%s", e.T("identities.cli_not_linked", "Target", fmt.Sprintf("%q", target)))
			}
			if why := identities.LastMethod(e.loc(), u, s.actingOn()); why != "" {
				return usagef("%s", why)
			}
			if err := s.sensitive(func() error {
				_, err := s.acct.UnlinkIdentity(s.ctx, target)
				return err
			}); err != nil {
				return err
			}
			return o.emit(map[string]any{"unlinked": true, "target": target},
				func(w io.Writer) { fmt.Fprintln(w, e.T("identities.cli_unlinked", "Target", common.Clean(target))) })
		})
	}
	return c
}
