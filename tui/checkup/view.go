package checkup

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/logto-account/logto-account/tui/common"
)

// mark is a finding's sign, readable without colour.
func mark(l Level) string {
	switch l {
	case Fix:
		return "!"
	case Consider:
		return "?"
	case Note:
		return "·"
	}
	return "✓"
}

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	var b strings.Builder
	switch {
	case !m.loaded && m.err == "":
		return s.Muted.Render("Checking " + m.C.Whose(false) + " account…")
	case m.err != "":
		return s.Error.Width(max(10, m.w)).Render("The check-up could not read " + m.C.Whose(false) + " account. " + m.err)
	}
	if m.ShownAfterSignIn {
		b.WriteString(s.Muted.Width(max(10, m.w)).Render("Shown after your sign-in because something needs attention; esc skips it, C brings it back.") + "\n")
	}
	verdict, level := Verdict(m.findings)
	style := s.Success
	switch level {
	case Fix:
		style = s.Error
	case Consider:
		style = s.Warning
	}
	b.WriteString(style.Bold(true).Width(max(10, m.w)).Render(m.C.Whose(true)+" account: "+verdict) + "\n\n")
	wrap := lipgloss.NewStyle().Width(max(10, m.w-4))
	for i, f := range m.findings {
		sign := mark(f.Level)
		switch f.Level {
		case Fix:
			sign = s.Error.Render(sign)
		case Consider:
			sign = s.Warning.Render(sign)
		case Fine:
			sign = s.Success.Render(sign)
		default:
			sign = s.Muted.Render(sign)
		}
		cursor := "  "
		if i == m.cur {
			cursor = s.Focused.Render("› ")
		}
		lines := strings.Split(wrap.Render(f.Text), "\n")
		for j, l := range lines {
			if j == 0 {
				b.WriteString(cursor + sign + " " + l + "\n")
			} else {
				b.WriteString("    " + l + "\n")
			}
		}
	}
	if m.cur < len(m.findings) && m.findings[m.cur].Screen != "" {
		b.WriteString("\n" + s.Muted.Render("enter goes to "+screenName(m.findings[m.cur].Screen)+" · esc back · R checks again"))
	}
	return strings.TrimRight(b.String(), "\n")
}

func screenName(id common.ScreenID) string {
	switch id {
	case common.ProfileID:
		return "Profile"
	case common.ContactID:
		return "Email & phone"
	case common.PasswordID:
		return "Password"
	case common.IdentitiesID:
		return "Identities"
	case common.MFAID:
		return "Two-step"
	case common.TokensID:
		return "Tokens"
	case common.SessionsID:
		return "Sessions"
	case common.DangerID:
		return "the danger zone"
	}
	return string(id)
}
