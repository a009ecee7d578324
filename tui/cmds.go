package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// fadeMsg clears the status (or, with demo, the demo note) it was set for.
type fadeMsg struct {
	id   int
	demo bool
}

type userMsg struct {
	gen  int
	user *logto.User
	sie  *logto.SignInExperience
	err  error
}

// setStatus shows text in the status line until it fades. A demo note (the
// code the demo "sent") has a place of its own beside it for longer, so the
// screen's own "Code sent" arriving just after cannot hide the code.
func (m *Model) setStatus(text string, kind common.StatusKind) tea.Cmd {
	if kind == common.StatusDemo {
		m.demoID++
		m.demo = text
		id := m.demoID
		return tea.Tick(30*time.Second, func(time.Time) tea.Msg { return fadeMsg{id: id, demo: true} })
	}
	m.statID++
	m.status, m.kind = text, kind
	id := m.statID
	d := 4 * time.Second
	if kind == common.StatusError {
		d = 10 * time.Second
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return fadeMsg{id: id} })
}

func (m *Model) loadUser() tea.Cmd {
	acct, gen := m.acct, m.c.Gen
	needSIE := m.c.SignInExp == nil
	return func() tea.Msg {
		ctx := context.Background()
		u, err := acct.Me(ctx)
		if err != nil {
			return userMsg{gen: gen, err: err}
		}
		var sie *logto.SignInExperience
		if needSIE {
			sie, _ = acct.SignInExperience(ctx) // defaults apply without it
		}
		return userMsg{gen: gen, user: u, sie: sie}
	}
}
