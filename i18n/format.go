package i18n

import (
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Date is t's day in the language's form (t as given: the caller chooses
// local time or UTC). English keeps the ISO form (2026-12-02) that scripts
// and people read alike; the layouts are the catalogue's (time.toml).
func (l *Localizer) Date(t time.Time) string { return t.Format(l.T("time.layout_date")) }

// DateTime is t to the minute in the language's form.
func (l *Localizer) DateTime(t time.Time) string { return t.Format(l.T("time.layout_datetime")) }

// Ago is how long before now t was, as people say it ("just now",
// "5 min ago", "3 h ago", up to two days), else its local date.
func (l *Localizer) Ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return l.T("time.just_now")
	case d < time.Hour:
		return l.N("time.minutes_ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return l.N("time.hours_ago", int(d.Hours()))
	}
	return l.Date(t.Local())
}

// In is how long from now t is, as people say it ("in 5 min", "in 3 h",
// "in 2 days"); past times are Ago's.
func (l *Localizer) In(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d < 0:
		return l.Ago(t, now)
	case d < time.Minute:
		return l.T("time.in_a_moment")
	case d < time.Hour:
		return l.N("time.in_minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return l.N("time.in_hours", int(d.Hours()))
	}
	return l.N("time.in_days", int(d.Hours()/24))
}

// Number is n with the language's digit grouping (1,234 · 1 234).
func (l *Localizer) Number(n int) string {
	tag := language.English
	switch l.Lang() {
	case French:
		tag = language.French
	case SimplifiedChinese:
		tag = language.SimplifiedChinese
	}
	return message.NewPrinter(tag).Sprintf("%d", n)
}
