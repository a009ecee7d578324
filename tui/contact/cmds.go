package contact

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
)

type sentMsg struct{ err error }

type doneMsg struct {
	user *logto.User
	err  error
	what string
}

type tickMsg struct{ n int }

// The screen's actions, handed back once the user proved who they are;
// each carries what it acts on.
type (
	sendMsg   struct{ to logto.Recipient }
	verifyMsg struct {
		to   logto.Recipient
		code string
	}
	removeMsg struct{ isEmail bool }
)

func (m *Model) tick() tea.Cmd {
	m.ticks++
	n := m.ticks
	return m.C.Clock.After(time.Second, func(time.Time) tea.Msg { return tickMsg{n: n} })
}

// send asks Logto to send a code to the address the user typed (the step
// shows "Sending…" until the answer).
func (m *Model) send(to logto.Recipient) tea.Cmd {
	if m.step != typing && m.step != coding || to != m.target {
		return nil // cancelled while a proof was asked for
	}
	m.step, m.err, m.sentAt = coding, "", time.Time{}
	m.value.Input.Blur()
	be := m.be()
	return m.Req.Do("send", func(ctx context.Context) tea.Msg { return sentMsg{err: be.SendCode(ctx, to)} })
}

func (m *Model) resend() tea.Cmd {
	if m.Req.Pending("send") {
		return nil
	}
	if wait := ResendAfter - m.C.Now().Sub(m.sentAt); wait > 0 {
		m.err = m.C.N("contact.resend_in", secs(wait))
		return nil
	}
	return m.send(m.target)
}

// submitCode checks the code's form, then verifies it and saves.
func (m *Model) submitCode() tea.Cmd {
	code := m.code.Value()
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		m.err = m.C.T("contact.code_form")
		return nil
	}
	if m.Req.Pending("save") || m.sentAt.IsZero() {
		return nil
	}
	m.err = ""
	return m.Guard(verifyMsg{to: m.target, code: code})
}

// verify checks the code with byte-identical input, then saves the address.
func (m *Model) verify(a verifyMsg) tea.Cmd {
	if m.step != coding || a.to != m.target || m.Req.Pending("save") {
		return nil
	}
	be := m.be()
	what := m.C.T(Which(a.to.Email != "", "contact.now_email", "contact.now_phone"), "Address", Address(a.to))
	return m.Req.Do("save", func(ctx context.Context) tea.Msg {
		if err := be.VerifyCode(ctx, a.to, a.code); err != nil {
			return doneMsg{err: err}
		}
		var p logto.UserPatch
		if a.to.Email != "" {
			p.PrimaryEmail = logto.Value(a.to.Email)
		} else {
			p.PrimaryPhone = logto.Value(a.to.Phone)
		}
		u, err := be.UpdateUser(ctx, p)
		return doneMsg{user: u, err: err, what: what}
	})
}

func (m *Model) remove(a removeMsg) tea.Cmd {
	if m.Req.Pending("save") {
		return nil
	}
	be, what := m.be(), m.C.T(Which(a.isEmail, "contact.removed_email", "contact.removed_phone"))
	return m.Req.Do("save", func(ctx context.Context) tea.Msg {
		var p logto.UserPatch
		if a.isEmail {
			p.PrimaryEmail = logto.Null[string]()
		} else {
			p.PrimaryPhone = logto.Null[string]()
		}
		u, err := be.UpdateUser(ctx, p)
		return doneMsg{user: u, err: err, what: what}
	})
}
