package password

import (
	"strings"

	"github.com/logto-account/logto-account/logto"
)

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	if m.C.Hidden(logto.FieldPassword) {
		return s.Muted.Render("Your tenant's Account Center does not share the password with this app, so it cannot be " +
			"set or changed here. Ask your administrator, or use the tenant's account page.")
	}
	var b strings.Builder
	switch {
	case m.admin:
		b.WriteString(s.Header.Render("Set "+m.whose()+"'s password") + s.Muted.Render("  (as an operator: the old one is not needed)") + "\n\n")
	case !m.C.Subject.HasPassword:
		b.WriteString(s.Muted.Render("You have no password yet; set one to sign in with it.") + "\n\n")
	}
	b.WriteString(m.form.View(s, 18, 0, len(m.form.Fields)) + "\n\n")
	for _, it := range m.checklist() {
		mark, st := "✗", s.Error
		if it.OK {
			mark, st = "✓", s.Success
		}
		if m.form.Get("new").Value() == "" {
			mark, st = "·", s.Muted
		}
		b.WriteString(st.Render(mark+" "+it.Label) + "\n")
	}
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render(m.err) + "\n")
	}
	if m.offer {
		b.WriteString("\n" + s.Warning.Render("Sign out your other browser sessions too? (y/n)") + "\n")
	}
	if !m.editing && !m.offer {
		b.WriteString("\n" + s.Muted.Render("Press enter to start typing.") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
