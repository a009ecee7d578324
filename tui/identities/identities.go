// Package identities is the social and enterprise identities screen: list,
// unlink (confirmed, never the last way to sign in), and link a new social
// identity through the provider's redirect to a loopback listener — or, over
// SSH, by pasting the address the browser ended on.
package identities

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// Backend is what the screen needs.
type Backend interface {
	proof.Backend
	Connectors(ctx context.Context) ([]logto.Connector, error)
	AuthorizationURI(ctx context.Context, connectorID, state, redirectURI string) (string, error)
	LinkIdentity(ctx context.Context, connectorID string, data map[string]string) (logto.Identities, error)
	UnlinkIdentity(ctx context.Context, target string) (*logto.User, error)
}

// Receiver gets the provider's redirect (auth.Callback).
type Receiver interface {
	RedirectURI() string
	State() string
	Wait(ctx context.Context, timeout time.Duration) (url.Values, error)
	Close()
}

// Deps are how links come back.
type Deps struct {
	// Listen opens a loopback receiver; nil means paste mode (SSH).
	Listen func() (Receiver, error)
	// PasteRedirect is the redirect URI in paste mode.
	PasteRedirect string
	// Open opens a URL in a local browser; nil never.
	Open func(string) error
	// Timeout bounds the wait for the browser (0: 5 minutes).
	Timeout time.Duration
}

// sessionBased are connector factories that keep state in a Logto sign-in
// session and so answer 501 on the Management API (docs/logto-behaviour.md#session-based-connectors).
var sessionBased = map[string]bool{"apple": true, "saml": true, "oidc": true, "oauth2": true, "oauth": true, "x": true,
	"twitter": true, "amazon": true, "gitlab": true, "huggingface": true, "line": true, "linkedin": true,
	"patreon": true, "qq": true, "slack": true}

// Why is the reason a connector cannot be linked here (0: it can).
type Why int

// The reasons a connector cannot be linked here.
const (
	CanLink Why = iota
	NotSocial
	NeedsSession
)

// Linkable reports whether a connector can be linked here, with the reason
// when it cannot.
func Linkable(c logto.Connector) (bool, Why) {
	if c.Type != logto.ConnectorSocial {
		return false, NotSocial
	}
	factory, _, _ := strings.Cut(c.ConnectorID, "-")
	if c.IsStandard || sessionBased[factory] {
		return false, NeedsSession
	}
	return true, CanLink
}

// Reason is why, as a note beside the provider ("" when it can be linked).
func (w Why) Reason(l *i18n.Localizer) string {
	switch w {
	case NotSocial:
		return l.T("identities.why_not_social")
	case NeedsSession:
		return l.T("identities.why_session")
	}
	return ""
}

// Sentence says that the provider name cannot be linked here, and why.
func (w Why) Sentence(l *i18n.Localizer, name string) string {
	switch w {
	case NotSocial:
		return l.T("identities.cannot_link_not_social", "Name", name)
	case NeedsSession:
		return l.T("identities.cannot_link_session", "Name", name)
	}
	return ""
}

// ProviderLang is the key of a connector's names (Logto's languages) for
// l's language.
func ProviderLang(l *i18n.Localizer) string {
	switch l.Lang() {
	case i18n.SimplifiedChinese:
		return logtoChinese
	case i18n.French:
		return i18n.French
	}
	return i18n.English
}

// logtoChinese is Logto's key for Simplified Chinese names.
const logtoChinese = "zh-CN"

type row struct {
	linked    bool
	target    string
	connector *logto.Connector
	identity  logto.Identity
	why       Why // not linkable
}

// KeyMap are the screen's keys.
type KeyMap struct{ Up, Down, Link, Unlink, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Link, k.Unlink} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Link, k.Unlink}}
}

// Model is the screen.
type Model struct {
	common.Base
	be    func() Backend
	deps  Deps
	keys  KeyMap
	user  *logto.User
	conns []logto.Connector
	rows  []row
	cur   int
	err   string
	// confirm is the unlink the question on screen is about (nil: none).
	confirm *unlinkMsg
	link    *linking
	paste   *common.Field
	qr      common.QR
	// qrBeside is whether the last frame had room for the code beside
	// the words.
	qrBeside bool
	// whole is set while the provider's address is shown as a QR code
	// filling the window (too big for the screen's part of it).
	whole    bool
	w, h     int
	loadedCs bool
	orgs     orgsState
}

type linking struct {
	connID, display, url, state, redirect string
	recv                                  Receiver
	deadline                              time.Time
}

// New builds the screen.
func New(c *common.Common, be func() Backend, deps Deps) *Model {
	m := &Model{Base: common.NewBase(c, common.IdentitiesID), be: be, deps: deps}
	m.keys = KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("identities.key_up"))),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("identities.key_down"))),
		Link:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("identities.key_link"))),
		Unlink: key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", c.T("identities.key_unlink"))),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("identities.key_cancel"))),
	}
	m.paste = common.NewField("paste", c.T("identities.field_address"), false)
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("identities.title") }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool { return m.link != nil && m.deps.Listen == nil }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return m.link != nil }

// KeyMap implements common.Screen: the keys of the state on screen.
func (m *Model) KeyMap() help.KeyMap {
	switch {
	case m.whole:
		return common.Keys{common.Hint("esc", m.C.T("identities.key_back"))}
	case m.link != nil && m.deps.Listen == nil:
		return common.Keys{common.Hint("enter", m.C.T("identities.key_link")), common.Hint("ctrl+y", m.C.T("identities.key_copy_address")),
			m.qrKey("ctrl+o"), common.Hint("esc", m.C.T("identities.key_cancel"))}
	case m.link != nil:
		keys := common.Keys{common.Hint("c", m.C.T("identities.key_copy_address")), m.qrKey("o")}
		if m.deps.Open != nil {
			keys = append(keys, common.Hint("enter", m.C.T("identities.key_open_browser")))
		}
		return append(keys, common.Hint("esc", m.C.T("identities.key_cancel")))
	case m.confirm != nil:
		return common.Keys{common.Hint("y", m.C.T("identities.key_unlink")), common.Hint("n", m.C.T("identities.key_keep"))}
	}
	k := m.keys
	var r *row
	if m.cur < len(m.rows) {
		r = &m.rows[m.cur]
	}
	k.Link.SetEnabled(r != nil && !r.linked && r.why == CanLink)
	k.Unlink.SetEnabled(r != nil && r.linked)
	return k
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h; m.paste.Input.SetWidth(max(10, w-14)) }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// rebuild lists linked identities, then connectors that can be linked.
func (m *Model) rebuild() {
	m.rows = nil
	if m.user == nil {
		return
	}
	byTarget := map[string]*logto.Connector{}
	for i := range m.conns {
		if m.conns[i].Type == logto.ConnectorSocial {
			byTarget[m.conns[i].Target] = &m.conns[i]
		}
	}
	targets := make([]string, 0, len(m.user.Identities))
	for t := range m.user.Identities {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	for _, t := range targets {
		m.rows = append(m.rows, row{linked: true, target: t, connector: byTarget[t], identity: m.user.Identities[t]})
	}
	var free []row
	if m.C.Hidden(logto.FieldSocial) {
		m.conns = nil // not shared with this app: linking is not offered
	}
	for i := range m.conns {
		c := &m.conns[i]
		if c.Type != logto.ConnectorSocial {
			continue
		}
		if _, linked := m.user.Identities[c.Target]; linked {
			continue
		}
		_, why := Linkable(*c)
		free = append(free, row{target: c.Target, connector: c, why: why})
	}
	// Linkable first, each group by name.
	sort.SliceStable(free, func(i, j int) bool {
		if (free[i].why == CanLink) != (free[j].why == CanLink) {
			return free[i].why == CanLink
		}
		return m.name(free[i]) < m.name(free[j])
	})
	m.rows = append(m.rows, free...)
	m.cur = min(m.cur, max(0, len(m.rows)-1))
}

// name is a row's provider in the program's language where the tenant
// names it so, cut to a line's share (a connector's name is the tenant's
// text: 100,000 characters must not fill the screen).
func (m *Model) name(r row) string {
	n := r.target
	if r.connector != nil {
		n = r.connector.DisplayName(ProviderLang(m.C.Lang))
	}
	return ansi.Truncate(common.Clean(n), 48, "…")
}

// update is Update for everything but the organisations (orgs.go).
func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.UserLoadedMsg:
		if u, ok := msg.User.(*logto.User); ok {
			m.user = u
			m.rebuild()
		}
		return nil
	case common.ReloadMsg:
		if m.user != nil {
			m.loadedCs = true
			return m.loadConnectors()
		}
		return nil
	case common.ShownMsg:
		m.whole = false
		if !m.loadedCs && m.user != nil {
			m.loadedCs = true
			return m.loadConnectors()
		}
		return nil
	case connectorsMsg:
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			return nil
		}
		m.conns = msg.list
		m.rebuild()
		return nil
	case linkMsg:
		return m.start(msg)
	case unlinkMsg:
		return m.unlink(msg)
	case startedMsg:
		return m.started(msg)
	case callbackMsg:
		if m.link == nil {
			return nil
		}
		if msg.err != nil {
			m.stopLink()
			m.err = m.C.Words(msg.err)
			return nil
		}
		return m.finish(msg.params)
	case linkedMsg:
		m.stopLink()
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			return nil
		}
		text := m.C.T("identities.linked_done", "Name", msg.name)
		return tea.Batch(func() tea.Msg { return common.ReloadUserMsg{} }, func() tea.Msg { return common.Success(text) })
	case unlinkedMsg:
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			return nil
		}
		u, text := msg.user, m.C.T("identities.unlinked_done", "Name", msg.name)
		return tea.Batch(func() tea.Msg { return common.UserLoadedMsg{User: u} }, func() tea.Msg { return common.Success(text) })
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.link != nil && m.deps.Listen == nil {
			var cmd tea.Cmd
			m.paste.Input, cmd = m.paste.Input.Update(msg)
			return cmd
		}
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.whole {
		m.whole = false // any key returns from the code
		return nil
	}
	if m.link != nil {
		return m.linkKey(msg)
	}
	if m.confirm != nil {
		a := *m.confirm
		m.confirm = nil
		if msg.String() == "y" || msg.String() == "Y" {
			return m.Guard(a)
		}
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cur = max(0, m.cur-1)
	case key.Matches(msg, m.keys.Down):
		m.cur = max(0, min(len(m.rows)-1, m.cur+1))
	case key.Matches(msg, m.keys.Link):
		if m.cur < len(m.rows) && !m.rows[m.cur].linked {
			r := m.rows[m.cur]
			if r.why != CanLink {
				m.err = r.why.Sentence(m.C.Lang, m.name(r))
				return nil
			}
			m.err = ""
			return m.Guard(linkMsg{connID: r.connector.ID, display: m.name(r)})
		}
	case key.Matches(msg, m.keys.Unlink):
		if m.cur < len(m.rows) && m.rows[m.cur].linked {
			if why := m.lastMethod(); why != "" {
				m.err = why
				return nil
			}
			r := m.rows[m.cur]
			m.err, m.confirm = "", &unlinkMsg{target: r.target, name: m.name(r)}
		}
	}
	return nil
}

// lastMethod refuses unlinking the only way to sign in (LastMethod).
func (m *Model) lastMethod() string { return LastMethod(m.C.Lang, m.user, m.C.ActingOn) }

// LastMethod refuses unlinking u's only way to sign in (Logto does not
// check), in l's language; actingOn names the user an operator acts on
// ("" on one's own account). "" when it may go.
func LastMethod(l *i18n.Localizer, u *logto.User, actingOn string) string {
	others := len(u.Identities) - 1 + len(u.SSOIdentities)
	for _, s := range []*string{u.Username, u.PrimaryEmail, u.PrimaryPhone} {
		if logto.Str(s) != "" {
			others++
		}
	}
	if others <= 0 {
		if actingOn != "" {
			return l.T("identities.last_method_of", "Name", common.Clean(actingOn))
		}
		return l.T("identities.last_method")
	}
	return ""
}
