// Package password is the password screen: the current password first (when
// there is one), the new one twice, and a live checklist of the tenant's
// policy, which the Management API does not enforce.
package password

import (
	"context"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/policy"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// Backend is what the screen needs.
type Backend interface {
	proof.Backend
	SetPassword(ctx context.Context, pw logto.Secret) error
	SignOutOtherSessions(ctx context.Context, keep string) (revoked, failed int, err error)
}

// KeyMap are the screen's keys.
type KeyMap struct{ Next, Prev, Submit, Show, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Submit, k.Show, k.Cancel} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev}, {k.Submit, k.Show, k.Cancel}}
}

// Model is the screen.
type Model struct {
	common.Base
	be func() Backend
	// admin sets another user's password (an operator needs no old one).
	admin bool
	// rejected are the rules the server refused rejectedFor with.
	rejected    []string
	rejectedFor string
	keys        KeyMap
	form        common.Form
	editing     bool
	err         string
	offer       bool // after success: sign out other sessions?
	// shown is true while the user asked to see what they type (ctrl+t).
	shown bool
	w, h  int
}

// New builds the screen; admin is an operator setting another user's
// password.
func New(c *common.Common, be func() Backend, admin bool) *Model {
	m := &Model{Base: common.NewBase(c, common.PasswordID), be: be, admin: admin}
	m.keys = KeyMap{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", c.T("password.key_next"))),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", c.T("password.key_prev"))),
		Submit: key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", c.T("password.key_change"))),
		Show:   key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", c.T("password.key_show"))),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("password.key_clear"))),
	}
	if admin {
		m.keys.Submit.SetHelp("enter", c.T("password.key_set"))
	}
	m.rebuild()
	return m
}

// rebuild makes empty fields. The current password is not one of them: the
// proof prompt asks for it (or a code) like for every sensitive change.
func (m *Model) rebuild() {
	m.form = common.Form{Fields: []*common.Field{common.NewField("new", m.C.T("password.field_new"), true),
		common.NewField("confirm", m.C.T("password.field_repeat"), true)}, Lang: m.C.Lang}
	m.form.SetWidth(max(10, m.w-m.labelWidth()-6))
	m.show(false)
}

// show shows what is typed (ctrl+t) or hides it again behind bullets.
func (m *Model) show(on bool) {
	m.shown = on
	for _, f := range m.form.Fields {
		if on {
			f.Input.EchoMode = textinput.EchoNormal
		} else {
			f.Input.EchoMode = textinput.EchoPassword
		}
	}
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("password.title") }

// Capturing implements common.Screen: the fields take every key.
func (m *Model) Capturing() bool { return m.editing }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return m.form.Dirty() }

// KeyMap implements common.Screen: the keys of the state on screen.
func (m *Model) KeyMap() help.KeyMap {
	switch {
	case m.offer:
		return common.Keys{common.Hint("y", m.C.T("password.key_sign_out_others")), common.Hint("n", m.C.T("password.key_keep_others"))}
	case m.C.Hidden(logto.FieldPassword):
		return common.Keys{}
	case !m.editing:
		return common.Keys{common.Hint("enter", m.C.T("password.key_start"))}
	}
	k := m.keys
	if m.form.Focus == 0 {
		k.Submit.SetHelp("enter", m.C.T("password.key_to_repeat")) // enter on the first field moves on
	}
	if m.shown {
		k.Show.SetHelp("ctrl+t", m.C.T("password.key_hide"))
	}
	return k
}

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h; m.form.SetWidth(max(10, w-m.labelWidth()-6)) }

// labelWidth is the fields' label column in cells: the widest label in
// the language, at least 18 (as it always was in English).
func (m *Model) labelWidth() int {
	w := 18
	for _, f := range m.form.Fields {
		w = max(w, common.Width(f.Label))
	}
	return w
}

// The screen's actions, handed back once the user proved who they are.
type (
	setMsg     struct{ pw logto.Secret }
	signOutMsg struct{}
	setDoneMsg struct {
		pw  logto.Secret
		err error
	}
	signedOutMsg struct {
		revoked, failed int
		err             error
	}
)

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case setMsg:
		return m.setPassword(msg.pw)
	case signOutMsg:
		return m.signOutOthers()
	case setDoneMsg:
		if be, ok := msg.err.(breachedError); ok {
			m.err = be.words(m.C.Lang)
			return m.form.FocusKey("new")
		}
		if cmd, ok := m.Reprove(msg.err, setMsg{pw: msg.pw}); ok {
			return cmd
		}
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			m.rejected, m.rejectedFor = serverRejections(msg.err), msg.pw.Reveal()
			return nil
		}
		m.C.Subject.HasPassword = true
		m.editing = false
		m.rebuild()
		m.offer = !m.admin
		if m.admin {
			text := m.C.T("password.set_for", "Name", m.whose())
			return func() tea.Msg { return common.Success(text) }
		}
		changed := m.C.T("password.changed")
		return tea.Batch(func() tea.Msg { return common.Success(changed) },
			func() tea.Msg { return common.PasswordChangedMsg{} })
	case signedOutMsg:
		if msg.err != nil {
			return func() tea.Msg { return common.ErrMsg{Err: msg.err} }
		}
		text := signedOutText(m.C.Lang, msg.revoked, msg.failed, "password.sign_out_failed")
		// The sessions screen reads again what it listed.
		return tea.Batch(func() tea.Msg { return common.Success(text) }, func() tea.Msg { return common.StaleMsg{} })
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	if m.editing {
		return m.form.Update(msg)
	}
	return nil
}

// whose names the account whose password the screen sets.
func (m *Model) whose() string {
	if n := m.C.Subject.Name; n != "" {
		return common.Clean(n)
	}
	if u := m.C.Subject.Username; u != "" {
		return common.Clean(u)
	}
	return m.C.T("password.this_user")
}

// signedOutText says how many other sessions were signed out; failedID is
// the plural message for those that were not (it says where to try again).
func signedOutText(l *i18n.Localizer, revoked, failed int, failedID string) string {
	text := l.T("password.signed_out_none")
	if revoked > 0 {
		text = l.N("password.signed_out", revoked)
	}
	if failed > 0 {
		text = l.T("password.two_sentences", "First", text, "Then", l.N(failedID, failed))
	}
	return text
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.C.Hidden(logto.FieldPassword) {
		return nil // not shared with this app: nothing to type
	}
	if m.offer {
		m.offer = false
		if msg.String() == "y" || msg.String() == "Y" {
			return m.Guard(signOutMsg{})
		}
		return nil
	}
	if !m.editing {
		switch msg.String() {
		case "enter", "e", "tab", "down", "j":
			m.editing = true
			return m.form.Focused().Input.Focus()
		}
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Cancel):
		for _, f := range m.form.Fields {
			f.Input.SetValue("")
		}
		m.err, m.editing = "", false
		m.show(false)
		m.form.Focused().Input.Blur()
		return nil
	case key.Matches(msg, m.keys.Show):
		m.show(!m.shown)
		return nil
	case key.Matches(msg, m.keys.Next):
		return m.form.Move(1)
	case key.Matches(msg, m.keys.Prev):
		return m.form.Move(-1)
	case key.Matches(msg, m.keys.Submit):
		if msg.String() == "enter" && m.form.Focus < len(m.form.Fields)-1 {
			return m.form.Move(1)
		}
		return m.submit()
	}
	return m.form.Update(msg)
}

func (m *Model) checklist() []policy.Item {
	var p logto.PasswordPolicy
	if m.C.SignInExp != nil {
		p = m.C.SignInExp.PasswordPolicy
	} else {
		p = logto.SignInExperience{}.WithDefaults().PasswordPolicy
	}
	s := m.C.Subject
	pw := m.form.Get("new").Value()
	info := policy.UserInfo{Name: s.Name, Username: s.Username, Email: s.Email, Phone: s.Phone, Operator: m.admin}
	if pw != m.rejectedFor {
		return Checklist(p, pw, info, nil)
	}
	// The server's word wins (the Account API applies the policy itself).
	return Checklist(p, pw, info, m.rejected)
}

func (m *Model) submit() tea.Cmd {
	if m.Req.Pending("set") {
		return nil
	}
	m.err = ""
	newPW, confirm := m.form.Get("new").Value(), m.form.Get("confirm").Value()
	switch {
	case !policy.OK(m.checklist()):
		m.err = m.C.T("password.not_met")
		return m.form.FocusKey("new")
	case newPW != confirm:
		m.err = m.C.T("password.differ", "Field", m.C.T("password.field_repeat"))
		return m.form.FocusKey("confirm")
	}
	return m.Guard(setMsg{pw: logto.Secret(newPW)})
}
