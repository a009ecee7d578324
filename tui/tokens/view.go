package tokens

import (
	"fmt"
	"strings"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

func (m *Model) rows() int { return max(3, m.h-8) }

func expiry(t logto.PersonalAccessToken, now time.Time) string {
	if t.ExpiresAt.IsZero() {
		return "never"
	}
	// A date typed as the expiry ends with its day; "30d" ends at a time.
	at := t.ExpiresAt.Local()
	text := at.Format("2006-01-02 15:04")
	if at.Hour() == 23 && at.Minute() == 59 {
		text = at.Format("2006-01-02")
	}
	if t.Expired(now) {
		return "expired " + text
	}
	return text
}

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	var b strings.Builder
	switch m.mode {
	case showing:
		b.WriteString(s.Header.Render("Token "+Quote(m.shown.Name)+" created") + "\n\n")
		b.WriteString(s.Code.Render(m.shown.Value.Reveal()) + "\n\n")
		b.WriteString("c copies it. The list hides values, so this screen will not show it again unless you press v on its row.\n")
		b.WriteString(s.Warning.Render("Anyone who has it can act as you until it expires: keep it like a password.") + "\n")
		b.WriteString(s.Muted.Render("Any other key returns to the list."))
		return b.String()
	case creating, renaming:
		title := "New personal access token"
		if m.mode == renaming {
			title = "Rename " + Quote(m.target.Name)
		}
		b.WriteString(s.Header.Render(title) + "\n\n" + m.form.View(s, 10, 0, 6) + "\n")
		if m.err != "" {
			b.WriteString("\n" + s.Error.Render(m.err) + "\n")
		}
		return strings.TrimRight(b.String(), "\n")
	}
	if !m.loaded || m.list == nil && m.err == "" {
		return s.Muted.Render("Loading tokens…")
	}
	b.WriteString(s.Header.Render(fmt.Sprintf("Personal access tokens (%d)", len(m.list))) + s.Muted.Render("  values are hidden") + "\n")
	if len(m.list) == 0 {
		b.WriteString(s.Muted.Render("  none — press n to create one") + "\n")
	}
	rows := m.rows()
	if m.cur < m.top {
		m.top = m.cur
	}
	if m.cur >= m.top+rows {
		m.top = m.cur - rows + 1
	}
	now := m.C.Now()
	nameW := max(12, min(40, m.w-46))
	if len(m.list) > 0 {
		b.WriteString(s.Label.Render(fmt.Sprintf("  %-*s %-16s  %s", nameW, "Name", "Created", "Expires")) + "\n")
	}
	for i := m.top; i < len(m.list) && i < m.top+rows; i++ {
		t := m.list[i]
		// Cut and padded by cells: a name in CJK or emoji is twice as wide
		// as its runes, and pushed the row past the window.
		name := common.Pad(common.Clean(t.Name), nameW)
		line := fmt.Sprintf("%s %-16s  %s", name, t.CreatedAt.Local().Format("2006-01-02 15:04"), expiry(t, now))
		if i == m.cur {
			b.WriteString(s.Focused.Render("› "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	switch m.mode {
	case revealing:
		b.WriteString("\n" + s.Code.Render(m.target.Value.Reveal()) + s.Muted.Render("  c copies · any key hides it") + "\n")
	case confirmDelete:
		b.WriteString("\n" + s.Warning.Render("Delete "+Quote(m.target.Name)+"? Programs using it stop working. (y/n)") + "\n")
	}
	b.WriteString(common.Footer(s, m.err))
	return strings.TrimRight(b.String(), "\n")
}
