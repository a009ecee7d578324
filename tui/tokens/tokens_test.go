package tokens

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	m.Run()
}

func setup(t testing.TB, n int) (*Model, *tt.Env) {
	env := tt.NewEnv(t)
	exp := tt.Epoch.Add(30 * 24 * time.Hour)
	past := tt.Epoch.Add(-time.Hour)
	for i := range n {
		switch i % 3 {
		case 0:
			env.Emu.SeedPAT(tt.UserID, "token-"+string(rune('a'+i%26))+strings.Repeat("x", i/26), nil)
		case 1:
			env.Emu.SeedPAT(tt.UserID, "ci/deploy #"+string(rune('a'+i%26))+strings.Repeat("y", i/26), &exp)
		default:
			env.Emu.SeedPAT(tt.UserID, "old "+string(rune('a'+i%26))+strings.Repeat("z", i/26), &past)
		}
	}
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true}
	c.Proof.Record()
	m := New(c, func() Backend { return env.Account })
	m.SetSize(118, 36)
	tt.Drive(t, m, common.ShownMsg{})
	env.Emu.ResetRequests()
	return m, env
}

func TestTableHidesValues(t *testing.T) {
	m, _ := setup(t, 3)
	view := m.View()
	tt.Golden(t, view)
	for _, p := range m.list {
		if strings.Contains(view, p.Value.Reveal()) {
			t.Fatal("a token value is on screen without being asked for")
		}
	}
	if !strings.Contains(view, "never") || !strings.Contains(view, "expired 2026-11-24") || !strings.Contains(view, "2026-12-24") {
		t.Errorf("expiry column: %s", tt.Plain(view))
	}
	tt.Drive(t, m, tt.Key("v"))
	if !strings.Contains(m.View(), m.list[0].Value.Reveal()) {
		t.Error("v did not show the selected token")
	}
	tt.Drive(t, m, tt.Key("x"))
	if strings.Contains(m.View(), m.list[0].Value.Reveal()) {
		t.Error("the value stayed on screen")
	}
}

func TestCreateRenameDelete(t *testing.T) {
	m, env := setup(t, 0)
	tt.Drive(t, m, tt.Key("n"))
	tt.Drive(t, m, tt.Type("a/b%c#d 名前")...)
	tt.Drive(t, m, tt.Key("tab"))
	tt.Drive(t, m, append(tt.Type("30d"), tt.Key("enter"))...)
	if m.mode != showing || m.shown == nil || !strings.HasPrefix(m.shown.Value.Reveal(), "pat_") {
		t.Fatalf("mode=%v err=%q", m.mode, m.err)
	}
	if !strings.Contains(m.View(), m.shown.Value.Reveal()) || !strings.Contains(m.View(), "unless you press v on its row") {
		t.Error("the new value is not shown with how to see it again")
	}
	tt.Drive(t, m, tt.Key("x"))
	if m.shown != nil || len(m.list) != 1 || m.list[0].Name != "a/b%c#d 名前" {
		t.Fatalf("list = %+v", m.list)
	}
	tt.Drive(t, m, tt.Key("r"), tt.Key("ctrl+u"))
	tt.Drive(t, m, append(tt.Type("renamed/ok"), tt.Key("enter"))...)
	if len(m.list) != 1 || m.list[0].Name != "renamed/ok" {
		t.Fatalf("rename: %+v err=%q", m.list, m.err)
	}
	tt.Drive(t, m, tt.Key("d"), tt.Key("y"))
	if list, _ := env.Account.PersonalAccessTokens(context.Background()); len(list) != 0 {
		t.Errorf("delete left %d", len(list))
	}
}

func TestBadInputKeepsTyping(t *testing.T) {
	m, env := setup(t, 1)
	existing := m.list[0].Name
	cases := []struct{ name, expiry, field, want string }{
		{"", "never", "name", "must not be empty"},
		{existing, "", "name", "already have a token"},
		{"fresh", "2020-01-01", "expiry", "in the past"},
		{"fresh", "soon", "expiry", "number of days"},
	}
	for _, c := range cases {
		tt.Drive(t, m, tt.Key("esc"), tt.Key("n"))
		tt.Drive(t, m, tt.Type(c.name)...)
		tt.Drive(t, m, tt.Key("tab"))
		tt.Drive(t, m, append(tt.Type(c.expiry), tt.Key("enter"))...)
		f := m.form.Get(c.field)
		if !strings.Contains(f.Err, c.want) || m.form.Get("name").Input.Value() != c.name {
			t.Errorf("%+v: err=%q", c, f.Err)
		}
	}
	if n := env.Emu.CountRequests("POST", "/api/"); n != 0 {
		t.Errorf("%d requests for invalid input", n)
	}
	// Over-long names cannot be typed: the field stops at Logto's 256.
	tt.Drive(t, m, tt.Key("esc"), tt.Key("n"))
	tt.Drive(t, m, tt.Type(strings.Repeat("n", 300))...)
	if got := len([]rune(m.form.Get("name").Input.Value())); got != 256 {
		t.Errorf("name field took %d characters", got)
	}
}

// TestNoTokenValueInGoldensOrLogs scans this package's golden files.
func TestNoTokenValueInGoldensOrLogs(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.golden")
	if len(files) == 0 {
		t.Skip("no goldens yet")
	}
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		if strings.Contains(string(raw), "pat_") {
			t.Errorf("%s holds a token value", f)
		}
	}
}

// BenchmarkTableView renders 1,000 tokens at 120×40 (goal ≤ 2 ms).
func BenchmarkTableView(b *testing.B) {
	m, _ := setup(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkScrollKey is one key down plus the next frame with 1,000 tokens.
func BenchmarkScrollKey(b *testing.B) {
	m, _ := setup(b, 1000)
	down, up := tt.Key("j"), tt.Key("k")
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		k := down
		if i/500%2 == 1 {
			k = up
		}
		i++
		m.Update(k)
		_ = m.View()
	}
}

// TestALongNameBurstIsCutNotLost: 257 characters typed (or pasted) at once
// into the name used to vanish silently; the first 256 stay, with a word.
func TestALongNameBurstIsCutNotLost(t *testing.T) {
	m, _ := setup(t, 0)
	tt.Drive(t, m, tt.Key("n"), tea.KeyPressMsg{Text: strings.Repeat("x", 257)})
	f := m.form.Get("name")
	if got := len(f.Input.Value()); got != MaxName || !strings.Contains(f.Err, "the rest was cut") {
		t.Errorf("kept %d characters, err %q", got, f.Err)
	}
	tt.Drive(t, m, tt.Key("esc"), tt.Key("n"), tea.PasteMsg{Content: strings.Repeat("y", 300)})
	if got := len(m.form.Get("name").Input.Value()); got != MaxName {
		t.Errorf("a paste kept %d characters", got)
	}
}

// TestTokenFormSaysWhatEachKeyDoes: Enter on the name moves to the expiry
// (the help said "enter save"), the rename form has one field (no "tab next
// field"), and messages quote a name with spaces or punctuation (and not
// a plain one).
func TestTokenFormSaysWhatEachKeyDoes(t *testing.T) {
	m, _ := setup(t, 1)
	m.SetSize(78, 20) // the body of an 80×24 window
	help := func() string {
		var out []string
		for _, k := range m.KeyMap().ShortHelp() {
			if k.Enabled() {
				out = append(out, k.Help().Key+" "+k.Help().Desc)
			}
		}
		return strings.Join(out, " • ")
	}
	if got := help(); got != "n new token • v show value • r rename • d delete" {
		t.Errorf("list: %q", got)
	}
	tt.Drive(t, m, tt.Key("n"))
	if got := help(); got != "enter next: expiry • esc cancel" {
		t.Errorf("on the name: %q", got)
	}
	tt.Drive(t, m, tt.Type("ci deploy/2")...)
	tt.Drive(t, m, tt.Key("enter"))
	if m.form.Focus != 1 || help() != "enter create • tab back to the name • esc cancel" {
		t.Errorf("on the expiry (focus %d): %q", m.form.Focus, help())
	}
	tt.Drive(t, m, tt.Type("soon")...)
	tt.Drive(t, m, tt.Key("enter"))
	tt.Golden(t, m.View())
	if view := tt.Plain(m.View()); !strings.Contains(view, "Write never, a number of days like 30d, or a date like 2027-01-31.") {
		t.Errorf("the expiry's error:\n%s", view)
	}
	tt.Drive(t, m, tt.Key("esc"), tt.Key("r"))
	if got := help(); got != "enter save • esc cancel" {
		t.Errorf("rename: %q", got)
	}
	if view := tt.Plain(m.View()); !strings.Contains(view, "Rename token-a") {
		t.Errorf("rename title:\n%s", view)
	}
	tt.Drive(t, m, tt.Key("ctrl+u"))
	tt.Drive(t, m, tt.Type("my laptop #1")...)
	msgs := tt.Drive(t, m, tt.Key("enter"))
	found := false
	for _, msg := range msgs {
		if st, ok := msg.(common.StatusMsg); ok && st.Text == "Token renamed to “my laptop #1”." {
			found = true
		}
	}
	if !found {
		t.Errorf("the rename's message does not quote the name: %v", msgs)
	}
	tt.Drive(t, m, tt.Key("d"))
	if view := tt.Plain(m.View()); !strings.Contains(view, "Delete “my laptop #1”? Programs using it stop working. (y/n)") ||
		!strings.Contains(view, "2026-11-24 09:30") {
		t.Errorf("delete question or created time:\n%s", view)
	}
}

// TestWideNamesKeepTheRowInTheWindow: a name of emoji or CJK characters
// is cut by cells, not runes, so its row stays one line within 80 columns
// and the dates stay in their columns (a 256-emoji name pushed the row to
// 98 cells, and the dates onto a line of their own).
func TestWideNamesKeepTheRowInTheWindow(t *testing.T) {
	m, env := setup(t, 0)
	env.Emu.SeedPAT(tt.UserID, strings.Repeat("🔑", 256), nil)
	env.Emu.SeedPAT(tt.UserID, "部署トークン", nil)
	m.SetSize(78, 22)
	tt.Drive(t, m, common.ReloadMsg{})
	lines := strings.Split(tt.Plain(m.View()), "\n")
	created := -1
	for _, l := range lines {
		if w := common.Width(l); w > 78 {
			t.Errorf("a row is %d cells wide: %q", w, l)
		}
		if i := strings.Index(l, "Created"); i >= 0 {
			created = common.Width(l[:i])
		}
	}
	for _, l := range lines {
		if strings.Contains(l, "🔑") || strings.Contains(l, "部署") {
			if i := strings.Index(l, "2026-"); i < 0 || common.Width(l[:i]) != created {
				t.Errorf("the created date is out of its column: %q", l)
			}
		}
	}
}

// TestRenameAndDeleteShowBeforeTheListIsRead: the list is read again after
// a change, but a key pressed before that reply came acted on the row as it
// was: after "renamed to deploy-renamed", d asked Logto to delete the old
// name ("That token no longer exists", and the token stayed).
func TestRenameAndDeleteShowBeforeTheListIsRead(t *testing.T) {
	m, _ := setup(t, 2)
	first, second := m.list[0].Name, m.list[1].Name
	m.Update(doneMsg{renamed: &[2]string{first, "deploy-renamed"}, text: "renamed"}) // the reload it returns is not run
	if got := m.selected(); got == nil || got.Name != "deploy-renamed" {
		t.Fatalf("after the rename the selected row is %+v", got)
	}
	if !strings.Contains(tt.Plain(m.View()), "deploy-renamed") {
		t.Error("the new name is not on screen until the list is read again")
	}
	m.Update(doneMsg{deleted: "deploy-renamed"})
	if len(m.list) != 1 || m.list[0].Name != second {
		t.Errorf("after the deletion the list is %+v", m.list)
	}
}
