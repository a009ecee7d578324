// Package contact is the email and phone screen: a new address is saved
// only after a code sent to it was entered (send → code → verify → save).
package contact

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// Backend is what the screen needs.
type Backend interface {
	proof.Backend
	UpdateUser(ctx context.Context, p logto.UserPatch) (*logto.User, error)
}

// ResendAfter is the wait before another code can be requested.
const ResendAfter = 60 * time.Second

type step int

const (
	browse step = iota
	typing
	coding
	confirmRemove
)

type kind int

const (
	email kind = iota
	phoneKind
)

// KeyMap are the screen's keys.
type KeyMap struct{ Up, Down, Change, Remove, Resend, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Change, k.Remove, k.Resend, k.Cancel}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Change, k.Remove}, {k.Resend, k.Cancel}}
}

// Model is the screen.
type Model struct {
	common.Base
	be     func() Backend
	keys   KeyMap
	user   *logto.User
	row    kind
	step   step
	value  *common.Field
	code   *common.Field
	target logto.Recipient // the normalised address the code went to
	sentAt time.Time
	err    string
	// ticks numbers the countdown's timers: only the latest one ticks on.
	ticks int
	w, h  int
}

// New builds the screen.
func New(c *common.Common, be func() Backend) *Model {
	m := &Model{Base: common.NewBase(c, common.ContactID), be: be}
	m.keys = KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("contact.key_up"))),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("contact.key_down"))),
		Change: key.NewBinding(key.WithKeys("enter", "c"), key.WithHelp("enter", c.T("contact.key_change"))),
		Remove: key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", c.T("contact.key_remove"))),
		Resend: key.NewBinding(key.WithKeys("r", "ctrl+r"), key.WithHelp("r", c.T("contact.key_resend"))),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("contact.key_cancel"))),
	}
	m.value = common.NewField("value", c.T("contact.new_email"), false)
	m.code = common.NewField("code", c.T("contact.code"), false)
	m.code.Input.CharLimit = 6
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("contact.title") }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool { return m.step == typing || m.step == coding }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return m.step == typing && m.value.Value() != "" || m.step == coding }

// KeyMap implements common.Screen: the keys of the step on screen.
func (m *Model) KeyMap() help.KeyMap {
	switch m.step {
	case typing:
		return common.Keys{common.Hint("enter", m.C.T("contact.key_send")), common.Hint("esc", m.C.T("contact.key_cancel"))}
	case coding:
		resend := m.keys.Resend
		resend.SetEnabled(!m.sentAt.IsZero() && m.C.Now().Sub(m.sentAt) >= ResendAfter) // the screen counts down till then
		return common.Keys{common.Hint("enter", m.C.T("contact.key_check")), resend, common.Hint("esc", m.C.T("contact.key_cancel"))}
	case confirmRemove:
		return common.Keys{common.Hint("y", m.C.T("contact.key_remove")), common.Hint("n", m.C.T("contact.key_keep"))}
	}
	remove := m.keys.Remove
	remove.SetEnabled(m.current() != "") // nothing to remove
	return browseKeys{m.keys, remove}
}

// browseKeys are the two rows' keys: the help line names what acts on the
// selected row (the arrows are in the full help).
type browseKeys struct {
	KeyMap
	remove key.Binding
}

// ShortHelp implements help.KeyMap.
func (k browseKeys) ShortHelp() []key.Binding { return []key.Binding{k.Change, k.remove} }

// FullHelp implements help.KeyMap.
func (k browseKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Change, k.remove}}
}

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.sizeValue()
	m.code.Input.SetWidth(10)
}

// sizeValue fits the new address's input beside its label, whose width
// depends on the language and the row.
func (m *Model) sizeValue() { m.value.Input.SetWidth(max(10, m.w-common.Width(m.valuePrompt())-1)) }

// which is the email's message id or the phone's, as the selected row is.
func (m *Model) which(ofEmail, ofPhone string) string { return Which(m.row == email, ofEmail, ofPhone) }

// whose is which on one's own account or on the user an operator acts on.
func (m *Model) whose(ownEmail, emailOf, ownPhone, phoneOf string) string {
	return Whose(m.row == email, m.actingOn(), ownEmail, emailOf, ownPhone, phoneOf)
}

// actingOn names the user an operator acts on ("" on one's own account).
func (m *Model) actingOn() string { return common.Clean(m.C.ActingOn) }

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.UserLoadedMsg:
		if u, ok := msg.User.(*logto.User); ok {
			m.user = u
		}
		return nil
	case sendMsg:
		return m.send(msg.to)
	case verifyMsg:
		return m.verify(msg)
	case removeMsg:
		return m.remove(msg)
	case sentMsg:
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			if m.step == coding && m.sentAt.IsZero() {
				m.step = typing // keep the typed address to fix it
				return m.value.Input.Focus()
			}
			return nil
		}
		m.err = ""
		m.sentAt = m.C.Now()
		m.step = coding
		m.code.Input.SetValue("")
		text := m.C.T("contact.sent", "Address", m.targetText())
		return tea.Batch(m.code.Input.Focus(), m.tick(), func() tea.Msg { return common.Info(text) })
	case doneMsg:
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			if common.Expired(msg.err) {
				err := msg.err
				return func() tea.Msg { return common.SessionExpiredMsg{Err: err} }
			}
			return nil
		}
		m.reset()
		u, what := msg.user, msg.what
		return tea.Batch(func() tea.Msg { return common.UserLoadedMsg{User: u, At: m.C.Now()} },
			func() tea.Msg { return common.Success(what) })
	case tickMsg:
		if msg.n == m.ticks && m.step == coding {
			return m.tick()
		}
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		return m.typeInto(msg)
	}
	return nil
}

func (m *Model) reset() {
	m.step, m.err, m.sentAt = browse, "", time.Time{}
	m.value.Input.SetValue("")
	m.value.Input.Blur()
	m.code.Input.SetValue("")
	m.code.Input.Blur()
	m.Req.Drop("send")
}

// typeInto gives text to the field of the step on screen.
func (m *Model) typeInto(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch m.step {
	case typing:
		m.value.Input, cmd = m.value.Input.Update(msg)
	case coding:
		if p, ok := msg.(tea.PasteMsg); ok {
			msg = common.CodePaste(p)
		}
		m.code.Input, cmd = m.code.Input.Update(msg)
	}
	return cmd
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	switch m.step {
	case browse:
		switch {
		case key.Matches(msg, m.keys.Up):
			m.row = email
		case key.Matches(msg, m.keys.Down):
			m.row = phoneKind
		case key.Matches(msg, m.keys.Change) && m.user != nil:
			m.step, m.err = typing, ""
			m.value.Label = m.C.T(m.which("contact.new_email", "contact.new_phone"))
			m.sizeValue()
			return m.value.Input.Focus()
		case key.Matches(msg, m.keys.Remove) && m.user != nil:
			if m.current() == "" {
				m.err = m.C.T(m.which("contact.no_email", "contact.no_phone"))
				return nil
			}
			if why := m.lastMethod(); why != "" {
				m.err = why
				return nil
			}
			m.step, m.err = confirmRemove, ""
		}
	case confirmRemove:
		switch msg.String() {
		case "y", "Y":
			m.step = browse
			return m.Guard(removeMsg{isEmail: m.row == email})
		case "n", "N", "esc":
			m.step = browse
		}
	case typing:
		switch msg.String() {
		case "esc":
			m.reset()
			text := m.C.T("contact.cancelled")
			return func() tea.Msg { return common.Info(text) }
		case "enter":
			return m.submitValue()
		}
		return m.typeInto(msg)
	case coding:
		switch msg.String() {
		case "esc":
			// Cancel means the whole change: the help says so, and a key
			// typed after it must not land in the address.
			m.reset()
			text := m.C.T(m.which("contact.cancelled_email", "contact.cancelled_phone"))
			return func() tea.Msg { return common.Info(text) }
		case "enter":
			return m.submitCode()
		case "r", "ctrl+r":
			return m.resend()
		}
		return m.typeInto(msg)
	}
	return nil
}

func (m *Model) current() string {
	if m.user == nil {
		return ""
	}
	if m.row == email {
		return logto.Str(m.user.PrimaryEmail)
	}
	return logto.Str(m.user.PrimaryPhone)
}

// lastMethod refuses removing the only way left to sign in (Logto's
// Management API does not check).
func (m *Model) lastMethod() string {
	return LastMethod(m.C.Lang, m.user, m.row == email, m.actingOn())
}

func (m *Model) targetText() string { return Address(m.target) }

// Address is how an email address or a phone number is shown: a phone in
// the one form used everywhere (+44 20 7946 0958), cleaned.
func Address(to logto.Recipient) string {
	if to.Phone != "" {
		return common.Clean(phone.Format(to.Phone))
	}
	return common.Clean(to.Email)
}

// submitValue checks and normalises the new address, then sends a code.
func (m *Model) submitValue() tea.Cmd {
	to, bad := Target(m.C.Lang, m.value.Value(), m.row == email)
	if bad != "" {
		m.err = bad
		return nil
	}
	if strings.EqualFold(to.Email+to.Phone, m.current()) {
		m.err = m.C.T(m.whose("contact.already_email", "contact.already_email_of", "contact.already_phone", "contact.already_phone_of"),
			"Name", m.actingOn())
		return nil
	}
	m.target, m.err = to, ""
	return m.Guard(sendMsg{to: to})
}
