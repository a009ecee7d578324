package common

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
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

// TestEveryScreenPhraseIsStillSaid: a screen phrase the screens no longer
// say leaves the command line with the screen's words (a lockdown report
// reworded on the screen kept telling scripts nothing to run). Each
// phrase must still be found in the screens' source.
func TestEveryScreenPhraseIsStillSaid(t *testing.T) {
	var src strings.Builder
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") && !strings.HasSuffix(path, "cmdwords.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			src.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range screenPhrases {
		if !strings.Contains(src.String(), p.screen) {
			t.Errorf("no screen says %q any more: its command-line words %q are never used", p.screen, p.command)
		}
	}
}
