package i18n

import (
	"regexp"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// A sentence without a count is filled by the program itself, not by
// go-i18n (whose set-up is most of a help page's cost): every message of
// every catalogue reads the same both ways, with its placeholders given
// and with them missing.
func TestFillReadsAsGoI18n(t *testing.T) {
	action := regexp.MustCompile(`\{\{[^}]*\}\}`)
	simple := regexp.MustCompile(`^\{\{\.[A-Za-z][A-Za-z0-9]*\}\}$`)
	for _, lang := range Languages() {
		b := goi18n.NewBundle(language.English)
		msgs := catalogue(t, lang)
		for _, m := range msgs {
			_ = b.AddMessages(language.Make(lang), m)
		}
		loc := goi18n.NewLocalizer(b, lang)
		for id, m := range msgs {
			data := map[string]any{}
			for _, a := range action.FindAllString(m.Other, -1) {
				if !simple.MatchString(a) {
					t.Errorf("%s %s: %s is more than a placeholder; fill knows only {{.Name}}", lang, id, a)
					continue
				}
				data[a[3:len(a)-2]] = 1234
			}
			for _, d := range []map[string]any{data, nil} {
				want, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: d})
				if err != nil {
					t.Fatalf("%s %s: %v", lang, id, err)
				}
				if got := fill(m.Other, d); got != want {
					t.Errorf("%s %s: fill %q, go-i18n %q", lang, id, got, want)
				}
			}
		}
	}
}
