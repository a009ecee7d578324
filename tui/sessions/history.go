package sessions

import (
	"context"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// This file is the screen's sign-in history: the user's entries in
// Logto's audit log (docs/logto-behaviour.md#logs), a page at a time.

// HistoryBackend reads the audit log (the Management API can; the Account
// API has no such call and says so through logto.Lacking).
type HistoryBackend interface {
	History(ctx context.Context, q logto.LogQuery) (*logto.LogPage, error)
}

// history is the history view's state.
type history struct {
	open bool
	// all lists every entry (token refreshes too); else sign-ins only.
	all     bool
	page    *logto.LogPage
	n       int // the page asked for (1-based)
	err     string
	loading bool
	cur     int
}

type historyMsg struct {
	page *logto.LogPage
	err  error
}

// historyKeys are the history view's keys.
type historyKeys struct{ Up, Down, Next, Prev, Filter, Back key.Binding }

func newHistoryKeys(c *common.Common) historyKeys {
	return historyKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("sessions.key_up"))),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("sessions.key_down"))),
		Next:   key.NewBinding(key.WithKeys("n", "pgdown"), key.WithHelp("n", c.T("history.key_older"))),
		Prev:   key.NewBinding(key.WithKeys("p", "pgup"), key.WithHelp("p", c.T("history.key_newer"))),
		Filter: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", c.T("history.key_everything"))),
		Back:   key.NewBinding(key.WithKeys("esc", "e"), key.WithHelp("esc", c.T("history.key_back"))),
	}
}

// ShortHelp implements help.KeyMap.
func (k historyKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.Filter, k.Back}
}

// FullHelp implements help.KeyMap.
func (k historyKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Next, k.Prev}, {k.Filter, k.Back}}
}

var _ help.KeyMap = historyKeys{}

// historyKeyMap is the history's keys as they act now: n and p only with a
// page to turn to, f named for what it shows next. (Always offered, n and
// p took the line's room at 80 columns and cut esc off it.)
func (m *Model) historyKeyMap() historyKeys {
	k := m.hkeys
	k.Next.SetEnabled(m.hasOlder())
	k.Prev.SetEnabled(m.hist.n > 1)
	if m.hist.all {
		k.Filter.SetHelp("f", m.C.T("history.key_sign_ins_only"))
	}
	if m.lacksHistory() != "" { // nothing to move in or to filter
		for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Filter} {
			b.SetEnabled(false)
		}
	}
	return k
}

// lacksHistory is why the backend cannot read the history ("" when it can).
func (m *Model) lacksHistory() string {
	if l, ok := m.be().(logto.Lacking); ok && l.Lacks(logto.CapSignInHistory) {
		return m.C.Lacking(logto.CapSignInHistory)
	}
	if _, ok := m.be().(HistoryBackend); !ok {
		return m.C.Lacking(logto.CapSignInHistory)
	}
	return ""
}

// pageSize is a page that fits the window (Logto allows 100).
func (m *Model) pageSize() int { return max(5, min(100, m.h-6)) }

func (m *Model) loadHistory() tea.Cmd {
	m.hist.err = m.lacksHistory()
	if m.hist.err != "" {
		return nil
	}
	hb := m.be().(HistoryBackend)
	q := logto.LogQuery{Page: max(1, m.hist.n), PageSize: m.pageSize()}
	if !m.hist.all {
		q.Key = logto.LogSignIn
	}
	m.hist.loading = true
	return m.Req.Do("history", func(ctx context.Context) tea.Msg {
		p, err := hb.History(ctx, q)
		return historyMsg{page: p, err: err}
	})
}

// historyUpdate handles the history's messages and, while it is open,
// its keys; ok is false for anything else.
func (m *Model) historyUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case historyMsg:
		m.hist.loading = false
		if msg.err != nil {
			m.hist.err = m.C.Words(msg.err)
			return nil, true
		}
		m.hist.page, m.hist.err = msg.page, ""
		m.hist.cur = min(m.hist.cur, max(0, len(msg.page.Entries)-1))
		return nil, true
	case common.ReloadMsg:
		if m.hist.open {
			return tea.Batch(m.loadHistory(), m.load()), true
		}
	case tea.KeyPressMsg:
		if !m.hist.open {
			if key.Matches(msg, m.keys.History) && m.mode == listing {
				m.hist = history{open: true, n: 1}
				return m.loadHistory(), true
			}
			return nil, false
		}
		return m.historyKey(msg), true
	}
	return nil, false
}

func (m *Model) historyKey(msg tea.KeyPressMsg) tea.Cmd {
	k, h := m.hkeys, &m.hist
	n := 0
	if h.page != nil {
		n = len(h.page.Entries)
	}
	switch {
	case key.Matches(msg, k.Back):
		m.hist = history{}
	case key.Matches(msg, k.Up):
		h.cur = max(0, h.cur-1)
	case key.Matches(msg, k.Down):
		h.cur = max(0, min(n-1, h.cur+1))
	case key.Matches(msg, k.Next) && m.hasOlder():
		h.n, h.cur = h.n+1, 0 // from the page asked for: keys may come faster than pages
		return m.loadHistory()
	case key.Matches(msg, k.Prev) && h.n > 1:
		h.n, h.cur = h.n-1, 0
		return m.loadHistory()
	case key.Matches(msg, k.Filter) && m.lacksHistory() == "":
		h.all, h.n, h.cur, h.page = !h.all, 1, 0, nil
		return m.loadHistory()
	}
	return nil
}

// hasOlder reports a page after the one asked for last.
func (m *Model) hasOlder() bool {
	p := m.hist.page
	switch {
	case p == nil:
		return false
	case p.Total < 0 || p.TotalCapped:
		return p.HasNext() && m.hist.n == p.Page
	}
	return m.hist.n*p.PageSize < p.Total
}

// appName names an app by id from the grants listed (else its id).
func (m *Model) appName(id string) string {
	for _, g := range m.grants {
		if g.Payload.ClientID == id {
			return g.AppName()
		}
	}
	if id == m.clientID && id != "" {
		return productName
	}
	if id == "" {
		return m.C.T("history.an_app")
	}
	return common.Clean(id)
}

// eventKinds are the audit-log entries the history names, each with what
// it records and what it tried to do when it failed (a failure read "✗
// failed (oidc.invalid_grant) Acme Web renewed its access", which says both
// that it did and that it did not): message ids, {{.App}} the app's name.
// The screen and the history command read this one table.
var eventKinds = []struct {
	is         func(key string) bool
	did, tried string
}{
	{keyIs(logto.LogSignIn), "history.signed_in", "history.sign_in_failed"},
	{keyIs(logto.LogRegister), "history.registered", "history.register_failed"},
	{keyIs(logto.LogForgotPassword), "history.password_reset", "history.password_reset_failed"},
	{keyIs(logto.LogPasswordTry), "history.password_typed", "history.password_wrong"},
	{func(k string) bool { return strings.HasSuffix(k, ".Profile.Update") }, "history.profile_changed", "history.profile_change_failed"},
	{func(k string) bool { return strings.Contains(k, ".BindMfa.") }, "history.mfa_added", "history.mfa_add_failed"},
	{keyIs(logto.LogExchangeDevice), "history.device_signed_in", "history.device_sign_in_failed"},
	{keyIs(logto.LogExchangeRefresh), "history.access_renewed", "history.access_renew_failed"},
	{keyIs(logto.LogExchangeCode), "history.access_after_browser", "history.access_after_browser_failed"},
	{keyIs(logto.LogExchangeToken), "history.pat_used", "history.pat_use_failed"},
	{keyIs(logto.LogRevokeToken, logto.LogRevokeGrants), "history.access_revoked", "history.access_revoke_failed"},
}

func keyIs(keys ...string) func(string) bool {
	return func(k string) bool { return slices.Contains(keys, k) }
}

// EventWords says in l's language what an audit-log entry records, or,
// for one that failed, what it tried to do; app names the app.
func EventWords(l *i18n.Localizer, e logto.LogEntry, app string) string {
	for _, k := range eventKinds {
		if !k.is(e.Key) {
			continue
		}
		if e.Failed() {
			return l.T(k.tried, "App", app)
		}
		return l.T(k.did, "App", app)
	}
	if e.Failed() {
		return l.T("history.other_failed", "Event", common.Clean(e.Key))
	}
	return common.Clean(e.Key)
}

// eventLine is one entry in width cells: what, where from, when, failures
// marked. When it is too wide, the device goes first, then the address,
// then the end of what happened is cut: when it happened stays (a French
// line lost it at 60 columns).
func (m *Model) eventLine(e logto.LogEntry, now time.Time, width int) string {
	s := m.C.Styles
	app := m.appName(e.Payload.ApplicationID)
	head := EventWords(m.C.Lang, e, app)
	if e.Failed() {
		if code := e.ErrorCode(); code != "" {
			head += " (" + common.Clean(code) + ")"
		}
		head = s.Error.Render("✗") + " " + head
	}
	device, ip := "", ""
	if ua := e.Payload.UserAgent; ua != "" {
		device = common.Clean(DeviceIn(m.C.Lang, ua))
	}
	if e.Payload.IP != "" {
		ip = common.Clean(e.Payload.IP)
	}
	when := " · " + m.ago(e.CreatedAt.Time, now)
	for _, where := range [][]string{{device, ip}, {ip}} {
		line := head
		for _, w := range where {
			if w != "" {
				line += " · " + w
			}
		}
		if common.Width(line+when) <= width {
			return line + when
		}
	}
	return common.Fit(head, max(1, width-common.Width(when))) + when
}

func (m *Model) historyView() string {
	s := m.C.Styles
	var b strings.Builder
	what := m.C.T("history.showing_sign_ins")
	if m.hist.all {
		what = m.C.T("history.showing_everything")
	}
	title := m.C.T("history.heading")
	if m.C.ActingOn != "" {
		title = m.C.T("history.heading_of", "User", common.Clean(m.C.ActingOn))
	}
	head := s.Header.Render(title)
	if m.lacksHistory() == "" {
		head += s.Muted.Render(" · " + what)
	}
	if p := m.hist.page; p != nil && p.Total >= 0 {
		last := max(1, (p.Total+p.PageSize-1)/p.PageSize)
		head += s.Muted.Render(" · " + m.C.T("history.page_of", "Page", p.Page, "Last", last))
	}
	b.WriteString(head + "\n")
	switch {
	case m.hist.err != "":
		b.WriteString("\n" + s.Error.Width(max(10, m.w)).Render(m.hist.err) + "\n")
		return strings.TrimRight(b.String(), "\n")
	case m.hist.page == nil:
		return b.String() + s.Muted.Render(m.C.T("history.loading"))
	case len(m.hist.page.Entries) == 0:
		b.WriteString(s.Muted.Render("  "+m.C.T("history.nothing")) + "\n")
	}
	now := m.C.Now()
	for i, e := range m.hist.page.Entries {
		marker := "  "
		if i == m.hist.cur {
			marker = s.Focused.Render("› ")
		}
		b.WriteString(common.Fit(marker+m.eventLine(e, now, max(10, m.w)-2), max(10, m.w)) + "\n")
	}
	if !m.hist.all {
		b.WriteString("\n" + s.Muted.Width(max(10, m.w)).Render(m.C.T("history.passwords_not_listed")))
	}
	return strings.TrimRight(b.String(), "\n")
}
