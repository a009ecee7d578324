package tui

import (
	"context"
	"strings"
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
		m.demo, m.demoUntil = text, time.Time{}
		id := m.demoID
		return m.c.Clock.After(30*time.Second, func(time.Time) tea.Msg { return fadeMsg{id: id, demo: true} })
	}
	m.statID++
	m.status, m.kind = text, kind
	id := m.statID
	d := 4 * time.Second
	if kind == common.StatusError {
		d = 10 * time.Second
	}
	return m.c.Clock.After(d, func(time.Time) tea.Msg { return fadeMsg{id: id} })
}

// demoTickMsg moves a counting-down demo note.
type demoTickMsg struct{ id int }

// countDown shows a demo note that counts down to until, once a second,
// and goes at until.
func (m *Model) countDown(text string, until time.Time) tea.Cmd {
	m.demoID++
	m.demoText, m.demoUntil = text, until
	m.demo = m.countText(text, until.Sub(m.c.Now()))
	return m.demoTick()
}

func (m *Model) demoTick() tea.Cmd {
	id := m.demoID
	left := m.demoUntil.Sub(m.c.Now())
	next := left % time.Second
	if next <= 0 {
		next = time.Second
	}
	return m.c.Clock.After(next, func(time.Time) tea.Msg { return demoTickMsg{id: id} })
}

// countText is a note with the seconds left in place of {left} (or after it).
func (m *Model) countText(text string, left time.Duration) string {
	secs := m.c.N("root.seconds", int((max(0, left)+time.Second-1)/time.Second))
	if strings.Contains(text, common.Left) {
		return strings.ReplaceAll(text, common.Left, secs)
	}
	return text + " (" + secs + ")"
}

// loadUser reads the user record (and, the first time, the tenant's sign-in
// experience) for every screen.
func (m *Model) loadUser() tea.Cmd {
	if m.acct == nil {
		return nil
	}
	acct := m.acct
	needSIE := m.c.SignInExp == nil
	return m.req.Do("user", func(ctx context.Context) tea.Msg {
		u, err := acct.Me(ctx)
		if err != nil {
			return userMsg{err: err}
		}
		var sie *logto.SignInExperience
		if needSIE {
			sie, _ = acct.SignInExperience(ctx) // defaults apply without it
		}
		return userMsg{user: u, sie: sie}
	})
}

// rootReply handles the answers to the root's own requests.
func (m *Model) rootReply(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case offerDoneMsg:
		return m.offerDone(msg)
	case userMsg:
		if msg.err != nil {
			m.reloading = false
			if !common.Expired(msg.err) {
				m.loadErr = m.c.Words(msg.err)
			}
			return tea.Batch(m.fail(msg.err), m.autoCheck(nil))
		}
		m.loadErr = ""
		if msg.sie != nil {
			m.c.SignInExp = msg.sie
		}
		m.setUser(msg.user)
		cmd := tea.Batch(m.broadcast(common.UserLoadedMsg{User: msg.user, At: m.c.Now()}), m.autoCheck(msg.user))
		if m.reloading {
			m.reloading = false
			cmd = tea.Batch(cmd, m.setStatus(m.c.T("root.reloaded"), common.StatusSuccess))
		}
		return cmd
	}
	return nil
}
