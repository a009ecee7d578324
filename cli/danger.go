package cli

import (
	"context"
	"fmt"
	"io"
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
	asGroup(cmd, e.T("dangercli.account_long"), e.accountLockdown(), e.accountDelete())
}

func (e *Env) accountDelete() *cobra.Command {
	var confirm string
	c := &cobra.Command{Use: "delete", Short: e.T("dangercli.delete_short"), Args: cobra.NoArgs,
		Long: e.T("dangercli.delete_long"), Example: e.T("dangercli.delete_example"), Annotations: twins("danger.Delete")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.Flags().StringVar(&confirm, "confirm", "", e.T("dangercli.flag_confirm"))
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
					return usagef("%s", e.T("dangercli.needs_confirm", "Text", shellWord(want)))
				}
				warning := e.T("dangercli.delete_warning_self")
				if name := s.actingOn(); name != "" {
					warning = e.T("dangercli.delete_warning_other", "Name", name)
				}
				fmt.Fprintln(e.Stderr, warning)
				if confirm, err = e.readLine(e.T("danger.type_to_confirm", "Text", want)); err != nil {
					return err
				}
			}
			if confirm != want {
				return usagef("%s", e.T("dangercli.no_match", "Text", want))
			}
			s.proved = false // deletion asks every time, whatever came before
			err = s.sensitive(func() error { return s.acct.DeleteAccount(s.ctx) })
			if err != nil && !logto.IsCode(err, "entity.not_found") {
				return err
			}
			gone := err != nil
			if s.admin {
				name := common.Clean(u.DisplayName())
				text := e.T("danger.deleted_other", "Name", name)
				if gone {
					text = e.T("danger.already_deleted_other", "Name", name)
				}
				return o.emit(map[string]any{"deleted": true, "id": u.ID}, func(w io.Writer) { fmt.Fprintln(w, text) })
			}
			wipe := e.signOutHere(s)
			text := e.T("danger.deleted_self")
			if wipe != nil {
				text += e.T("danger.wipe_failed", "Err", wipe.Error())
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
	asGroup(cmd, e.T("dangercli.users_long"), e.usersList(), e.usersSearch(), e.usersSuspend(true), e.usersSuspend(false))
}

// usersPage lists one page of a search (or of everyone).
func (e *Env) usersPage(cmd *cobra.Command, f *acctFlags, o *out, query string, page, size int) error {
	if err := checkPage(page, size); err != nil {
		return err
	}
	return e.withAccount(cmd, f, func(s *session) error {
		if s.client == nil {
			return usagef("%s", e.T("dangercli.needs_m2m"))
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
				state = e.T("dangercli.state_suspended")
			}
			rows[i] = []string{u.ID, logto.Str(u.Name), logto.Str(u.Username), logto.Str(u.PrimaryEmail), state}
		}
		return o.emit(map[string]any{"users": js, "page": p.Page, "page_size": p.PageSize, "total": p.Total, "has_next": p.HasNext()},
			func(w io.Writer) {
				if len(p.Users) == 0 {
					fmt.Fprintln(w, e.T("dangercli.no_user_matches"))
					return
				}
				e.table(w, []string{e.T("dangercli.col_id"), e.T("dangercli.col_name"), e.T("dangercli.col_username"),
					e.T("dangercli.col_email"), e.T("dangercli.col_state")}, rows)
				line := e.N("dangercli.page_line", p.Total, "Page", p.Page, "Shown", len(p.Users))
				if p.HasNext() {
					line = e.N("dangercli.page_line_more", p.Total, "Page", p.Page, "Shown", len(p.Users), "Next", p.Page+1)
				}
				fmt.Fprintln(e.human(), line)
			})
	})
}

func (e *Env) usersList() *cobra.Command {
	var page, size int
	c := &cobra.Command{Use: "list", Short: e.T("dangercli.list_short"), Args: cobra.NoArgs,
		Example: e.T("dangercli.list_example"), Annotations: twins("admin.Pick", "admin.Next", "admin.Prev", "tui.SwitchUser")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.Flags().IntVar(&page, "page", 1, e.T("dangercli.flag_page"))
	c.Flags().IntVar(&size, "page-size", 20, e.T("dangercli.flag_page_size"))
	c.RunE = func(cmd *cobra.Command, _ []string) error { return e.usersPage(cmd, f, o, "", page, size) }
	return c
}

// The users sub-commands' syntax (names and arguments, not words).
const (
	useSearch    = "search TEXT"
	useSuspend   = "suspend USER"
	useReinstate = "reinstate USER"
)

func (e *Env) usersSearch() *cobra.Command {
	var page, size int
	c := &cobra.Command{Use: useSearch, Short: e.T("dangercli.search_short"), Args: cobra.ExactArgs(1),
		Example: e.T("dangercli.search_example"), Annotations: twins("admin.Search")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.Flags().IntVar(&page, "page", 1, e.T("dangercli.flag_page"))
	c.Flags().IntVar(&size, "page-size", 20, e.T("dangercli.flag_page_size"))
	c.RunE = func(cmd *cobra.Command, args []string) error { return e.usersPage(cmd, f, o, args[0], page, size) }
	return c
}

func (e *Env) usersSuspend(on bool) *cobra.Command {
	use, short, example, done := useSuspend, e.T("dangercli.suspend_short"), e.T("dangercli.suspend_example"), "dangercli.suspended_done"
	if !on {
		use, short, example, done = useReinstate, e.T("dangercli.reinstate_short"), e.T("dangercli.reinstate_example"), "dangercli.reinstated_done"
	}
	c := &cobra.Command{Use: use, Short: short, Args: cobra.ExactArgs(1), Annotations: twins("danger.Suspend"), Example: example}
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
				func(w io.Writer) { fmt.Fprintln(w, e.T(done, "Name", common.Clean(u.DisplayName()))) })
		})
	}
	return c
}
