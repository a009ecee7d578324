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
// terminal's (sessions that approved this terminal are revoked with the
// default target, which keeps its grant). When this terminal's grant cannot
// be told, this program's grants all stay, and the report says so. Logto
// has no bulk call, so it loops and reports what it really revoked.
func (m *Model) signOutOthers(a othersMsg) tea.Cmd {
	client := m.clientID
	return m.run(a, func(ctx context.Context, be Backend) doneMsg {
		sessions, apps, kept, failed := 0, 0, 0, 0
		for _, s := range a.sessions {
			target := logto.RevokeGrantsAll
			if auth, ours := s.Payload.Authorizations[client]; ours && (a.own == "" || auth.GrantID == a.own) {
				target = logto.RevokeGrantsDefault
			}
			if err := be.RevokeSession(ctx, s.ID(), target); err != nil && !logto.IsCode(err, "oidc.session_not_found") {
				failed++
				continue
			}
			sessions++
		}
		for _, g := range a.grants {
			if keep(g, a.own, client) {
				if g.ID != a.own {
					kept++
				}
				continue
			}
			if err := be.RevokeGrant(ctx, g.ID); err != nil && !logto.IsCode(err, "oidc.invalid_grant") {
				failed++
				continue
			}
			apps++
		}
		text := "Signed out everywhere else: " + count(sessions, "browser session", "browser sessions") + " and " +
			count(apps, "app's access", "apps' access") + " revoked."
		if kept > 0 {
			text += " " + count(kept, "sign-in", "sign-ins") + " of this program kept: Logto does not say which one is this terminal's."
		}
		if failed > 0 {
			text += fmt.Sprintf(" %d failed; press o to try the rest again.", failed)
		}
		return doneMsg{text: text}
	})
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
