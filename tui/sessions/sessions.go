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
	confirmKey
)

// KeyMap are the screen's keys.
type KeyMap struct{ Up, Down, Revoke, Others, Reload, History key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Revoke, k.Others, k.History} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Revoke, k.Others}, {k.History}}
}

// Model is the screen.
type Model struct {
	common.Base
	be       func() Backend
	clientID string // this program's app
	// own is this terminal's grant among the app's ("" when it cannot be
	// told: another user's account, or several sign-ins at once).
	own      string
	keys     KeyMap
	sessions []logto.Session
	info     []sessionInfo // each session described, once a load
	deviceW  int           // the widest device described, in cells
	grants   []logto.Grant
	ssh      keysPart // remembered SSH keys (SSH service only)
	loaded   bool
	// stale: what was read may have changed elsewhere (common.StaleMsg);
	// it is read again when the screen shows next.
	stale bool
	cur   int
	top   int
	mode  mode
	err   string
	// asked is the action a confirmation question is about, made when the
	// user chose the row (the list may reload while the question shows).
	asked tea.Msg
	// what names the row the question is about.
	what  string
	w, h  int
	shown int // list lines in the last frame
	// hist is the sign-in history view (history.go).
	hist  history
	hkeys historyKeys
}

// New builds the screen; clientID is this program's app id.
func New(c *common.Common, be func() Backend, clientID string) *Model {
	m := &Model{Base: common.NewBase(c, common.SessionsID), be: be, clientID: clientID}
	m.keys = KeyMap{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("sessions.key_up"))),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("sessions.key_down"))),
		Revoke:  key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", c.T("sessions.key_revoke"))),
		Others:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", c.T("sessions.key_others"))),
		History: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", c.T("sessions.key_history"))),
	}
	m.hkeys = newHistoryKeys(c)
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("sessions.title") }

// Capturing implements common.Screen: the screen types no text.
func (m *Model) Capturing() bool { return false }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return false }

// KeyMap implements common.Screen: the keys of the state on screen, d
// named for what it does to the highlighted row.
func (m *Model) KeyMap() help.KeyMap {
	if m.hist.open {
		return m.historyKeyMap()
	}
	switch m.mode {
	case askGrants:
		return common.Keys{common.Hint("y", m.C.T("sessions.key_with_apps")), common.Hint("n", m.C.T("sessions.key_keep_apps")),
			common.Hint("esc", m.C.T("sessions.key_cancel"))}
	case confirmGrant, confirmOthers:
		return common.Keys{common.Hint("y", m.C.T("sessions.key_yes")), common.Hint("n", m.C.T("sessions.key_no"))}
	}
	k := m.keys
	switch {
	case m.cur >= m.count():
		k.Revoke.SetEnabled(false)
	case m.cur < len(m.sessions):
		k.Revoke.SetHelp("d", m.C.T("sessions.key_sign_it_out"))
	default:
		k.Revoke.SetHelp("d", m.C.T("sessions.key_revoke_access"))
	}
	k.Others.SetEnabled(m.others() > 0)
	if m.C.ActingOn != "" { // none of theirs is this terminal's
		k.Others.SetHelp("o", m.C.T("sessions.key_others_admin"))
	}
	return k
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.historyUpdate(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case common.ShownMsg:
		if !m.loaded || m.stale {
			m.loaded, m.stale = true, false
			return tea.Batch(m.load(), m.loadKeys())
		}
		return nil
	case common.StaleMsg:
		switch {
		case !m.loaded:
		case msg.Shown:
			m.stale = false
			cmds := []tea.Cmd{m.load(), m.loadKeys()}
			if m.hist.open {
				cmds = append(cmds, m.loadHistory())
			}
			return tea.Batch(cmds...)
		default:
			m.stale, m.hist = true, history{} // read again when shown, from the list
		}
		return nil
	case common.ReloadMsg:
		m.loaded = true
		return tea.Batch(m.load(), m.loadKeys())
	case keysMsg:
		m.keysLoaded(msg)
		return nil
	case forgetKeyMsg:
		return m.forgetKey(msg)
	case loadMsg:
		return m.load()
	case listMsg:
		if cmd, ok := m.Reprove(msg.err, loadMsg{}); ok {
			// The Account API lists sessions only after a proof.
			m.err = m.C.T("sessions.proof_needed")
			m.sessions, m.grants = nil, nil // what was listed before is not shown without it
			return cmd
		}
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			return nil
		}
		m.err = ""
		m.sessions, m.grants = msg.sessions, msg.grants
		m.own = ""
		if m.C.ActingOn == "" { // an operator's grant is never among another user's
			m.own, _ = logto.OwnGrant(m.grants, m.clientID, m.C.SignedInAt)
		}
		m.info = make([]sessionInfo, len(m.sessions)) // described once a load, not once a frame
		m.deviceW = 0
		for i, ss := range m.sessions {
			m.info[i] = describe(m.C.Lang, ss)
			m.deviceW = max(m.deviceW, common.Width(m.info[i].device))
		}
		m.cur = min(m.cur, max(0, m.count()-1))
		return nil
	case revokeSessionMsg:
		return m.revokeSession(msg)
	case revokeGrantMsg:
		return m.revokeGrant(msg)
	case othersMsg:
		return m.signOutOthers(msg)
	case doneMsg:
		cmds := []tea.Cmd{m.load(), m.loadKeys()}
		if cmd, ok := m.Reprove(msg.err, msg.action); ok {
			return cmd
		}
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
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

func (m *Model) count() int { return len(m.sessions) + len(m.grants) + len(m.ssh.list) }

// others counts what "sign out everywhere else" would revoke.
func (m *Model) others() int {
	n := len(m.sessions)
	for _, g := range m.grants {
		if Keep(g, m.own, m.thisClient()) {
			continue
		}
		n++
	}
	return n
}

// thisClient is this program's client id where its grants may be this
// terminal's: "" in admin mode, where the user acted on holds none of the
// operator's (theirs from this program were kept, "1 sign-in of this
// program kept").
func (m *Model) thisClient() string {
	if m.C.ActingOn != "" {
		return ""
	}
	return m.clientID
}

// Keep reports a grant "sign out everywhere else" leaves: this terminal's,
// or, when that cannot be told, every grant of this program (revoking the
// wrong one would sign this terminal out).
func Keep(g logto.Grant, own, clientID string) bool {
	if own != "" {
		return g.ID == own
	}
	return g.Payload.ClientID == clientID
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.mode != listing {
		mode, asked := m.mode, m.asked
		m.mode, m.asked = listing, nil
		switch k := msg.String(); {
		case mode == askGrants && (k == "y" || k == "Y"):
			return m.Guard(asked)
		case mode == askGrants && (k == "n" || k == "N"):
			a := asked.(revokeSessionMsg)
			a.target, a.self = logto.RevokeGrantsDefault, false
			return m.Guard(a)
		case mode != askGrants && (k == "y" || k == "Y"):
			return m.Guard(asked)
		}
		return nil
	}
	m.err = ""
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cur = max(0, m.cur-1)
	case key.Matches(msg, m.keys.Down):
		m.cur = max(0, min(m.count()-1, m.cur+1))
	case msg.String() == "pgdown":
		m.cur = max(0, min(m.count()-1, m.cur+m.rows()))
	case msg.String() == "pgup":
		m.cur = max(0, m.cur-m.rows())
	case key.Matches(msg, m.keys.Revoke) && m.cur < m.count():
		if m.cur < len(m.sessions) {
			s := m.sessions[m.cur]
			m.mode, m.what = askGrants, m.info[m.cur].full
			m.asked = revokeSessionMsg{id: s.ID(), where: m.what, target: logto.RevokeGrantsAll, self: m.authorizes(s)}
		} else if j := m.cur - len(m.sessions) - len(m.grants); j >= 0 {
			k := m.ssh.list[j]
			m.mode, m.what = confirmKey, shortFingerprint(k.Fingerprint)
			m.asked = forgetKeyMsg{fingerprint: k.Fingerprint, short: m.what}
		} else {
			g := m.grants[m.cur-len(m.sessions)]
			m.mode, m.what = confirmGrant, common.Clean(g.AppName())
			m.asked = revokeGrantMsg{id: g.ID, name: m.what, self: m.own != "" && g.ID == m.own}
		}
	case key.Matches(msg, m.keys.Others) && m.others() == 0 && m.C.ActingOn != "":
		m.err = m.C.T("sessions.nothing_signed_in")
	case key.Matches(msg, m.keys.Others) && m.others() == 0:
		m.err = m.C.T("sessions.nothing_else")
	case key.Matches(msg, m.keys.Others):
		m.mode = confirmOthers
		m.asked = othersMsg{sessions: append([]logto.Session(nil), m.sessions...), grants: append([]logto.Grant(nil), m.grants...), own: m.own}
	}
	return nil
}

// authorizes reports a session that approved this terminal's sign-in
// (its authorisation for the app is this terminal's grant).
func (m *Model) authorizes(s logto.Session) bool {
	a, ok := s.Payload.Authorizations[m.clientID]
	return ok && m.own != "" && a.GrantID == m.own
}

// mine reports a grant of this program whose terminal cannot be told.
func (m *Model) mine(g logto.Grant) bool {
	return m.C.ActingOn == "" && m.own == "" && g.Payload.ClientID == m.clientID
}
