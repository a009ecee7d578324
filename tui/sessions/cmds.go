package sessions

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

type listMsg struct {
	gen      int
	sessions []logto.Session
	grants   []logto.Grant
	err      error
}

type doneMsg struct {
	seq  int
	text string
	err  error
	// expired is set when this terminal's own app grant was revoked.
	self bool
}

func (m *Model) load() tea.Cmd {
	be, gen := m.be(), m.c.Gen
	return func() tea.Msg {
		ctx := context.Background()
		s, err := be.Sessions(ctx)
		if err != nil {
			return listMsg{gen: gen, err: err}
		}
		g, err := be.Grants(ctx)
		return listMsg{gen: gen, sessions: s, grants: g, err: err}
	}
}

func (m *Model) run(fn func(ctx context.Context, be Backend) doneMsg) tea.Cmd {
	m.seq++
	m.busy = true
	seq, be := m.seq, m.be()
	return func() tea.Msg {
		d := fn(context.Background(), be)
		d.seq = seq
		return d
	}
}

func (m *Model) revokeSession(target logto.RevokeGrants) tea.Cmd {
	s := m.sessions[m.cur]
	id, where := s.ID(), describe(s)
	self := target == logto.RevokeGrantsAll && m.authorizes(s)
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		err := be.RevokeSession(ctx, id, target)
		return doneMsg{err: err, text: "Signed out " + where + ".", self: self && err == nil}
	})
}

func (m *Model) revokeGrant() tea.Cmd {
	g := m.grants[m.cur-len(m.sessions)]
	id, name, self := g.ID, common.Clean(g.Application.Name), g.Payload.ClientID == m.clientID
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		err := be.RevokeGrant(ctx, id)
		return doneMsg{err: err, text: name + " no longer has access.", self: self && err == nil}
	})
}

// signOutOthers revokes every browser session and every other app's grant;
// this tool's grant survives (sessions that approved it are revoked with
// the default target, which keeps grants holding offline access). Logto has
// no bulk call, so it loops and reports partial failures.
func (m *Model) signOutOthers() tea.Cmd {
	sessions, grants, client := m.sessions, m.grants, m.clientID
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		done, failed := 0, 0
		for _, s := range sessions {
			target := logto.RevokeGrantsAll
			if _, ours := s.Payload.Authorizations[client]; ours {
				target = logto.RevokeGrantsDefault
			}
			if err := be.RevokeSession(ctx, s.ID(), target); err != nil && !logto.IsCode(err, "oidc.session_not_found") {
				failed++
				continue
			}
			done++
		}
		for _, g := range grants {
			if g.Payload.ClientID == client {
				continue
			}
			if err := be.RevokeGrant(ctx, g.ID); err != nil && !logto.IsCode(err, "oidc.invalid_grant") {
				failed++
				continue
			}
			done++
		}
		text := fmt.Sprintf("Signed out everywhere else (%d revoked).", done)
		if failed > 0 {
			text = fmt.Sprintf("%d revoked, %d failed; press o to try the rest again.", done, failed)
		}
		return doneMsg{text: text}
	})
}

func sessionWords(err error) string {
	switch logto.CodeOf(err) {
	case "oidc.session_not_found":
		return "That session had already ended. The list is refreshed."
	case "oidc.invalid_grant":
		return "That app's access was already revoked. The list is refreshed."
	case "oidc.invalid_session_account_id":
		return "That session belongs to someone else; nothing was changed. The list is refreshed."
	}
	return common.Words(err)
}
