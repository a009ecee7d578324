package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// profileIn is the root in lang, signed in at w×h on the profile screen
// (the demo user: Ada Lovelace, with custom data and an SSO identity).
func profileIn(t *testing.T, lang string, w, h int) *Model {
	t.Helper()
	env := tt.NewEnv(t)
	m := New(Options{Language: lang, Tenant: "tenant.example", Badge: "DEMO", Flow: instantFlow{acct: env.Account},
		NoColor: true, Clock: tt.NewClock(tt.Epoch)})
	signInAt(t, m, w, h)
	if m.current().ID() != common.ProfileID {
		t.Fatalf("%s: signed in on %v, not the profile", lang, m.current().ID())
	}
	return m
}

// The profile screen at 80×24 in each language, as a person reads it
// (testdata/TestProfileGoldenByLanguage/<lang>.golden; -update renews).
func TestProfileGoldenByLanguage(t *testing.T) {
	for _, lang := range i18n.Languages() {
		t.Run(lang, func(t *testing.T) {
			tt.Golden(t, profileIn(t, lang, 80, 24).render())
		})
	}
}

// fieldLabels are the profile's field labels, as the screen shows them.
var fieldLabels = []string{"profile.field_username", "profile.field_name", "profile.field_avatar",
	"profile.field_given_name", "profile.field_family_name", "profile.field_middle_name", "profile.field_nickname",
	"profile.field_preferred_username", "profile.field_website", "profile.field_gender", "profile.field_birthdate",
	"profile.field_zoneinfo", "profile.field_locale", "profile.field_address", "profile.field_street",
	"profile.field_city", "profile.field_region", "profile.field_postal_code", "profile.field_country"}

// valueColumn is the cell at which value starts on the line of view that
// holds label followed by spaces and value (-1 when there is none).
func valueColumn(view, label, value string) int {
	for _, l := range strings.Split(tt.Plain(view), "\n") {
		i := strings.Index(l, label)
		if i < 0 {
			continue
		}
		rest := strings.TrimLeft(l[i+len(label):], " ")
		if strings.HasPrefix(rest, value) {
			return ansi.StringWidth(l[:len(l)-len(rest)])
		}
	}
	return -1
}

// The profile fits 80×24 and 60×20 in every language, browsing, editing a
// field, in the custom-data box, with an error in the status line, asking
// before a replacing save and in the avatar view: no
// line wider than the window, and what the user must read there in full.
// The labels make one column as wide as the widest label in the language,
// in cells: the values start at one column (a Chinese label padded by
// runes pushed its value two cells right for every character).
func TestProfileFitsInEveryLanguage(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		widest := 0
		for _, id := range fieldLabels {
			widest = max(widest, ansi.StringWidth(l.T(id)))
		}
		for _, size := range [][2]int{{80, 24}, {60, 20}} {
			w, h := size[0], size[1]
			name := fmt.Sprintf("%s %d×%d", lang, w, h)
			m := profileIn(t, lang, w, h)

			// Browsing: the facts, the first fields, the custom data.
			view := m.render()
			checkFits(t, name+" browsing", view, w, h,
				l.T("profile.id"), l.T("profile.created"), l.T("profile.last_sign_in"),
				l.T("profile.field_username"), l.T("profile.field_name"), l.T("profile.field_avatar"),
				l.T("profile.custom_data"), `"theme": "dark"`, "enter "+l.T("profile.key_edit"))
			if !strings.Contains(tt.Plain(view), l.T("root.tab_profile")) {
				t.Errorf("%s: the profile's tab is not there:\n%s", name, tt.Plain(view))
			}
			// The label column: every value starts one cell after the
			// widest label (after the window's margin and "› " or "  ").
			want := 1 + 2 + widest + 1
			for label, value := range map[string]string{l.T("profile.field_username"): "ada",
				l.T("profile.field_name"): "Ada Lovelace", l.T("profile.field_given_name"): "Ada"} {
				if got := valueColumn(view, label, value); got != want {
					t.Errorf("%s: %q starts at cell %d, want %d (label column %d cells):\n%s", name, value, got, want, widest, tt.Plain(view))
				}
			}

			// Editing a field: its help keys, the edit marked.
			tt.Drive(t, rootUpdater{m}, tt.Key("j"), tt.Key("enter"))
			tt.Drive(t, rootUpdater{m}, tt.Type("!")...)
			checkFits(t, name+" editing", m.render(), w, h, "Ada Lovelace! *",
				"esc "+l.T("profile.key_stop_editing"), "tab "+l.T("profile.key_next_field"))
			tt.Drive(t, rootUpdater{m}, tt.Key("esc"))

			// The custom-data box, focused and typed in.
			tt.Drive(t, rootUpdater{m}, tt.Key("G"), tt.Key("enter"))
			checkFits(t, name+" custom data", m.render(), w, h, "› "+l.T("profile.custom_data"), `"theme": "dark"`)
			tt.Drive(t, rootUpdater{m}, tt.Key("esc"))

			// An error in the status line: a birthdate Logto would refuse.
			tt.Drive(t, rootUpdater{m}, tt.Key("g"))
			for range 10 {
				tt.Drive(t, rootUpdater{m}, tt.Key("j"))
			}
			tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
			tt.Drive(t, rootUpdater{m}, tt.Type("x")...)
			tt.Drive(t, rootUpdater{m}, tt.Key("esc"), tt.Key("s"))
			checkFits(t, name+" error", m.render(), w, h, l.T("profile.fields_need_attention"),
				l.T("profile.bad_birthdate"), "1815-12-10x *")

			// The question before a save that removes a custom-data key.
			tt.Drive(t, rootUpdater{m}, tt.Key("u"), tt.Key("y"))
			// The box's last lines are '  },', '  "theme": "dark"', '}': empty
			// the theme's line, join it to the one above, drop the comma.
			tt.Drive(t, rootUpdater{m}, tt.Key("G"), tt.Key("enter"),
				tea.KeyPressMsg{Code: tea.KeyEnd, Mod: tea.ModCtrl}, tt.Key("up"), tea.KeyPressMsg{Code: tea.KeyEnd},
				tt.Key("ctrl+u"), tt.Key("backspace"), tt.Key("backspace"), tt.Key("ctrl+s"))
			checkFits(t, name+" replace", m.render(), w, h,
				l.N("profile.ask_replace", 1, "Keys", l.T("profile.quoted", "Key", "theme")),
				"y "+l.T("profile.key_save_replacing"), "n "+l.T("profile.key_keep_editing"))

			// The avatar view, and why a file cannot be picked here.
			tt.Drive(t, rootUpdater{m}, tt.Key("n"), tt.Key("esc"), tt.Key("u"), tt.Key("y"), tt.Key("a"), tt.Key("f"))
			checkFits(t, name+" avatar", m.render(), w, h, l.T("profile.avatar_heading"), l.T("profile.avatar_none"),
				l.T("profile.avatar_keys"), l.T("profile.avatar_files_off"))
		}
	}
}
