package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/profile"
)

var profileTop = topLevel{"profile", "commands.profile",
	func(e *Env) func(*cobra.Command) { return e.profileCmd }}

func (e *Env) profileCmd(cmd *cobra.Command) {
	asGroup(cmd, e.T("profile.cli_long"), e.profileShow(), e.profileSet())
}

// snake is a field key as --json and `profile set` name it: the OpenID
// claim's own name (givenName → given_name, address.postalCode →
// address.postal_code).
func snake(key string) string {
	var b strings.Builder
	for _, r := range key {
		if unicode.IsUpper(r) {
			b.WriteByte('_')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fieldKey finds the screen's field a name given on the command line means
// (its OpenID name, Logto's, or the screen's label in English or in the
// run's language).
func (e *Env) fieldKey(name string) (profile.Field, bool) {
	label := func(s string) string {
		return strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, "-", "_"), " ", "_"))
	}
	n := label(name)
	local := profile.Fields(e.loc())
	for i, f := range profile.Fields(nil) {
		if n == snake(f.Key) || n == strings.ToLower(f.Key) || n == label(f.Label) || n == label(local[i].Label) {
			return f, true
		}
	}
	return profile.Field{}, false
}

// fieldNames lists what `profile set` takes.
func fieldNames() string {
	var names []string
	for _, f := range profile.Fields(nil) {
		names = append(names, snake(f.Key))
	}
	return strings.Join(names, ", ")
}

// userJSON is the account in --json output.
func userJSON(u *logto.User) map[string]any {
	vals := profile.Values(u)
	prof := map[string]any{}
	addr := map[string]any{}
	for _, f := range profile.Fields(nil)[3:] {
		var v any
		if s := vals[f.Key]; s != "" {
			v = s
		}
		if k, ok := strings.CutPrefix(snake(f.Key), "address."); ok {
			addr[k] = v
			continue
		}
		prof[snake(f.Key)] = v
	}
	prof["address"] = addr
	ids := []map[string]any{}
	targets := make([]string, 0, len(u.Identities))
	for t := range u.Identities {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	for _, t := range targets {
		ids = append(ids, map[string]any{"target": t, "user_id": u.Identities[t].UserID})
	}
	sso := []map[string]any{}
	for _, s := range u.SSOIdentities {
		sso = append(sso, map[string]any{"issuer": s.Issuer, "identity_id": s.IdentityID, "connector_id": s.SSOConnectorID})
	}
	cd := u.CustomData
	if cd == nil {
		cd = map[string]any{}
	}
	opt := func(s *string) any {
		if s == nil || *s == "" {
			return nil
		}
		return *s
	}
	return map[string]any{"id": u.ID, "username": opt(u.Username), "name": opt(u.Name), "avatar": opt(u.Avatar),
		"primary_email": opt(u.PrimaryEmail), "primary_phone": opt(u.PrimaryPhone), "has_password": u.HasPassword,
		"suspended": u.IsSuspended, "created_at": stamp(u.CreatedAt.Time), "last_sign_in_at": stamp(u.LastSignInAt.Time),
		"profile": prof, "custom_data": cd, "identities": ids, "sso_identities": sso}
}

func (e *Env) profileShow() *cobra.Command {
	c := &cobra.Command{Use: "show", Short: e.T("profile.cli_show_short"), Args: cobra.NoArgs,
		Example: e.T("profile.cli_show_example")}
	f, o := e.addAcctFlags(c, false), e.addOutFlags(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			return o.emit(userJSON(u), func(w io.Writer) { e.showUser(w, u) })
		})
	}
	return c
}

// showUser writes the account for people, a field a line.
func (e *Env) showUser(w io.Writer, u *logto.User) {
	vals := profile.Values(u)
	pairs := [][2]string{{e.T("profile.id"), u.ID}, {e.T("profile.cli_email"), logto.Str(u.PrimaryEmail)},
		{e.T("profile.cli_phone"), phone.Format(logto.Str(u.PrimaryPhone))}}
	for _, f := range profile.Fields(e.loc()) {
		pairs = append(pairs, [2]string{f.Label, vals[f.Key]})
	}
	dateTime := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return e.loc().DateTime(t.Local())
	}
	pairs = append(pairs, [2]string{e.T("profile.created"), dateTime(u.CreatedAt.Time)},
		[2]string{e.T("profile.last_sign_in"), dateTime(u.LastSignInAt.Time)})
	if u.IsSuspended {
		pairs = append(pairs, [2]string{e.T("profile.cli_suspended"), e.T("profile.cli_yes")})
	}
	for _, s := range u.SSOIdentities {
		pairs = append(pairs, [2]string{e.T("profile.enterprise_sso"), s.IdentityID + " (" + s.Issuer + ")"})
	}
	if len(u.CustomData) > 0 {
		b, _ := json.Marshal(u.CustomData)
		pairs = append(pairs, [2]string{e.T("profile.cli_custom_data"), string(b)})
	}
	e.fields(w, pairs)
}

func (e *Env) profileSet() *cobra.Command {
	c := &cobra.Command{Use: useProfileSet, Short: e.T("profile.cli_set_short"), Args: cobra.MinimumNArgs(1),
		Long:        e.T("profile.cli_set_long", "Fields", fieldNames()),
		Example:     e.T("profile.cli_set_example"),
		Annotations: twins("profile.Save")}
	f, o := e.addAcctFlags(c, true), e.addOutFlags(c)
	c.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, f := range profile.Fields(e.loc()) {
			out = append(out, cobra.CompletionWithDesc(snake(f.Key)+"=", f.Label))
		}
		return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		changed := map[string]string{}
		for _, a := range args {
			name, value, ok := strings.Cut(a, "=")
			fld, known := e.fieldKey(name)
			switch {
			case !ok:
				return usagef("%s", e.T("profile.cli_not_pair", "Arg", strconv.Quote(a)))
			case !known:
				msg := e.T("profile.cli_no_field", "Name", strconv.Quote(name), "Fields", fieldNames())
				var names []string
				for _, f := range profile.Fields(nil) {
					names = append(names, snake(f.Key))
				}
				if s := suggest(name, names); len(s) > 0 {
					msg = e.T("profile.cli_no_field_did_you_mean", "Name", strconv.Quote(name), "Suggestion", s[0])
				}
				return usagef("%s", msg)
			}
			if was, twice := changed[fld.Key]; twice {
				return usagef("%s", e.T("profile.cli_given_twice", "Name", name, "Was", strconv.Quote(was), "Value", strconv.Quote(value)))
			}
			// The screens' fields cannot take them; every list an operator
			// reads would carry them to the operator's terminal. A postal
			// address may have lines (OpenID's address.formatted).
			lines := strings.Split(value, "\n")
			if fld.Key != "address.formatted" {
				lines = []string{value}
			}
			if slices.ContainsFunc(lines, func(l string) bool { return common.Clean(l) != l }) {
				return usagef("%s", e.T("profile.cli_control_char", "Name", name))
			}
			changed[fld.Key] = value
		}
		return e.withAccount(cmd, f, func(s *session) error {
			u, err := s.user()
			if err != nil {
				return err
			}
			sie, err := s.acct.SignInExperience(s.ctx)
			if err != nil {
				return err
			}
			var bad []string
			for k, v := range changed {
				if why := profile.CheckField(e.loc(), k, v, sie); why != "" {
					bad = append(bad, snake(k)+": "+why)
				}
			}
			if len(bad) > 0 {
				sort.Strings(bad)
				return usagef("%s", e.T("profile.cli_nothing_saved", "Problems", strings.Join(bad, "\n  ")))
			}
			patch := profile.Patch(u, changed)
			var saved *logto.User
			// The Account API wants a proof for a username change: asked
			// when Logto says so, as the screen does.
			if err := s.guarded(func() (err error) {
				saved, err = s.acct.UpdateUser(s.ctx, patch)
				return err
			}); err != nil {
				return err
			}
			return o.emit(userJSON(saved), func(w io.Writer) { fmt.Fprintln(w, e.T("profile.saved")) })
		})
	}
	return c
}
