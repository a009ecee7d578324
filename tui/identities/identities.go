// Package identities is the social and enterprise identities screen: list,
// unlink (confirmed, never the last way to sign in), and link a new social
// identity through the provider's redirect to a loopback listener — or, over
// SSH, by pasting the address the browser ended on.
package identities

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/termqr"
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
// session and so answer 501 on the Management API (logto-api.md §5.3).
var sessionBased = map[string]bool{"apple": true, "saml": true, "oidc": true, "oauth2": true, "oauth": true, "x": true,
	"twitter": true, "amazon": true, "gitlab": true, "huggingface": true, "line": true, "linkedin": true,
	"patreon": true, "qq": true, "slack": true}

// Linkable reports whether a connector can be linked here, with the reason
// when it cannot.
func Linkable(c logto.Connector) (bool, string) {
	if c.Type != logto.ConnectorSocial {
		return false, "not a social connector"
	}
	factory, _, _ := strings.Cut(c.ConnectorID, "-")
	if c.IsStandard || sessionBased[factory] {
		return false, "needs a Logto sign-in session; link it from the tenant's account page in a browser"
	}
	return true, ""
}

type row struct {
	linked    bool
	target    string
	connector *logto.Connector
	identity  logto.Identity
	why       string // not linkable
}

type connectorsMsg struct {
	list []logto.Connector
	err  error
}

type startedMsg struct {
	seq     int
	url     string
	recv    Receiver
	state   string
	redir   string
	err     error
	connID  string
	display string
}

type callbackMsg struct {
	seq    int
	params url.Values
	err    error
}

type linkedMsg struct {
	seq  int
	name string
	err  error
}

type unlinkedMsg struct {
	seq  int
	user *logto.User
	name string
	err  error
}

// KeyMap are the screen's keys.
type KeyMap struct{ Up, Down, Link, Unlink, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Link, k.Unlink, k.Cancel} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Link, k.Unlink, k.Cancel}}
}

// Model is the screen.
type Model struct {
	c        *common.Common
	be       func() Backend
	deps     Deps
	keys     KeyMap
	proof    *proof.Model
	user     *logto.User
	conns    []logto.Connector
	rows     []row
	cur      int
	err      string
	busy     bool
	seq      int
	confirm  bool
	link     *linking
	paste    *common.Field
	w, h     int
	loadedCs bool
}

type linking struct {
	connID, display, url, state, redirect string
	recv                                  Receiver
	cancel                                context.CancelFunc
	deadline                              time.Time
}

// New builds the screen.
func New(c *common.Common, be func() Backend, deps Deps) *Model {
	m := &Model{c: c, be: be, deps: deps, proof: proof.New(c, func() proof.Backend { return be() })}
	m.keys = KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Link:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "link")),
		Unlink: key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "unlink")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
	m.paste = common.NewField("paste", "Address", false)
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return "Identities" }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool { return m.proof.Active() || (m.link != nil && m.deps.Listen == nil) }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return m.link != nil }

// Busy implements common.Screen.
func (m *Model) Busy() bool { return m.busy || m.link != nil || m.proof.Busy() }

// KeyMap implements common.Screen.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h; m.paste.Input.SetWidth(max(10, w-14)) }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

func (m *Model) loadConnectors() tea.Cmd {
	be := m.be()
	return func() tea.Msg {
		list, err := be.Connectors(context.Background())
		return connectorsMsg{list: list, err: err}
	}
}

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
	for i := range m.conns {
		c := &m.conns[i]
		if c.Type != logto.ConnectorSocial {
			continue
		}
		if _, linked := m.user.Identities[c.Target]; linked {
			continue
		}
		ok, why := Linkable(*c)
		if ok {
			why = ""
		}
		free = append(free, row{target: c.Target, connector: c, why: why})
	}
	// Linkable first, each group by name.
	sort.SliceStable(free, func(i, j int) bool {
		if (free[i].why == "") != (free[j].why == "") {
			return free[i].why == ""
		}
		return name(free[i]) < name(free[j])
	})
	m.rows = append(m.rows, free...)
	m.cur = min(m.cur, max(0, len(m.rows)-1))
}

func name(r row) string {
	if r.connector != nil {
		return common.Clean(r.connector.DisplayName("en"))
	}
	return common.Clean(r.target)
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if handled, cmd := m.proof.Route(msg); handled {
		return cmd
	}
	switch msg := msg.(type) {
	case common.UserLoadedMsg:
		if u, ok := msg.User.(*logto.User); ok {
			m.user = u
			m.rebuild()
		}
		return nil
	case common.ShownMsg:
		if !m.loadedCs && m.user != nil {
			m.loadedCs = true
			return m.loadConnectors()
		}
		return nil
	case connectorsMsg:
		if msg.err != nil {
			m.err = common.Words(msg.err)
			return nil
		}
		m.conns = msg.list
		m.rebuild()
		return nil
	case startedMsg:
		return m.started(msg)
	case callbackMsg:
		if msg.seq != m.seq || m.link == nil {
			return nil
		}
		if msg.err != nil {
			m.stopLink()
			m.err = linkWords(msg.err)
			return nil
		}
		return m.finish(msg.params)
	case linkedMsg:
		if msg.seq != m.seq {
			return nil
		}
		m.busy = false
		m.stopLink()
		if msg.err != nil {
			m.err = linkWords(msg.err)
			return nil
		}
		text := msg.name + " is linked."
		return tea.Batch(func() tea.Msg { return common.ReloadUserMsg{} }, func() tea.Msg { return common.Success(text) })
	case unlinkedMsg:
		if msg.seq != m.seq {
			return nil
		}
		m.busy = false
		if msg.err != nil {
			m.err = linkWords(msg.err)
			return nil
		}
		u, text := msg.user, msg.name+" was unlinked."
		return tea.Batch(func() tea.Msg { return common.UserLoadedMsg{User: u} }, func() tea.Msg { return common.Success(text) })
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

func (m *Model) guarded(action func() tea.Cmd) tea.Cmd { return m.proof.Guard(action) }

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.link != nil {
		switch {
		case key.Matches(msg, m.keys.Cancel):
			m.stopLink()
			return func() tea.Msg { return common.Info("Linking cancelled; nothing was linked.") }
		case msg.String() == "enter" && m.deps.Listen == nil:
			return m.pasted()
		case msg.String() == "c" && m.deps.Listen != nil:
			return tea.Batch(tea.SetClipboard(m.link.url), func() tea.Msg { return common.Info("Address copied to the clipboard.") })
		case msg.String() == "ctrl+y" && m.deps.Listen == nil:
			return tea.Batch(tea.SetClipboard(m.link.url), func() tea.Msg { return common.Info("Address copied to the clipboard.") })
		case msg.String() == "enter" && m.deps.Open != nil:
			open, target := m.deps.Open, m.link.url
			return func() tea.Msg {
				if err := open(target); err != nil {
					return common.StatusMsg{Text: "Could not open a browser; open the address shown yourself.", Kind: common.StatusError}
				}
				return common.Info("Opened the provider's page in your browser.")
			}
		}
		if m.deps.Listen == nil {
			var cmd tea.Cmd
			m.paste.Input, cmd = m.paste.Input.Update(msg)
			return cmd
		}
		return nil
	}
	if m.confirm {
		m.confirm = false
		if msg.String() == "y" || msg.String() == "Y" {
			return m.guarded(m.unlink)
		}
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cur = max(0, m.cur-1)
	case key.Matches(msg, m.keys.Down):
		m.cur = min(len(m.rows)-1, m.cur+1)
	case key.Matches(msg, m.keys.Link):
		if m.cur < len(m.rows) && !m.rows[m.cur].linked {
			r := m.rows[m.cur]
			if r.why != "" {
				m.err = name(r) + " cannot be linked here: it " + r.why + "."
				return nil
			}
			m.err = ""
			return m.guarded(func() tea.Cmd { return m.start(r) })
		}
	case key.Matches(msg, m.keys.Unlink):
		if m.cur < len(m.rows) && m.rows[m.cur].linked {
			if why := m.lastMethod(); why != "" {
				m.err = why
				return nil
			}
			m.err, m.confirm = "", true
		}
	}
	return nil
}

// lastMethod refuses unlinking the only way to sign in (Logto does not check).
func (m *Model) lastMethod() string {
	u := m.user
	others := len(u.Identities) - 1 + len(u.SSOIdentities)
	for _, s := range []*string{u.Username, u.PrimaryEmail, u.PrimaryPhone} {
		if logto.Str(s) != "" {
			others++
		}
	}
	if others <= 0 {
		return "This is your only way to sign in, so it cannot be unlinked. Add an email, phone or another identity first."
	}
	return ""
}

func (m *Model) unlink() tea.Cmd {
	r := m.rows[m.cur]
	m.seq++
	m.busy = true
	seq, be, target, n := m.seq, m.be(), r.target, name(r)
	return func() tea.Msg {
		u, err := be.UnlinkIdentity(context.Background(), target)
		return unlinkedMsg{seq: seq, user: u, name: n, err: err}
	}
}

// start opens the receiver (or prepares paste mode) and asks Logto for the
// provider's URL.
func (m *Model) start(r row) tea.Cmd {
	m.seq++
	m.busy = true
	seq, be, listen, pasteRedirect, connID, display := m.seq, m.be(), m.deps.Listen, m.deps.PasteRedirect, r.connector.ID, name(r)
	return func() tea.Msg {
		out := startedMsg{seq: seq, connID: connID, display: display}
		if listen != nil {
			recv, err := listen()
			if err != nil {
				out.err = err
				return out
			}
			out.recv, out.state, out.redir = recv, recv.State(), recv.RedirectURI()
		} else {
			out.state, out.redir = auth.NewState(), pasteRedirect
		}
		out.url, out.err = be.AuthorizationURI(context.Background(), connID, out.state, out.redir)
		if out.err != nil && out.recv != nil {
			out.recv.Close()
		}
		return out
	}
}

func (m *Model) started(msg startedMsg) tea.Cmd {
	if msg.seq != m.seq {
		if msg.recv != nil {
			msg.recv.Close()
		}
		return nil
	}
	m.busy = false
	if msg.err != nil {
		m.err = linkWords(msg.err)
		return nil
	}
	timeout := m.deps.Timeout
	if timeout == 0 {
		timeout = auth.DefaultCallbackTimeout
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.link = &linking{connID: msg.connID, display: msg.display, url: msg.url, state: msg.state, redirect: msg.redir,
		recv: msg.recv, cancel: cancel, deadline: m.c.Now().Add(timeout)}
	if msg.recv == nil {
		m.paste.Input.SetValue("")
		return m.paste.Input.Focus()
	}
	seq, recv := m.seq, msg.recv
	return func() tea.Msg {
		params, err := recv.Wait(ctx, timeout)
		return callbackMsg{seq: seq, params: params, err: err}
	}
}

func (m *Model) pasted() tea.Cmd {
	params, err := auth.ParseRedirect(m.paste.Value(), m.link.redirect, m.link.state)
	if err != nil {
		m.err = linkWords(err)
		return nil
	}
	m.err = ""
	return m.finish(params)
}

// finish posts the provider's answer (state already checked) to Logto.
func (m *Model) finish(params url.Values) tea.Cmd {
	data := map[string]string{"redirectUri": m.link.redirect}
	for k, v := range params {
		if len(v) > 0 {
			data[k] = v[0]
		}
	}
	m.seq++
	m.busy = true
	seq, be, connID, n := m.seq, m.be(), m.link.connID, m.link.display
	return func() tea.Msg {
		_, err := be.LinkIdentity(context.Background(), connID, data)
		return linkedMsg{seq: seq, name: n, err: err}
	}
}

func (m *Model) stopLink() {
	if m.link == nil {
		return
	}
	m.link.cancel()
	if m.link.recv != nil {
		m.link.recv.Close()
	}
	m.link = nil
	m.paste.Input.Blur()
}

// Stop releases a pending link (program end).
func (m *Model) Stop() { m.stopLink() }

// linkWords adds the linking sentences to the shared table.
func linkWords(err error) string {
	switch logto.CodeOf(err) {
	case "user.identity_already_in_use":
		return "That account at the provider is already linked to another user of this tenant."
	case "connector.not_implemented":
		return "This connector cannot be linked from here; use the tenant's account page in a browser."
	case "connector.invalid_response", "connector.social_auth_code_invalid", "connector.social_invalid_access_token":
		return "The provider's answer could not be used (the code may have expired). Try linking again."
	case "session.invalid_connector_id":
		return "That connector is not a social connector any more. Reload with R."
	}
	var pe *auth.ProviderError
	if ok := asProvider(err, &pe); ok {
		return pe.Error() + ". Nothing was linked."
	}
	switch err {
	case auth.ErrStateMismatch, auth.ErrCallbackTimeout, auth.ErrNotTheCallback:
		return err.Error()
	}
	return common.Words(err)
}

func asProvider(err error, pe **auth.ProviderError) bool {
	p, ok := err.(*auth.ProviderError)
	if ok {
		*pe = p
	}
	return ok
}

// View implements common.Screen.
func (m *Model) View() string {
	s := m.c.Styles
	if m.user == nil {
		return s.Muted.Render("Loading…")
	}
	var b strings.Builder
	if m.link != nil {
		return m.linkView()
	}
	b.WriteString(s.Header.Render("Social identities") + "\n")
	if len(m.rows) == 0 {
		b.WriteString(s.Muted.Render("  none linked, and no social connector to link") + "\n")
	}
	for i, r := range m.rows {
		marker := "  "
		if i == m.cur {
			marker = s.Focused.Render("› ")
		}
		label := fmt.Sprintf("%-16s", name(r))
		switch {
		case r.linked:
			detail := common.Clean(r.identity.UserID)
			if e, ok := r.identity.Details["email"].(string); ok && e != "" {
				detail += "  " + common.Clean(e)
			} else if n, ok := r.identity.Details["name"].(string); ok && n != "" {
				detail += "  " + common.Clean(n)
			}
			b.WriteString(marker + s.Success.Render("linked ") + label + " " + detail + "\n")
		case r.why != "":
			b.WriteString(marker + s.Muted.Render("       "+label+" not linkable here") + "\n")
		default:
			b.WriteString(marker + "       " + label + " " + s.Muted.Render("enter to link") + "\n")
		}
	}
	if m.cur < len(m.rows) && m.rows[m.cur].why != "" {
		b.WriteString(s.Muted.Render("  "+name(m.rows[m.cur])+": "+m.rows[m.cur].why) + "\n")
	}
	b.WriteString("\n" + s.Header.Render("Enterprise SSO") + s.Muted.Render("  managed by your organisation's identity provider") + "\n")
	if len(m.user.SSOIdentities) == 0 {
		b.WriteString(s.Muted.Render("  none") + "\n")
	}
	for _, id := range m.user.SSOIdentities {
		b.WriteString(fmt.Sprintf("  %s  %s  %s\n", common.Clean(id.Issuer), common.Clean(id.IdentityID),
			s.Muted.Render("linked "+id.CreatedAt.UTC().Format("2006-01-02"))))
	}
	if m.confirm {
		b.WriteString("\n" + s.Warning.Render("Unlink "+name(m.rows[m.cur])+"? You will no longer sign in with it. (y/n)") + "\n")
	}
	b.WriteString(m.proof.Footer(m.err))
	return strings.TrimRight(b.String(), "\n")
}

func (m *Model) linkView() string {
	s := m.c.Styles
	l := m.link
	var b strings.Builder
	b.WriteString(s.Header.Render("Link "+l.display) + "\n\n")
	b.WriteString("Open this address and sign in at " + l.display + " (c copies it):\n")
	for _, part := range hardWrap(common.Clean(l.url), max(20, m.w)) {
		b.WriteString(s.Title.Render(part) + "\n")
	}
	b.WriteString("\n")
	if m.deps.Listen == nil {
		b.WriteString("Your browser will then fail to load a 127.0.0.1 address — that is expected.\n")
		b.WriteString("Copy the whole address from its address bar and paste it here, then press enter:\n")
		b.WriteString(s.Label.Render("Address: ") + m.paste.Input.View() + "\n")
	} else {
		left := l.deadline.Sub(m.c.Now())
		b.WriteString(fmt.Sprintf("Waiting for the browser… (%d:%02d left)", int(left.Minutes()), int(left.Seconds())%60))
		if m.deps.Open != nil {
			b.WriteString(s.Muted.Render("  enter opens it in your browser"))
		}
		b.WriteString("\n")
	}
	if m.err != "" {
		b.WriteString(s.Error.Render(m.err) + "\n")
	}
	if m.deps.Listen == nil {
		b.WriteString(s.Muted.Render("ctrl+y copies the address · esc cancels") + "\n")
	} else {
		b.WriteString(s.Muted.Render("esc cancels") + "\n")
	}
	if qr, err := termqr.Render(l.url, !m.c.Dark); err == nil && lipglossHeight(b.String())+lipglossHeight(qr) <= m.h {
		b.WriteString(qr)
	}
	return strings.TrimRight(b.String(), "\n")
}

func lipglossHeight(s string) int { return strings.Count(s, "\n") + 1 }

// hardWrap cuts a long URL into lines of width (URLs have no spaces to wrap at).
func hardWrap(s string, width int) []string {
	var out []string
	for len(s) > width {
		out = append(out, s[:width])
		s = s[width:]
	}
	return append(out, s)
}
