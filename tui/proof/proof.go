// Package proof asks the user to prove who they are again (password, or a
// code sent to their current email/phone when they have no password) before
// a sensitive action, when the last proof is older than the window.
package proof

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
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

type resultMsg struct {
	seq int
	err error
}

type sentMsg struct {
	seq int
	err error
}

// Model is the inline proof prompt.
type Model struct {
	c      *common.Common
	be     func() Backend
	field  *common.Field
	active bool
	busy   bool
	byCode bool
	to     logto.Recipient
	err    string
	seq    int
	fails  int
	cool   time.Time
	// pending runs after a successful proof (Guard/Resume).
	pending func() tea.Cmd
}

// New builds the prompt; be returns the current backend.
func New(c *common.Common, be func() Backend) *Model {
	return &Model{c: c, be: be}
}

// Active reports whether the prompt is showing.
func (m *Model) Active() bool { return m.active }

// Busy reports a request in flight.
func (m *Model) Busy() bool { return m.busy }

// Need reports whether a sensitive action must ask first.
func (m *Model) Need() bool { return !m.c.Proof.Fresh() }

// Ask shows the prompt: password when the user has one, else a code to the
// current email or phone. With neither, the proof is recorded at once.
func (m *Model) Ask() tea.Cmd {
	sub := m.c.Subject
	m.active, m.err, m.busy = true, "", false
	switch {
	case sub.HasPassword:
		m.byCode = false
		m.field = common.NewField("password", "Password", true)
		return m.field.Input.Focus()
	case sub.Email != "" || sub.Phone != "":
		m.byCode = true
		m.to = logto.Recipient{Email: sub.Email}
		if sub.Email == "" {
			m.to = logto.Recipient{Phone: sub.Phone}
		}
		m.field = common.NewField("code", "Code", false)
		m.field.Input.CharLimit = 6
		return tea.Batch(m.field.Input.Focus(), m.send())
	}
	m.active = false
	m.c.Proof.Record()
	return func() tea.Msg { return provedMsg{} }
}

// provedMsg is sent when Ask could record a proof without asking.
type provedMsg struct{}

func (m *Model) send() tea.Cmd {
	m.seq++
	m.busy = true
	seq, be, to := m.seq, m.be(), m.to
	return func() tea.Msg {
		return sentMsg{seq: seq, err: be.SendCode(context.Background(), to)}
	}
}

// Update handles keys and replies; proved is true once the user proved who
// they are (the caller then carries on with its action).
func (m *Model) Update(msg tea.Msg) (proved bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case provedMsg:
		return true, nil
	case sentMsg:
		if msg.seq == m.seq {
			m.busy = false
			if msg.err != nil {
				m.err = common.Words(msg.err)
			}
		}
		return false, nil
	case resultMsg:
		if msg.seq != m.seq {
			return false, nil
		}
		m.busy = false
		if msg.err == nil {
			m.active, m.fails = false, 0
			m.c.Proof.Record()
			return true, nil
		}
		if logto.IsCode(msg.err, "session.invalid_credentials") {
			m.fails++
			if m.fails >= MaxTries {
				m.cool = m.c.Now().Add(CoolOff)
				m.fails = 0
			}
		}
		m.err = common.Words(msg.err)
		return false, nil
	case tea.KeyPressMsg:
		if !m.active {
			return false, nil
		}
		switch msg.String() {
		case "esc":
			m.active = false
			return false, func() tea.Msg { return common.Info("Cancelled; nothing was changed.") }
		case "enter":
			return false, m.submit()
		case "ctrl+r":
			if m.byCode && !m.busy {
				return false, m.send()
			}
		}
		return false, m.field.Input.Focus()
	}
	if m.active && m.field != nil {
		var c tea.Cmd
		m.field.Input, c = m.field.Input.Update(msg)
		return false, c
	}
	return false, nil
}

// Key feeds a key to the input (callers route keys here while Active).
func (m *Model) Key(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	switch msg.String() {
	case "esc", "enter", "ctrl+r":
		return m.Update(msg)
	}
	var c tea.Cmd
	m.field.Input, c = m.field.Input.Update(msg)
	return false, c
}

func (m *Model) submit() tea.Cmd {
	if m.busy {
		return nil
	}
	if wait := m.cool.Sub(m.c.Now()); wait > 0 {
		m.err = fmt.Sprintf("Too many wrong passwords. Wait %d s and try again.", int(wait.Seconds())+1)
		return nil
	}
	v := m.field.Value()
	if v == "" {
		m.err = "Type your " + map[bool]string{true: "code", false: "password"}[m.byCode] + " first."
		return nil
	}
	m.seq++
	m.busy, m.err = true, ""
	seq, be := m.seq, m.be()
	if m.byCode {
		to := m.to
		return func() tea.Msg { return resultMsg{seq: seq, err: be.VerifyCode(context.Background(), to, v)} }
	}
	return func() tea.Msg {
		return resultMsg{seq: seq, err: be.VerifyPassword(context.Background(), logto.Secret(v))}
	}
}

// View draws the prompt.
func (m *Model) View() string {
	if !m.active {
		return ""
	}
	s := m.c.Styles
	head := "Confirm it is you: type your password."
	if m.byCode {
		head = "Confirm it is you: type the code sent to " + common.Clean(m.to.Email+m.to.Phone) + " (ctrl+r sends another)."
	}
	out := s.Warning.Render(head) + "\n" + s.Label.Render(m.field.Label+": ") + m.field.Input.View()
	if m.busy {
		out += s.Muted.Render("  checking…")
	}
	if m.err != "" {
		out += "\n" + s.Error.Render(m.err)
	}
	return out + "\n" + s.Muted.Render("enter confirm · esc cancel")
}

// Guard runs action now when the proof is fresh, else asks first and keeps
// action for Resume.
func (m *Model) Guard(action func() tea.Cmd) tea.Cmd {
	if !m.Need() {
		return action()
	}
	m.pending = action
	return m.Ask()
}

// Retry handles a proof the server refused (the Account API's record
// expired or was never made): the user is asked again and action runs
// after. handled is false for any other error.
func (m *Model) Retry(err error, action func() tea.Cmd) (cmd tea.Cmd, handled bool) {
	if !logto.IsCode(err, "verification_record.permission_denied") {
		return nil, false
	}
	m.c.Proof.Forget()
	m.pending = action
	return m.Ask(), true
}

// Resume runs the kept action once the user proved who they are.
func (m *Model) Resume(done bool) tea.Cmd {
	if !done || m.pending == nil {
		return nil
	}
	next := m.pending
	m.pending = nil
	return next()
}

// Route handles what belongs to the prompt: keys while it shows, and its
// own replies; after a successful proof it runs the action kept by Guard.
// Screens call it first in Update and return when handled.
func (m *Model) Route(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if !m.active {
			return false, nil
		}
		done, cmd := m.Key(msg)
		return true, tea.Batch(cmd, m.Resume(done))
	case provedMsg, sentMsg, resultMsg:
		done, cmd := m.Update(msg)
		return true, tea.Batch(cmd, m.Resume(done))
	}
	return false, nil
}

// Footer is what a screen draws under its content: its error line, then
// the prompt while it shows, each after a blank line.
func (m *Model) Footer(errText string) string {
	var out string
	if errText != "" {
		out += "\n" + m.c.Styles.Error.Render(errText) + "\n"
	}
	if v := m.View(); v != "" {
		out += "\n" + v + "\n"
	}
	return out
}

// KeyMap is the prompt's keys while it asks, else the screen's own.
func (m *Model) KeyMap(screen help.KeyMap) help.KeyMap {
	if !m.active {
		return screen
	}
	send := common.Hint("ctrl+r", "send another code")
	send.SetEnabled(m.byCode)
	return common.Keys{common.Hint("enter", "confirm it is you"), send, common.Hint("esc", "cancel")}
}
