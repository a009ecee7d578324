// Package sessions is the sessions and apps screen: browser sessions
// (device, browser, IP, place, times) and authorised apps, with revocation
// and "sign out everywhere else".
package sessions

import (
	"context"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// Backend is what the screen needs.
type Backend interface {
	proof.Backend
	Sessions(ctx context.Context) ([]logto.Session, error)
	Grants(ctx context.Context) ([]logto.Grant, error)
	RevokeSession(ctx context.Context, id string, target logto.RevokeGrants) error
	RevokeGrant(ctx context.Context, id string) error
}

type mode int

const (
	listing mode = iota
	askGrants
	confirmGrant
	confirmOthers
)

// KeyMap are the screen's keys.
type KeyMap struct{ Up, Down, Revoke, Others, Reload key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Revoke, k.Others} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Revoke, k.Others}}
}

// Model is the screen.
type Model struct {
	c        *common.Common
	be       func() Backend
	clientID string // this tool's app: its grant signs this terminal in
	keys     KeyMap
	proof    *proof.Model
	sessions []logto.Session
	grants   []logto.Grant
	loaded   bool
	cur      int
	top      int
	mode     mode
	err      string
	busy     bool
	seq      int
	w, h     int
	shown    int // list lines in the last frame
}

// New builds the screen; clientID is this program's app id.
func New(c *common.Common, be func() Backend, clientID string) *Model {
	m := &Model{c: c, be: be, clientID: clientID, proof: proof.New(c, func() proof.Backend { return be() })}
	m.keys = KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Revoke: key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "sign out / revoke")),
		Others: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sign out everywhere else")),
	}
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return "Sessions" }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool { return m.proof.Active() }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return false }

// Busy implements common.Screen.
func (m *Model) Busy() bool { return m.busy || m.proof.Busy() }

// KeyMap implements common.Screen.
func (m *Model) KeyMap() help.KeyMap { return m.proof.KeyMap(m.keys) }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if handled, cmd := m.proof.Route(msg); handled {
		return cmd
	}
	switch msg := msg.(type) {
	case common.ShownMsg:
		if !m.loaded {
			m.loaded = true
			return m.load()
		}
		return nil
	case listMsg:
		if msg.gen != m.c.Gen {
			return nil // another account's list
		}
		if cmd, ok := m.proof.Retry(msg.err, m.load); ok {
			// The Account API lists sessions only after a proof.
			m.err = ""
			return cmd
		}
		if msg.err != nil {
			m.err = common.Words(msg.err)
			return nil
		}
		m.sessions, m.grants = msg.sessions, msg.grants
		m.cur = min(m.cur, max(0, m.count()-1))
		return nil
	case doneMsg:
		if msg.seq != m.seq {
			return nil
		}
		m.busy, m.mode = false, listing
		cmds := []tea.Cmd{m.load()}
		if msg.err != nil {
			m.err = sessionWords(msg.err)
		} else if msg.text != "" {
			text := msg.text
			cmds = append(cmds, func() tea.Msg { return common.Success(text) })
		}
		if msg.self {
			cmds = append(cmds, func() tea.Msg { return common.SessionExpiredMsg{} })
		}
		return tea.Batch(cmds...)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

func (m *Model) guarded(action func() tea.Cmd) tea.Cmd { return m.proof.Guard(action) }

func (m *Model) count() int { return len(m.sessions) + len(m.grants) }

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	switch m.mode {
	case askGrants:
		m.mode = listing
		switch msg.String() {
		case "y", "Y":
			return m.guarded(func() tea.Cmd { return m.revokeSession(logto.RevokeGrantsAll) })
		case "n", "N":
			return m.guarded(func() tea.Cmd { return m.revokeSession(logto.RevokeGrantsDefault) })
		}
		return nil
	case confirmGrant, confirmOthers:
		mode := m.mode
		m.mode = listing
		if msg.String() != "y" && msg.String() != "Y" {
			return nil
		}
		if mode == confirmGrant {
			return m.guarded(m.revokeGrant)
		}
		return m.guarded(m.signOutOthers)
	}
	m.err = ""
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cur = max(0, m.cur-1)
	case key.Matches(msg, m.keys.Down):
		m.cur = min(m.count()-1, m.cur+1)
	case msg.String() == "pgdown":
		m.cur = min(m.count()-1, m.cur+m.rows())
	case msg.String() == "pgup":
		m.cur = max(0, m.cur-m.rows())
	case key.Matches(msg, m.keys.Revoke) && m.count() > 0:
		if m.cur < len(m.sessions) {
			m.mode = askGrants
		} else {
			m.mode = confirmGrant
		}
	case key.Matches(msg, m.keys.Others) && m.count() > 0:
		m.mode = confirmOthers
	}
	return nil
}

func (m *Model) authorizes(s logto.Session) bool {
	_, ok := s.Payload.Authorizations[m.clientID]
	return ok
}
