// Package proof is the one prompt in which the user proves who they are
// again (password, or a code sent to their current email/phone) before a
// sensitive action. The root owns it: a screen asks with a NeedProofMsg that
// carries the message to hand back, and the prompt never keeps a closure.
package proof

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
	"github.com/logto-account/logto-account/tui/common"
)

// Backend is what proving needs.
type Backend interface {
	VerifyPassword(ctx context.Context, pw logto.Secret) error
	SendCode(ctx context.Context, to logto.Recipient) error
	VerifyCode(ctx context.Context, to logto.Recipient, code string) error
}

// MaxTries wrong passwords in a row start a cooling-off wait (Logto has no
// lockout on the Management API's verify route).
const MaxTries = 5

// CoolOff is the wait after MaxTries wrong passwords.
const CoolOff = 30 * time.Second

type method int

const (
	byPassword method = iota
	byCode
)

type sentMsg struct{ err error }

type resultMsg struct{ err error }

// Handback is what a successful proof releases: the message the asking
// screen gave, to be delivered to it alone.
type Handback struct {
	Owner common.ScreenID
	Gen   int
	Then  tea.Msg
}

// Model is the prompt.
type Model struct {
	c    *common.Common
	be   func() Backend
	req  common.Requests
	ask  *common.NeedProofMsg // what is pending; nil when the prompt is closed
	meth method
	to   logto.Recipient
	// methods the user has, in the order offered (tab switches).
	methods []method
	field   *common.Field
	err     string
	fails   int
	cool    time.Time
	sent    bool // a code went out for this prompt
}

// New builds the prompt; be returns the current backend.
func New(c *common.Common, be func() Backend) *Model {
	return &Model{c: c, be: be, req: common.NewRequests(c, common.ProofID)}
}

// Requests are the prompt's own requests (the root routes their replies).
func (m *Model) Requests() *common.Requests { return &m.req }

// Active reports whether the prompt is showing.
func (m *Model) Active() bool { return m.ask != nil }

// Busy reports a check or a send in flight.
func (m *Model) Busy() bool { return m.req.Busy() }

// Owner is the screen waiting for the proof ("" when none).
func (m *Model) Owner() common.ScreenID {
	if m.ask == nil {
		return ""
	}
	return m.ask.Owner
}

// Unprovable is why no proof can be asked for ("" when one can), in
// English (UnprovableIn for a language).
func Unprovable(sub common.Subject) string { return UnprovableIn(nil, sub) }

// UnprovableIn is why no proof can be asked for ("" when one can), in l's
// language: the user has no password, email or phone this program can use.
func UnprovableIn(l *i18n.Localizer, sub common.Subject) string {
	if sub.HasPassword || sub.Email != "" || sub.Phone != "" {
		return ""
	}
	return l.T("proof.unprovable")
}

// Ask opens the prompt for ask. The caller checked Unprovable first.
func (m *Model) Ask(ask common.NeedProofMsg) tea.Cmd {
	m.Cancel()
	sub := m.c.Subject
	m.methods = nil
	if sub.HasPassword {
		m.methods = append(m.methods, byPassword)
	}
	if sub.Email != "" || sub.Phone != "" {
		m.methods = append(m.methods, byCode)
		m.to = logto.Recipient{Email: sub.Email}
		if sub.Email == "" {
			m.to = logto.Recipient{Phone: sub.Phone}
		}
	}
	if len(m.methods) == 0 {
		return nil
	}
	m.ask = &ask
	return m.use(m.methods[0])
}

// use switches to a method (tab), sending a code the first time it is chosen.
func (m *Model) use(meth method) tea.Cmd {
	m.meth, m.err = meth, ""
	if meth == byPassword {
		m.field = common.NewField("password", m.c.T("proof.label_password"), true)
		return m.field.Input.Focus()
	}
	m.field = common.NewField("code", m.c.T("proof.label_code"), false)
	m.field.Input.CharLimit = 6
	focus := m.field.Input.Focus()
	if m.sent {
		return focus
	}
	return tea.Batch(focus, m.send())
}

// Cancel closes the prompt and drops what it held (Esc, a screen switch, a
// sign-out or an account switch); a check still in flight is forgotten.
func (m *Model) Cancel() {
	m.ask, m.field, m.err, m.sent = nil, nil, "", false
	m.req.DropAll()
}

func (m *Model) send() tea.Cmd {
	m.sent = true
	be, to := m.be(), m.to
	return m.req.Do("send", func(ctx context.Context) tea.Msg { return sentMsg{err: be.SendCode(ctx, to)} })
}

// Update handles a key or one of the prompt's replies. When the user has
// proved who they are it returns the handback, and the prompt is closed.
func (m *Model) Update(msg tea.Msg) (*Handback, tea.Cmd) {
	switch msg := msg.(type) {
	case sentMsg:
		if msg.err != nil {
			m.err = m.c.Words(msg.err)
		}
		return nil, nil
	case resultMsg:
		return m.result(msg.err), nil
	case tea.KeyPressMsg:
		if m.ask == nil {
			return nil, nil
		}
		switch msg.String() {
		case "esc":
			m.Cancel()
			cancelled := m.c.T("proof.cancelled")
			return nil, func() tea.Msg { return common.Info(cancelled) }
		case "enter":
			return nil, m.submit()
		case "ctrl+r":
			if m.meth == byCode && !m.req.Pending("send") {
				return nil, m.send()
			}
			return nil, nil
		case "tab":
			if len(m.methods) > 1 && !m.req.Pending("check") {
				next := m.methods[0]
				if m.meth == next {
					next = m.methods[1]
				}
				return nil, m.use(next)
			}
			return nil, nil
		}
		var cmd tea.Cmd
		m.field.Input, cmd = m.field.Input.Update(msg)
		return nil, cmd
	case tea.PasteMsg:
		if m.ask != nil {
			if m.meth == byCode {
				msg = common.CodePaste(msg)
			}
			var cmd tea.Cmd
			m.field.Input, cmd = m.field.Input.Update(msg)
			return nil, cmd
		}
	}
	return nil, nil
}

func (m *Model) result(err error) *Handback {
	if m.ask == nil {
		return nil
	}
	if err == nil {
		m.fails = 0
		m.c.Proof.Record()
		h := &Handback{Owner: m.ask.Owner, Gen: m.ask.Gen, Then: m.ask.Then}
		m.Cancel()
		return h
	}
	if logto.IsCode(err, "session.invalid_credentials") {
		m.fails++
		if m.fails >= MaxTries {
			m.cool = m.c.Now().Add(CoolOff)
			m.fails = 0
		}
	}
	m.err = m.c.Words(err)
	m.field.Input.SetValue("")
	return nil
}

func (m *Model) submit() tea.Cmd {
	if m.req.Pending("check") {
		return nil
	}
	if wait := m.cool.Sub(m.c.Now()); wait > 0 {
		m.err = m.c.N("proof.cooling_off", int(wait.Seconds())+1)
		return nil
	}
	v := m.field.Value()
	if v == "" {
		m.err = map[method]string{byCode: m.c.T("proof.code_first"), byPassword: m.c.T("proof.password_first")}[m.meth]
		return nil
	}
	m.err = ""
	be := m.be()
	if m.meth == byCode {
		to := m.to
		return m.req.Do("check", func(ctx context.Context) tea.Msg { return resultMsg{err: be.VerifyCode(ctx, to, v)} })
	}
	pw := logto.Secret(v)
	return m.req.Do("check", func(ctx context.Context) tea.Msg { return resultMsg{err: be.VerifyPassword(ctx, pw)} })
}

// address is where the code went, as shown everywhere (a phone grouped).
func address(to logto.Recipient) string {
	if to.Phone != "" {
		return common.Clean(phone.Format(to.Phone))
	}
	return common.Clean(to.Email)
}

// View draws the prompt ("" when closed), wrapped to width.
func (m *Model) View(width int) string {
	if m.ask == nil {
		return ""
	}
	s := m.c.Styles
	head := m.c.T("proof.head_password")
	if m.meth == byCode {
		head = m.c.T("proof.head_code", "Address", address(m.to))
	}
	out := s.Warning.Render(common.Wrap(head, width)) + "\n" + s.Label.Render(m.c.T("proof.label", "Label", m.field.Label)) + m.field.Input.View()
	if m.req.Pending("check") {
		out += s.Muted.Render("  " + m.c.T("proof.checking"))
	}
	if m.err != "" {
		out += "\n" + s.Error.Render(common.Wrap(m.err, width))
	}
	return out
}

// KeyMap is the prompt's keys.
func (m *Model) KeyMap() help.KeyMap {
	send := common.Hint("ctrl+r", m.c.T("proof.key_new_code"))
	send.SetEnabled(m.meth == byCode)
	other := common.Hint("tab", m.c.T("proof.key_use_code"))
	if m.meth == byCode {
		other = common.Hint("tab", m.c.T("proof.key_use_password"))
	}
	other.SetEnabled(len(m.methods) > 1)
	return common.Keys{common.Hint("enter", m.c.T("proof.key_confirm")), other, send, common.Hint("esc", m.c.T("proof.key_cancel"))}
}
