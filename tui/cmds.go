package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

type fadeMsg struct{ id int }

type userMsg struct {
	user *logto.User
	sie  *logto.SignInExperience
	err  error
}

func (m *Model) setStatus(text string, kind common.StatusKind) tea.Cmd {
	m.statID++
	m.status, m.kind = text, kind
	id := m.statID
	d := 4 * time.Second
	if kind == common.StatusError || kind == common.StatusDemo {
		d = 10 * time.Second
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return fadeMsg{id: id} })
}

func (m *Model) loadUser() tea.Cmd {
	acct := m.acct
	needSIE := m.c.SignInExp == nil
	return func() tea.Msg {
		ctx := context.Background()
		u, err := acct.Me(ctx)
		if err != nil {
			return userMsg{err: err}
		}
		var sie *logto.SignInExperience
		if needSIE {
			sie, _ = acct.SignInExperience(ctx) // defaults apply without it
		}
		return userMsg{user: u, sie: sie}
	}
}
