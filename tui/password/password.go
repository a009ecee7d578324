// Package password is the password screen: the current password first (when
// there is one), the new one twice, and a live checklist of the tenant's
// policy, which the Management API does not enforce.
package password

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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
type KeyMap struct{ Next, Prev, Submit, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Next, k.Submit, k.Cancel} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev}, {k.Submit, k.Cancel}}
}

// Model is the screen.
type Model struct {
	c  *common.Common
	be func() Backend
	// rejected are the rules the server refused rejectedFor with.
	rejected    []string
	rejectedFor string
	keys        KeyMap
	proof       *proof.Model
	form        common.Form
	editing     bool
	busy        bool
	seq         int
	err         string
	fails       int
	cool        time.Time
	offer       bool // after success: sign out other sessions?
	w, h        int
}

// New builds the screen.
func New(c *common.Common, be func() Backend) *Model {
	m := &Model{c: c, be: be, proof: proof.New(c, func() proof.Backend { return be() })}
	m.keys = KeyMap{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous field")),
		Submit: key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", "change password")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
	}
	m.rebuild()
	return m
}

func (m *Model) rebuild() {
	var fields []*common.Field
	if m.c.Subject.HasPassword {
		fields = append(fields, common.NewField("current", "Current password", true))
	}
	fields = append(fields, common.NewField("new", "New password", true), common.NewField("confirm", "Repeat it", true))
	m.form = common.Form{Fields: fields}
	m.form.SetWidth(max(10, m.w-24))
}

// Title implements common.Screen.
func (m *Model) Title() string { return "Password" }

// Capturing implements common.Screen: the fields take every key.
func (m *Model) Capturing() bool { return m.editing || m.proof.Active() }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return m.form.Dirty() }

// Busy implements common.Screen.
func (m *Model) Busy() bool { return m.busy || m.proof.Busy() }

// KeyMap implements common.Screen.
func (m *Model) KeyMap() help.KeyMap { return m.proof.KeyMap(m.keys) }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h; m.form.SetWidth(max(10, w-24)) }

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if m.proof.Active() {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			done, cmd := m.proof.Key(k)
			if done {
				return tea.Batch(cmd, m.setPassword())
			}
			return cmd
		}
	}
	switch msg := msg.(type) {
	case common.UserLoadedMsg:
		had := len(m.form.Fields) == 3
		if had != m.c.Subject.HasPassword && !m.form.Dirty() {
			m.rebuild()
		}
		return nil
	case verifiedMsg:
		if msg.seq != m.seq {
			return nil
		}
		if be, ok := msg.err.(breachedError); ok {
			m.busy, m.err = false, be.Error()
			return m.form.FocusKey("new")
		}
		if msg.err != nil {
			m.busy = false
			if logto.IsCode(msg.err, "session.invalid_credentials") {
				m.fails++
				if m.fails >= proof.MaxTries {
					m.cool, m.fails = m.c.Now().Add(proof.CoolOff), 0
				}
			}
			m.err = common.Words(msg.err)
			return m.form.FocusKey("current")
		}
		m.fails = 0
		m.c.Proof.Record() // the current password is a fresh proof
		return m.setPassword()
	case setMsg:
		if msg.seq != m.seq {
			return nil
		}
		m.busy = false
		if be, ok := msg.err.(breachedError); ok {
			m.err = be.Error()
			return m.form.FocusKey("new")
		}
		if msg.err != nil {
			m.err = common.Words(msg.err)
			m.rejected, m.rejectedFor = serverRejections(msg.err), m.form.Get("new").Value()
			return nil
		}
		m.c.Subject.HasPassword = true
		m.form.Focused().Input.Blur()
		m.editing = false
		m.rebuild()
		m.offer = true
		return func() tea.Msg { return common.Success("Password changed.") }
	case signedOutMsg:
		m.busy = false
		if msg.err != nil {
			return func() tea.Msg { return common.ErrMsg{Err: msg.err} }
		}
		text := fmt.Sprintf("Signed out %d other session(s).", msg.revoked)
		if msg.failed > 0 {
			text += fmt.Sprintf(" %d could not be signed out; try again from Sessions.", msg.failed)
		}
		return func() tea.Msg { return common.Success(text) }
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	if done, cmd := m.proof.Update(msg); done || cmd != nil {
		if done {
			return tea.Batch(cmd, m.setPassword())
		}
		return cmd
	}
	if m.editing {
		return m.form.Update(msg)
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.offer {
		m.offer = false
		if msg.String() == "y" || msg.String() == "Y" {
			m.busy = true
			be := m.be()
			return func() tea.Msg {
				r, f, err := be.SignOutOtherSessions(context.Background(), "")
				return signedOutMsg{revoked: r, failed: f, err: err}
			}
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
		m.form.Focused().Input.Blur()
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
	if m.c.SignInExp != nil {
		p = m.c.SignInExp.PasswordPolicy
	} else {
		p = logto.SignInExperience{}.WithDefaults().PasswordPolicy
	}
	s := m.c.Subject
	pw := m.form.Get("new").Value()
	items := policy.Check(p, pw, policy.UserInfo{Name: s.Name, Username: s.Username, Email: s.Email, Phone: s.Phone})
	if pw != m.rejectedFor {
		return items
	}
	// The server's word wins (the Account API applies the policy itself).
	for _, code := range m.rejected {
		found := false
		for i := range items {
			if items[i].Code == code {
				items[i].OK, found = false, true
			}
		}
		if !found {
			items = append(items, policy.Item{Code: code, Label: rejectionLabel(code)})
		}
	}
	return items
}

func (m *Model) submit() tea.Cmd {
	if m.busy {
		return nil
	}
	m.err = ""
	newPW, confirm := m.form.Get("new").Value(), m.form.Get("confirm").Value()
	cur := m.form.Get("current")
	switch {
	case cur != nil && cur.Value() == "":
		m.err = "Type your current password first."
		return m.form.FocusKey("current")
	case !policy.OK(m.checklist()):
		m.err = "The new password does not meet the tenant's rules below."
		return m.form.FocusKey("new")
	case newPW != confirm:
		m.err = "The two new passwords differ. Type it again in \"Repeat it\"."
		return m.form.FocusKey("confirm")
	case cur != nil && cur.Value() == newPW:
		m.err = common.Words(&logto.APIError{Code: "user.same_password"})
		return m.form.FocusKey("new")
	}
	if wait := m.cool.Sub(m.c.Now()); wait > 0 {
		m.err = fmt.Sprintf("Too many wrong passwords. Wait %d s and try again.", int(wait.Seconds())+1)
		return nil
	}
	if cur != nil {
		m.seq++
		m.busy = true
		seq, be, pw, pwned, next := m.seq, m.be(), logto.Secret(cur.Value()), m.c.Pwned, newPW
		return func() tea.Msg {
			if err := breached(pwned, next); err != nil {
				return verifiedMsg{seq: seq, err: err}
			}
			return verifiedMsg{seq: seq, err: be.VerifyPassword(context.Background(), pw)}
		}
	}
	if m.proof.Need() {
		return m.proof.Ask()
	}
	return m.setPassword()
}
