package common

import (
	"strings"

	"github.com/logto-account/logto-account/i18n"
)

// screenPhrases are the ids of the parts of sentences that speak of a
// screen (a key to press, a list that refreshes itself), each with the id
// of what a command line says instead ("" for nothing). Sentences stay
// the one place an error becomes words: the command line reads the same
// sentence through these. A screen's sentence in any language must say
// the phrase exactly as its catalogue has it (TestEveryScreenPhraseIsStillSaid).
var screenPhrases = []struct{ screen, command string }{
	{"errors.phrase_press_r_new_code", "errors.phrase_press_r_new_code_cli"},
	{"errors.phrase_wait_press_r", "errors.phrase_wait_press_r_cli"},
	{"errors.phrase_r_reloads", "errors.phrase_r_reloads_cli"},
	{"errors.phrase_reload_r", "errors.phrase_reload_r_cli"},
	{"errors.phrase_backup_b", "errors.phrase_backup_b_cli"},
	{"errors.phrase_totp_t", "errors.phrase_totp_t_cli"},
	{"errors.phrase_refreshed", ""},
	{"errors.phrase_nothing_changed", "errors.phrase_nothing_changed_cli"},
	{"errors.phrase_highlighted", "errors.phrase_highlighted_cli"},
	{"errors.phrase_list_below", "errors.phrase_list_below_cli"},
	{"errors.phrase_unsaved_kept", "errors.phrase_unsaved_kept_cli"},
	{"errors.phrase_contact_admin", "errors.phrase_contact_admin_cli"},
}

// CommandWords is Words for the command line, in English: the same
// sentence, with what only makes sense on a screen said as a command line
// would (CommandWordsIn for a language).
func CommandWords(err error) string { return CommandWordsIn(english(), err) }

// CommandWordsIn is WordsIn for the command line, in l's language.
func CommandWordsIn(l *i18n.Localizer, err error) string { return ForCommandsIn(l, WordsIn(l, err)) }

// ForCommands turns an English screen sentence into the command line's.
func ForCommands(s string) string { return ForCommandsIn(english(), s) }

// ForCommandsIn turns a screen's sentence in l's language into the command
// line's. A sentence of a screen not yet translated is English: its
// phrases are rewritten in English too.
func ForCommandsIn(l *i18n.Localizer, s string) string {
	langs := []*i18n.Localizer{l}
	if l.Lang() != i18n.English {
		langs = append(langs, english())
	}
	for _, in := range langs {
		for _, p := range screenPhrases {
			command := ""
			if p.command != "" {
				command = in.T(p.command)
			}
			s = strings.ReplaceAll(s, in.T(p.screen), command)
		}
	}
	return s
}
