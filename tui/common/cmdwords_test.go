package common

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/i18n"
	"github.com/pelletier/go-toml/v2"
)

// tableIDs are the ids of every sentence the words tables hold.
func tableIDs() []string {
	var all []string
	for _, id := range words {
		all = append(all, id)
	}
	for _, id := range accountWords {
		all = append(all, id)
	}
	for _, r := range routeWords {
		for _, id := range r.words {
			all = append(all, id)
		}
	}
	for _, id := range lackingWords {
		all = append(all, id)
	}
	return all
}

// TestCommandWordsNameNoKeys reads every sentence of the words table (and
// those Words builds) as the command line does, in each language: none may
// send a script's user to a key, a highlighted field or a list on a screen.
func TestCommandWordsNameNoKeys(t *testing.T) {
	for _, lang := range i18n.Languages() {
		l := i18n.New(lang)
		var all []string
		for _, id := range tableIDs() {
			all = append(all, l.T(id))
		}
		all = append(all, WordsIn(l, errors.New("boom")), WordsIn(l, auth.ErrSignInRequired), WordsIn(l, &auth.EndedError{Reason: "grant expired"}))
		for _, s := range all {
			got := ForCommandsIn(l, s)
			low := strings.ToLower(got)
			for _, bad := range []string{"press ", " r reloads", "with r.", "with b ", "highlighted", "list is refreshed", "below", "unsaved changes"} {
				if strings.Contains(low, bad) {
					t.Errorf("%s: %q still says %q on the command line: %q", lang, s, bad, got)
				}
			}
			for _, p := range screenPhrases {
				if phrase := l.T(p.screen); strings.Contains(got, strings.TrimSpace(phrase)) {
					t.Errorf("%s: %q still says the screen's %q on the command line: %q", lang, s, phrase, got)
				}
			}
			if !strings.HasSuffix(got, ".") && !strings.HasSuffix(got, ")") && !strings.HasSuffix(got, "。") && !strings.HasSuffix(got, "）") {
				t.Errorf("%s: %q is no longer a sentence: %q", lang, s, got)
			}
		}
	}
}

// messages is every message of lang's catalogues (other forms only), by id.
func messages(t *testing.T, lang string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "i18n", "locales", lang, "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogues of %s: %v", lang, err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := toml.Unmarshal(b, &raw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		area := strings.TrimSuffix(filepath.Base(f), ".toml")
		for k, v := range raw {
			switch v := v.(type) {
			case string:
				out[area+"."+k] = v
			case map[string]any:
				for form, s := range v {
					if form != "description" {
						out[area+"."+k+"#"+form], _ = s.(string)
					}
				}
			}
		}
	}
	return out
}

// TestEveryScreenPhraseIsStillSaid: a screen phrase the screens no longer
// say leaves the command line with the screen's words (a lockdown report
// reworded on the screen kept telling scripts nothing to run). Each
// phrase must still be said: in English by a screen's source or a
// catalogue, and in each language by every translation of a message whose
// English says it (a translation that words the phrase its own way would
// reach the command line untouched).
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
	isPhrase := map[string]bool{}
	for _, p := range screenPhrases {
		isPhrase[p.screen], isPhrase[p.command] = true, true
	}
	en := messages(t, i18n.English)
	tr := map[string]map[string]string{}
	for _, lang := range i18n.Languages()[1:] {
		tr[lang] = messages(t, lang)
	}
	for _, p := range screenPhrases {
		phrase := i18n.New(i18n.English).T(p.screen)
		said := strings.Contains(src.String(), phrase)
		for id, s := range en {
			if isPhrase[id] || !strings.Contains(s, phrase) {
				continue
			}
			said = true
			for lang, msgs := range tr {
				want := i18n.New(lang).T(p.screen)
				if got, ok := msgs[id]; ok && !strings.Contains(got, want) {
					t.Errorf("%s %s does not say %q as the phrase %s has it: %q", lang, id, want, p.screen, got)
				}
			}
		}
		if !said {
			t.Errorf("no screen says %q any more: its command-line words %s are never used", phrase, p.command)
		}
	}
}
