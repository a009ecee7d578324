package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/i18n"
)

// The tokens and identities commands speak the run's language to people —
// their table headings lined up in cells, a Chinese date as wide as it is —
// while --json keeps its field names and English values for scripts.
func TestCommandTokensAndIdentitiesSpeakTheLanguage(t *testing.T) {
	t.Parallel()
	h := newCmdHome(t, true, nil)
	proof := h.proofFile()
	h.ok("", "tokens", "create", "ci deploy", "--expires", "30d", "--proof-file", proof)
	english := h.ok("", "tokens", "list", "--json").out
	for _, lang := range []string{i18n.SimplifiedChinese, i18n.French} {
		l := i18n.New(lang)
		r := h.ok("", "--lang", lang, "tokens", "create", "spare", "--expires", l.T("tokens.never"), "--proof-file", proof)
		if !strings.Contains(r.err, l.T("tokens.cli_never_expires")) || !strings.HasPrefix(strings.TrimSpace(r.out), "pat_") {
			t.Errorf("%s create: stdout %q stderr %q", lang, r.out, r.err)
		}
		lines := strings.Split(strings.TrimRight(h.ok("", "--lang", lang, "tokens", "list").out, "\n"), "\n")
		head := lines[0]
		for _, id := range []string{"tokens.cli_col_name", "tokens.cli_col_created", "tokens.cli_col_expires"} {
			if !strings.Contains(head, l.T(id)) {
				t.Errorf("%s: heading %q lacks %q", lang, head, l.T(id))
			}
		}
		// The creation column starts at the same cell on every line.
		at := ansi.StringWidth(head[:strings.Index(head, l.T("tokens.cli_col_created"))])
		for _, line := range lines[1:] {
			if !columnAt(line, at) {
				t.Errorf("%s: %q does not line up under %q", lang, line, head)
			}
		}
		if r := h.ok("", "--lang", lang, "tokens", "list", "--json"); !strings.Contains(r.out, `"expires_at"`) ||
			strings.Contains(r.out, l.T("tokens.never")) {
			t.Errorf("%s --json: %s", lang, r.out)
		}
		h.fails(2, l.T("tokens.cli_name_taken", "Name", "spare"), "", "--lang", lang, "tokens", "create", "spare", "--proof-file", proof)
		if r := h.ok("", "--lang", lang, "identities", "list"); !strings.Contains(r.out, l.T("identities.cli_col_provider")) ||
			!strings.Contains(r.out, l.T("identities.cli_state_can")) {
			t.Errorf("%s identities list: %s", lang, r.out)
		}
		h.ok("", "tokens", "delete", "spare", "--proof-file", proof)
	}
	if got := h.ok("", "--lang", i18n.French, "tokens", "list", "--json").out; got != english {
		t.Errorf("--json changed with the language:\n%s\n%s", got, english)
	}
}

// columnAt reports whether a column of line starts at cell at: a space
// before it, a character there.
func columnAt(line string, at int) bool {
	for i := range line {
		if w := ansi.StringWidth(line[:i]); w == at {
			return i > 0 && line[i-1] == ' ' && line[i] != ' '
		} else if w > at {
			return false
		}
	}
	return false
}
