package tui

import (
	tea "charm.land/bubbletea/v2"

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
	m.checking = true
	return m.checkup.Update(common.ShownMsg{})
}

// toggleCheckup is C: the check-up, or back from it.
func (m *Model) toggleCheckup() tea.Cmd {
	if m.checking {
		m.checking = false
		return nil
	}
	return m.openCheckup()
}

// checkupMsg handles the check-up's requests to the root.
func (m *Model) checkupMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case checkup.GoMsg:
		m.checking = false
		for i, s := range m.screens {
			if s.ID() == msg.Screen {
				return m.show(i)
			}
		}
	case checkup.AttentionMsg:
		// Shown after sign-in only if the user has not started elsewhere.
		if !m.autoShown && !m.checking && !m.signing && m.active == 0 && !m.dirty() && !m.proof.Active() {
			m.autoShown, m.checking = true, true
			m.checkup.ShownAfterSignIn = true
		}
	}
	return nil
}

// checkAfterSignIn runs the check-up quietly after the user's own sign-in.
func (m *Model) checkAfterSignIn() tea.Cmd {
	if !m.opts.CheckupAfterSignIn || m.opts.ActOn != nil || m.autoShown {
		return nil // an operator acts on others: C shows it when asked
	}
	return m.checkup.Run(true)
}
