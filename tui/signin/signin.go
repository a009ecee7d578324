// Package signin is the device-flow sign-in screen: a big user code, the
// URL, a QR code of the complete URL, a countdown, copy (OSC 52), Enter to
// open a browser (locally only), r for a new code, Esc to cancel.
package signin

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/tui/common"
)

// Flow is how the screen signs the user in (device flow, then the verified
// identity and a backend bound to that user).
type Flow interface {
	Start(ctx context.Context) (*auth.DeviceCode, error)
	// Finish waits for approval, verifies the ID token and returns the result.
	Finish(ctx context.Context, dc *auth.DeviceCode) (any, error)
}

// Resumer is a Flow that can sign in from tokens kept by an earlier
// sign-in, without asking; an error means a device authorisation is needed.
type Resumer interface {
	Resume(ctx context.Context) (any, error)
}

// SignedInMsg is sent when sign-in completed; Result is what Flow.Finish gave.
type SignedInMsg struct{ Result any }

// KeyMap are the sign-in screen's keys.
type KeyMap struct{ Copy, Open, Retry, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Copy, k.Open, k.Retry, k.Cancel} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is the sign-in screen. It draws once and then only when its
// countdown moves (once a second): nothing animates while a person is
// reading the code, so a waiting SSH session costs next to nothing.
type Model struct {
	common.Base
	flow    Flow
	open    func(string) error // nil: never open a browser (SSH)
	keys    KeyMap
	w, h    int
	dc      *auth.DeviceCode
	err     error
	waiting bool
	qr      string // cached rendering of dc's complete URL
	qrDark  bool
	tried   bool // kept tokens were tried once (a later sign-in asks)
	// ticks numbers the countdown's timers: only the latest one ticks on.
	ticks int
	// byUser is set when the user cancelled (esc); a wait cancelled
	// otherwise is the program ending (the SSH service stopping, say).
	byUser bool
}

// New builds the screen; open may be nil (never offer a browser).
func New(c *common.Common, flow Flow, open func(string) error) *Model {
	m := &Model{Base: common.NewBase(c, common.SignInID), flow: flow, open: open}
	m.keys = KeyMap{
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy code")),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open browser")),
		Retry:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "new code")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
	m.keys.Open.SetEnabled(open != nil)
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return "Sign in" }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool { return false }

// Abandoned reports a wait for a code that ended without a sign-in
// (cancelled with Esc, expired, denied): nothing waits for the code now.
func (m *Model) Abandoned() bool { return !m.waiting && m.err != nil }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return false }

// KeyMap implements common.Screen.
func (m *Model) KeyMap() help.KeyMap {
	if !m.waiting {
		return common.Keys{m.keys.Retry} // the code is gone: only a new one helps
	}
	k := m.keys
	k.Retry.SetEnabled(false) // r works once this code is gone
	k.Copy.SetEnabled(m.dc != nil)
	return k
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Init signs in from kept tokens the first time when the flow can, and
// otherwise starts a device authorisation.
func (m *Model) Init() tea.Cmd {
	if r, ok := m.flow.(Resumer); ok && !m.tried {
		m.tried, m.waiting = true, true
		return m.Req.Do("resume", func(ctx context.Context) tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			res, err := r.Resume(ctx)
			return resumedMsg{result: res, err: err}
		})
	}
	m.tried = true
	return m.start()
}

// Stop cancels a wait in progress (the program is ending).
func (m *Model) Stop() { m.Req.DropAll() }

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case resumedMsg:
		if msg.err != nil || msg.result == nil {
			return m.start()
		}
		m.waiting = false
		return func() tea.Msg { return SignedInMsg{Result: msg.result} }
	case startedMsg:
		if msg.err != nil {
			m.err, m.waiting = msg.err, false
			return nil
		}
		m.dc = msg.dc
		flow, dc := m.flow, msg.dc
		return tea.Batch(m.tick(), m.Req.Wait("finish", func(ctx context.Context) tea.Msg {
			res, err := flow.Finish(ctx, dc)
			return finishedMsg{result: res, err: err}
		}))
	case finishedMsg:
		m.waiting = false
		if msg.err != nil {
			m.err = msg.err
			return nil
		}
		return func() tea.Msg { return SignedInMsg{Result: msg.result} }
	case tickMsg:
		if msg.n == m.ticks && m.waiting && m.dc != nil {
			return m.tick()
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Copy) && m.dc != nil:
			return common.Copy(m.dc.UserCode, "the code")
		case key.Matches(msg, m.keys.Open) && m.open != nil && m.dc != nil:
			target, open := m.dc.VerificationURIComplete, m.open
			if target == "" {
				target = m.dc.VerificationURI
			}
			return func() tea.Msg {
				if err := open(target); err != nil {
					return common.StatusMsg{Text: "No browser could be opened here; open the address shown yourself, or press c to copy the code.", Kind: common.StatusError}
				}
				return common.Info("Opened the sign-in page in your browser.")
			}
		case key.Matches(msg, m.keys.Retry) && !m.waiting:
			return m.start()
		case key.Matches(msg, m.keys.Cancel) && m.waiting:
			m.Stop()
			m.waiting, m.err, m.byUser = false, context.Canceled, true
		}
	}
	return nil
}
