package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/admin"
	"github.com/logto-account/logto-account/tui/common"
)

// actAfterSignIn follows the operator's sign-in in admin mode: the user
// already chosen is acted on again (after a session expiry nothing is
// lost); otherwise the picker comes first.
func (m *Model) actAfterSignIn(signedIn string) tea.Cmd {
	if op, ok := m.acct.(interface{ UserID() string }); ok {
		m.operator = op.UserID() // the flow's account is the operator's own
	}
	if m.target != nil {
		m.acct = m.opts.ActOn(m.target.ID)
		m.c.ActingOn = m.target.DisplayName()
		return tea.Batch(m.loadUser(), m.setStatus(signedIn, common.StatusSuccess))
	}
	return tea.Batch(m.openPicker(m.opts.PickQuery, m.opts.PickNote),
		m.setStatus(m.c.T("admin.after_sign_in", "SignedIn", signedIn), common.StatusSuccess))
}

func (m *Model) openPicker(query, note string) tea.Cmd {
	m.picker = admin.New(m.c, func() admin.Directory { return m.opts.Users }, query, note)
	m.picker.You = m.operator
	m.picker.SetSize(m.w-2, m.contentHeight())
	return m.picker.Init()
}

// pick acts on u from now on, on fresh screens.
func (m *Model) pick(u logto.User) tea.Cmd {
	if m.picker == nil {
		return nil
	}
	m.picker, m.target = nil, &u
	m.acct = m.opts.ActOn(u.ID)
	m.freshScreens()
	m.c.ActingOn = u.DisplayName()
	text := m.c.T("admin.acting_on", "Name", common.Clean(u.DisplayName()), "ID", common.Clean(u.ID))
	if u.IsSuspended {
		text = m.c.T("admin.acting_on_suspended", "Name", common.Clean(u.DisplayName()), "ID", common.Clean(u.ID))
	}
	return tea.Batch(m.loadUser(), m.show(0), m.setStatus(text, common.StatusSuccess))
}

// switchUser opens the picker from the account screens (admin mode, U).
func (m *Model) switchUser() tea.Cmd {
	for i, s := range m.screens { // named: u undoes on the profile only, and only there
		if s.Dirty() {
			text := m.c.T("admin.save_first", "Screen", s.Title(), "N", i+1)
			return m.setStatus(text, common.StatusError)
		}
	}
	return m.openPicker("", "")
}

// pickerKey handles the root's keys while the picker shows: esc returns to
// the user already chosen; everything else is the picker's.
func (m *Model) pickerKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if msg.String() == "esc" && m.target != nil {
		m.picker = nil
		return nil, true
	}
	if key.Matches(msg, m.keys.Refresh) {
		return m.picker.Update(tea.KeyPressMsg{Code: 'r', Text: "r"}), true
	}
	return nil, false
}

// afterDeletion follows the deletion of the user admin mode acted on: the
// screens held that user, so they go, and the picker offers the next one.
func (m *Model) afterDeletion(text string) tea.Cmd {
	if m.opts.ActOn == nil {
		return nil
	}
	m.target = nil
	m.freshScreens()
	m.c.ActingOn = ""
	return tea.Batch(m.openPicker("", text), m.setStatus(text, common.StatusSuccess))
}

// freshScreens replaces the screens with empty ones when admin mode's user
// changes, so nothing typed for one user is saved on another, and drops
// replies still on their way for the previous one (Common.Gen).
func (m *Model) freshScreens() {
	m.c.Gen++
	m.screens = m.newScreens()
	m.checkup, m.checking = m.newCheckup(), false
	m.sizeScreens()
	m.active = 0
}

// picking is true while the admin user picker shows.
func (m *Model) picking() bool { return m.picker != nil }

// badge is the header's badge: admin mode's state (choosing, or acting on
// whom), else the program's own (DEMO, or none).
func (m *Model) badge() string {
	switch {
	case m.opts.ActOn == nil:
	case m.picking():
		return m.c.T("admin.badge_choosing")
	case m.target != nil:
		return m.c.T("admin.badge_acting", "Name", m.target.DisplayName())
	}
	return m.opts.Badge
}
