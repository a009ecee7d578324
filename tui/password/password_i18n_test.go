package password

import (
	"strings"
	"testing"

	"github.com/logto-account/logto-account/i18n"
)

// A sign-out that partly failed says where to try again as the reader can:
// the screen points at the Sessions screen, the command line at the
// command (it said "try again from Sessions" to a script before).
func TestSignOutFailureSaysWhereToTryAgain(t *testing.T) {
	l := i18n.New(i18n.English)
	screen := signedOutText(l, 2, 1, "password.sign_out_failed")
	command := SignedOutText(l, 2, 1)
	if screen != "Signed out 2 other sessions. 1 could not be signed out; try again from Sessions." {
		t.Errorf("screen: %q", screen)
	}
	if !strings.Contains(command, "try again with `sessions revoke-others`") || strings.Contains(command, "from Sessions") {
		t.Errorf("command line: %q", command)
	}
	// Chinese runs the two sentences together, with no space after 。.
	if got := SignedOutText(i18n.New(i18n.SimplifiedChinese), 2, 1); strings.Contains(got, "。 ") {
		t.Errorf("zh-Hans: %q", got)
	}
}

// The breach count reads in the language's digit grouping, and one is
// said as one.
func TestBreachWordsInEachLanguage(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		got := BreachedWords(l, breachedError{n: 3861498})
		if !strings.Contains(got, l.Number(3861498)) {
			t.Errorf("%s: %q lacks %q", lang, got, l.Number(3861498))
		}
	}
	if got := BreachedWords(i18n.New(i18n.English), breachedError{n: 1}); !strings.Contains(got, "appears 1 time in") {
		t.Errorf("once: %q", got)
	}
	if got := (breachedError{n: 2}).Error(); got != "This password appears 2 times in known data breaches. Choose another one." {
		t.Errorf("Error() = %q", got)
	}
}
