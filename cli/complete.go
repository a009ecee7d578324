package cli

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/logto-account/logto-account/tui/identities"
	"github.com/logto-account/logto-account/tui/sessions"
)

// completer completes a command's positional argument number len(args)
// (up to upTo) with what list reads from the account: the shell's TAB asks
// Logto, as the screens would list it. Nothing is asked of the user (no
// proof prompt while completing), and a slow tenant gives up after 5 s.
func (e *Env) completer(f *acctFlags, upTo int, list func(s *session) ([]string, error)) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) >= upTo {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		e.completing = true
		ctx, cancel := context.WithTimeout(cmd.Context(), 5*time.Second)
		defer cancel()
		s, err := e.open(ctx, f)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}
		out, err := list(s)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeTokens completes token names.
func (e *Env) completeTokens(f *acctFlags) cobra.CompletionFunc {
	return e.completer(f, 1, func(s *session) ([]string, error) {
		list, err := s.acct.PersonalAccessTokens(s.ctx)
		out := make([]string, len(list))
		for i, t := range list {
			out[i] = cobra.CompletionWithDesc(t.Name, s.e.T("cli.complete_token", "Expiry", s.e.expiry(t, s.e.now())))
		}
		return out, err
	})
}

// completeSessions completes session ids, described by device and place.
func (e *Env) completeSessions(f *acctFlags) cobra.CompletionFunc {
	return e.completer(f, 1, func(s *session) ([]string, error) {
		list, err := s.acct.Sessions(s.ctx)
		out := make([]string, len(list))
		for i, ss := range list {
			out[i] = cobra.CompletionWithDesc(ss.ID(), s.e.T("cli.complete_session", "Device", sessions.Device(ss.Context().UserAgent),
				"Time", when(ss.SignedInAt())))
		}
		return out, err
	})
}

// completeGrants completes app grant ids, described by the app's name.
func (e *Env) completeGrants(f *acctFlags) cobra.CompletionFunc {
	return e.completer(f, 1, func(s *session) ([]string, error) {
		list, err := s.acct.Grants(s.ctx)
		out := make([]string, len(list))
		for i, g := range list {
			out[i] = cobra.CompletionWithDesc(g.ID, g.Application.Name)
		}
		return out, err
	})
}

// completeTargets completes connector targets: those that can be linked
// (linked false) or those linked now (linked true).
func (e *Env) completeTargets(f *acctFlags, linked bool) cobra.CompletionFunc {
	return e.completer(f, 1, func(s *session) ([]string, error) {
		if linked {
			u, err := s.user()
			if err != nil {
				return nil, err
			}
			var out []string
			for target := range u.Identities {
				out = append(out, target)
			}
			return out, nil
		}
		conns, err := s.acct.Connectors(s.ctx)
		var out []string
		for _, c := range conns {
			if ok, _ := identities.Linkable(c); ok {
				out = append(out, cobra.CompletionWithDesc(c.Target, c.DisplayName("en")))
			}
		}
		return out, err
	})
}

// completeFactors completes two-step factor ids, described by kind.
func (e *Env) completeFactors(f *acctFlags) cobra.CompletionFunc {
	return e.completer(f, 1, func(s *session) ([]string, error) {
		list, err := s.acct.MFAVerifications(s.ctx)
		out := make([]string, len(list))
		for i, v := range list {
			out[i] = cobra.CompletionWithDesc(v.ID, factorName(v))
		}
		return out, err
	})
}
