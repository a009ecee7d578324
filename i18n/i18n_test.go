package i18n

import (
	"io"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"C", English, true}, {"POSIX", English, true}, {"C.UTF-8", English, true},
		{"en_US.UTF-8", English, true}, {"en", English, true},
		{"fr_FR.UTF-8", French, true}, {"fr_CA", French, true}, {"fr_BE.ISO-8859-15@euro", French, true}, {"fr", French, true},
		{"zh_CN.UTF-8", SimplifiedChinese, true}, {"zh_CN.GB18030", SimplifiedChinese, true}, {"zh_SG", SimplifiedChinese, true},
		{"zh-Hans", SimplifiedChinese, true}, {"zh_Hans_CN", SimplifiedChinese, true}, {"zh-CN", SimplifiedChinese, true}, {"zh", SimplifiedChinese, true},
		{"zh_TW.UTF-8", English, false}, {"zh-Hant", English, false}, {"zh_HK", English, false},
		{"de_DE.UTF-8", English, false}, {"ja", English, false}, {"", English, false}, {"  ", English, false},
	} {
		if got, ok := Match(c.in); got != c.want || ok != c.ok {
			t.Errorf("Match(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestFromEnvFollowsPOSIXOrder(t *testing.T) {
	for _, c := range []struct {
		env          map[string]string
		lang, source string
	}{
		{map[string]string{}, English, ""},
		{map[string]string{"LANG": "fr_FR.UTF-8"}, French, "LANG=fr_FR.UTF-8"},
		{map[string]string{"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, SimplifiedChinese, "LC_MESSAGES=zh_CN.UTF-8"},
		{map[string]string{"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LC_ALL": "C"}, English, "LC_ALL=C"},
		// Set but empty is not set (setlocale skips it).
		{map[string]string{"LC_ALL": "", "LANG": "zh_SG.UTF-8"}, SimplifiedChinese, "LANG=zh_SG.UTF-8"},
		// A language without a catalogue is English, and says where it came from.
		{map[string]string{"LANG": "de_DE.UTF-8"}, English, "LANG=de_DE.UTF-8"},
		// LC_CTYPE and LANGUAGE are not the message language here.
		{map[string]string{"LC_CTYPE": "fr_FR.UTF-8", "LANGUAGE": "fr"}, English, ""},
	} {
		lang, source := FromEnv(func(k string) string { return c.env[k] })
		if lang != c.lang || source != c.source {
			t.Errorf("FromEnv(%v) = %q, %q; want %q, %q", c.env, lang, source, c.lang, c.source)
		}
	}
	// An SSH session's environment: the last LANG sent wins.
	if lang, source := FromEnv(Environ([]string{"TERM=xterm", "LANG=en_US.UTF-8", "LANG=fr_FR.UTF-8"})); lang != French || source != "LANG=fr_FR.UTF-8" {
		t.Errorf("from a session's environment: %q, %q", lang, source)
	}
}

func TestAcceptLanguageUsesLogtosTags(t *testing.T) {
	for lang, want := range map[string]string{English: "en", French: "fr,en;q=0.5", SimplifiedChinese: "zh-CN,zh-Hans;q=0.9,en;q=0.5"} {
		if got := AcceptLanguage(lang); got != want {
			t.Errorf("AcceptLanguage(%s) = %q, want %q", lang, got, want)
		}
	}
}

// countingFS counts the catalogue files read.
type countingFS struct {
	fstest.MapFS
	mu    sync.Mutex
	reads map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
	return c.MapFS.Open(name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	f, err := c.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func testFS() *countingFS {
	return &countingFS{reads: map[string]int{}, MapFS: fstest.MapFS{
		"locales/en/a.toml":      {Data: []byte("hello = \"Hello {{.Name}}\"\nonly_en = \"English only\"\n[items]\none = \"{{.Count}} item\"\nother = \"{{.Count}} items\"\n")},
		"locales/fr/a.toml":      {Data: []byte("hello = \"Bonjour {{.Name}}\"\n[items]\none = \"{{.Count}} élément\"\nother = \"{{.Count}} éléments\"\n")},
		"locales/zh-Hans/a.toml": {Data: []byte("hello = \"你好，{{.Name}}\"\nonly_en = \"仅中文\"\n[items]\nother = \"{{.Count}} 项\"\n")},
		"locales/en/b.toml":      {Data: []byte("x = \"B\"\n")},
		"locales/fr/b.toml":      {Data: []byte("x = \"Bé\"\n")},
	}}
}

// Only the chosen language's file of the area asked for is parsed; English
// only when an id is missing from it; and each file once.
func TestParsesLazilyOnlyTheChosenLanguage(t *testing.T) {
	fsys := testFS()
	l := &Localizer{lang: French, fsys: fsys}
	if got := l.T("a.hello", "Name", "Ada"); got != "Bonjour Ada" {
		t.Errorf("a.hello = %q", got)
	}
	_ = l.T("a.hello", "Name", "Ada")
	if fsys.reads["locales/fr/a.toml"] != 1 || fsys.reads["locales/en/a.toml"] != 0 || fsys.reads["locales/fr/b.toml"] != 0 {
		t.Errorf("reads after two French sentences of area a: %v", fsys.reads)
	}
	if got := l.T("a.only_en"); got != "English only" {
		t.Errorf("a message French lacks = %q, want the English one", got)
	}
	if fsys.reads["locales/en/a.toml"] != 1 || fsys.reads["locales/zh-Hans/a.toml"] != 0 || fsys.reads["locales/en/b.toml"] != 0 {
		t.Errorf("reads after the fallback: %v", fsys.reads)
	}
	if got := l.T("a.nowhere"); got != "a.nowhere" {
		t.Errorf("an unknown id = %q", got)
	}
	en := &Localizer{lang: English, fsys: fsys}
	_ = en.T("b.x")
	if !en.loaded["en/b"] || fsys.reads["locales/en/b.toml"] != 1 || fsys.reads["locales/fr/b.toml"] != 0 {
		t.Errorf("English read %v", fsys.reads)
	}
	// Nothing is parsed before a sentence is asked for.
	if idle := New(French); idle.loaded != nil || idle.bundle != nil {
		t.Error("New parsed a catalogue")
	}
	// Sentences without a count need no go-i18n bundle (its plural rules
	// for every language are most of a help page's cost); one with a count
	// makes it, with the messages parsed before.
	if l.bundle != nil {
		t.Error("T made a go-i18n bundle")
	}
	if got := l.N("a.items", 2); got != "2 éléments" {
		t.Errorf("a.items(2) = %q", got)
	}
	if l.bundle == nil || fsys.reads["locales/fr/a.toml"] != 1 {
		t.Errorf("N: bundle %v, reads %v", l.bundle != nil, fsys.reads)
	}
}

// Plural forms come from go-i18n's CLDR rules: French says "one" for 0
// and 1, English for 1 only, Chinese has no plural.
func TestPluralRules(t *testing.T) {
	fsys := testFS()
	for _, c := range []struct {
		lang  string
		count int
		want  string
	}{
		{English, 0, "0 items"}, {English, 1, "1 item"}, {English, 2, "2 items"},
		{French, 0, "0 élément"}, {French, 1, "1 élément"}, {French, 2, "2 éléments"},
		{SimplifiedChinese, 1, "1 项"}, {SimplifiedChinese, 2, "2 项"},
	} {
		l := &Localizer{lang: c.lang, fsys: fsys}
		if got := l.N("a.items", c.count); got != c.want {
			t.Errorf("%s N(%d) = %q, want %q", c.lang, c.count, got, c.want)
		}
	}
}

// One localizer per program: two languages side by side in one process
// (the SSH service's sessions) do not mix, under -race.
func TestLocalizersAreIndependent(t *testing.T) {
	fr, zh := New(French), New(SimplifiedChinese)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := fr.T("signin.title"); got != "Connexion" {
				t.Errorf("fr: %q", got)
			}
			if got := zh.T("signin.title"); got != "登录" {
				t.Errorf("zh-Hans: %q", got)
			}
		})
	}
	wg.Wait()
	if got := New("de").T("signin.title"); got != "Sign in" {
		t.Errorf("an unknown language speaks %q, want English", got)
	}
}

// A key written after a plural table lands inside it (TOML): the
// catalogue is refused rather than the message silently lost.
func TestAStrayKeyInAPluralTableIsRefused(t *testing.T) {
	fsys := fstest.MapFS{"locales/en/a.toml": {Data: []byte("[items]\none = \"1 item\"\nother = \"{{.Count}} items\"\nbadge = \"DEMO\"\n")}}
	if _, err := readCatalogue(fsys, English, "a"); err == nil || !strings.Contains(err.Error(), `items has "badge"`) {
		t.Errorf("err = %v", err)
	}
}
