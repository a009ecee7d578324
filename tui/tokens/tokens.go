// Package tokens is the personal access tokens screen: a table with values
// hidden, create (the new value shown, copy via OSC 52), rename, delete, and
// revealing one token's value only when asked.
package tokens

import (
	"context"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// Backend is what the screen needs.
type Backend interface {
	proof.Backend
	PersonalAccessTokens(ctx context.Context) ([]logto.PersonalAccessToken, error)
	CreatePersonalAccessToken(ctx context.Context, name string, expiresAt *time.Time) (*logto.PersonalAccessToken, error)
	RenamePersonalAccessToken(ctx context.Context, current, name string) error
	DeletePersonalAccessToken(ctx context.Context, name string) error
}

type mode int

const (
	listing mode = iota
	creating
	showing // a new token's value, right after creating it
	revealing
	renaming
	confirmDelete
)

// KeyMap are the screen's keys.
type KeyMap struct{ Up, Down, New, Rename, Delete, Reveal, Copy, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.New, k.Reveal, k.Rename, k.Delete} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.New, k.Reveal, k.Rename, k.Delete}} // c and esc: the value's own keys
}

// Model is the screen.
type Model struct {
	common.Base
	be     func() Backend
	keys   KeyMap
	list   []logto.PersonalAccessToken
	loaded bool
	// stale: the list may have changed elsewhere (a lockdown revokes every
	// token); it is read again when the screen shows next.
	stale bool
	cur   int
	top   int
	mode  mode
	form  common.Form
	shown *logto.PersonalAccessToken
	// target is the token a rename, reveal or deletion is about, copied
	// when the user chose it (the list may reload meanwhile).
	target logto.PersonalAccessToken
	// widest is the widest name in the list, in cells (up to 40), as the
	// list was read: the table sizes its columns by it at every frame.
	widest int
	err    string
	w, h   int
}

// New builds the screen.
func New(c *common.Common, be func() Backend) *Model {
	m := &Model{Base: common.NewBase(c, common.TokensID), be: be}
	m.keys = KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("tokens.key_up"))),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("tokens.key_down"))),
		New:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", c.T("tokens.key_new"))),
		Rename: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("tokens.key_rename"))),
		Delete: key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", c.T("tokens.key_delete"))),
		Reveal: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", c.T("tokens.key_reveal"))),
		Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", c.T("tokens.key_copy"))),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("tokens.key_back"))),
	}
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("tokens.title") }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool { return m.mode == creating || m.mode == renaming }

// Dirty implements common.Screen: an unseen new value counts.
func (m *Model) Dirty() bool {
	return m.mode == showing || (m.mode == creating || m.mode == renaming) && m.form.Dirty()
}

// KeyMap implements common.Screen: the keys of the state on screen.
func (m *Model) KeyMap() help.KeyMap {
	switch {
	case m.mode == creating && m.form.Focus == 0:
		return common.Keys{common.Hint("enter", m.C.T("tokens.key_next_expiry")), common.Hint("esc", m.C.T("tokens.key_cancel"))}
	case m.mode == creating:
		return common.Keys{common.Hint("enter", m.C.T("tokens.key_create")), common.Hint("tab", m.C.T("tokens.key_back_to_name")),
			common.Hint("esc", m.C.T("tokens.key_cancel"))}
	case m.mode == renaming:
		return common.Keys{common.Hint("enter", m.C.T("tokens.key_save")), common.Hint("esc", m.C.T("tokens.key_cancel"))}
	case m.mode == showing || m.mode == revealing:
		return common.Keys{m.keys.Copy, common.Hint("esc", m.C.T("tokens.key_hide"))}
	case m.mode == confirmDelete:
		return common.Keys{common.Hint("y", m.C.T("tokens.key_delete")), common.Hint("n", m.C.T("tokens.key_keep"))}
	}
	k := m.keys
	for _, b := range []*key.Binding{&k.Rename, &k.Delete, &k.Reveal} {
		b.SetEnabled(m.selected() != nil) // nothing to act on in an empty list
	}
	return k
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h; m.form.SetWidth(max(10, w-24)) }

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.ShownMsg:
		if !m.loaded || m.stale {
			m.loaded, m.stale = true, false
			return m.load()
		}
		return nil
	case common.StaleMsg:
		switch {
		case !m.loaded:
		case msg.Shown && m.mode == listing:
			m.stale = false
			return m.load()
		default:
			m.stale = true // read again when shown (a form or a value on screen stays)
		}
		return nil
	case common.ReloadMsg:
		m.loaded = true
		return m.load()
	case listMsg:
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			return nil
		}
		m.list, m.widest = msg.list, widest(msg.list)
		m.cur = min(m.cur, max(0, len(m.list)-1))
		return nil
	case createMsg:
		return m.create(msg)
	case renameMsg:
		return m.rename(msg)
	case deleteMsg:
		return m.delete(msg)
	case doneMsg:
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			return nil
		}
		m.err = ""
		m.list = applied(m.list, msg)
		m.widest = widest(m.list)
		m.cur = min(m.cur, max(0, len(m.list)-1))
		if msg.created != nil {
			m.shown, m.mode = msg.created, showing
		} else {
			m.mode = listing
		}
		cmds := []tea.Cmd{m.load()}
		if msg.text != "" {
			text := msg.text
			cmds = append(cmds, func() tea.Msg { return common.Success(text) })
		}
		return tea.Batch(cmds...)
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.mode == creating || m.mode == renaming {
			return m.typeName(msg)
		}
	}
	return nil
}

// applied is the list with a rename or deletion that succeeded (a new
// list, the old one untouched).
func applied(list []logto.PersonalAccessToken, d doneMsg) []logto.PersonalAccessToken {
	out := make([]logto.PersonalAccessToken, 0, len(list))
	for _, t := range list {
		switch {
		case d.deleted != "" && t.Name == d.deleted:
			continue
		case d.renamed != nil && t.Name == d.renamed[0]:
			t.Name = d.renamed[1]
		}
		out = append(out, t)
	}
	return out
}

func (m *Model) selected() *logto.PersonalAccessToken {
	if m.cur < len(m.list) {
		return &m.list[m.cur]
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	switch m.mode {
	case creating, renaming:
		switch msg.String() {
		case "esc":
			m.mode, m.err = listing, ""
			return nil
		case "tab", "shift+tab":
			return m.form.Move(map[string]int{"tab": 1, "shift+tab": -1}[msg.String()])
		case "enter":
			if m.mode == creating && m.form.Focus == 0 {
				return m.form.Move(1)
			}
			return m.submit()
		}
		return m.typeName(msg)
	case showing, revealing:
		t := m.shown
		if m.mode == revealing {
			t = &m.target
		}
		if key.Matches(msg, m.keys.Copy) && t != nil {
			value := t.Value.Reveal()
			return m.C.Copy(value, m.C.T("tokens.copy_what"))
		}
		m.mode, m.shown = listing, nil
		return nil
	case confirmDelete:
		m.mode = listing
		if msg.String() == "y" || msg.String() == "Y" {
			return m.Guard(deleteMsg{name: m.target.Name})
		}
		return nil
	}
	m.err = ""
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cur = max(0, m.cur-1)
	case key.Matches(msg, m.keys.Down):
		m.cur = max(0, min(len(m.list)-1, m.cur+1))
	case msg.String() == "pgdown":
		m.cur = max(0, min(len(m.list)-1, m.cur+m.rows()))
	case msg.String() == "pgup":
		m.cur = max(0, m.cur-m.rows())
	case key.Matches(msg, m.keys.New):
		m.mode = creating
		name, exp := common.NewField("name", m.C.T("tokens.field_name"), false), common.NewField("expiry", m.C.T("tokens.field_expires"), false)
		name.Input.CharLimit = 0 // a longer burst is cut below, with a word, not dropped
		exp.Input.Placeholder = m.C.T("tokens.expiry_placeholder")
		m.form = common.Form{Fields: []*common.Field{name, exp}, Lang: m.C.Lang}
		m.form.SetWidth(max(10, m.w-24))
		return name.Input.Focus()
	case key.Matches(msg, m.keys.Rename) && m.selected() != nil:
		m.mode, m.target = renaming, *m.selected()
		f := common.NewField("name", m.C.T("tokens.field_new_name"), false)
		f.Input.CharLimit = 0
		f.Set(m.selected().Name)
		f.Input.CursorEnd()
		m.form = common.Form{Fields: []*common.Field{f}, Lang: m.C.Lang}
		m.form.SetWidth(max(10, m.w-24))
		return f.Input.Focus()
	case key.Matches(msg, m.keys.Delete) && m.selected() != nil:
		m.mode, m.target = confirmDelete, *m.selected()
	case key.Matches(msg, m.keys.Reveal) && m.selected() != nil:
		m.mode, m.target = revealing, *m.selected()
	}
	return nil
}

// MaxName is the longest token name Logto takes.
const MaxName = 256

// typeName gives a key or a paste to the form and keeps a name within
// MaxName, saying so (a 257-character burst used to vanish whole).
func (m *Model) typeName(msg tea.Msg) tea.Cmd {
	cmd := m.form.Update(msg)
	if f := m.form.Get("name"); f != nil {
		if r := []rune(f.Input.Value()); len(r) > MaxName {
			f.Input.SetValue(string(r[:MaxName]))
			f.Err = m.C.T("tokens.name_cut", "Max", m.C.Lang.Number(MaxName))
		}
	}
	return cmd
}

// Quote names a token in a sentence: a name with spaces, punctuation or
// other letters is quoted in l's way (“ci/deploy #2”, « ci/deploy #2 »)
// so that it reads as one name; a plain one (deploy-2) is not.
func Quote(l *i18n.Localizer, name string) string {
	name = common.Clean(name)
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return l.T("tokens.quoted", "Name", name)
		}
	}
	return name
}

// ExpiryError is an expiry ParseExpiry cannot take, in l's language.
type ExpiryError struct{ Sentence string }

func (e *ExpiryError) Error() string { return e.Sentence }

// ParseExpiry reads "never"/"" (or the language's word for it, as the
// field's placeholder shows it), "30d" or "30" (days), or a date
// YYYY-MM-DD (end of that day, local time). What it cannot take is said
// in l's language.
func ParseExpiry(l *i18n.Localizer, s string, now time.Time) (*time.Time, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == neverWord || s == strings.ToLower(l.T("tokens.never")) {
		return nil, nil
	}
	if n, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil {
		if n < 1 || n > 3650 {
			return nil, &ExpiryError{l.T("tokens.expiry_range", "Min", 1, "Max", l.Number(3650))}
		}
		t := now.Add(time.Duration(n) * 24 * time.Hour)
		return &t, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, now.Location())
	if err != nil {
		return nil, &ExpiryError{l.T("tokens.expiry_syntax")}
	}
	end := d.Add(24*time.Hour - time.Second)
	if !end.After(now) {
		return nil, &ExpiryError{l.T("tokens.expiry_past")}
	}
	return &end, nil
}

// neverWord is the expiry that means none, in every language (scripts
// and --expires' default use it).
const neverWord = "never"

func (m *Model) submit() tea.Cmd {
	name := m.form.Get("name").Value()
	if err := logto.ValidatePATName(name); err != nil {
		m.form.Get("name").Err = m.C.T("tokens.name_empty")
		if name != "" {
			m.form.Get("name").Err = m.C.T("tokens.name_too_long", "Max", m.C.Lang.Number(MaxName))
		}
		return m.form.FocusKey("name")
	}
	m.form.Get("name").Err = ""
	for _, t := range m.list {
		if t.Name == name && (m.mode == creating || name != m.target.Name) {
			m.form.Get("name").Err = m.C.T("tokens.name_taken")
			return m.form.FocusKey("name")
		}
	}
	if m.mode == renaming {
		current := m.target.Name
		if current == name {
			m.mode = listing
			return nil
		}
		return m.Guard(renameMsg{current: current, name: name})
	}
	exp, err := ParseExpiry(m.C.Lang, m.form.Get("expiry").Value(), m.C.Now())
	if err != nil {
		m.form.Get("expiry").Err = err.Error()
		return m.form.FocusKey("expiry")
	}
	m.form.Get("expiry").Err, m.err = "", ""
	return m.Guard(createMsg{name: name, expiresAt: exp})
}
