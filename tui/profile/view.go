package profile

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"
	"net/url"
	"strings"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	if m.user == nil {
		return s.Muted.Render("Loading " + m.C.Whose(false) + " profile…")
	}
	if m.av.open {
		return m.avatarView()
	}
	u := m.user
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s  %s %s  %s %s\n", s.Label.Render("Id"), common.Clean(u.ID),
		s.Label.Render("Created"), dateOf(u.CreatedAt), s.Label.Render("Last sign-in"), dateOf(u.LastSignInAt))
	if len(u.SSOIdentities) > 0 {
		var names []string
		for _, id := range u.SSOIdentities {
			names = append(names, common.Clean(id.IdentityID+" ("+hostOf(id.Issuer)+")"))
		}
		line := s.Label.Render("Enterprise SSO") + " " + strings.Join(names, ", ") + s.Muted.Render(" · managed by the organisation's identity provider")
		b.WriteString(ansi.Truncate(line, max(10, m.w), "…") + "\n") // one line, so the rows below are counted right
	}
	// The box gets the room the fields leave (at least 5 lines); the
	// fields scroll when there is not enough for both.
	head := lineCount(b.String())
	fieldLines := len(m.form.Fields)
	for _, f := range m.form.Fields {
		if f.Err != "" {
			fieldLines++
		}
	}
	errLine := 0
	if m.cdErr != "" {
		errLine = 1
	}
	if m.note != "" {
		errLine++
	}
	m.boxH = max(5, m.h-head-fieldLines-1-errLine)
	rows := max(3, m.h-head-m.boxH-1-errLine)
	m.top = m.form.Top(m.top, rows, m.sel)
	b.WriteString(m.form.View(s, 18, m.top, rows) + "\n")
	if m.note != "" {
		b.WriteString(s.Muted.Render(ansi.Truncate(m.note, max(10, m.w), "…")) + "\n")
	}
	label := s.Label.Render("Custom data (JSON)")
	if m.customFocused() {
		label = s.Focused.Render("› Custom data (JSON)")
	}
	b.WriteString(label + s.Muted.Render("  save merges keys; deleting one replaces it all") + "\n")
	b.WriteString(m.custom.View(s, m.w, m.boxH))
	if m.cdErr != "" {
		b.WriteString("\n" + s.Error.Render(m.cdErr))
	}
	return b.String()
}

func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

func hostOf(issuer string) string {
	if u, err := url.Parse(issuer); err == nil && u.Host != "" {
		return u.Host
	}
	return issuer
}

func dateOf(t logto.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2006-01-02 15:04")
}
