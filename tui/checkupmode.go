package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/checkup"
	"github.com/logto-account/logto-account/tui/common"
)

// The security check-up is a view of its own, reached with C from any
// screen and shown after the user's own sign-in when something needs
// attention; enter on a line goes to the screen that fixes it.

func (m *Model) newCheckup() *checkup.Model {
	cu := checkup.New(m.c, func() checkup.Backend {
		if m.acct == nil {
			return nil
		}
		return m.acct
	})
	cu.SetSize(m.w-2, m.h-4)
	return cu
}

// openCheckup shows the check-up and reads the account for it.
func (m *Model) openCheckup() tea.Cmd {
	if m.proof.Active() {
		m.proof.Cancel() // the prompt belonged to the screen left
	}
	m.checking, m.autoChecking = true, false
	return m.checkup.Open(m.user)
}

// toggleCheckup is C: the check-up, or back from it.
func (m *Model) toggleCheckup() tea.Cmd {
	if m.checking {
		return m.closeCheckup()
	}
	return m.openCheckup()
}

// closeCheckup returns to the screen under the check-up, which is told it
// shows again (it reads what went stale meanwhile, e.g. after a sign-in).
func (m *Model) closeCheckup() tea.Cmd {
	m.checking, m.autoChecking = false, false
	if m.unavailable() != "" {
		return nil
	}
	return m.screens[m.active].Update(common.ShownMsg{})
}

// checkupMsg handles the check-up's requests to the root.
func (m *Model) checkupMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case checkup.GoMsg:
		for i, s := range m.screens {
			if s.ID() == msg.Screen {
				m.checking, m.autoChecking = false, false
				return m.show(i)
			}
		}
		return m.closeCheckup()
	case checkup.AttentionMsg:
		if m.autoChecking && m.checking { // still waiting on it: the user went nowhere else
			m.autoChecking, m.autoShown = false, true
			m.checkup.ShownAfterSignIn = true
		}
	case checkup.CleanMsg:
		if m.autoChecking && m.checking {
			return m.closeCheckup() // on to the screen
		}
	}
	return nil
}

// checkAfterSignIn makes the check-up the first thing after the user's own
// sign-in: it shows "checking" until the user is read (autoCheck), then
// stays when something needs attention and gives way to the first screen
// otherwise. Deciding before any screen shows keeps it from popping up
// under the user's keys later.
func (m *Model) checkAfterSignIn() tea.Cmd {
	if !m.opts.CheckupAfterSignIn || m.opts.ActOn != nil || m.autoShown {
		return nil // an operator acts on others: C shows it when asked
	}
	m.checking, m.autoChecking = true, true
	m.checkup.Waiting()
	return nil
}

// autoCheck runs the check-up after sign-in with the user just read (nil:
// it could not be read, and the first screen says so).
func (m *Model) autoCheck(u *logto.User) tea.Cmd {
	if !m.autoChecking {
		return nil
	}
	if u == nil {
		m.autoChecking, m.checking = false, false
		return nil
	}
	return m.checkup.Run(true, u)
}
