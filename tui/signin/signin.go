// Package signin is the device-flow sign-in screen: a big user code, the
// URL, a QR code of the complete URL, a countdown, copy (OSC 52), Enter to
// open a browser (locally only), r for a new code, Esc to cancel.
package signin

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
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

// Model is the sign-in screen.
type Model struct {
	c       *common.Common
	flow    Flow
	open    func(string) error // nil: never open a browser (SSH)
	keys    KeyMap
	spin    spinner.Model
	w, h    int
	seq     int
	dc      *auth.DeviceCode
	err     error
	waiting bool
	cancel  context.CancelFunc
	qr      string // cached rendering of dc's complete URL
	qrDark  bool
	tried   bool // kept tokens were tried once (a later sign-in asks)
}

// New builds the screen; open may be nil (never offer a browser).
func New(c *common.Common, flow Flow, open func(string) error) *Model {
	m := &Model{c: c, flow: flow, open: open, spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
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

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return false }

// Busy implements common.Screen.
func (m *Model) Busy() bool { return m.waiting }

// KeyMap implements common.Screen.
func (m *Model) KeyMap() help.KeyMap {
	if !m.waiting {
		return common.Keys{m.keys.Retry} // the code is gone: only a new one helps
	}
	return m.keys
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Init signs in from kept tokens the first time when the flow can, and
// otherwise starts a device authorisation.
func (m *Model) Init() tea.Cmd {
	if r, ok := m.flow.(Resumer); ok && !m.tried {
		m.tried, m.waiting = true, true
		return tea.Batch(m.spin.Tick, func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			res, err := r.Resume(ctx)
			return resumedMsg{result: res, err: err}
		})
	}
	m.tried = true
	return m.start()
}

// Stop cancels a wait in progress (the program is ending).
func (m *Model) Stop() {
	if m.cancel != nil {
		m.cancel()
	}
}

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
		if msg.seq != m.seq {
			return nil
		}
		if msg.err != nil {
			m.err, m.waiting = msg.err, false
			return nil
		}
		m.dc = msg.dc
		ctx, cancel := context.WithCancel(context.Background())
		m.cancel = cancel
		seq, flow, dc := m.seq, m.flow, msg.dc
		return tea.Batch(m.tick(), func() tea.Msg {
			res, err := flow.Finish(ctx, dc)
			return finishedMsg{seq: seq, result: res, err: err}
		})
	case finishedMsg:
		if msg.seq != m.seq {
			return nil
		}
		m.waiting = false
		if msg.err != nil {
			m.err = msg.err
			return nil
		}
		return func() tea.Msg { return SignedInMsg{Result: msg.result} }
	case tickMsg:
		if msg.seq == m.seq && m.waiting && m.dc != nil {
			return m.tick()
		}
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		if m.waiting {
			return cmd
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Copy) && m.dc != nil:
			return tea.Batch(tea.SetClipboard(m.dc.UserCode), func() tea.Msg { return common.Info("Code copied to the clipboard.") })
		case key.Matches(msg, m.keys.Open) && m.open != nil && m.dc != nil:
			target, open := m.dc.VerificationURIComplete, m.open
			if target == "" {
				target = m.dc.VerificationURI
			}
			return func() tea.Msg {
				if err := open(target); err != nil {
					return common.StatusMsg{Text: "Could not open a browser; open the address shown yourself.", Kind: common.StatusError}
				}
				return common.Info("Opened the sign-in page in your browser.")
			}
		case key.Matches(msg, m.keys.Retry) && !m.waiting:
			return m.start()
		case key.Matches(msg, m.keys.Cancel) && m.waiting:
			m.Stop()
			m.waiting, m.err = false, context.Canceled
			m.seq++
		}
	}
	return nil
}
