// Package admin is the operator's user picker: a paginated search of the
// tenant's users (Management API) from which admin mode picks the user every
// screen then acts on. The SSH service never shows it.
package admin

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// PickedMsg says the operator chose a user; the root then acts on it.
type PickedMsg struct{ User logto.User }

// KeyMap are the picker's keys.
type KeyMap struct{ Up, Down, Pick, Search, Next, Prev, Retry, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Pick, k.Search, k.Next, k.Prev} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Pick}, {k.Search, k.Cancel}, {k.Next, k.Prev, k.Retry}}
}

// Model is the picker.
type Model struct {
	common.Base
	dir   func() Directory
	keys  KeyMap
	input textinput.Model
	// query is the search the page answers; input holds the one being typed.
	query   string
	editing bool
	page    *logto.UserPage
	pageNo  int
	cur     int
	err     string
	note    string
	w, h    int
	// typed numbers the keystrokes of a search being typed: only the
	// debounce timer of the latest one searches.
	typed int
	// You is the operator's own user id, marked in the list.
	You string
}

// SearchDelay is how long typing pauses before the picker searches what
// was typed (a request a keystroke would flood the Management API).
const SearchDelay = 300 * time.Millisecond

// typedMsg is the debounce timer of keystroke n.
type typedMsg struct{ n int }

// New builds the picker; query (may be empty: every user) is searched first,
// and note (may be empty) says why the picker is shown.
func New(c *common.Common, dir func() Directory, query, note string) *Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = c.T("admin.placeholder")
	in.CharLimit = 128
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.SetValue(query)
	m := &Model{Base: common.NewBase(c, common.PickerID), dir: dir, input: in, query: query, note: note, pageNo: 1, w: 78, h: 20}
	m.keys = KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("admin.key_up"))),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("admin.key_down"))),
		Pick:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("admin.key_pick"))),
		Search: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", c.T("admin.key_search"))),
		Next:   key.NewBinding(key.WithKeys("n", "pgdown", "]"), key.WithHelp("n", c.T("admin.key_next"))),
		Prev:   key.NewBinding(key.WithKeys("p", "pgup", "["), key.WithHelp("p", c.T("admin.key_prev"))),
		Retry:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("admin.key_retry"))),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("admin.key_stop"))),
	}
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("admin.title") }

// Capturing implements common.Screen: q and digits are text while searching.
func (m *Model) Capturing() bool { return m.editing }

// Dirty implements common.Screen: a search is never worth a quit prompt.
func (m *Model) Dirty() bool { return false }

// KeyMap implements common.Screen: the keys of the state on screen (no
// page keys on a single page).
func (m *Model) KeyMap() help.KeyMap {
	if m.editing {
		return common.Keys{common.Hint("enter", m.C.T("admin.key_done")), common.Hint("esc", m.C.T("admin.key_stop"))}
	}
	k := m.keys
	k.Pick.SetEnabled(m.Selected() != nil)
	k.Next.SetEnabled(m.page != nil && m.page.HasNext())
	k.Prev.SetEnabled(m.pageNo > 1)
	k.Retry.SetEnabled(m.err != "")
	k.Cancel.SetEnabled(false) // esc while typing; the root's esc goes back
	return k
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	// Room for the label before the field and the hint after it, in cells
	// (a Chinese label is two a character).
	room := common.Width(m.C.T("admin.search_label")+" ") + common.Width("  "+m.C.T("admin.hint_typing")) + 3
	m.input.SetWidth(max(10, min(60, w-room)))
}

// Init implements common.Screen: the first search.
func (m *Model) Init() tea.Cmd { return m.search(m.query, 1) }

// Selected is the highlighted user, or nil.
func (m *Model) Selected() *logto.User {
	if m.page != nil && m.cur < len(m.page.Users) {
		return &m.page.Users[m.cur]
	}
	return nil
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case typedMsg:
		if m.editing && msg.n == m.typed && m.input.Value() != m.query {
			return m.search(m.input.Value(), 1)
		}
		return nil
	case pageMsg:
		if msg.err != nil {
			m.err = m.C.T("admin.search_failed", "Err", m.C.Words(msg.err))
			return nil
		}
		m.err, m.page, m.pageNo, m.query, m.cur = "", msg.page, msg.page.Page, msg.query, 0
		return nil
	case tea.KeyPressMsg:
		if m.editing {
			return m.typing(msg)
		}
		return m.key(msg)
	case tea.PasteMsg:
		if m.editing {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return tea.Batch(cmd, m.debounce())
		}
	}
	return nil
}

// debounce searches what is typed once typing pauses for SearchDelay.
func (m *Model) debounce() tea.Cmd {
	m.typed++
	n := m.typed
	return m.C.Clock.After(SearchDelay, func(time.Time) tea.Msg { return typedMsg{n: n} })
}

func (m *Model) typing(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		m.editing = false
		m.typed++ // a pending timer searches nothing more
		m.input.Blur()
		if m.input.Value() == m.query && m.page != nil {
			return nil // already on screen
		}
		return m.search(m.input.Value(), 1)
	case "esc":
		m.editing = false
		m.typed++
		m.input.Blur()
		m.input.SetValue(m.query) // back to the search on screen
		return nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() == before {
		return cmd // the cursor moved: nothing to search
	}
	return tea.Batch(cmd, m.debounce())
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Search):
		m.editing = true
		m.input.CursorEnd()
		return m.input.Focus()
	case key.Matches(msg, m.keys.Up):
		m.cur = max(0, m.cur-1)
	case key.Matches(msg, m.keys.Down):
		if m.page != nil {
			m.cur = max(0, min(len(m.page.Users)-1, m.cur+1))
		}
	case key.Matches(msg, m.keys.Next):
		if m.page != nil && m.page.HasNext() && !m.Busy() {
			return m.search(m.query, m.pageNo+1)
		}
	case key.Matches(msg, m.keys.Prev):
		if m.pageNo > 1 && !m.Busy() {
			return m.search(m.query, m.pageNo-1)
		}
	case key.Matches(msg, m.keys.Retry):
		return m.search(m.query, m.pageNo)
	case key.Matches(msg, m.keys.Pick):
		if u := m.Selected(); u != nil && !m.Busy() {
			picked := *u
			return func() tea.Msg { return PickedMsg{User: picked} }
		}
	}
	return nil
}

// pageSize fits one page of rows in the window (Logto allows 1–100).
func (m *Model) pageSize() int {
	rows := m.h - 9
	if m.note != "" {
		rows -= 2 // the note takes a line or two
	}
	return max(5, min(100, rows))
}
