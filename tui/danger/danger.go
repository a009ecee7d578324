// Package danger is the account's danger zone: deleting the account (typed
// confirmation, a fresh proof, then sign-out and wiping local tokens), and
// in admin mode suspending or reinstating the user.
package danger

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// Backend is what the screen needs.
type Backend interface {
	proof.Backend
	DeleteAccount(ctx context.Context) error
	SetSuspended(ctx context.Context, on bool) (*logto.User, error)
}

// Deps configure the screen.
type Deps struct {
	// Demo refuses deletion (demo data is reset by starting demo again).
	Demo bool
	// Admin offers suspend/unsuspend.
	Admin bool
	// AfterDelete revokes and wipes this terminal's tokens.
	AfterDelete func(ctx context.Context) error
	// ExportDir is where "export my data" writes its file ("" offers no
	// export; ExportWhyNot then says why: over SSH the file would land on
	// the server, and the demo writes nothing).
	ExportDir    string
	ExportWhyNot string
	// WriteFile creates a new 0600 file; an existing one is fs.ErrExist.
	WriteFile func(path string, data []byte) error
	// ClientID is this program's app: its grant is revoked last by a lockdown.
	ClientID string
}

type mode int

const (
	idle mode = iota
	typing
	deleting
	gone
	confirmSuspend
	confirmLockdown
	lockingDown
)

// KeyMap are the screen's keys.
type KeyMap struct{ Delete, Suspend, Export, Lockdown, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Delete, k.Export, k.Lockdown, k.Suspend, k.Cancel}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is the screen.
type Model struct {
	common.Base
	be      func() Backend
	deps    Deps
	keys    KeyMap
	user    *logto.User
	mode    mode
	field   *common.Field
	err     string
	w, h    int
	farewel string
	// exported says where the last export went; report is the last
	// lockdown's (export.go, lockdown.go).
	exported   string
	exportPath string
	exporting  bool
	report     []string
}

// New builds the screen.
func New(c *common.Common, be func() Backend, deps Deps) *Model {
	m := &Model{Base: common.NewBase(c, common.DangerID), be: be, deps: deps}
	m.keys = KeyMap{
		Delete:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", c.T("danger.key_delete"))),
		Suspend:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", c.T("danger.key_suspend")), key.WithDisabled()),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("danger.key_cancel"))),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", c.T("danger.key_export"))),
		Lockdown: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", c.T("danger.key_lockdown"))),
	}
	m.keys.Suspend.SetEnabled(deps.Admin)
	m.field = common.NewField("confirm", c.T("danger.field_confirm"), false)
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("danger.title") }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool { return m.mode == typing }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return false }

// KeyMap implements common.Screen.
func (m *Model) KeyMap() help.KeyMap {
	switch m.mode {
	case typing:
		return common.Keys{common.Hint("enter", m.C.T("danger.key_confirm")), common.Hint("esc", m.C.T("danger.key_cancel"))}
	case confirmSuspend, confirmLockdown:
		return common.Keys{common.Hint("y", m.C.T("danger.key_yes")), common.Hint("n", m.C.T("danger.key_no"))}
	case deleting, gone:
		return common.Keys{}
	}
	k := m.keys
	k.Cancel.SetEnabled(false) // nothing to cancel before x
	// x and e only where they act: without self-delete (the Account API) or
	// an export (demo, SSH) the screen already says why, and the key only
	// said it again.
	k.Delete.SetEnabled(m.user != nil && !m.lacksDelete())
	k.Export.SetEnabled(m.user != nil && m.exportOffered())
	k.Lockdown.SetEnabled(m.user != nil)
	return k
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h; m.sizeField() }

// sizeField fits the confirmation field beside "Type NAME to confirm: " (it
// ran past the window's edge, cut there with "…").
func (m *Model) sizeField() {
	label := 0
	if m.user != nil {
		label = common.Width(m.C.T("danger.type_to_confirm", "Text", common.Clean(m.expected())))
	}
	m.field.Input.SetWidth(max(10, m.w-label-1))
}

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// lacksDelete reports a backend without self-delete (the Account API).
func (m *Model) lacksDelete() bool {
	l, ok := m.be().(logto.Lacking)
	return ok && l.Lacks(logto.CapDeleteAccount)
}

// lacksTokens reports a backend that cannot reach personal access tokens
// (the Account API): the lockdown leaves them alone and must not promise it.
func (m *Model) lacksTokens() bool {
	l, ok := m.be().(logto.Lacking)
	return ok && l.Lacks(logto.CapPersonalAccessTokens)
}

// expected is what the user must type: the username, else the email, the
// phone or the user id as they show on screen; never empty, so a bare
// Enter can never confirm.
func (m *Model) expected() string { return Expected(m.user) }

// The screen's actions, handed back once the user proved who they are.
type (
	deleteMsg  struct{}
	suspendMsg struct{ on bool }
)

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.UserLoadedMsg:
		if u, ok := msg.User.(*logto.User); ok {
			m.user = u
		}
		return nil
	case deleteMsg:
		return m.delete()
	case suspendMsg:
		return m.suspend(msg.on)
	case exportMsg:
		return m.export()
	case exportedMsg:
		return m.exportDone(msg)
	case lockdownMsg:
		return m.lockdown()
	case lockedMsg:
		return m.lockdownDone(msg.r)
	case deletedMsg:
		if msg.err != nil && !logto.IsCode(msg.err, "entity.not_found") {
			m.mode, m.err = idle, m.C.Words(msg.err)
			return nil
		}
		if m.deps.Admin {
			// An operator goes on with another user; this one is gone.
			text := m.C.T("danger.deleted_other", "Name", common.Clean(m.user.DisplayName()))
			if msg.err != nil {
				text = m.C.T("danger.already_deleted_other", "Name", common.Clean(m.user.DisplayName()))
			}
			m.mode = idle
			return func() tea.Msg { return common.UserDeletedMsg{Text: text} }
		}
		m.mode = gone
		m.farewel = m.C.T("danger.deleted_self")
		if msg.wipe != nil {
			m.farewel += m.C.T("danger.wipe_failed", "Err", msg.wipe.Error())
		}
		return m.C.Clock.After(2*time.Second, func(time.Time) tea.Msg { return tea.QuitMsg{} })
	case suspendedMsg:
		m.mode = idle
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			return nil
		}
		u := msg.user
		text := m.C.T("danger.reinstated")
		if u.IsSuspended {
			text = m.C.T("danger.suspended")
		}
		return tea.Batch(func() tea.Msg { return common.UserLoadedMsg{User: u} }, func() tea.Msg { return common.Success(text) })
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.mode == typing {
			var cmd tea.Cmd
			m.field.Input, cmd = m.field.Input.Update(msg)
			return cmd
		}
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	switch m.mode {
	case gone, deleting, lockingDown:
		return nil
	case typing:
		switch msg.String() {
		case "esc":
			m.mode, m.err = idle, ""
			m.field.Input.SetValue("")
			return nil
		case "enter":
			if m.field.Value() != m.expected() {
				m.err = m.C.T("danger.no_match", "Text", common.Clean(m.expected()))
				return nil
			}
			if m.deps.Demo {
				m.mode, m.err = idle, ""
				m.field.Input.SetValue("")
				text := m.C.T("danger.demo_refused")
				return func() tea.Msg { return common.StatusMsg{Text: text, Kind: common.StatusDemo} }
			}
			m.mode, m.err = idle, ""
			m.field.Input.SetValue("")
			if m.deps.Admin { // the operator cannot prove to be this user
				return m.Req.Send(deleteMsg{})
			}
			// Deletion always asks for a fresh proof, whatever the window.
			return m.GuardAlways(deleteMsg{})
		}
		var cmd tea.Cmd
		m.field.Input, cmd = m.field.Input.Update(msg)
		return cmd
	case confirmSuspend:
		m.mode = idle
		if m.user != nil && (msg.String() == "y" || msg.String() == "Y") {
			return m.Req.Send(suspendMsg{on: !m.user.IsSuspended})
		}
		return nil
	case confirmLockdown:
		m.mode = idle
		switch {
		case msg.String() != "y" && msg.String() != "Y":
			return nil
		case m.deps.Admin: // the operator cannot prove to be this user
			return m.Req.Send(lockdownMsg{})
		}
		return m.GuardAlways(lockdownMsg{}) // a fresh proof, whatever the window
	}
	switch {
	case key.Matches(msg, m.keys.Export) && m.user != nil:
		m.err = ""
		if !m.exportOffered() {
			m.err = m.deps.ExportWhyNot
			if m.err == "" {
				m.err = m.C.T("danger.export_not_offered")
			}
			return nil
		}
		return m.Guard(exportMsg{})
	case key.Matches(msg, m.keys.Lockdown) && m.user != nil:
		m.mode, m.err = confirmLockdown, ""
	case key.Matches(msg, m.keys.Delete) && m.lacksDelete():
		m.err = m.C.Lacking(logto.CapDeleteAccount)
	case key.Matches(msg, m.keys.Delete) && m.user != nil:
		m.mode, m.err = typing, ""
		m.field.Input.SetValue("")
		m.sizeField()
		return m.field.Input.Focus()
	case key.Matches(msg, m.keys.Suspend) && m.deps.Admin && m.user != nil:
		m.mode = confirmSuspend
	}
	return nil
}
