package sessions

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
)

type listMsg struct {
	sessions []logto.Session
	grants   []logto.Grant
	err      error
}

type doneMsg struct {
	text string
	err  error
	// self is set when this terminal's own app grant was revoked.
	self bool
	// action is what was done (asked again after a refused proof).
	action tea.Msg
}

// The screen's actions, handed back to it once the user proved who they
// are; each carries what it acts on, as it was when the user confirmed.
type (
	loadMsg          struct{}
	revokeSessionMsg struct {
		id, where string
		target    logto.RevokeGrants
		self      bool
	}
	revokeGrantMsg struct {
		id, name string
		self     bool
	}
	othersMsg struct {
		sessions []logto.Session
		grants   []logto.Grant
		own      string
	}
)

func (m *Model) load() tea.Cmd {
	be := m.be()
	return m.Req.Do("list", func(ctx context.Context) tea.Msg {
		s, err := be.Sessions(ctx)
		if err != nil {
			return listMsg{err: err}
		}
		g, err := be.Grants(ctx)
		return listMsg{sessions: s, grants: g, err: err}
	})
}

func (m *Model) run(action tea.Msg, fn func(ctx context.Context, be Backend) doneMsg) tea.Cmd {
	if m.Req.Pending("act") {
		return nil // one change at a time
	}
	be := m.be()
	return m.Req.Do("act", func(ctx context.Context) tea.Msg {
		d := fn(ctx, be)
		d.action = action
		return d
	})
}

func (m *Model) revokeSession(a revokeSessionMsg) tea.Cmd {
	return m.run(a, func(ctx context.Context, be Backend) doneMsg {
		err := be.RevokeSession(ctx, a.id, a.target)
		return doneMsg{err: err, text: "Signed out " + a.where + ".", self: a.self && err == nil}
	})
}

func (m *Model) revokeGrant(a revokeGrantMsg) tea.Cmd {
	return m.run(a, func(ctx context.Context, be Backend) doneMsg {
		err := be.RevokeGrant(ctx, a.id)
		return doneMsg{err: err, text: a.name + " no longer has access.", self: a.self && err == nil}
	})
}

// signOutOthers revokes every browser session and every grant but this
// terminal's (SignOutOthers).
func (m *Model) signOutOthers(a othersMsg) tea.Cmd {
	client, admin := m.thisClient(), m.C.ActingOn != ""
	return m.run(a, func(ctx context.Context, be Backend) doneMsg {
		r := SignOutOthers(ctx, be, a.sessions, a.grants, a.own, client)
		if admin {
			return doneMsg{text: r.AdminWords()}
		}
		return doneMsg{text: r.Words()}
	})
}

// OthersReport is what "sign out everywhere else" did.
type OthersReport struct {
	// Sessions and Apps count the browser sessions and app grants revoked;
	// Kept counts this program's grants left because Logto does not say
	// which is this terminal's; Failed counts refusals.
	Sessions, Apps, Kept, Failed int
}

// Words says the report in a sentence.
func (r OthersReport) Words() string { return r.words("Signed out everywhere else: ") }

// AdminWords is Words for an operator acting on another user: none of
// their sessions is this terminal's, so nothing is "else".
func (r OthersReport) AdminWords() string { return r.words("Signed out everywhere: ") }

func (r OthersReport) words(head string) string {
	text := head + count(r.Sessions, "browser session", "browser sessions") + " and " +
		count(r.Apps, "app's access", "apps' access") + " revoked."
	if r.Kept > 0 {
		text += " " + count(r.Kept, "sign-in", "sign-ins") + " of this program kept: Logto does not say which one is this terminal's."
	}
	if r.Failed > 0 {
		text += fmt.Sprintf(" %d failed; press o to try the rest again.", r.Failed)
	}
	return text
}

// SignOutOthers revokes every browser session and every grant but this
// terminal's, own (sessions that approved this terminal are revoked with the
// default target, which keeps its grant). When this terminal's grant cannot
// be told (own ""), this program's (clientID) grants all stay, and the
// report says so. Logto has no bulk call, so it loops and reports what it
// really revoked. The screen and the command line both use it.
func SignOutOthers(ctx context.Context, be Backend, sessions []logto.Session, grants []logto.Grant, own, clientID string) OthersReport {
	var r OthersReport
	for _, s := range sessions {
		target := logto.RevokeGrantsAll
		if auth, ours := s.Payload.Authorizations[clientID]; ours && (own == "" || auth.GrantID == own) {
			target = logto.RevokeGrantsDefault
		}
		if err := be.RevokeSession(ctx, s.ID(), target); err != nil && !logto.IsCode(err, "oidc.session_not_found") {
			r.Failed++
			continue
		}
		r.Sessions++
	}
	for _, g := range grants {
		if Keep(g, own, clientID) {
			if g.ID != own {
				r.Kept++
			}
			continue
		}
		if err := be.RevokeGrant(ctx, g.ID); err != nil && !logto.IsCode(err, "oidc.invalid_grant") {
			r.Failed++
			continue
		}
		r.Apps++
	}
	return r
}

// count says n things in words: "1 session", "3 sessions", "none".
func count(n int, one, many string) string {
	switch n {
	case 0:
		return "no " + many
	case 1:
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
