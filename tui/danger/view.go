package danger

import (
	"strings"

	"github.com/logto-account/logto-account/tui/common"
)

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	if m.mode == gone {
		return s.Header.Render(m.farewel)
	}
	if m.user == nil {
		return s.Muted.Render("Loading…")
	}
	var b strings.Builder
	whose := "your"
	if m.deps.Admin {
		whose = common.Clean(m.user.DisplayName()) + "'s"
	}
	b.WriteString(s.Error.Render("Delete this account") + "\n")
	b.WriteString(common.Wrap("Deleting removes, for good: "+whose+" profile and custom data, "+
		"email and phone, password, linked identities, two-step methods, personal access tokens, and every session and app "+
		"authorisation. Apps lose access at once. It cannot be undone.", max(20, min(88, m.w))) + "\n\n")
	switch m.mode {
	case typing:
		b.WriteString("Type " + s.Header.Render(common.Clean(m.expected())) + " to confirm: " + m.field.Input.View() + "\n")
	case deleting:
		if m.Req.Pending("delete") {
			b.WriteString(s.Muted.Render("Deleting…") + "\n")
		}
	default:
		b.WriteString(s.Muted.Render("Press x to start.") + "\n")
	}
	if m.deps.Admin {
		state := "active"
		if m.user.IsSuspended {
			state = "SUSPENDED"
		}
		b.WriteString("\n" + s.Warning.Render("Admin") + ": this user is " + state + ". s suspends or reinstates (suspending signs them out everywhere).\n")
		if m.mode == confirmSuspend {
			verb := "Suspend"
			if m.user.IsSuspended {
				verb = "Reinstate"
			}
			b.WriteString(s.Warning.Render(verb+" "+common.Clean(m.user.DisplayName())+"? (y/n)") + "\n")
		}
	}
	b.WriteString(common.Footer(s, m.err))
	return strings.TrimRight(b.String(), "\n")
}
