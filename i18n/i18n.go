// Package i18n speaks the user's language: message catalogues for English,
// Simplified Chinese and French, embedded in the binary, one file per area
// and language (locales/<lang>/<area>.toml, so screens migrate one at a
// time without touching each other's files), with plural rules from
// go-i18n. A Localizer belongs to one program: the SSH service runs
// sessions in different languages in one process, so there is no
// process-wide language. Catalogues are parsed lazily, an area at a time,
// and only the chosen language's (English too, only when an id is missing
// from the chosen one).
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

// The languages this program speaks (BCP 47 tags, as its catalogues are named).
const (
	English           = "en"
	SimplifiedChinese = "zh-Hans"
	French            = "fr"
)

// Languages lists the catalogues, English (the source and the fallback) first.
func Languages() []string { return []string{English, SimplifiedChinese, French} }

//go:embed locales
var locales embed.FS

// Localizer gives one program's sentences in its language. Safe for
// concurrent use: a screen's command may build a sentence off the UI
// goroutine.
type Localizer struct {
	lang string
	fsys fs.FS // the catalogues (locales/<lang>/<area>.toml)
	mu   sync.Mutex
	// msgs holds every message parsed so far ("lang/id"): a sentence with
	// no count is read from it directly. bundle and loc (go-i18n, whose
	// plural rules for every language cost more to set up than a help
	// page to print) are made at the first sentence that depends on a
	// count, and given what was parsed before.
	msgs   map[string]*goi18n.Message
	bundle *goi18n.Bundle
	loc    *goi18n.Localizer
	loaded map[string]bool // "lang/area" parsed
}

// New returns a localizer for lang (one of Languages; anything else is
// English). Nothing is parsed until a sentence is asked for.
func New(lang string) *Localizer {
	if lang != SimplifiedChinese && lang != French {
		lang = English
	}
	return &Localizer{lang: lang, fsys: locales}
}

// nilEnglish is the localizer a nil one stands for.
var nilEnglish = sync.OnceValue(func() *Localizer { return New(English) })

// Lang is the localizer's language tag.
func (l *Localizer) Lang() string {
	if l == nil {
		return English
	}
	return l.lang
}

// T is message id ("area.key") in the localizer's language, its
// placeholders ({{.Name}}) filled from args, given as name, value pairs.
// An id no catalogue has comes back as the id itself (the catalogue tests
// keep that from happening).
func (l *Localizer) T(id string, args ...any) string { return l.localize(id, nil, args) }

// N is T for a sentence that depends on a count: the catalogue's plural
// forms (one, few, many, other, as the language has them) are chosen by
// count, which is also the placeholder {{.Count}}.
func (l *Localizer) N(id string, count int, args ...any) string {
	return l.localize(id, count, append(args, "Count", count))
}

func (l *Localizer) localize(id string, count any, args []any) string {
	if l == nil {
		l = nilEnglish() // a zero Common in a test speaks English (parsed once, not at every call)
	}
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	area, _, _ := strings.Cut(id, ".")
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.loaded == nil {
		l.loaded = map[string]bool{}
		l.msgs = map[string]*goi18n.Message{}
	}
	l.load(l.lang, area)
	lang := l.lang
	m := l.msgs[lang+"/"+id]
	if m == nil && lang != English {
		l.load(English, area) // the fallback, parsed only when needed
		m = l.msgs[English+"/"+id]
	}
	if m == nil {
		return id
	}
	if count == nil {
		return fill(m.Other, data)
	}
	if l.bundle == nil {
		l.bundle = goi18n.NewBundle(language.English)
		for key, m := range l.msgs {
			lang, _, _ := strings.Cut(key, "/")
			_ = l.bundle.AddMessages(language.Make(lang), m)
		}
		l.loc = goi18n.NewLocalizer(l.bundle, l.lang)
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count}
	s, err := l.loc.Localize(cfg)
	if s == "" && err != nil {
		return fill(m.Other, data)
	}
	return s
}

// fill puts data's values in text's placeholders ({{.Name}}, the only
// template the catalogues use; TestPlaceholdersAreSimple keeps it so), as
// go-i18n's template would: "<no value>" for a name data lacks.
func fill(text string, data map[string]any) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.Index(text, "{{.")
		if i < 0 {
			break
		}
		j := strings.Index(text[i:], "}}")
		if j < 0 {
			break
		}
		b.WriteString(text[:i])
		if v, ok := data[text[i+3:i+j]]; ok {
			fmt.Fprint(&b, v)
		} else {
			b.WriteString("<no value>")
		}
		text = text[i+j+2:]
	}
	b.WriteString(text)
	return b.String()
}

// load parses one area's catalogue of lang (once; a missing file is no
// error: English stands in), into the bundle too once there is one.
func (l *Localizer) load(lang, area string) {
	key := lang + "/" + area
	if l.loaded[key] {
		return
	}
	l.loaded[key] = true
	msgs, err := readCatalogue(l.fsys, lang, area)
	if err != nil || len(msgs) == 0 {
		return
	}
	for _, m := range msgs {
		l.msgs[lang+"/"+m.ID] = m
	}
	if l.bundle != nil {
		_ = l.bundle.AddMessages(language.Make(lang), msgs...)
	}
}

// readCatalogue parses locales/<lang>/<area>.toml: each key is a message
// of the area, either a string or a table of plural forms (one, other, …)
// with an optional description for translators.
func readCatalogue(fsys fs.FS, lang, area string) ([]*goi18n.Message, error) {
	b, err := fs.ReadFile(fsys, "locales/"+lang+"/"+area+".toml")
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := toml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("i18n: %s/%s.toml: %w", lang, area, err)
	}
	msgs := make([]*goi18n.Message, 0, len(raw))
	for key, v := range raw {
		if forms, ok := v.(map[string]any); ok {
			for f := range forms {
				if !strings.Contains(" description zero one two few many other ", " "+f+" ") {
					// A key after a [plural] table lands in it (TOML).
					return nil, fmt.Errorf("i18n: %s/%s.toml: %s has %q, which is no plural form", lang, area, key, f)
				}
			}
		}
		m, err := goi18n.NewMessage(v)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s/%s.toml: %s: %w", lang, area, key, err)
		}
		m.ID = area + "." + key
		msgs = append(msgs, m)
	}
	return msgs, nil
}
