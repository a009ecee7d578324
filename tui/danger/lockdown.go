package danger

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

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
	client, signedIn := m.deps.ClientID, m.C.SignedInAt
	if m.C.ActingOn != "" {
		client = "" // an operator's own sign-in is never among another user's grants
	}
	m.mode = lockingDown
	return m.Req.Do("lockdown", func(ctx context.Context) tea.Msg {
		own := ""
		if g, err := src.Grants(ctx); err == nil && client != "" {
			own, _ = logto.OwnGrant(g, client, signedIn) // "": this program's grants all go last
		}
		return lockedMsg{r: logto.Lockdown(ctx, src, own, client, common.Words)}
	})
}

// lockdownDone keeps the report on screen; when this program's own sign-in
// went, the program signs in again (the report stays, with what next).
func (m *Model) lockdownDone(r logto.LockdownReport) tea.Cmd {
	m.mode = idle
	m.report = lockdownWords(r, m.C.ActingOn != "")
	// The sessions and tokens screens read again what they listed.
	cmds := []tea.Cmd{func() tea.Msg { return common.ReloadUserMsg{} }, func() tea.Msg { return common.StaleMsg{} }}
	if len(r.Failed) == 0 {
		cmds = append(cmds, func() tea.Msg { return common.Success("Lockdown done: see the report on the danger zone.") })
	}
	if r.Own && m.C.ActingOn == "" {
		cmds = append(cmds, func() tea.Msg { return common.SessionExpiredMsg{} })
	}
	return tea.Batch(cmds...)
}

func lockdownWords(r logto.LockdownReport, admin bool) []string {
	count := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	revoked := "Revoked: " + count(r.Sessions, "browser session", "browser sessions") + ", " + count(r.Grants, "app's access", "apps' access")
	if r.TokensWhy == "" {
		revoked += ", " + count(r.Tokens, "personal access token", "personal access tokens")
	} else { // not "0 personal access tokens": none was tried
		revoked = strings.Replace(revoked, ", ", " and ", 1)
	}
	out := []string{revoked + "."}
	if r.TokensWhy != "" {
		out = append(out, "Personal access tokens were not touched: "+r.TokensWhy+"; ask your administrator to revoke them.")
	}
	for _, f := range r.Failed {
		out = append(out, "Failed — "+common.Clean(strings.TrimSuffix(f, "."))+".")
	}
	if len(r.Failed) > 0 {
		out = append(out, "Press m again to retry what failed.")
	}
	if r.Own && !admin {
		out = append(out, "This program's own sign-in was revoked last, so this terminal had to sign in again.")
	}
	if admin {
		out = append(out, "Next: set a new password for them (3) and check their two-step methods (5).")
	} else {
		out = append(out, "Next: change your password (3) and review your two-step methods (5); the check-up (C) shows what is left.")
	}
	return out
}
