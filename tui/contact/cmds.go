package contact

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

type sentMsg struct {
	seq int
	err error
}

type doneMsg struct {
	seq  int
	user *logto.User
	err  error
	what string
}

type tickMsg struct{ seq int }

func (m *Model) tick() tea.Cmd {
	seq := m.seq
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{seq: seq} })
}

func (m *Model) send() tea.Cmd {
	m.seq++
	m.busy, m.err = true, ""
	m.sentAt = time.Time{}
	m.step = coding
	seq, be, to := m.seq, m.be(), m.target
	return func() tea.Msg { return sentMsg{seq: seq, err: be.SendCode(context.Background(), to)} }
}

func (m *Model) resend() tea.Cmd {
	if m.busy {
		return nil
	}
	if wait := ResendAfter - m.c.Now().Sub(m.sentAt); wait > 0 {
		m.err = fmt.Sprintf("You can ask for a new code in %d s.", secs(wait))
		return nil
	}
	return m.send()
}

// submitCode verifies the code with byte-identical input, then saves.
func (m *Model) submitCode() tea.Cmd {
	code := m.code.Value()
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		m.err = "The code is the 6 digits from the message."
		return nil
	}
	m.seq++
	m.busy, m.err = true, ""
	seq, be, to, label := m.seq, m.be(), m.target, m.label()
	return func() tea.Msg {
		ctx := context.Background()
		if err := be.VerifyCode(ctx, to, code); err != nil {
			return doneMsg{seq: seq, err: err}
		}
		var p logto.UserPatch
		if to.Email != "" {
			p.PrimaryEmail = logto.Value(to.Email)
		} else {
			p.PrimaryPhone = logto.Value(to.Phone)
		}
		u, err := be.UpdateUser(ctx, p)
		return doneMsg{seq: seq, user: u, err: err, what: "Your " + label + " is now " + common.Clean(to.Email+to.Phone) + "."}
	}
}

func (m *Model) remove() tea.Cmd {
	m.seq++
	m.busy = true
	seq, be, isEmail, label := m.seq, m.be(), m.row == email, m.label()
	return func() tea.Msg {
		var p logto.UserPatch
		if isEmail {
			p.PrimaryEmail = logto.Null[string]()
		} else {
			p.PrimaryPhone = logto.Null[string]()
		}
		u, err := be.UpdateUser(context.Background(), p)
		return doneMsg{seq: seq, user: u, err: err, what: "Your " + label + " was removed."}
	}
}
