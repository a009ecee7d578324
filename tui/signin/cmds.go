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
	seq int
	dc  *auth.DeviceCode
	err error
}

type finishedMsg struct {
	seq    int
	result any
	err    error
}

type tickMsg struct{ seq int }

func (m *Model) start() tea.Cmd {
	if m.cancel != nil {
		m.cancel()
	}
	m.seq++
	m.dc, m.err, m.qr, m.waiting = nil, nil, "", true
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	seq, flow := m.seq, m.flow
	return tea.Batch(m.spin.Tick, func() tea.Msg {
		dc, err := flow.Start(ctx)
		return startedMsg{seq: seq, dc: dc, err: err}
	})
}

func (m *Model) tick() tea.Cmd {
	seq := m.seq
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{seq: seq} })
}
