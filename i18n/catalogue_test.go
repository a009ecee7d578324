package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// catalogue is every message of one language, by id.
func catalogue(t *testing.T, lang string) map[string]*goi18n.Message {
	t.Helper()
	files, err := fs.Glob(locales, "locales/"+lang+"/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogue for %s: %v", lang, err)
	}
	out := map[string]*goi18n.Message{}
	for _, f := range files {
		area := strings.TrimSuffix(filepath.Base(f), ".toml")
		msgs, err := readCatalogue(locales, lang, area)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Other == "" {
				t.Errorf("%s %s has no \"other\" form", lang, m.ID)
			}
			out[m.ID] = m
		}
	}
	return out
}

func forms(m *goi18n.Message) map[string]string {
	f := map[string]string{"other": m.Other}
	for name, v := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many} {
		if v != "" {
			f[name] = v
		}
	}
	return f
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every message English has, every other language has, with every
// placeholder English fills (in each of its plural forms), and none that
// English does not fill; and no translation is left with an id English
// dropped.
func TestCataloguesMatchEnglish(t *testing.T) {
	en := catalogue(t, English)
	if len(en) == 0 {
		t.Fatal("the English catalogue is empty")
	}
	for _, lang := range Languages()[1:] {
		tr := catalogue(t, lang)
		for id, src := range en {
			m, ok := tr[id]
			if !ok {
				t.Errorf("%s lacks %s", lang, id)
				continue
			}
			want := placeholders(src.Other)
			for form, text := range forms(m) {
				got := placeholders(text)
				for _, p := range want {
					if !slices.Contains(got, p) {
						t.Errorf("%s %s (%s) lacks {{.%s}}: %q", lang, id, form, p, text)
					}
				}
				for _, p := range got {
					if !slices.Contains(want, p) && p != "Count" {
						t.Errorf("%s %s (%s) has {{.%s}}, which English does not fill: %q", lang, id, form, p, text)
					}
				}
			}
		}
		for id := range tr {
			if _, ok := en[id]; !ok {
				t.Errorf("%s has %s, which English does not", lang, id)
			}
		}
	}
}

// Every message id the Go code names ("area.key" in a string literal, for
// an area with a catalogue) is in the English catalogue, so no screen
// shows a bare id; and every message is named somewhere (none left behind
// by a change of wording).
func TestCodeNamesOnlyKnownIDs(t *testing.T) {
	en := catalogue(t, English)
	areas := map[string]bool{}
	for id := range en {
		area, _, _ := strings.Cut(id, ".")
		areas[area] = true
	}
	idRe := regexp.MustCompile(`^([a-z]+)\.[a-z0-9_]+$`)
	fileName := regexp.MustCompile(`\.(toml|json|txt|md|go|sql|db)$`) // config.toml is a file, not a message
	used := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if m := idRe.FindStringSubmatch(s); err == nil && m != nil && areas[m[1]] && !fileName.MatchString(s) {
				used[s] = true
				if _, ok := en[s]; !ok {
					t.Errorf("%s names %q, which no catalogue has", path, s)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id := range en {
		if !used[id] {
			t.Errorf("no code names %s", id)
		}
	}
}

// migrated are the parts of the code whose every sentence comes from the
// catalogues: testdata/migrated/<area>.txt, a line "file" (the whole file)
// or "file func" (one function), paths from the module's root. An area
// that moves adds its own file there (so areas moving at once do not
// touch one list), and the test below keeps it moved.
func migrated(t *testing.T) []struct{ file, fn string } {
	var out []struct{ file, fn string }
	lists, err := filepath.Glob("testdata/migrated/*.txt")
	if err != nil || len(lists) == 0 {
		t.Fatalf("no lists of migrated code (%v)", err)
	}
	for _, list := range lists {
		b, err := os.ReadFile(list)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			file, fn, _ := strings.Cut(line, " ")
			out = append(out, struct{ file, fn string }{"../" + file, strings.TrimSpace(fn)})
		}
	}
	return out
}

// notWords are string literals of migrated code that read like words but
// are not sentences (a protocol value, a key's name); none yet.
var notWords = map[string]bool{}

// No sentence in migrated code bypasses the catalogues: a string literal
// with two words, or one capitalised word, is a sentence someone reads
// (or is in notWords).
func TestMigratedCodeHasNoLiteralSentences(t *testing.T) {
	sentence := regexp.MustCompile(`\pL{2,}[,;:.!?]? +\pL{2,}|^[A-Z][a-z]{2,}$`)
	for _, m := range migrated(t) {
		src, err := os.ReadFile(m.file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), m.file, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); m.fn != "" && (!ok || fd.Name.Name != m.fn) {
				continue
			}
			if gd, ok := d.(*ast.GenDecl); ok && (gd.Tok == token.IMPORT || gd.Doc != nil && strings.Contains(gd.Doc.Text(), "(not words)")) {
				continue // a declaration whose comment says it holds no words (keys, a protocol's values)
			}
			found = true
			args := map[*ast.BasicLit]bool{} // a message's id and placeholder names
			ast.Inspect(d, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					// T, N and M (i18n.M: said later) take an id and placeholder
					// names; a regular expression is no sentence either.
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "T" || sel.Sel.Name == "N" || sel.Sel.Name == "M" ||
						sel.Sel.Name == "MustCompile" || sel.Sel.Name == "Compile") {
						for _, a := range call.Args {
							if lit, ok := a.(*ast.BasicLit); ok {
								args[lit] = true
							}
						}
					}
				}
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING || args[lit] {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err == nil && sentence.MatchString(s) && !notWords[s] {
					t.Errorf("%s (%s): %q reads as a sentence: put it in a catalogue", m.file, m.fn, s)
				}
				return true
			})
		}
		if !found {
			t.Errorf("%s has no function %s", m.file, m.fn)
		}
	}
}

// Every Go file a person's words can come from (the screens, the command
// line, the SSH service, configuration, sign-in, the password policy) is
// either migrated (testdata/migrated/*.txt, checked above) or named in
// testdata/no-words.txt with the reason it holds no sentence a person
// reads (a protocol's words, SQL, a metric's help for monitoring tools,
// log lines). A new file is one or the other, or this test fails.
func TestEveryFileIsMigratedOrSaysWhyNot(t *testing.T) {
	placed := map[string]string{}
	for _, m := range migrated(t) {
		placed[strings.TrimPrefix(m.file, "../")] = "migrated"
	}
	b, err := os.ReadFile("testdata/no-words.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		file, why, _ := strings.Cut(line, " ")
		if strings.TrimSpace(why) == "" {
			t.Errorf("no-words.txt: %s says no reason", file)
		}
		if placed[file] == "migrated" {
			t.Errorf("%s is both migrated and said to hold no words", file)
		}
		placed[file] = "no words"
	}
	for _, root := range []string{"tui", "cli", "sshserver", "config", "auth", "flow", "logto/policy", "main.go"} {
		err := filepath.WalkDir("../"+root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "internal") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			if rel := strings.TrimPrefix(path, "../"); placed[rel] == "" {
				t.Errorf("%s is neither migrated (testdata/migrated) nor in testdata/no-words.txt with its reason", rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for file := range placed {
		if _, err := os.Stat("../" + file); err != nil {
			t.Errorf("%s is listed but does not exist", file)
		}
	}
}
