// Package checkup is the security check-up: one view of every weakness of
// the account (no second step, backup codes running out, a single way to
// sign in, no way to recover a password, tokens that never expire,
// sessions from several countries or many browsers, a suspension), a
// verdict on top, and each line jumping to the screen that fixes it. It
// only reads; the root shows it on a key from anywhere and after sign-in
// when something needs attention.
package checkup

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// Backend is what the check-up reads.
type Backend interface {
	Me(ctx context.Context) (*logto.User, error)
	MFAVerifications(ctx context.Context) ([]logto.MFAVerification, error)
	PersonalAccessTokens(ctx context.Context) ([]logto.PersonalAccessToken, error)
	Sessions(ctx context.Context) ([]logto.Session, error)
}

// policyReader is a backend that reads the tenant's sign-in experience
// (when the root has not read it yet).
type policyReader interface {
	SignInExperience(ctx context.Context) (*logto.SignInExperience, error)
}

// settingsReader is a backend with the two-step settings.
type settingsReader interface {
	TwoStepSettings(ctx context.Context) (*logto.TwoStepSettings, error)
}

// GoMsg asks the root to show Screen (the check-up closes).
type GoMsg struct{ Screen common.ScreenID }

// AttentionMsg tells the root a check-up made without being asked found
// something that needs attention (the root keeps it on screen after
// sign-in); CleanMsg, that it found nothing to fix.
type (
	AttentionMsg struct{}
	CleanMsg     struct{}
)

// KeyMap are the check-up's keys.
type KeyMap struct{ Up, Down, Go, Back key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Go, k.Back} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Up, k.Down}, {k.Go, k.Back}} }

// Model is the check-up view.
type Model struct {
	common.Base
	be       func() Backend
	keys     KeyMap
	findings []Finding
	loaded   bool
	err      string
	cur      int
	w, h     int
	// auto: the check-up running now was not asked for (after sign-in).
	auto bool
	// ShownAfterSignIn: the root showed it unasked; the view says why.
	ShownAfterSignIn bool
}

// New builds the view.
func New(c *common.Common, be func() Backend) *Model {
	m := &Model{Base: common.NewBase(c, common.CheckupID), be: be}
	m.keys = KeyMap{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("checkup.key_up"))),
		Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("checkup.key_down"))),
		Go:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("checkup.key_go"))),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("checkup.key_back"))),
	}
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("checkup.title") }

// Capturing implements common.Screen: nothing is typed here.
func (m *Model) Capturing() bool { return false }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return false }

// KeyMap implements common.Screen: enter fixes a line that needs it, and
// only goes to the screen of one that is fine.
func (m *Model) KeyMap() help.KeyMap {
	k := m.keys
	switch {
	case m.cur >= len(m.findings) || m.findings[m.cur].Screen == "":
		k.Go.SetEnabled(false)
	case m.findings[m.cur].Level == Fine || m.findings[m.cur].Level == Note:
		k.Go.SetHelp("enter", m.C.T("checkup.key_go_there"))
	}
	return k
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// Open shows the check-up for u (the user the root has), reading the rest.
func (m *Model) Open(u *logto.User) tea.Cmd {
	m.ShownAfterSignIn, m.cur = false, 0 // the most urgent line first, not the one left last time
	return m.Run(false, u)
}

// Waiting marks the view as checking before its first run (after sign-in,
// until the user is read).
func (m *Model) Waiting() { m.loaded, m.err, m.findings, m.cur = false, "", nil, 0 }

// Findings are the last check-up's findings (nil before one finished).
func (m *Model) Findings() []Finding { return m.findings }

type readMsg struct {
	in  Inputs
	err error
}

// Run reads the account (the user too unless u is given, as the root
// has just read it); auto marks a run nobody asked for.
func (m *Model) Run(auto bool, u *logto.User) tea.Cmd {
	m.auto = auto
	be := m.be()
	if be == nil {
		return nil
	}
	in := Inputs{SignInExp: m.C.SignInExp, Admin: m.C.ActingOn != "", Now: m.C.Now(), Lang: m.C.Lang}
	lacks := func(c logto.Capability) bool {
		l, ok := be.(logto.Lacking)
		return ok && l.Lacks(c)
	}
	if lacks(logto.CapPersonalAccessTokens) {
		in.TokensWhy = m.C.T("checkup.tokens_hidden")
	}
	// The Account API lists sessions only after a proof: the check-up never
	// asks for one by itself.
	_, account := be.(interface{ ProofExpiry() time.Time })
	if account && !m.C.Proof.Fresh() {
		in.SessionsWhy = m.C.T("checkup.sessions_after_proof")
	}
	in.User = u
	return m.Req.Do("read", func(ctx context.Context) tea.Msg {
		in, err := Read(ctx, be, in)
		return readMsg{in: in, err: err}
	})
}

// Read reads what the check-up looks at into in, as the view does and
// the command line's check-up too: the user (unless in has it), the
// factors, the tokens and the sessions (unless in says why not), the
// tenant's policy and the two-step settings (unknown when refused).
func Read(ctx context.Context, be Backend, in Inputs) (Inputs, error) {
	var err error
	if in.User == nil {
		if in.User, err = be.Me(ctx); err != nil {
			return in, err
		}
	}
	if in.Factors, err = be.MFAVerifications(ctx); err != nil && !hidden(err) {
		return in, err
	}
	if in.TokensWhy == "" {
		if in.Tokens, err = be.PersonalAccessTokens(ctx); err != nil {
			in.Tokens, in.TokensWhy = nil, common.WordsIn(in.Lang, err)
		}
		if in.Tokens == nil && in.TokensWhy == "" {
			in.Tokens = []logto.PersonalAccessToken{}
		}
	}
	if in.SessionsWhy == "" {
		if in.Sessions, err = be.Sessions(ctx); err != nil {
			in.Sessions, in.SessionsWhy = nil, common.WordsIn(in.Lang, err)
		} else if in.Sessions == nil {
			in.Sessions = []logto.Session{}
		}
	}
	if pr, ok := be.(policyReader); ok && in.SignInExp == nil {
		in.SignInExp, _ = pr.SignInExperience(ctx) // unknown when refused
	}
	if sr, ok := be.(settingsReader); ok {
		in.Settings, _ = sr.TwoStepSettings(ctx) // unknown when refused
	}
	return in, nil
}

// hidden reports a field the tenant does not share (the check-up goes on).
func hidden(err error) bool {
	var ae *logto.APIError
	return errors.As(err, &ae) && ae.Code == "account_center.field_not_enabled"
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.ShownMsg, common.ReloadMsg:
		return m.Run(false, nil)
	case readMsg:
		m.loaded = true
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			if m.auto {
				return func() tea.Msg { return CleanMsg{} } // nothing to show unasked
			}
			if common.Expired(msg.err) {
				err := msg.err
				return func() tea.Msg { return common.ErrMsg{Err: err} }
			}
			return nil
		}
		m.err, m.findings = "", Evaluate(msg.in)
		m.cur = min(m.cur, max(0, len(m.findings)-1))
		switch {
		case m.auto && NeedsAttention(m.findings):
			return func() tea.Msg { return AttentionMsg{} }
		case m.auto:
			return func() tea.Msg { return CleanMsg{} }
		}
		return nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Up):
			m.cur = max(0, m.cur-1)
		case key.Matches(msg, m.keys.Down):
			m.cur = max(0, min(len(m.findings)-1, m.cur+1))
		case key.Matches(msg, m.keys.Go) && m.cur < len(m.findings) && m.findings[m.cur].Screen != "":
			m.ShownAfterSignIn = false
			to := m.findings[m.cur].Screen
			return func() tea.Msg { return GoMsg{Screen: to} }
		case key.Matches(msg, m.keys.Back):
			m.ShownAfterSignIn = false
			return func() tea.Msg { return GoMsg{} }
		}
	}
	return nil
}
