package tokens

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
)

type listMsg struct {
	list []logto.PersonalAccessToken
	err  error
}

type doneMsg struct {
	created *logto.PersonalAccessToken
	// renamed (old name, new name) and deleted say what changed, so the
	// list shows it at once: a key pressed before the list is read again
	// acts on the token as it now is.
	renamed *[2]string
	deleted string
	text    string
	err     error
}

// The screen's actions, handed back to it once the user proved who they
// are; each carries everything it acts on, as it was when confirmed.
type (
	createMsg struct {
		name      string
		expiresAt *time.Time
	}
	renameMsg struct{ current, name string }
	deleteMsg struct{ name string }
)

func (m *Model) load() tea.Cmd {
	be := m.be()
	return m.Req.Do("list", func(ctx context.Context) tea.Msg {
		list, err := be.PersonalAccessTokens(ctx)
		return listMsg{list: list, err: err}
	})
}

func (m *Model) create(a createMsg) tea.Cmd {
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		t, err := be.CreatePersonalAccessToken(ctx, a.name, a.expiresAt)
		return doneMsg{created: t, err: err}
	})
}

func (m *Model) rename(a renameMsg) tea.Cmd {
	text := m.C.T("tokens.renamed", "Name", Quote(m.C.Lang, a.name))
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		return doneMsg{err: be.RenamePersonalAccessToken(ctx, a.current, a.name), renamed: &[2]string{a.current, a.name}, text: text}
	})
}

func (m *Model) delete(a deleteMsg) tea.Cmd {
	text := m.C.T("tokens.deleted", "Name", Quote(m.C.Lang, a.name))
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		return doneMsg{err: be.DeletePersonalAccessToken(ctx, a.name), deleted: a.name, text: text}
	})
}

func (m *Model) run(fn func(context.Context, Backend) doneMsg) tea.Cmd {
	if m.Req.Pending("act") {
		return nil // one change at a time
	}
	be := m.be()
	return m.Req.Do("act", func(ctx context.Context) tea.Msg { return fn(ctx, be) })
}
