package proof_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
	"github.com/logto-account/logto-account/tui/proof"
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

type ranMsg struct{ n int }

// host routes messages to the prompt the way the root does and keeps what
// the prompt hands back.
type host struct {
	m    *proof.Model
	c    *common.Common
	back []*proof.Handback
}

func (h *host) Common() *common.Common { return h.c }

func (h *host) Update(msg tea.Msg) tea.Cmd {
	if r, ok := msg.(common.ReplyMsg); ok {
		if !h.m.Requests().Accept(r) {
			return nil
		}
		msg = r.Msg
	}
	hb, cmd := h.m.Update(msg)
	if hb != nil {
		h.back = append(h.back, hb)
	}
	return cmd
}

func newPrompt(t *testing.T) (*host, *fake, *common.Common) {
	t.Helper()
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{HasPassword: true, Email: "ada@example.com"}
	be := &fake{}
	return &host{m: proof.New(c, func() proof.Backend { return be }), c: c}, be, c
}

func TestARightPasswordHandsTheActionBackToWhoAsked(t *testing.T) {
	h, be, c := newPrompt(t)
	tt.Run(h.m.Ask(common.NeedProofMsg{Owner: common.TokensID, Then: ranMsg{n: 7}}))
	tt.Drive(t, h, append(tt.Type("wrong"), tt.Key("enter"))...)
	if len(h.back) != 0 || !h.m.Active() || c.Proof.Fresh() {
		t.Fatalf("a wrong password handed back %d actions, or closed the prompt", len(h.back))
	}
	if !strings.Contains(tt.Plain(h.m.View(78)), "not right") {
		t.Errorf("no word on the wrong password: %q", tt.Plain(h.m.View(78)))
	}
	tt.Drive(t, h, append(tt.Type("right"), tt.Key("enter"))...)
	if len(h.back) != 1 || h.back[0].Owner != common.TokensID || h.back[0].Then != (ranMsg{n: 7}) {
		t.Fatalf("handed back %+v", h.back)
	}
	if h.m.Active() || !c.Proof.Fresh() || be.verified != 1 {
		t.Errorf("after the right password: active=%v fresh=%v verified=%d", h.m.Active(), c.Proof.Fresh(), be.verified)
	}
}

// TestACancelledProofNeverHandsBack is the ghost-token case: a check still
// in flight when the user pressed esc answers later, after the prompt was
// asked again for another screen; that late answer must not count.
func TestACancelledProofNeverHandsBack(t *testing.T) {
	h, _, _ := newPrompt(t)
	tt.Run(h.m.Ask(common.NeedProofMsg{Owner: common.TokensID, Then: ranMsg{n: 1}}))
	tt.Drive(t, h, tt.Type("right")...)
	late := h.Update(tt.Key("enter")) // the check, not yet run
	tt.Drive(t, h, tt.Key("esc"))
	if h.m.Active() {
		t.Fatal("esc did not close the prompt")
	}
	tt.Run(h.m.Ask(common.NeedProofMsg{Owner: common.ContactID, Then: ranMsg{n: 2}}))
	tt.Drive(t, h, tt.Run(late)...) // the first check's answer arrives now
	if len(h.back) != 0 {
		t.Fatalf("a cancelled proof handed back %+v", h.back[0])
	}
	tt.Drive(t, h, append(tt.Type("right"), tt.Key("enter"))...)
	if len(h.back) != 1 || h.back[0].Owner != common.ContactID || h.back[0].Then != (ranMsg{n: 2}) {
		t.Fatalf("the second proof handed back %+v", h.back)
	}
}

func TestNoMethodMeansNoPrompt(t *testing.T) {
	if proof.Unprovable(common.Subject{Phone: "15550100"}) != "" || proof.Unprovable(common.Subject{HasPassword: true}) != "" {
		t.Error("a user with a phone or a password was called unprovable")
	}
	if why := proof.Unprovable(common.Subject{Username: "social-only"}); !strings.Contains(why, "no password, email or phone") {
		t.Errorf("a social-only user: %q", why)
	}
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := proof.New(c, func() proof.Backend { return &fake{} })
	if cmd := m.Ask(common.NeedProofMsg{Owner: common.SessionsID, Then: ranMsg{}}); cmd != nil || m.Active() {
		t.Error("the prompt opened for a user who cannot prove anything")
	}
}

func TestTabSwitchesToACodeSentOnce(t *testing.T) {
	h, _, c := newPrompt(t)
	sent := 0
	h.m = proof.New(c, func() proof.Backend { return &countingSender{fake: &fake{}, sent: &sent} })
	tt.Run(h.m.Ask(common.NeedProofMsg{Owner: common.ProfileID, Then: ranMsg{}}))
	tt.Drive(t, h, tt.Key("tab"))
	if !strings.Contains(tt.Plain(h.m.View(78)), "code sent to ada@example.com") || sent != 1 {
		t.Fatalf("tab did not switch to a code (sent %d): %q", sent, tt.Plain(h.m.View(78)))
	}
	tt.Drive(t, h, tt.Key("tab"), tt.Key("tab"))
	if sent != 1 {
		t.Errorf("switching back and forth sent %d codes", sent)
	}
}

type countingSender struct {
	*fake
	sent *int
}

func (c *countingSender) SendCode(context.Context, logto.Recipient) error { *c.sent++; return nil }

func TestTheServersExpiryDrivesTheClock(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	c := common.New(true, 5*time.Minute, tt.NewClock(now))
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

// TestAPastedCodeKeepsItsDigits: "123-456" pasted into the prompt's code
// field is the six digits (the field holds six characters: it kept "123-45").
func TestAPastedCodeKeepsItsDigits(t *testing.T) {
	h, _, _ := newPrompt(t)
	tt.Run(h.m.Ask(common.NeedProofMsg{Owner: common.ProfileID, Then: ranMsg{}}))
	tt.Drive(t, h, tt.Key("tab"), tea.PasteMsg{Content: "123-456\n"})
	if v := tt.Plain(h.m.View(78)); !strings.Contains(v, "123456") {
		t.Fatalf("the pasted code: %q", v)
	}
	tt.Drive(t, h, tt.Key("enter"))
	if len(h.back) != 1 {
		t.Errorf("the pasted code did not prove anything: %q", tt.Plain(h.m.View(78)))
	}
}
