package common

import (
	"errors"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/auth"
)

// TestCommandWordsNameNoKeys reads every sentence of the words table (and
// those Words builds) as the command line does: none may send a script's
// user to a key, a highlighted field or a list on a screen.
func TestCommandWordsNameNoKeys(t *testing.T) {
	var all []string
	for _, w := range words {
		all = append(all, w)
	}
	for _, w := range accountWords {
		all = append(all, w)
	}
	for _, r := range routeWords {
		for _, w := range r.words {
			all = append(all, w)
		}
	}
	for _, w := range lackingWords {
		all = append(all, w)
	}
	all = append(all, Words(errors.New("boom")), Words(auth.ErrSignInRequired), Words(&auth.EndedError{Reason: "grant expired"}))
	for _, s := range all {
		got := ForCommands(s)
		low := strings.ToLower(got)
		for _, bad := range []string{"press ", " r reloads", "with r.", "with b ", "highlighted", "list is refreshed", "below", "unsaved changes"} {
			if strings.Contains(low, bad) {
				t.Errorf("%q still says %q on the command line: %q", s, bad, got)
			}
		}
		if !strings.HasSuffix(got, ".") && !strings.HasSuffix(got, ")") {
			t.Errorf("%q is no longer a sentence: %q", s, got)
		}
	}
}
