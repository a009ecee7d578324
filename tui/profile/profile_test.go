package profile

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	m.Run()
}

func setup(t *testing.T, be Backend) (*Model, *tt.Env) {
	t.Helper()
	env := tt.NewEnv(t)
	if be == nil {
		be = env.Account
	}
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, func() Backend { return be })
	m.SetSize(78, 18)
	u, err := env.Account.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	env.Emu.ResetRequests()
	return m, env
}

// focus moves the cursor to a field by key.
func focus(t *testing.T, m *Model, key string) {
	for range len(m.form.Fields) + 1 {
		if !m.customFocused() && m.form.Focused().Key == key {
			return
		}
		tt.Drive(t, m, tt.Key("j"))
	}
	t.Fatalf("no field %s", key)
}

// edit replaces the text of a field by typing.
func edit(t *testing.T, m *Model, key, text string) {
	focus(t, m, key)
	msgs := []tea.Msg{tt.Key("enter"), tt.Key("ctrl+u")}
	msgs = append(msgs, tt.Type(text)...)
	msgs = append(msgs, tt.Key("esc"))
	tt.Drive(t, m, msgs...)
}

func TestProfileView(t *testing.T) {
	m, _ := setup(t, nil)
	tt.Golden(t, m.View())
}

func TestProfileSaveIsOneRequest(t *testing.T) {
	m, env := setup(t, nil)
	edit(t, m, "name", "Augusta Ada King")
	edit(t, m, "nickname", "Enchantress of Numbers")
	edit(t, m, "zoneinfo", "") // clearing a profile field removes it
	if !m.Dirty() {
		t.Fatal("edits not marked dirty")
	}
	msgs := tt.Drive(t, m, tt.Key("s"))
	if n := env.Emu.CountRequests("", "/api/"); n != 1 {
		t.Errorf("saving made %d requests, want 1", n)
	}
	u, _ := env.Emu.User(tt.UserID)
	if u.Name != "Augusta Ada King" || u.Profile["nickname"] != "Enchantress of Numbers" || u.Profile["givenName"] != "Ada" {
		t.Errorf("stored: name=%q profile=%v", u.Name, u.Profile)
	}
	if _, still := u.Profile["zoneinfo"]; still {
		t.Error("a cleared profile field was not removed")
	}
	if m.Dirty() || !hasStatus(msgs, "Profile saved.") {
		t.Errorf("after save: dirty=%v", m.Dirty())
	}
}

func TestProfileValidationKeepsInputAndSendsNothing(t *testing.T) {
	m, env := setup(t, nil)
	edit(t, m, "birthdate", "10/12/1815")
	edit(t, m, "username", "1ada")
	edit(t, m, "website", "example.com")
	tt.Drive(t, m, tt.Key("s"))
	if n := env.Emu.CountRequests("", "/api/"); n != 0 {
		t.Errorf("%d requests sent for invalid input", n)
	}
	for key, want := range map[string]string{"birthdate": "YYYY-MM-DD", "username": "must not start with a digit", "website": "full URL"} {
		f := m.form.Get(key)
		if !strings.Contains(f.Err, want) || f.Input.Value() == f.Original {
			t.Errorf("%s: err=%q value=%q", key, f.Err, f.Input.Value())
		}
	}
	tt.Golden(t, m.View())
}

// conflict fails UpdateUser with a Logto code.
type conflict struct {
	Backend
	code string
}

func (c conflict) UpdateUser(context.Context, logto.UserPatch) (*logto.User, error) {
	return nil, &logto.APIError{Status: http.StatusUnprocessableEntity, Code: c.code}
}

func TestUsernameConflictLandsOnTheField(t *testing.T) {
	m, env := setup(t, nil)
	m.be = func() Backend { return conflict{Backend: env.Account, code: "user.username_already_in_use"} }
	edit(t, m, "username", "charles")
	msgs := tt.Drive(t, m, tt.Key("s"))
	f := m.form.Get("username")
	if !strings.Contains(f.Err, "taken") || f.Input.Value() != "charles" || !m.Dirty() {
		t.Errorf("err=%q value=%q dirty=%v", f.Err, f.Input.Value(), m.Dirty())
	}
	if !hasErr(msgs) {
		t.Error("no error reached the status line")
	}
}

func TestCustomDataMergeAndRemove(t *testing.T) {
	m, env := setup(t, nil)
	setCustom(m, `{"theme": "light", "notes": {"engine": "analytical"}, "lang": "en"}`)
	tt.Drive(t, m, tt.Key("s"))
	if n := env.Emu.CountRequests(http.MethodPatch, "/api/users/"+tt.UserID+"/custom-data"); n != 1 {
		t.Errorf("adding keys must merge through /custom-data; got %d such requests", n)
	}
	u, _ := env.Emu.User(tt.UserID)
	if u.CustomData["lang"] != "en" || u.CustomData["theme"] != "light" {
		t.Fatalf("merged = %v", u.CustomData)
	}
	env.Emu.ResetRequests()
	setCustom(m, `{"theme": "light"}`)
	tt.Drive(t, m, tt.Key("s"))
	if n := env.Emu.CountRequests("", "/api/"); n != 0 || !strings.Contains(tt.Plain(m.View()), "replacing the whole custom data") {
		t.Fatalf("a removal was saved (%d requests) without saying first that it replaces the object:\n%s", n, tt.Plain(m.View()))
	}
	msgs := tt.Drive(t, m, tt.Key("y"))
	u, _ = env.Emu.User(tt.UserID)
	if _, still := u.CustomData["notes"]; still || env.Emu.CountRequests(http.MethodPatch, "/api/users/"+tt.UserID) != 1 {
		t.Errorf("removal must replace the object with PATCH user; data=%v", u.CustomData)
	}
	if !hasStatus(msgs, "removing: lang, notes") {
		t.Error("the removed keys were not named")
	}
}

func TestCustomDataErrorPointsAtLineAndColumn(t *testing.T) {
	m, env := setup(t, nil)
	setCustom(m, "{\n  \"theme\": \"dark\",\n  oops\n}")
	tt.Drive(t, m, tt.Key("s"))
	if !strings.Contains(m.cdErr, "line 3 column 3") || env.Emu.CountRequests("", "/api/") != 0 {
		t.Errorf("cdErr=%q", m.cdErr)
	}
	setCustom(m, `["not", "an", "object"]`)
	tt.Drive(t, m, tt.Key("s"))
	if !strings.Contains(m.cdErr, "must be a JSON object") {
		t.Errorf("cdErr=%q", m.cdErr)
	}
}

func TestUnsavedEditsSurviveAReload(t *testing.T) {
	m, env := setup(t, nil)
	edit(t, m, "nickname", "Countess")
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	if m.form.Get("nickname").Input.Value() != "Countess" || !m.Dirty() {
		t.Error("a reload (e.g. after signing in again) lost the typed value")
	}
}

func hasStatus(msgs []tea.Msg, sub string) bool {
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok && strings.Contains(s.Text, sub) {
			return true
		}
	}
	return false
}

func hasErr(msgs []tea.Msg) bool {
	for _, msg := range msgs {
		if _, ok := msg.(common.ErrMsg); ok {
			return true
		}
	}
	return false
}

// TestCustomDataRowNeverCrashes is issue 14's first case: Enter, Esc and s
// on the custom-data row (the row after the last field) indexed past the
// form and crashed the program.
func TestCustomDataRowNeverCrashes(t *testing.T) {
	m, env := setup(t, nil)
	tt.Drive(t, m, tt.Key("k")) // from the top, up is the custom-data row
	if !m.customFocused() {
		t.Fatal("k from the top did not select custom data")
	}
	tt.Drive(t, m, tt.Key("enter"), tt.Key("esc"), tt.Key("s"), tt.Key("ctrl+s"), tt.Key("u"), tt.Key("enter"), tt.Key("tab"))
	if !strings.Contains(tt.Plain(m.View()), "› Custom data") && m.customFocused() {
		t.Error("the custom-data row is selected but not marked")
	}
	if n := env.Emu.CountRequests("", "/api/"); n != 0 {
		t.Errorf("%d requests without an edit", n)
	}
}

// TestUntouchedFieldsAreNeverSent is issue 14's third case: values an
// input cannot hold intact (tabs and spaces, more than 2,048 characters,
// escape sequences) were cleaned as they were shown, counted as edits, and
// written back altered by a bare s.
func TestUntouchedFieldsAreNeverSent(t *testing.T) {
	env := tt.NewEnv(t)
	long := strings.Repeat("n", 3000)
	evil := "\x1b]52;c;aGFjaw==\x07Eve\x1b[2J"
	env.Emu.SeedUser(emulator.UserSeed{ID: "bob000000001", Name: "  Bob\tBuilder  ", Username: evil,
		Profile: map[string]any{"nickname": long}})
	acct := logto.NewManagementAccount(env.Client, "bob000000001")
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, func() Backend { return acct })
	m.SetSize(78, 18)
	u, err := acct.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	env.Emu.ResetRequests()
	if m.Dirty() {
		t.Fatalf("a freshly loaded profile counts as edited: %+v", m.Unsaved())
	}
	msgs := tt.Drive(t, m, tt.Key("s"))
	if n := env.Emu.CountRequests("", "/api/"); n != 0 || !hasStatus(msgs, "Nothing to save") {
		t.Fatalf("s without an edit sent %d requests", n)
	}
	view := tt.Plain(m.View())
	if strings.Contains(view, "\x1b") || !strings.Contains(view, "kept as stored unless you edit it") {
		t.Errorf("the altered values are not marked, or an escape reached the screen:\n%s", view)
	}
	// An edit of one field sends that field alone; the others stay as stored.
	edit(t, m, "givenName", "Bob")
	tt.Drive(t, m, tt.Key("s"))
	stored, _ := env.Emu.User("bob000000001")
	if stored.Name != "  Bob\tBuilder  " || stored.Profile["nickname"] != long || stored.Username != evil {
		t.Errorf("untouched values changed: name=%q nickname %d chars username=%q", stored.Name, len(stored.Profile["nickname"].(string)), stored.Username)
	}
	if stored.Profile["givenName"] != "Bob" {
		t.Errorf("the edit was not saved: %v", stored.Profile)
	}
}

// setCustom replaces the custom-data box's text as if the user typed it.
func setCustom(m *Model, text string) {
	m.custom.SetValue(text)
	m.custom.edits++
}

// TestANameLogtoCannotGiveBackIsRefused: 70 emoji fit Logto's database but
// not its response guard (UTF-16 units), after which every read of the user
// fails; the screen refuses it before sending.
func TestANameLogtoCannotGiveBackIsRefused(t *testing.T) {
	m, env := setup(t, nil)
	edit(t, m, "name", strings.Repeat("😀", 70))
	tt.Drive(t, m, tt.Key("s"))
	if n := env.Emu.CountRequests("", "/api/"); n != 0 || !strings.Contains(m.form.Get("name").Err, "emoji") {
		t.Errorf("requests=%d err=%q", n, m.form.Get("name").Err)
	}
	edit(t, m, "name", strings.Repeat("😀", 64)) // 128 units: fine
	tt.Drive(t, m, tt.Key("s"))
	if u, _ := env.Emu.User(tt.UserID); u.Name != strings.Repeat("😀", 64) {
		t.Errorf("a name of 128 units was not saved: %q", m.form.Get("name").Err)
	}
}

// TestAddressNeedsItsScopeOnTheAccountAPI: Logto's Account API changes the
// address only with the token's address scope. Without it the fields are
// read-only and say why, instead of a save failing with "sign in again".
func TestAddressNeedsItsScopeOnTheAccountAPI(t *testing.T) {
	for _, granted := range []string{emulator.AccountScopes, emulator.AccountScopes + " address"} {
		env := tt.NewAccountEnv(t)
		tok, _ := env.Emu.UserToken(tt.UserID, emulator.DefaultDeviceAppID, granted)
		c, _ := logto.New(logto.Options{Endpoint: env.URL, Tokens: staticToken(tok)})
		acct := logto.NewMyAccount(c).WithScopes(granted)
		cm := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
		m := New(cm, func() Backend { return acct })
		m.SetSize(118, 40)
		u, err := acct.Me(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		tt.Drive(t, m, common.UserLoadedMsg{User: u})
		edit(t, m, "address.locality", "London")
		tt.Drive(t, m, tt.Key("s"))
		stored, _ := env.Emu.User(tt.UserID)
		city, _ := stored.Profile["address"].(map[string]any)
		withScope := strings.HasSuffix(granted, "address")
		switch {
		case withScope && (city == nil || city["locality"] != "London"):
			t.Errorf("with the address scope the city was not saved: %v", stored.Profile)
		case !withScope && (city != nil || !strings.Contains(tt.Plain(m.View()), "not granted the address scope")):
			t.Errorf("without the scope: stored %v, view:\n%s", stored.Profile, tt.Plain(m.View()))
		}
	}
}

// TestAddressNoteIsWholeAt80x24: the note saying why the address is
// read-only folds instead of being cut with "…" mid-sentence (at 80 columns
// it ended "…the address scope (yo…"), and the screen still fits: at 60×20,
// where it would crowd out the fields, a line says where to read it whole.
func TestAddressNoteIsWholeAt80x24(t *testing.T) {
	env := tt.NewAccountEnv(t)
	tok, _ := env.Emu.UserToken(tt.UserID, emulator.DefaultDeviceAppID, emulator.AccountScopes)
	c, _ := logto.New(logto.Options{Endpoint: env.URL, Tokens: staticToken(tok)})
	acct := logto.NewMyAccount(c).WithScopes(emulator.AccountScopes)
	m := New(common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch)), func() Backend { return acct })
	for _, size := range [][2]int{{78, 18}, {58, 14}} {
		m.SetSize(size[0], size[1])
		u, err := acct.Me(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		tt.Drive(t, m, common.UserLoadedMsg{User: u})
		view := tt.Plain(m.View())
		flat := strings.Join(strings.Fields(view), " ")
		if size[1] >= 18 && !strings.Contains(flat, "which scopes it may have).") || !strings.Contains(flat, "read-only here") ||
			strings.Contains(view, "…") {
			t.Errorf("the note is cut at %dx%d:\n%s", size[0], size[1], view)
		}
		if n := len(strings.Split(view, "\n")); n > size[1] {
			t.Errorf("%d lines at %dx%d:\n%s", n, size[0], size[1], view)
		}
	}
}

type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }
func (staticToken) Invalidate(string)                       {}

// TestRemovingACustomDataKeySaysItReplacesTheObject: before a save that
// removes a key, the screen says the whole object will be replaced and
// names the keys; n keeps the edits and sends nothing.
func TestRemovingACustomDataKeySaysItReplacesTheObject(t *testing.T) {
	m, env := setup(t, nil)
	m.SetSize(78, 20) // the body of an 80×24 window
	setCustom(m, "{\n  \"theme\": \"dark\"\n}")
	tt.Drive(t, m, tt.Key("G"), tt.Key("s"))
	tt.Golden(t, m.View())
	view := tt.Plain(m.View())
	if !strings.Contains(view, "You removed the key “notes”") || !strings.Contains(view, "(y/n)") {
		t.Errorf("the question does not name the key:\n%s", view)
	}
	if got := m.KeyMap().ShortHelp(); len(got) != 2 || got[0].Help().Key != "y" {
		t.Errorf("the help does not offer the answers: %v", got)
	}
	msgs := tt.Drive(t, m, tt.Key("n"))
	if n := env.Emu.CountRequests("", "/api/"); n != 0 || !m.Dirty() || !hasStatus(msgs, "Not saved") {
		t.Errorf("n sent %d requests or lost the edit (dirty=%v)", n, m.Dirty())
	}
}

// TestUndoAllEditsAsksFirst: u drops every unsaved edit only after y.
func TestUndoAllEditsAsksFirst(t *testing.T) {
	m, _ := setup(t, nil)
	edit(t, m, "nickname", "Countess")
	tt.Drive(t, m, tt.Key("u"))
	if !strings.Contains(tt.Plain(m.View()), "Undo every unsaved edit on this screen? (y/n)") {
		t.Fatalf("u did not ask:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("n"))
	if m.form.Get("nickname").Input.Value() != "Countess" {
		t.Fatal("n undid the edit")
	}
	tt.Drive(t, m, tt.Key("u"), tt.Key("y"))
	if m.Dirty() {
		t.Error("y did not undo the edit")
	}
	if keys := m.KeyMap().ShortHelp(); len(keys) != 1 {
		t.Errorf("save and undo are offered with nothing to save: %v", keys)
	}
}

// TestProfileMovesByPageAndToTheEnds: home/g, end/G, pgup and pgdown move
// the selection, and the selected row stays on screen.
func TestProfileMovesByPageAndToTheEnds(t *testing.T) {
	m, _ := setup(t, nil)
	m.SetSize(78, 20)
	_ = m.View()
	for _, c := range []struct {
		key  string
		want int
	}{{"G", len(m.form.Fields)}, {"g", 0}, {"end", len(m.form.Fields)}, {"home", 0}, {"pgdown", m.rows - 1}, {"pgup", 0}} {
		tt.Drive(t, m, keyOf(c.key))
		if m.sel != c.want {
			t.Errorf("%s: row %d, want %d", c.key, m.sel, c.want)
		}
		if view := tt.Plain(m.View()); !strings.Contains(view, "›") {
			t.Errorf("%s: the selected row is off screen:\n%s", c.key, view)
		}
	}
}

func keyOf(name string) tea.KeyPressMsg {
	switch name {
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	}
	return tt.Key(name)
}

// TestNarrowProfileNeedsNoFolding: at 60×20 every line of the profile fits
// the width as drawn — the facts take two lines and the box's note gives
// way — so the root never folds a line and pushes the box's last lines
// (or the selected row) off the screen.
func TestNarrowProfileNeedsNoFolding(t *testing.T) {
	m, _ := setup(t, nil)
	m.SetSize(58, 16)
	tt.Drive(t, m, tt.Key("G"))
	lines := strings.Split(m.View(), "\n")
	for i, l := range lines {
		if w := common.Width(l); w > 58 {
			t.Errorf("line %d is %d wide: %q", i, w, tt.Plain(l))
		}
	}
	if len(lines) > 16 || !strings.Contains(tt.Plain(m.View()), "› Custom data (JSON)") {
		t.Errorf("%d lines in 16:\n%s", len(lines), tt.Plain(m.View()))
	}
}

// TestALongValueShowsFromItsStart: a value wider than its field shows
// from its first character while the field is not typed in, also when it
// replaced a shorter one (after an avatar upload the Avatar URL read
// "ttp://127.0.0.1:…/user", neither its start nor its end); editing
// starts at its end.
func TestALongValueShowsFromItsStart(t *testing.T) {
	m, _ := setup(t, nil)
	u, short := *m.user, "https://example.com/ada.png"
	u.Avatar = &short
	tt.Drive(t, m, common.UserLoadedMsg{User: &u})
	long := "https://storage.example/user-assets/" + strings.Repeat("a", 60) + "/avatar.png"
	u.Avatar = &long
	tt.Drive(t, m, common.UserLoadedMsg{User: &u})
	var row string
	for _, l := range strings.Split(tt.Plain(m.View()), "\n") {
		if strings.Contains(l, "Avatar URL") {
			row = l
		}
	}
	if !strings.Contains(row, "Avatar URL         https://storage.example/") {
		t.Errorf("the avatar address does not show from its start: %q", row)
	}
	// As much of it as the field holds, not only as many characters as the
	// old address had (it read "http://127.0.0.1:36353/user" in the demo).
	if !strings.Contains(row, "https://storage.example/user-assets/aaaaaaaaaa") {
		t.Errorf("the avatar address is cut at the old one's length: %q", row)
	}
	focus(t, m, "avatar")
	tt.Drive(t, m, tt.Key("enter"))
	tt.Drive(t, m, tt.Type("?x=1")...)
	if got := m.form.Get("avatar").Input.Value(); got != long+"?x=1" {
		t.Errorf("typing did not go on from the end: %q", got)
	}
}

// TestSavedCustomDataIsNotUnsaved: custom data typed, saved as it was
// typed, shows what Logto holds and leaves nothing unsaved; before, the box
// kept the typed text and the program asked "Quit anyway?" about edits that
// were saved.
func TestSavedCustomDataIsNotUnsaved(t *testing.T) {
	m, env := setup(t, nil)
	tt.Drive(t, m, tt.Key("G"), tt.Key("enter"), tt.Key("end"))
	tt.Drive(t, m, tt.Type(`"名前": 1,`)...)
	tt.Drive(t, m, tt.Key("esc"), tt.Key("s"))
	if u, _ := env.Emu.User(tt.UserID); u.CustomData["名前"] == nil {
		t.Fatalf("not saved: %v", u.CustomData)
	}
	if m.Dirty() {
		t.Errorf("saved custom data still counts as unsaved: %+v", m.Unsaved())
	}
	if v := m.custom.Value(); !strings.Contains(v, `  "名前": 1`) || strings.Contains(v, `{"名前"`) {
		t.Errorf("the box does not hold what Logto holds:\n%s", v)
	}
}

// TestATrailingSpaceSavedIsNotUnsaved: a name typed with a space after it
// is saved trimmed, and the field is then what Logto holds; before, it
// stayed marked *, every s said "Profile saved." again, and q asked about
// unsaved edits.
func TestATrailingSpaceSavedIsNotUnsaved(t *testing.T) {
	m, env := setup(t, nil)
	edit(t, m, "name", "Ada Byron ")
	tt.Drive(t, m, tt.Key("s"))
	if u, _ := env.Emu.User(tt.UserID); u.Name != "Ada Byron" {
		t.Fatalf("name = %q", u.Name)
	}
	if m.Dirty() {
		t.Errorf("a saved name counts as unsaved: %+v", m.Unsaved())
	}
}
