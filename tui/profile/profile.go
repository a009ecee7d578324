// Package profile is the profile screen: username, name, avatar, the OIDC
// profile fields and custom data (validated JSON), with read-only account
// facts and enterprise SSO identities.
package profile

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// Backend is what the profile screen needs.
type Backend interface {
	// proof.Backend: the Account API wants a proof for a username change.
	proof.Backend
	UpdateUser(ctx context.Context, p logto.UserPatch) (*logto.User, error)
	UpdateCustomData(ctx context.Context, d map[string]any) (map[string]any, error)
}

// KeyMap are the profile screen's keys.
type KeyMap struct {
	Up, Down, First, Last, PageUp, PageDown, Edit, Done, Save, Revert key.Binding
	// Avatar opens the avatar view (avatar.go).
	Avatar key.Binding
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Edit, k.Save, k.Revert} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.First, k.Last, k.PageUp, k.PageDown}, {k.Edit, k.Done}, {k.Save, k.Revert}, {k.Avatar}}
}

// question is what the screen asks before acting.
type question int

const (
	noQuestion question = iota
	askUndo             // u: drop every unsaved edit?
	askReplace          // s with a custom-data key removed: replace the whole object?
)

// fieldIDs are the screen's fields in form order: username, name and
// avatar, then the user.profile fields; each with its label's message id.
var fieldIDs = []struct{ key, label string }{
	{"username", "profile.field_username"}, {"name", "profile.field_name"}, {"avatar", "profile.field_avatar"},
	{"givenName", "profile.field_given_name"}, {"familyName", "profile.field_family_name"},
	{"middleName", "profile.field_middle_name"}, {"nickname", "profile.field_nickname"},
	{"preferredUsername", "profile.field_preferred_username"}, {"website", "profile.field_website"},
	{"gender", "profile.field_gender"}, {"birthdate", "profile.field_birthdate"}, {"zoneinfo", "profile.field_zoneinfo"},
	{"locale", "profile.field_locale"}, {"address.formatted", "profile.field_address"},
	{"address.streetAddress", "profile.field_street"}, {"address.locality", "profile.field_city"},
	{"address.region", "profile.field_region"}, {"address.postalCode", "profile.field_postal_code"},
	{"address.country", "profile.field_country"},
}

type savedMsg struct {
	user *logto.User
	note string
	err  error
	// action is the save (asked again after a refused proof).
	action saveMsg
}

// saveMsg is a save, computed when the user asked for it: handed back to
// the screen once the user proved who they are (a username change on the
// Account API needs a proof).
type saveMsg struct {
	patch     logto.UserPatch
	merge     map[string]any
	needPatch bool
	note      string
	// custom is the custom data box's text when the save was asked for.
	custom string
}

// Model is the profile screen.
type Model struct {
	common.Base
	be     func() Backend
	keys   KeyMap
	form   common.Form
	custom editor
	// customGiven is what the box held right after it was filled from
	// Logto: the custom data is edited when the box differs from it.
	customGiven string
	// boxH is the box's height in the last frame (for paging).
	boxH int
	// note says why some fields cannot be changed ("" when all can).
	note   string
	origCD map[string]any
	cdErr  string
	user   *logto.User
	// sel is the selected row: a field, or len(fields) for custom data.
	sel     int
	editing bool
	// ask is the question on screen; replace is the save it is about.
	ask     question
	replace saveMsg
	removed []string // the custom-data keys the replacing save removes
	w, h    int
	top     int
	// labelW is the widest field label in the program's language, in cells:
	// the column of labels is that wide.
	labelW int
	// Avatar says where an avatar may come from; av is its view (avatar.go).
	Avatar AvatarDeps
	av     avatarState
	// rows is how many fields the last frame showed (a page for pgup/pgdown).
	rows int
}

// New builds the screen.
func New(c *common.Common, be func() Backend) *Model {
	m := &Model{Base: common.NewBase(c, common.ProfileID), be: be}
	m.keys = KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k", "shift+tab"), key.WithHelp("↑/k", c.T("profile.key_previous_field"))),
		Down:     key.NewBinding(key.WithKeys("down", "j", "tab"), key.WithHelp("↓/j/tab", c.T("profile.key_next_field"))),
		First:    key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", c.T("profile.key_first_field"))),
		Last:     key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", c.T("profile.key_last_field"))),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", c.T("profile.key_page_up"))),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdown", c.T("profile.key_page_down"))),
		Edit:     key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter", c.T("profile.key_edit"))),
		Done:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("profile.key_stop_editing"))),
		Save:     key.NewBinding(key.WithKeys("ctrl+s", "s"), key.WithHelp("s/ctrl+s", c.T("profile.key_save"))),
		Revert:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", c.T("profile.key_undo"))),
		Avatar:   avatarBinding(c),
	}
	var fields []*common.Field
	for _, fd := range fieldIDs {
		f := common.NewField(fd.key, c.T(fd.label), false)
		m.labelW = max(m.labelW, common.Width(f.Label))
		fields = append(fields, f)
	}
	m.form = common.Form{Fields: fields, Lang: m.C.Lang}
	m.custom.SetValue("{}")
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("profile.title") }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool { return m.editing || m.av.open && m.av.typing }

// Dirty implements common.Screen.
func (m *Model) Dirty() bool { return m.form.Dirty() || m.customDirty() }

// KeyMap implements common.Screen: the keys of the state on screen (save
// and undo only when there is something to save or undo).
func (m *Model) KeyMap() help.KeyMap {
	switch {
	case m.av.open:
		return m.avatarKeys()
	case m.ask == askUndo:
		return common.Keys{common.Hint("y", m.C.T("profile.key_undo_every_edit")), common.Hint("n", m.C.T("profile.key_keep_them"))}
	case m.ask == askReplace:
		return common.Keys{common.Hint("y", m.C.T("profile.key_save_replacing")), common.Hint("n", m.C.T("profile.key_keep_editing"))}
	case m.editing:
		return common.Keys{common.Hint("esc", m.C.T("profile.key_stop_editing")), common.Hint("tab", m.C.T("profile.key_next_field")),
			common.Hint("ctrl+s", m.C.T("profile.key_save"))}
	}
	// Edited, not compared: comparing the custom data costs its whole size
	// on every frame.
	return browseKeys{m.keys, m.form.Dirty() || m.custom.Edited()}
}

// browseKeys are the keys while browsing: the help line offers save and
// undo only when there are edits; the full help lists every key.
type browseKeys struct {
	KeyMap
	edited bool
}

// ShortHelp implements help.KeyMap.
func (k browseKeys) ShortHelp() []key.Binding {
	if k.edited {
		return k.KeyMap.ShortHelp()
	}
	return []key.Binding{k.Edit}
}

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.form.SetWidth(w - m.labelW - 6) // "› ", the label, a space, the input, " *"
}

func (m *Model) customFocused() bool { return m.sel == len(m.form.Fields) }

func (m *Model) customDirty() bool {
	return m.user != nil && m.custom.Edited() && m.custom.Value() != m.customGiven
}

// Unsaved implements common.Keeper: the edits a crash must not lose.
func (m *Model) Unsaved() []common.Unsaved {
	var out []common.Unsaved
	for _, f := range m.form.Fields {
		if f.Changed() {
			out = append(out, common.Unsaved{Screen: m.Title(), Field: f.Label, Value: f.Input.Value()})
		}
	}
	if m.customDirty() {
		out = append(out, common.Unsaved{Screen: m.Title(), Field: m.C.T("profile.custom_data"), Value: m.custom.Value()})
	}
	return out
}

// load fills the form from a fresh user, keeping the user's unsaved edits.
func (m *Model) load(u *logto.User) {
	hadEdits := m.customDirty()
	m.user = u
	keep := map[string]string{}
	for _, f := range m.form.Fields {
		if f.Changed() {
			keep[f.Key] = f.Input.Value()
		}
	}
	vals := userValues(u)
	m.note = ""
	if l, ok := m.be().(logto.Lacking); ok && l.Lacks(logto.CapAddress) {
		m.note = m.C.T("profile.address_read_only")
	}
	for _, f := range m.form.Fields {
		f.ReadOnly = m.note != "" && strings.HasPrefix(f.Key, "address.")
		f.Set(vals[f.Key])
		// An edit Logto now holds (what is sent is trimmed) is no longer
		// one: "Ada " saved as "Ada" stayed marked and asked "Quit anyway?".
		if v, ok := keep[f.Key]; ok && strings.TrimSpace(v) != f.Input.Value() {
			f.Input.SetValue(v)
		}
	}
	m.origCD = u.CustomData
	if !hadEdits {
		m.custom.SetValue(prettyJSON(u.CustomData))
		m.customGiven = m.custom.Value()
	}
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.avatarUpdate(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case common.UserLoadedMsg:
		if u, ok := msg.User.(*logto.User); ok {
			m.load(u)
		}
	case common.ShownMsg:
		m.ask = noQuestion // a question left on screen is not answered by coming back
	case saveMsg:
		return m.send(msg)
	case savedMsg:
		if cmd, ok := m.Reprove(msg.err, msg.action); ok {
			// The Account API changes a username only after a proof; the
			// edits stay and the save runs again once it is given.
			return cmd
		}
		if msg.err != nil {
			if f := m.form.Get(common.FieldOf(msg.err)); f != nil {
				f.Err = m.C.Words(msg.err)
			}
			return func() tea.Msg { return common.ErrMsg{Err: msg.err} }
		}
		if msg.user != nil {
			if m.custom.Value() == msg.action.custom {
				// Saved as typed: the box shows what Logto now holds, and
				// nothing is left unsaved (it kept asking "Quit anyway?").
				m.customGiven = msg.action.custom
			}
			m.clearEdits()
			u, note := msg.user, msg.note
			return tea.Batch(func() tea.Msg { return common.UserLoadedMsg{User: u, At: m.C.Now()} },
				func() tea.Msg { return common.Success(note) })
		}
	case tea.KeyPressMsg:
		return m.key(msg)
	default:
		if m.editing {
			return m.forward(msg)
		}
	}
	return nil
}

func (m *Model) clearEdits() {
	for _, f := range m.form.Fields {
		f.Err = ""
	}
	m.cdErr = ""
	m.stopEdit()
}

// stopEdit leaves the field or box being typed in.
func (m *Model) stopEdit() {
	m.editing = false
	m.custom.Blur()
	if f := m.form.Focused(); f != nil {
		f.Input.Blur()
		f.Rest()
	}
}

func (m *Model) forward(msg tea.Msg) tea.Cmd {
	if m.customFocused() {
		m.custom.Update(msg, m.boxH)
		return nil
	}
	return m.form.Update(msg)
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.ask != noQuestion {
		return m.answer(msg)
	}
	if msg.String() == "ctrl+s" {
		return m.save()
	}
	if m.editing {
		switch msg.String() {
		case "esc":
			m.stopEdit()
			return nil
		case "enter":
			if !m.customFocused() {
				m.stopEdit()
				return m.move(1)
			}
		case "tab", "shift+tab":
			d := 1
			if msg.String() == "shift+tab" {
				d = -1
			}
			m.stopEdit()
			return tea.Batch(m.move(d), m.startEdit())
		}
		return m.forward(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Up):
		return m.move(-1)
	case key.Matches(msg, m.keys.Down):
		return m.move(1)
	case key.Matches(msg, m.keys.First):
		return m.move(-m.sel)
	case key.Matches(msg, m.keys.Last):
		return m.move(len(m.form.Fields) - m.sel)
	case key.Matches(msg, m.keys.PageUp):
		return m.move(-min(m.sel, max(1, m.rows-1)))
	case key.Matches(msg, m.keys.PageDown):
		return m.move(min(len(m.form.Fields)-m.sel, max(1, m.rows-1)))
	case key.Matches(msg, m.keys.Edit):
		return m.startEdit()
	case key.Matches(msg, m.keys.Save):
		return m.save()
	case key.Matches(msg, m.keys.Revert):
		if m.user != nil && m.Dirty() {
			m.ask = askUndo
		}
	}
	return nil
}

// answer takes the key that answers the question on screen.
func (m *Model) answer(msg tea.KeyPressMsg) tea.Cmd {
	ask := m.ask
	m.ask = noQuestion
	yes := msg.String() == "y" || msg.String() == "Y"
	switch {
	case ask == askUndo && yes:
		for _, f := range m.form.Fields {
			f.Revert()
		}
		m.custom.SetValue(m.customGiven)
		m.cdErr = ""
		return func() tea.Msg { return common.Info(m.C.T("profile.edits_undone")) }
	case ask == askReplace && yes:
		return m.send(m.replace)
	case ask == askUndo:
		return func() tea.Msg { return common.Info(m.C.T("profile.edits_kept")) }
	}
	return func() tea.Msg { return common.Info(m.C.T("profile.not_saved_kept")) }
}

func (m *Model) startEdit() tea.Cmd {
	if m.user == nil {
		return nil
	}
	if !m.customFocused() && m.form.Focused().ReadOnly {
		note := m.note
		return func() tea.Msg { return common.Info(note) }
	}
	m.editing = true
	if m.customFocused() {
		m.custom.Focus()
		return nil
	}
	f := m.form.Focused()
	f.Input.CursorEnd() // typing goes on from the end of the value
	return f.Input.Focus()
}

// move walks the fields and then the custom-data box.
func (m *Model) move(d int) tea.Cmd {
	n := len(m.form.Fields) + 1
	m.stopEdit()
	m.sel = (m.sel + d + n) % n
	m.form.Focus = m.sel
	if m.customFocused() {
		m.form.Focus = -1 // no field is highlighted
	}
	return nil
}
