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
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/identities"
)

var identitiesTop = topLevel{"identities", "commands.identities",
	func(e *Env) func(*cobra.Command) { return e.identitiesCmd }}

func (e *Env) identitiesCmd(cmd *cobra.Command) {
	asGroup(cmd, "Your social identities, as on the Identities screen: those linked, those the tenant lets you "+
		"link here (and why others cannot be), and enterprise SSO identities, read-only. Linking sends you to the "+
		"provider: the address is printed (and opened in a browser on a local terminal), and the provider's "+
		"redirect comes back to a listener on 127.0.0.1; over SSH you paste the address the browser ended on.",
		e.identitiesList(), e.identitiesLink(), e.identitiesUnlink())
}

func (e *Env) identitiesList() *cobra.Command {
	c := &cobra.Command{Use: "list", Short: "List linked identities and what can be linked", Args: cobra.NoArgs,
		Example: "  logto-account identities list\n  logto-account identities list --jq '.linkable[].target'"}
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
			provider := func(target string) string {
				if c, ok := byTarget[target]; ok {
					return c.DisplayName("en")
				}
				return target
			}
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
				linked = append(linked, map[string]any{"target": t, "provider": provider(t), "user_id": id.UserID, "email": email, "name": name})
				rows = append(rows, []string{provider(t), t, "linked", firstOf(email, name, id.UserID)})
			}
			for _, c := range conns {
				if _, done := u.Identities[c.Target]; done || c.Type != logto.ConnectorSocial {
					continue
				}
				if ok, why := identities.Linkable(c); !ok {
					not = append(not, map[string]any{"target": c.Target, "provider": c.DisplayName("en"), "reason": why})
					rows = append(rows, []string{c.DisplayName("en"), c.Target, "cannot be linked here", why})
					continue
				}
				linkable = append(linkable, map[string]any{"target": c.Target, "provider": c.DisplayName("en")})
				rows = append(rows, []string{c.DisplayName("en"), c.Target, "can be linked", "identities link " + c.Target})
			}
			for _, x := range u.SSOIdentities {
				sso = append(sso, map[string]any{"issuer": x.Issuer, "identity_id": x.IdentityID, "connector_id": x.SSOConnectorID})
				rows = append(rows, []string{x.Issuer, "", "enterprise SSO", x.IdentityID + " (managed by the organisation)"})
			}
			// Organisations, read-only (the screen lists them under the
			// identities); what the backend cannot tell is said why.
			orgs, orgsWhy := []map[string]any{}, ""
			if ob, ok := s.acct.(interface {
				Organizations(ctx context.Context) ([]logto.Organization, error)
			}); ok {
				list, err := ob.Organizations(s.ctx)
				if err != nil {
					orgsWhy = common.CommandWords(err)
				}
				for _, org := range list {
					var roles []string
					for _, r := range org.Roles {
						roles = append(roles, r.Name)
					}
					orgs = append(orgs, map[string]any{"id": org.ID, "name": org.Name, "roles": roles, "requires_two_step": org.IsMFARequired})
					rows = append(rows, []string{org.Name, "", "organisation", "roles: " + firstOf(strings.Join(roles, ", "), "none")})
				}
			}
			res := map[string]any{"linked": linked, "linkable": linkable, "not_linkable": not, "enterprise": sso, "organizations": orgs}
			if orgsWhy != "" {
				res["organizations_unknown_because"] = orgsWhy
			}
			return o.emit(res,
				func(w io.Writer) {
					if len(rows) == 0 {
						fmt.Fprintln(w, "No identity is linked, and the tenant offers none to link.")
					} else {
						e.table(w, []string{"PROVIDER", "TARGET", "STATE", "DETAIL"}, rows)
					}
					if orgsWhy != "" {
						fmt.Fprintln(e.human(), "Organisations: "+orgsWhy)
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
	c := &cobra.Command{Use: "link TARGET", Short: "Link a social identity (the provider's sign-in in a browser)", Args: cobra.ExactArgs(1),
		Long: "Link a social identity: the provider's address is printed (and opened in a browser on a local " +
			"terminal); its redirect comes back to a listener on 127.0.0.1 (callback_listen), whose state is checked " +
			"before anything is sent to Logto. With --paste (always over SSH, where the browser cannot reach this " +
			"machine) the address the browser ended on is read from stdin instead.",
		Example: "  logto-account identities link github", Annotations: twins("identities.Link")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().BoolVar(&paste, "paste", false, "read the address the browser ended on from stdin instead of listening for it")
	c.ValidArgsFunction = e.completeTargets(f, false)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		target := args[0]
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			if _, done := u.Identities[target]; done {
				return usagef("an identity of %s is already linked; unlink it first", target)
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
				return usagef("the tenant offers no social connector %q (`logto-account identities list` lists them)", target)
			}
			if ok, why := identities.Linkable(*conn); !ok {
				return usagef("%s cannot be linked here: it %s", conn.DisplayName("en"), why)
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
			return o.emit(map[string]any{"linked": true, "target": conn.Target, "provider": conn.DisplayName("en")},
				func(w io.Writer) { fmt.Fprintln(w, common.Clean(conn.DisplayName("en"))+" is linked.") })
		})
	}
	return c
}

// followProvider gets the provider's answer: through a loopback listener
// (the address printed, a browser opened on a local terminal), or pasted
// on stdin. The state is checked either way before Logto sees anything.
func (e *Env) followProvider(s *session, conn *logto.Connector, paste bool) (url.Values, string, error) {
	say := func(addr string) {
		fmt.Fprintf(e.human(), "Sign in at %s to link it. Open this address in a browser:\n\n%s\n\n", common.Clean(conn.DisplayName("en")), addr)
	}
	if paste {
		state, redirect := auth.NewState(), pasteRedirect(s.cfg)
		addr, err := s.acct.AuthorizationURI(s.ctx, conn.ID, state, redirect)
		if err != nil {
			return nil, "", err
		}
		say(addr)
		raw, err := e.readLine("Then paste the address the browser ended on (it starts with " + redirect + "): ")
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
			fmt.Fprintln(e.human(), "(Opened in your browser.)")
		}
	}
	fmt.Fprintln(e.human(), "Waiting for the provider to send you back (5 minutes at most; Ctrl+C cancels)…")
	params, err := cb.Wait(s.ctx, auth.DefaultCallbackTimeout)
	return params, cb.RedirectURI(), err
}

func (e *Env) identitiesUnlink() *cobra.Command {
	c := &cobra.Command{Use: "unlink TARGET", Short: "Unlink a social identity (never your last way to sign in)", Args: cobra.ExactArgs(1),
		Example: "  logto-account identities unlink github", Annotations: twins("identities.Unlink")}
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
				return usagef("no identity of %q is linked (`logto-account identities list` lists them)", target)
			}
			if why := identities.LastMethod(u, s.whose()); why != "" {
				return usagef("%s", why[:len(why)-1])
			}
			if err := s.sensitive(func() error {
				_, err := s.acct.UnlinkIdentity(s.ctx, target)
				return err
			}); err != nil {
				return err
			}
			return o.emit(map[string]any{"unlinked": true, "target": target},
				func(w io.Writer) { fmt.Fprintln(w, "The "+common.Clean(target)+" identity was unlinked.") })
		})
	}
	return c
}
