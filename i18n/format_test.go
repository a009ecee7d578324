package i18n

import (
	"testing"
	"time"
)

// Dates, relative times and numbers read as each language writes them;
// English keeps the forms the program printed before issue 22.
func TestDatesTimesAndNumbersPerLanguage(t *testing.T) {
	now := time.Date(2026, 12, 2, 15, 4, 0, 0, time.UTC)
	at := time.Date(2026, 3, 7, 9, 5, 0, 0, time.UTC)
	cases := []struct {
		lang                   string
		date, dateTime, number string
		ago5m, ago3h, in2d     string
	}{
		{English, "2026-03-07", "2026-03-07 09:05", "1,234,567", "5 min ago", "3 h ago", "in 2 days"},
		{French, "07/03/2026", "07/03/2026 09:05", "1\u00a0234\u00a0567", "il y a 5 min", "il y a 3 h", "dans 2 jours"},
		{SimplifiedChinese, "2026年3月7日", "2026年3月7日 09:05", "1,234,567", "5 分钟前", "3 小时前", "2 天后"},
	}
	for _, c := range cases {
		l := New(c.lang)
		check := func(what, got, want string) {
			t.Helper()
			if got != want {
				t.Errorf("%s %s: %q, want %q", c.lang, what, got, want)
			}
		}
		check("date", l.Date(at), c.date)
		check("date and time", l.DateTime(at), c.dateTime)
		check("number", l.Number(1234567), c.number)
		check("5 min ago", l.Ago(now.Add(-5*time.Minute-10*time.Second), now), c.ago5m)
		check("3 h ago", l.Ago(now.Add(-3*time.Hour-time.Minute), now), c.ago3h)
		check("in 2 days", l.In(now.Add(49*time.Hour), now), c.in2d)
		check("long ago", l.Ago(at, now), l.Date(at.Local()))
	}
	if got := New(English).N("time.in_days", 1); got != "in 1 day" {
		t.Errorf("one day: %q", got)
	}
}

// A sentence made before the language is known reads in English as an
// error and in the reader's language when said.
func TestMsgSaysItsSentenceLater(t *testing.T) {
	m := M("time.in_days", "Count", 3)
	if got := m.Error(); got != "in 3 days" {
		t.Errorf("as an error: %q", got)
	}
	if got := m.In(New(French)); got != "dans 3 jours" {
		t.Errorf("in French: %q", got)
	}
}
