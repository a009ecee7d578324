package checkup

import (
	"strings"

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
		text := m.C.T("checkup.checking_self")
		if name := m.other(); name != "" {
			text = m.C.T("checkup.checking_other", "Name", name)
		}
		return s.Muted.Render(common.Wrap(text, max(10, m.w)))
	case m.err != "":
		text := m.C.T("checkup.unread_self", "Err", m.err)
		if name := m.other(); name != "" {
			text = m.C.T("checkup.unread_other", "Name", name, "Err", m.err)
		}
		return s.Error.Render(common.Wrap(text, max(10, m.w)))
	}
	if m.ShownAfterSignIn {
		b.WriteString(s.Muted.Render(common.Wrap(m.C.T("checkup.shown_after"), max(10, m.w))) + "\n")
	}
	verdict, level := Verdict(m.C.Lang, m.findings)
	style := s.Success
	switch level {
	case Fix:
		style = s.Error
	case Consider:
		style = s.Warning
	}
	head := m.C.T("checkup.verdict_self", "Verdict", verdict)
	if name := m.other(); name != "" {
		head = m.C.T("checkup.verdict_other", "Name", name, "Verdict", verdict)
	}
	b.WriteString(style.Bold(true).Render(common.Wrap(head, max(10, m.w))) + "\n\n")
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
		lines := strings.Split(common.Wrap(f.Text, max(10, m.w-4)), "\n")
		for j, l := range lines {
			if j == 0 {
				b.WriteString(cursor + sign + " " + l + "\n")
			} else {
				b.WriteString("    " + l + "\n")
			}
		}
	}
	if m.cur < len(m.findings) && m.findings[m.cur].Screen != "" {
		b.WriteString("\n" + s.Muted.Render(common.Wrap(m.C.T("checkup.goes_to", "Screen", m.screenName(m.findings[m.cur].Screen)), max(10, m.w))))
	}
	return strings.TrimRight(b.String(), "\n")
}

// other is the name of the user an operator acts on ("" for the user's
// own account), for the sentences that speak of them.
func (m *Model) other() string { return common.Clean(m.C.ActingOn) }

// screenName is the name of the screen enter goes to.
func (m *Model) screenName(id common.ScreenID) string {
	names := map[common.ScreenID]string{common.ProfileID: "checkup.screen_profile", common.ContactID: "checkup.screen_contact",
		common.PasswordID: "checkup.screen_password", common.IdentitiesID: "checkup.screen_identities", common.MFAID: "checkup.screen_mfa",
		common.TokensID: "checkup.screen_tokens", common.SessionsID: "checkup.screen_sessions", common.DangerID: "checkup.screen_danger"}
	if n, ok := names[id]; ok {
		return m.C.T(n)
	}
	return string(id)
}
