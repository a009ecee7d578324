package tokens

import (
	"strings"
	"time"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

func (m *Model) rows() int { return max(3, m.h-8) }

// Expiry says when a token expires in l's language: never, its date (a
// date typed as the expiry ends with its day; "30d" ends at a time), or
// that it has expired.
func Expiry(l *i18n.Localizer, t logto.PersonalAccessToken, now time.Time) string {
	return expiry(l, t, now, false)
}

// expiry is Expiry, by its day only when day is set (a narrow window).
func expiry(l *i18n.Localizer, t logto.PersonalAccessToken, now time.Time, day bool) string {
	if t.ExpiresAt.IsZero() {
		return l.T("tokens.never")
	}
	at := t.ExpiresAt.Local()
	text := l.DateTime(at)
	if day || at.Hour() == 23 && at.Minute() == 59 {
		text = l.Date(at)
	}
	if t.Expired(now) {
		return l.T("tokens.expired_at", "When", text)
	}
	return text
}

// table is the token table's layout, in cells.
type table struct {
	nameW, createdW int
	// day: the dates are shown by their day only (a narrow window).
	createdDay, expiryDay bool
}

// columns sizes the table in cells for the screen's width: the name's
// column takes what the dates leave, up to the widest name; when that is
// too little, the creation and then the expiry are shown by their day
// only (a Chinese date and time take 20 cells; fmt padded by runes).
func (m *Model) columns(now time.Time) table {
	l := m.C.Lang
	need := max(12, min(40, m.widest))
	var tb table
	for _, level := range []table{{}, {createdDay: true}, {createdDay: true, expiryDay: true}} {
		tb = level
		created, exp := l.DateTime(now), l.DateTime(now)
		if tb.createdDay {
			created = l.Date(now)
		}
		if tb.expiryDay {
			exp = l.Date(now)
		}
		tb.createdW = max(common.Width(l.T("tokens.col_created")), common.Width(created))
		// The widest an expiry can be (an expired one), so that the
		// columns stay put as the list scrolls.
		expW := max(common.Width(l.T("tokens.col_expires")), common.Width(l.T("tokens.expired_at", "When", exp)))
		// "› " name " " created "  " expires
		tb.nameW = m.w - 2 - 1 - tb.createdW - 2 - expW
		if tb.nameW >= need {
			break
		}
	}
	tb.nameW = max(10, min(40, tb.nameW))
	return tb
}

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	var b strings.Builder
	switch m.mode {
	case showing:
		b.WriteString(s.Header.Render(m.C.T("tokens.created_heading", "Name", Quote(m.C.Lang, m.shown.Name))) + "\n\n")
		b.WriteString(s.Code.Render(m.shown.Value.Reveal()) + "\n\n")
		b.WriteString(m.C.T("tokens.shown_once") + "\n")
		b.WriteString(s.Warning.Render(m.C.T("tokens.keep_secret")) + "\n")
		b.WriteString(s.Muted.Render(m.C.T("tokens.any_key_returns")))
		return b.String()
	case creating, renaming:
		title := m.C.T("tokens.new_heading")
		if m.mode == renaming {
			title = m.C.T("tokens.rename_heading", "Name", Quote(m.C.Lang, m.target.Name))
		}
		b.WriteString(s.Header.Render(title) + "\n\n" + m.form.View(s, m.labelWidth(), 0, 6) + "\n")
		if m.err != "" {
			b.WriteString("\n" + s.Error.Render(m.err) + "\n")
		}
		return strings.TrimRight(b.String(), "\n")
	}
	if !m.loaded || m.list == nil && m.err == "" {
		return s.Muted.Render(m.C.T("tokens.loading"))
	}
	b.WriteString(s.Header.Render(m.C.T("tokens.heading", "Count", m.C.Lang.Number(len(m.list)))) +
		s.Muted.Render("  "+m.C.T("tokens.values_hidden")) + "\n")
	if len(m.list) == 0 {
		b.WriteString(s.Muted.Render("  "+m.C.T("tokens.none")) + "\n")
	}
	rows := m.rows()
	if m.cur < m.top {
		m.top = m.cur
	}
	if m.cur >= m.top+rows {
		m.top = m.cur - rows + 1
	}
	now := m.C.Now()
	// Sized in cells: a name in CJK or emoji, and a Chinese date, are
	// twice as wide as their runes (fmt pads by runes).
	tb := m.columns(now)
	if len(m.list) > 0 {
		b.WriteString(s.Label.Render("  "+common.Pad(m.C.T("tokens.col_name"), tb.nameW)+" "+
			common.Pad(m.C.T("tokens.col_created"), tb.createdW)+"  "+m.C.T("tokens.col_expires")) + "\n")
	}
	for i := m.top; i < len(m.list) && i < m.top+rows; i++ {
		t := m.list[i]
		created := m.C.Lang.DateTime(t.CreatedAt.Local())
		if tb.createdDay {
			created = m.C.Lang.Date(t.CreatedAt.Local())
		}
		line := common.Pad(common.Clean(t.Name), tb.nameW) + " " + common.Pad(created, tb.createdW) + "  " + expiry(m.C.Lang, t, now, tb.expiryDay)
		if i == m.cur {
			b.WriteString(s.Focused.Render("› "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	switch m.mode {
	case revealing:
		b.WriteString("\n" + s.Code.Render(m.target.Value.Reveal()) + s.Muted.Render("  "+m.C.T("tokens.reveal_keys")) + "\n")
	case confirmDelete:
		b.WriteString("\n" + s.Warning.Render(m.C.T("tokens.confirm_delete", "Name", Quote(m.C.Lang, m.target.Name))) + "\n")
	}
	b.WriteString(common.Footer(s, m.err))
	return strings.TrimRight(b.String(), "\n")
}

// widest is the widest of the names, in cells, counted up to 40 (a
// longer one is cut in the table anyway).
func widest(list []logto.PersonalAccessToken) int {
	w := 0
	for _, t := range list {
		if w = max(w, common.Width(common.Clean(t.Name))); w >= 40 {
			break
		}
	}
	return w
}

// labelWidth is the form's label column, in cells: its widest label.
func (m *Model) labelWidth() int {
	w := 0
	for _, f := range m.form.Fields {
		w = max(w, common.Width(f.Label))
	}
	return max(10, w+1)
}
