package danger

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// This file is "my account may be compromised": one confirmed action, a
// fresh proof first, that signs out every session and revokes every app's
// access and every personal access token, this program's own sign-in
// last (logto.Lockdown), then reports what was revoked and what failed and
// points at the password and two-step screens.

type (
	// lockdownMsg is the lockdown, handed back after a proof.
	lockdownMsg struct{}
	lockedMsg   struct{ r logto.LockdownReport }
)

func (m *Model) lockdown() tea.Cmd {
	if m.Req.Pending("lockdown") {
		return nil
	}
	src, ok := m.be().(logto.LockdownSource)
	if !ok {
		return nil
	}
	client, signedIn, words := m.deps.ClientID, m.C.SignedInAt, m.C.Words
	if m.C.ActingOn != "" {
		client = "" // an operator's own sign-in is never among another user's grants
	}
	m.mode = lockingDown
	return m.Req.Do("lockdown", func(ctx context.Context) tea.Msg {
		own := ""
		if g, err := src.Grants(ctx); err == nil && client != "" {
			own, _ = logto.OwnGrant(g, client, signedIn) // "": this program's grants all go last
		}
		return lockedMsg{r: logto.Lockdown(ctx, src, own, client, words)}
	})
}

// lockdownDone keeps the report on screen; when this program's own sign-in
// went, the program signs in again (the report stays, with what next).
func (m *Model) lockdownDone(r logto.LockdownReport) tea.Cmd {
	m.mode = idle
	m.report = lockdownWords(m.C.Lang, r, m.C.ActingOn != "", false)
	// The sessions and tokens screens read again what they listed.
	cmds := []tea.Cmd{func() tea.Msg { return common.ReloadUserMsg{} }, func() tea.Msg { return common.StaleMsg{} }}
	if len(r.Failed) == 0 {
		done := m.C.T("danger.lockdown_done")
		cmds = append(cmds, func() tea.Msg { return common.Success(done) })
	}
	if r.Own && m.C.ActingOn == "" {
		cmds = append(cmds, func() tea.Msg { return common.SessionExpiredMsg{} })
	}
	return tea.Batch(cmds...)
}

// lockdownWords is r as sentences in l's language; admin: an operator
// acted on another user; commands: the command line's words (what to run,
// not which key to press).
func lockdownWords(l *i18n.Localizer, r logto.LockdownReport, admin, commands bool) []string {
	say := func(screen, command string) string {
		if commands {
			return l.T(command)
		}
		return l.T(screen)
	}
	sessions, grants := l.N("danger.sessions", r.Sessions), l.N("danger.grants", r.Grants)
	revoked := l.T("danger.revoked_all", "Sessions", sessions, "Grants", grants, "Tokens", l.N("danger.tokens", r.Tokens))
	if r.TokensWhy != "" { // not "0 personal access tokens": none was tried
		revoked = l.T("danger.revoked_no_tokens", "Sessions", sessions, "Grants", grants)
	}
	out := []string{revoked}
	if r.TokensWhy != "" {
		out = append(out, l.T("danger.tokens_untouched", "Why", r.TokensWhy))
	}
	for _, f := range r.Failed {
		out = append(out, l.T("danger.failed", "What", common.Clean(strings.TrimSuffix(f, "."))))
	}
	if len(r.Failed) > 0 {
		out = append(out, say("danger.retry", "danger.retry_cli"))
	}
	if r.Own && !admin {
		out = append(out, say("danger.own_revoked", "danger.own_revoked_cli"))
	}
	if admin {
		out = append(out, say("danger.next_other", "danger.next_other_cli"))
	} else {
		out = append(out, say("danger.next_self", "danger.next_self_cli"))
	}
	return out
}
