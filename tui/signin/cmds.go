package signin

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
)

type resumedMsg struct {
	result any
	err    error
}

type startedMsg struct {
	dc  *auth.DeviceCode
	err error
}

type finishedMsg struct {
	result any
	err    error
}

type tickMsg struct{ n int }

func (m *Model) start() tea.Cmd {
	m.Req.DropAll()
	m.dc, m.err, m.qr, m.waiting, m.byUser = nil, nil, "", true, false
	flow := m.flow
	return m.Req.Do("start", func(ctx context.Context) tea.Msg {
		dc, err := flow.Start(ctx)
		return startedMsg{dc: dc, err: err}
	})
}

// tick moves the countdown once a second (the only redraw while waiting).
func (m *Model) tick() tea.Cmd {
	m.ticks++
	n := m.ticks
	wait := time.Second
	if m.dc != nil {
		wait = nextChange(m.dc.Expiry.Sub(m.C.Now()))
	}
	return m.C.Clock.After(wait, func(time.Time) tea.Msg { return tickMsg{n: n} })
}
