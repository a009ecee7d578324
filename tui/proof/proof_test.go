package proof

import (
	"context"
	"errors"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// fake accepts one password and records what it was asked.
type fake struct{ verified int }

func (f *fake) VerifyPassword(_ context.Context, pw logto.Secret) error {
	if pw != "right" {
		return &logto.APIError{Status: 422, Code: "session.invalid_credentials"}
	}
	f.verified++
	return nil
}
func (f *fake) SendCode(context.Context, logto.Recipient) error           { return nil }
func (f *fake) VerifyCode(context.Context, logto.Recipient, string) error { return nil }

type ranMsg struct{}

// host routes messages to the prompt the way a screen does.
type host struct{ m *Model }

func (h host) Update(msg tea.Msg) tea.Cmd {
	if handled, cmd := h.m.Route(msg); handled {
		return cmd
	}
	return nil
}

func TestTheServersExpiryDrivesTheClock(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	c := common.New(true, 5*time.Minute, func() time.Time { return now })
	var until time.Time
	c.Proof.Until = func() time.Time { return until }
	c.Proof.Record()
	if c.Proof.Fresh() {
		t.Error("fresh without a server record, although the local window has not run out")
	}
	until = now.Add(9*time.Minute + 45*time.Second)
	if got := c.Proof.Left(); got != 9*time.Minute+45*time.Second {
		t.Errorf("left %s, want the record's 9m45s rather than the 5 min window", got)
	}
	until = now.Add(-time.Second)
	if c.Proof.Fresh() {
		t.Error("fresh after the record expired")
	}
}

func TestRefusedProofAsksAgainThenRunsTheAction(t *testing.T) {
	c := common.New(true, 5*time.Minute, time.Now)
	c.Subject = common.Subject{HasPassword: true}
	c.Proof.Record()
	be := &fake{}
	m := New(c, func() Backend { return be })
	ran := 0
	action := func() tea.Cmd { ran++; return func() tea.Msg { return ranMsg{} } }

	if _, handled := m.Retry(errors.New("network down"), action); handled {
		t.Fatal("a network error was taken for a refused proof")
	}
	denied := &logto.APIError{Status: 401, Code: "verification_record.permission_denied"}
	cmd, handled := m.Retry(denied, action)
	if !handled || !m.Active() || c.Proof.Fresh() {
		t.Fatalf("handled=%v active=%v fresh=%v", handled, m.Active(), c.Proof.Fresh())
	}
	tt.Run(cmd)
	tt.Drive(t, host{m}, tt.Type("wrong")...)
	tt.Drive(t, host{m}, tt.Key("enter"))
	if ran != 0 || !m.Active() {
		t.Fatalf("a wrong password ran the action (%d) or closed the prompt", ran)
	}
	for range len("wrong") {
		tt.Drive(t, host{m}, tt.Key("backspace"))
	}
	tt.Drive(t, host{m}, tt.Type("right")...)
	tt.Drive(t, host{m}, tt.Key("enter"))
	if ran != 1 || m.Active() || be.verified != 1 {
		t.Errorf("after the right password: ran=%d active=%v verified=%d", ran, m.Active(), be.verified)
	}
}
