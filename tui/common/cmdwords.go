package common

import "strings"

// screenPhrases are the parts of the words table's sentences that speak of
// a screen (a key to press, a list that refreshes itself), each with what a
// command line says instead. The table stays the one place an error
// becomes words: the command line reads the same sentence through these.
var screenPhrases = []struct{ screen, command string }{
	{"Press r to send a new one.", "Run the command again for a new code."},
	{"Wait a few minutes, then press r.", "Wait a few minutes, then run the command again."},
	{"Try again; R reloads your account.", "Try again."},
	{"Reload with R.", "List them again."},
	{"generate a new set with b (the old ones stop working)", "make a new set with `mfa backup-codes new` (the old ones stop working)"},
	{"press t to start again.", "run `mfa totp add` again."},
	{" The list is refreshed.", ""},
	{"press o to try the rest again.", "run `sessions revoke-others` again."},
	{"try again from Sessions.", "try again with `sessions revoke-others`."},
	{"; nothing was changed. The list is refreshed.", "; nothing was changed."},
	{"Check the highlighted field and try again.", "Check the values given and try again."},
	{"check the list below.", "check the rules listed."},
	{"Sign in again; your unsaved changes are kept.", "Sign in again with `logto-account login`."},
	{"Sign in again or contact your administrator.", "Sign in again with `logto-account login`, or contact your administrator."},
}

// CommandWords is Words for the command line: the same sentence, with what
// only makes sense on a screen said as a command line would.
func CommandWords(err error) string { return ForCommands(Words(err)) }

// ForCommands turns a screen's sentence into the command line's.
func ForCommands(s string) string {
	for _, p := range screenPhrases {
		s = strings.ReplaceAll(s, p.screen, p.command)
	}
	return s
}
