// Package sessions is the sessions and apps screen: browser sessions
// (device, browser, IP, place, times) and authorised apps, with revocation
// and "sign out everywhere else".
package sessions

import (
	"context"
	"fmt"
	"strings"
	"time"

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

type listMsg struct {
	sessions []logto.Session
	grants   []logto.Grant
	err      error
}

type doneMsg struct {
	seq  int
	text string
	err  error
	// expired is set when this terminal's own app grant was revoked.
	self bool
}

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
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

func (m *Model) load() tea.Cmd {
	be := m.be()
	return func() tea.Msg {
		ctx := context.Background()
		s, err := be.Sessions(ctx)
		if err != nil {
			return listMsg{err: err}
		}
		g, err := be.Grants(ctx)
		return listMsg{sessions: s, grants: g, err: err}
	}
}

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

func (m *Model) run(fn func(ctx context.Context, be Backend) doneMsg) tea.Cmd {
	m.seq++
	m.busy = true
	seq, be := m.seq, m.be()
	return func() tea.Msg {
		d := fn(context.Background(), be)
		d.seq = seq
		return d
	}
}

func (m *Model) revokeSession(target logto.RevokeGrants) tea.Cmd {
	s := m.sessions[m.cur]
	id, where := s.ID(), describe(s)
	self := target == logto.RevokeGrantsAll && m.authorizes(s)
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		err := be.RevokeSession(ctx, id, target)
		return doneMsg{err: err, text: "Signed out " + where + ".", self: self && err == nil}
	})
}

func (m *Model) revokeGrant() tea.Cmd {
	g := m.grants[m.cur-len(m.sessions)]
	id, name, self := g.ID, common.Clean(g.Application.Name), g.Payload.ClientID == m.clientID
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		err := be.RevokeGrant(ctx, id)
		return doneMsg{err: err, text: name + " no longer has access.", self: self && err == nil}
	})
}

// signOutOthers revokes every browser session and every other app's grant;
// this tool's grant survives (sessions that approved it are revoked with
// the default target, which keeps grants holding offline access). Logto has
// no bulk call, so it loops and reports partial failures.
func (m *Model) signOutOthers() tea.Cmd {
	sessions, grants, client := m.sessions, m.grants, m.clientID
	return m.run(func(ctx context.Context, be Backend) doneMsg {
		done, failed := 0, 0
		for _, s := range sessions {
			target := logto.RevokeGrantsAll
			if _, ours := s.Payload.Authorizations[client]; ours {
				target = logto.RevokeGrantsDefault
			}
			if err := be.RevokeSession(ctx, s.ID(), target); err != nil && !logto.IsCode(err, "oidc.session_not_found") {
				failed++
				continue
			}
			done++
		}
		for _, g := range grants {
			if g.Payload.ClientID == client {
				continue
			}
			if err := be.RevokeGrant(ctx, g.ID); err != nil && !logto.IsCode(err, "oidc.invalid_grant") {
				failed++
				continue
			}
			done++
		}
		text := fmt.Sprintf("Signed out everywhere else (%d revoked).", done)
		if failed > 0 {
			text = fmt.Sprintf("%d revoked, %d failed; press o to try the rest again.", done, failed)
		}
		return doneMsg{text: text}
	})
}

func (m *Model) authorizes(s logto.Session) bool {
	_, ok := s.Payload.Authorizations[m.clientID]
	return ok
}

func sessionWords(err error) string {
	switch logto.CodeOf(err) {
	case "oidc.session_not_found":
		return "That session had already ended. The list is refreshed."
	case "oidc.invalid_grant":
		return "That app's access was already revoked. The list is refreshed."
	case "oidc.invalid_session_account_id":
		return "That session belongs to someone else."
	}
	return common.Words(err)
}

func (m *Model) rows() int { return max(3, m.h-9) }

// Device describes a user agent as "Browser on OS".
func Device(ua string) string {
	if ua == "" {
		return "unknown device"
	}
	browser := "a browser"
	for _, b := range []struct{ token, name string }{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
		{"HeadlessChrome", "Headless Chrome"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"}, {"logto-account", "logto-account"}} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	os := ""
	for _, o := range []struct{ token, name string }{{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"},
		{"Mac OS X", "macOS"}, {"Windows", "Windows"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"}} {
		if strings.Contains(ua, o.token) {
			os = o.name
			break
		}
	}
	if os == "" {
		return browser
	}
	return browser + " on " + os
}

func describe(s logto.Session) string {
	ctx := s.Context()
	place := strings.TrimSpace(strings.Trim(ctx.City+", "+ctx.Country, ", "))
	out := Device(ctx.UserAgent)
	if ctx.IP != "" {
		out += " · " + ctx.IP
	}
	if place != "" {
		out += " · " + place
	}
	return common.Clean(out)
}

func ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return t.Local().Format("2006-01-02")
}

// View implements common.Screen.
func (m *Model) View() string {
	s := m.c.Styles
	if !m.loaded || m.sessions == nil && m.grants == nil && m.err == "" {
		if v := m.proof.View(); v != "" {
			// The Account API lists sessions only to a user who proved it is them.
			return s.Muted.Render("Your sessions are shown once you confirm it is you.") + "\n\n" + v
		}
		return s.Muted.Render("Loading sessions…")
	}
	now := m.c.Now()
	var lines []string
	lines = append(lines, s.Header.Render(fmt.Sprintf("Signed-in browsers (%d)", len(m.sessions))))
	for i, ss := range m.sessions {
		line := fmt.Sprintf("%s · signed in %s · ends %s", describe(ss), ago(ss.SignedInAt(), now), ss.ExpiresAt.Local().Format("2006-01-02"))
		if m.authorizes(ss) {
			line += s.Muted.Render(" · approved a sign-in of this tool")
		}
		lines = append(lines, m.row(i, line))
	}
	lines = append(lines, "", s.Header.Render(fmt.Sprintf("Apps with access (%d)", len(m.grants))))
	for j, g := range m.grants {
		line := fmt.Sprintf("%s · granted %s · until %s", common.Clean(g.Application.Name), ago(g.GrantedAt(), now), g.ExpiresAt.Local().Format("2006-01-02"))
		if g.Payload.ClientID == m.clientID {
			line += s.Warning.Render(" · this tool: revoking it signs this terminal out")
		}
		lines = append(lines, m.row(len(m.sessions)+j, line))
	}
	// Keep the cursor in view: cut the list around it.
	rows := m.rows()
	cursorLine := m.cur + 1
	if m.cur >= len(m.sessions) {
		cursorLine += 2
	}
	if cursorLine < m.top {
		m.top = cursorLine
	}
	if cursorLine >= m.top+rows {
		m.top = cursorLine - rows + 1
	}
	if m.top > 0 && m.top < len(lines) {
		lines = lines[m.top:]
	}
	if len(lines) > rows {
		lines = lines[:rows]
	}
	out := strings.Join(lines, "\n")
	switch m.mode {
	case askGrants:
		out += "\n\n" + s.Warning.Render("Sign out "+describe(m.sessions[m.cur])+". Also revoke the apps it authorised? (y = yes, n = keep them, esc = cancel)")
	case confirmGrant:
		out += "\n\n" + s.Warning.Render("Revoke "+common.Clean(m.grants[m.cur-len(m.sessions)].Application.Name)+"'s access? (y/n)")
	case confirmOthers:
		out += "\n\n" + s.Warning.Render("Sign out every browser and revoke every other app's access? This tool stays signed in. (y/n)")
	}
	if m.err != "" {
		out += "\n\n" + s.Error.Render(m.err)
	}
	if v := m.proof.View(); v != "" {
		out += "\n\n" + v
	}
	return out
}

func (m *Model) row(i int, line string) string {
	if i == m.cur {
		return m.c.Styles.Focused.Render("› ") + line
	}
	return "  " + line
}
