package main

import (
	"github.com/logto-account/logto-account/i18n"

	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/logto/emulator"
)

// valueAt is the cell at which a line of `profile show` that starts with
// label has its value (-1: no such line).
func valueAt(out, lang, label string) int {
	for _, l := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(l, i18n.New(lang).T("cli.field_label", "Label", label)); ok {
			return ansi.StringWidth(l) - ansi.StringWidth(strings.TrimLeft(rest, " "))
		}
	}
	return -1
}

// The profile, custom-data and avatar commands speak --lang: the labels of
// `profile show` in the language, their values in one column (measured in
// cells), the screen's checks and the command's errors and help in the
// language; --json keeps English sentences for scripts.
func TestCommandProfileSpeaksTheLanguage(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, func(s *emulator.UserSeed) {
		s.Profile = map[string]any{"givenName": "Ada"}
		s.CustomData = map[string]any{"theme": "dark"}
	})
	for _, c := range []struct {
		lang                      string
		labels                    []string // username, given name, custom data
		badDate, saved, nothingAt string
		help                      string
	}{
		{"fr", []string{"Nom d'utilisateur", "Prénom", "Données personnalisées"},
			"birthdate: Utilisez AAAA-MM-JJ", "Profil enregistré.", "Les données personnalisées n'ont rien à volume",
			"Définir des champs du profil"},
		{"zh-Hans", []string{"用户名", "名", "自定义数据"},
			"birthdate: 请使用 YYYY-MM-DD 格式", "个人资料已保存。", "自定义数据在 volume 处没有内容",
			"设置个人资料字段"},
	} {
		out := h.ok("", "--lang", c.lang, "profile", "show").out
		col := valueAt(out, c.lang, c.labels[0])
		for _, label := range c.labels {
			if at := valueAt(out, c.lang, label); at != col || at < 0 {
				t.Errorf("%s: %q's value at cell %d, the username's at %d:\n%s", c.lang, label, at, col, out)
			}
		}
		h.fails(2, c.badDate, "", "--lang", c.lang, "profile", "set", "birthdate=10/12/1815")
		if r := h.ok("", "--lang", c.lang, "profile", "set", "nickname=Ada"); strings.TrimSpace(r.out) != c.saved {
			t.Errorf("%s: profile set says %q", c.lang, r.out)
		}
		h.fails(1, c.nothingAt, "", "--lang", c.lang, "custom-data", "get", "volume")
		if r := h.ok("", "--lang", c.lang, "profile", "set", "--help"); !strings.Contains(r.out, c.help) {
			t.Errorf("%s: profile set --help:\n%s", c.lang, r.out)
		}
	}
	// Under --json the sentences stay English, whatever the language.
	h.fails(2, "birthdate: Use YYYY-MM-DD", "", "--lang", "fr", "profile", "set", "birthdate=10/12/1815", "--json")
}
