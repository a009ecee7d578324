package sessions

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
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
	text := m.C.T("sessions.signed_out", "Where", a.where)
	return m.run(a, func(ctx context.Context, be Backend) doneMsg {
		err := be.RevokeSession(ctx, a.id, a.target)
		return doneMsg{err: err, text: text, self: a.self && err == nil}
	})
}

func (m *Model) revokeGrant(a revokeGrantMsg) tea.Cmd {
	text := m.C.T("sessions.no_longer_has_access", "App", a.name)
	return m.run(a, func(ctx context.Context, be Backend) doneMsg {
		err := be.RevokeGrant(ctx, a.id)
		return doneMsg{err: err, text: text, self: a.self && err == nil}
	})
}

// signOutOthers revokes every browser session and every grant but this
// terminal's (SignOutOthers).
func (m *Model) signOutOthers(a othersMsg) tea.Cmd {
	client, admin, l := m.thisClient(), m.C.ActingOn != "", m.C.Lang
	return m.run(a, func(ctx context.Context, be Backend) doneMsg {
		r := SignOutOthers(ctx, be, a.sessions, a.grants, a.own, client)
		return doneMsg{text: r.Say(l, admin, false)}
	})
}

// OthersReport is what "sign out everywhere else" did.
type OthersReport struct {
	// Sessions and Apps count the browser sessions and app grants revoked;
	// Kept counts this program's grants left because Logto does not say
	// which is this terminal's; Failed counts refusals.
	Sessions, Apps, Kept, Failed int
}

// Say says the report in a sentence in l's language: "Signed out
// everywhere else: …", or, for an operator acting on another user (none of
// whose sessions is this terminal's, so nothing is "else"), "Signed out
// everywhere: …". command says what to do about a failure as the command
// line does (run it again) rather than the screen (press o).
func (r OthersReport) Say(l *i18n.Localizer, admin, command bool) string {
	sessions := l.N("sessions.n_browser_sessions", r.Sessions)
	if r.Sessions == 0 {
		sessions = l.T("sessions.no_browser_sessions")
	}
	apps := l.N("sessions.n_apps_access", r.Apps)
	if r.Apps == 0 {
		apps = l.T("sessions.no_apps_access")
	}
	id := "sessions.others_done"
	if admin {
		id = "sessions.others_done_admin"
	}
	text := l.T(id, "Sessions", sessions, "Apps", apps)
	// The sentences that follow carry their own gap (a space in English
	// and French, none between Chinese sentences).
	if r.Kept > 0 {
		text += l.N("sessions.others_kept", r.Kept)
	}
	if r.Failed > 0 {
		id := "sessions.others_failed"
		if command {
			id = "sessions.others_failed_command"
		}
		text += l.N(id, r.Failed)
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
