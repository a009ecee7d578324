package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/danger"
)

var accountTop = topLevel{"account", "commands.account",
	func(e *Env) func(*cobra.Command) { return e.accountCmd }}

func (e *Env) accountCmd(cmd *cobra.Command) {
	asGroup(cmd, "The danger zone, as on its screen: locking the account down when it may be compromised, and "+
		"deleting it.", e.accountLockdown(), e.accountDelete())
}

func (e *Env) accountDelete() *cobra.Command {
	var confirm string
	c := &cobra.Command{Use: "delete", Short: "Delete the account, everything in it, and this program's sign-in", Args: cobra.NoArgs,
		Long: "Delete the account for good. As on the screen, you type what it asks (your username, else your email, " +
			"phone or user id) — on a terminal when asked, or with --confirm TEXT — and confirm it is you again " +
			"whatever happened before. Then this program's sign-in is revoked and its local tokens wiped. In admin " +
			"mode (--user) the operator types the user's username and no proof is asked.",
		Example:     "  logto-account account delete\n  logto-account account delete --confirm ada --proof-file pw",
		Annotations: twins("danger.Delete")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().StringVar(&confirm, "confirm", "", "the `TEXT` the screen asks to type: the username (else the email, phone or user id)")
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			if l, ok := s.acct.(logto.Lacking); ok && l.Lacks(logto.CapDeleteAccount) {
				return &logto.UnavailableError{Capability: logto.CapDeleteAccount}
			}
			u, err := s.user()
			if err != nil {
				return err
			}
			want := danger.Expected(u)
			if confirm == "" {
				if !e.StdinIsTerminal {
					return usagef("deleting the account needs --confirm %s (what the screen asks to type)", shellWord(want))
				}
				fmt.Fprintf(e.Stderr, "This deletes %s account: profile, identities, two-step factors, tokens and sessions. It cannot be undone.\n", s.whose())
				if confirm, err = e.readLine("Type " + want + " to confirm: "); err != nil {
					return err
				}
			}
			if confirm != want {
				return usagef("that does not match; type %s exactly to confirm. Nothing was deleted", want)
			}
			s.proved = false // deletion asks every time, whatever came before
			err = s.sensitive(func() error { return s.acct.DeleteAccount(s.ctx) })
			if err != nil && !logto.IsCode(err, "entity.not_found") {
				return err
			}
			gone := err != nil
			if s.admin {
				name := common.Clean(u.DisplayName())
				text := name + "'s account was deleted."
				if gone {
					text = name + "'s account had already been deleted."
				}
				return o.emit(map[string]any{"deleted": true, "id": u.ID}, func(w io.Writer) { fmt.Fprintln(w, text) })
			}
			wipe := e.signOutHere(s)
			text := "Your account was deleted. Goodbye."
			if wipe != nil {
				text += " (Local sign-in data could not be fully wiped: " + wipe.Error() + ")"
			}
			return o.emit(map[string]any{"deleted": true, "id": u.ID, "local_tokens_wiped": wipe == nil},
				func(w io.Writer) { fmt.Fprintln(w, text) })
		})
	}
	return c
}

// signOutHere revokes this program's refresh token at the tenant and wipes
// the kept tokens (after the account is gone, as the screen does).
func (e *Env) signOutHere(s *session) error {
	store := e.store()
	key := auth.Key(s.cfg.Endpoint, s.cfg.AppID)
	if tok, err := store.Load(key); err == nil && tok.RefreshToken != "" {
		ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
		_ = auth.Revoke(ctx, e.HTTPClient, s.cfg.Endpoint, s.cfg.AppID, tok.RefreshToken)
		cancel()
	}
	return store.Delete(key)
}

var usersTop = topLevel{"users", "commands.users",
	func(e *Env) func(*cobra.Command) { return e.usersCmd }}

func (e *Env) usersCmd(cmd *cobra.Command) {
	asGroup(cmd, "The tenant's users, for operators (M2M credentials), as admin mode's user picker and danger zone "+
		"show them. Every account command acts on another user with --user ID|EMAIL|USERNAME.",
		e.usersList(), e.usersSearch(), e.usersSuspend(true), e.usersSuspend(false))
}

// usersPage lists one page of a search (or of everyone).
func (e *Env) usersPage(cmd *cobra.Command, f *acctFlags, o *out, query string, page, size int) error {
	if err := checkPage(page, size); err != nil {
		return err
	}
	return e.withAccount(cmd, f, func(s *session) error {
		if s.client == nil {
			return usagef("users needs operator M2M credentials (LOGTO_ACCOUNT_M2M_APP_ID and LOGTO_ACCOUNT_M2M_APP_SECRET)")
		}
		p, err := s.client.SearchUsers(s.ctx, logto.UserQuery{Search: query, Page: page, PageSize: size})
		if err != nil {
			return err
		}
		js := make([]map[string]any, len(p.Users))
		rows := make([][]string, len(p.Users))
		for i := range p.Users {
			u := &p.Users[i]
			js[i] = map[string]any{"id": u.ID, "username": logto.Str(u.Username), "name": logto.Str(u.Name),
				"primary_email": logto.Str(u.PrimaryEmail), "primary_phone": logto.Str(u.PrimaryPhone),
				"suspended": u.IsSuspended, "created_at": stamp(u.CreatedAt.Time)}
			state := ""
			if u.IsSuspended {
				state = "suspended"
			}
			rows[i] = []string{u.ID, logto.Str(u.Name), logto.Str(u.Username), logto.Str(u.PrimaryEmail), state}
		}
		return o.emit(map[string]any{"users": js, "page": p.Page, "page_size": p.PageSize, "total": p.Total, "has_next": p.HasNext()},
			func(w io.Writer) {
				if len(p.Users) == 0 {
					fmt.Fprintln(w, "No user matches.")
					return
				}
				e.table(w, []string{"ID", "NAME", "USERNAME", "EMAIL", "STATE"}, rows)
				more := ""
				if p.HasNext() {
					more = fmt.Sprintf("; --page %d for the next", p.Page+1)
				}
				users := "users"
				if p.Total == 1 {
					users = "user"
				}
				fmt.Fprintf(e.human(), "Page %d, %d of %d %s%s.\n", p.Page, len(p.Users), p.Total, users, more)
			})
	})
}

func (e *Env) usersList() *cobra.Command {
	var page, size int
	c := &cobra.Command{Use: "list", Short: "List the tenant's users, newest first, a page at a time", Args: cobra.NoArgs,
		Example: "  logto-account users list --page 2", Annotations: twins("admin.Pick", "admin.Next", "admin.Prev", "tui.SwitchUser")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.Flags().IntVar(&page, "page", 1, "which page")
	c.Flags().IntVar(&size, "page-size", 20, "users a page (1–100)")
	c.RunE = func(cmd *cobra.Command, _ []string) error { return e.usersPage(cmd, f, o, "", page, size) }
	return c
}

func (e *Env) usersSearch() *cobra.Command {
	var page, size int
	c := &cobra.Command{Use: "search TEXT", Short: "Search users by name, email, username, phone or id", Args: cobra.ExactArgs(1),
		Example: "  logto-account users search lovelace", Annotations: twins("admin.Search")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.Flags().IntVar(&page, "page", 1, "which page")
	c.Flags().IntVar(&size, "page-size", 20, "users a page (1–100)")
	c.RunE = func(cmd *cobra.Command, args []string) error { return e.usersPage(cmd, f, o, args[0], page, size) }
	return c
}

func (e *Env) usersSuspend(on bool) *cobra.Command {
	use, short, done := "suspend USER", "Suspend a user: their sessions and tokens are revoked", "suspended: their sessions and tokens were revoked"
	if !on {
		use, short, done = "reinstate USER", "Reinstate a suspended user", "reinstated"
	}
	c := &cobra.Command{Use: use, Short: short, Args: cobra.ExactArgs(1), Annotations: twins("danger.Suspend"),
		Example: "  logto-account users " + strings.Fields(use)[0] + " ada@example.com"}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	_ = c.Flags().MarkHidden("user") // USER is the argument
	c.RunE = func(cmd *cobra.Command, args []string) error {
		f.user = args[0]
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.acct.SetSuspended(s.ctx, on)
			if err != nil {
				return err
			}
			return o.emit(map[string]any{"id": u.ID, "suspended": u.IsSuspended},
				func(w io.Writer) { fmt.Fprintln(w, common.Clean(u.DisplayName())+" "+done+".") })
		})
	}
	return c
}
