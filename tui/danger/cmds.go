package danger

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
)

type deletedMsg struct {
	err  error
	wipe error
}

type suspendedMsg struct {
	user *logto.User
	err  error
}

func (m *Model) delete() tea.Cmd {
	if m.Req.Pending("delete") {
		return nil
	}
	m.mode = deleting
	be, after := m.be(), m.deps.AfterDelete
	return m.Req.Do("delete", func(ctx context.Context) tea.Msg {
		err := be.DeleteAccount(ctx)
		var wipe error
		if (err == nil || logto.IsCode(err, "entity.not_found")) && after != nil {
			wipe = after(ctx)
		}
		return deletedMsg{err: err, wipe: wipe}
	})
}

func (m *Model) suspend(on bool) tea.Cmd {
	if m.Req.Pending("suspend") {
		return nil
	}
	be := m.be()
	return m.Req.Do("suspend", func(ctx context.Context) tea.Msg {
		u, err := be.SetSuspended(ctx, on)
		return suspendedMsg{user: u, err: err}
	})
}
