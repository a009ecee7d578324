package danger

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
)

type deletedMsg struct {
	seq  int
	err  error
	wipe error
}

type suspendedMsg struct {
	seq  int
	user *logto.User
	err  error
}

func (m *Model) proved() tea.Cmd {
	if m.mode != deleting {
		return nil
	}
	m.seq++
	m.busy = true
	seq, be, after := m.seq, m.be(), m.deps.AfterDelete
	return func() tea.Msg {
		ctx := context.Background()
		err := be.DeleteAccount(ctx)
		var wipe error
		if (err == nil || logto.IsCode(err, "entity.not_found")) && after != nil {
			wipe = after(ctx)
		}
		return deletedMsg{seq: seq, err: err, wipe: wipe}
	}
}

func (m *Model) suspend() tea.Cmd {
	m.seq++
	m.busy = true
	seq, be, on := m.seq, m.be(), !m.user.IsSuspended
	return func() tea.Msg {
		u, err := be.SetSuspended(context.Background(), on)
		return suspendedMsg{seq: seq, user: u, err: err}
	}
}
