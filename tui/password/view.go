package password

import (
	"strings"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	if m.C.Hidden(logto.FieldPassword) {
		return s.Muted.Render(m.C.T("password.hidden"))
	}
	var b strings.Builder
	switch {
	case m.admin:
		b.WriteString(s.Header.Render(m.C.T("password.operator_heading", "Name", m.whose())) +
			s.Muted.Render("  "+m.C.T("password.operator_note")) + "\n\n")
	case !m.C.Subject.HasPassword:
		b.WriteString(s.Muted.Render(m.C.T("password.none_yet")) + "\n\n")
	}
	b.WriteString(m.fields())
	if line := m.matchLine(); line != "" {
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	for _, it := range m.checklist() {
		mark, st := "✗", s.Error
		if it.OK {
			mark, st = "✓", s.Success
		}
		if m.form.Get("new").Value() == "" {
			mark, st = "·", s.Muted
		}
		b.WriteString(st.Render(mark+" "+it.Label(m.C.Lang)) + "\n")
	}
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render(m.err) + "\n")
	}
	if m.offer {
		b.WriteString("\n" + s.Warning.Render(m.C.T("password.offer_sign_out")) + "\n")
	}
	if !m.editing && !m.offer {
		b.WriteString("\n" + s.Muted.Render(m.C.T("password.press_enter")) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// fields draws the two fields, their labels in a column as wide as the
// wider label in cells (common.Form's View pads by runes, so a Chinese
// label pushed its input past the window's edge).
func (m *Model) fields() string {
	s := m.C.Styles
	lw := m.labelWidth()
	var b strings.Builder
	for i, f := range m.form.Fields {
		label := common.Pad(f.Label, lw)
		if i == m.form.Focus {
			b.WriteString(s.Focused.Render("› " + label))
		} else {
			b.WriteString("  " + s.Label.Render(label))
		}
		b.WriteString(" " + f.Input.View())
		if f.Changed() {
			b.WriteString(s.Warning.Render(" *"))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// matchLine says, as the repeat is typed, whether it matches the new
// password ("" while the repeat is empty): still typing the same
// characters, the same, or different.
func (m *Model) matchLine() string {
	s := m.C.Styles
	pw, rep := m.form.Get("new").Value(), m.form.Get("confirm").Value()
	pad := strings.Repeat(" ", m.labelWidth()+3) // under the fields' values: "› ", the label, a space
	switch {
	case rep == "":
		return ""
	case rep == pw:
		return pad + s.Success.Render("✓ "+m.C.T("password.match_same"))
	case strings.HasPrefix(pw, rep):
		return pad + s.Muted.Render("· "+m.C.T("password.match_so_far"))
	}
	return pad + s.Error.Render("✗ "+m.C.T("password.match_differs"))
}
