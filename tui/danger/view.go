package danger

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/logto-account/logto-account/logto"
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
	b.WriteString(m.safetyView())
	b.WriteString(s.Error.Render("Delete this account") + "\n")
	if m.lacksDelete() {
		b.WriteString(common.Wrap(common.Lacking(logto.CapDeleteAccount), max(20, min(88, m.w))) + "\n")
		b.WriteString(common.Footer(s, m.err))
		return strings.TrimRight(b.String(), "\n")
	}
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

// safetyView is the export and the lockdown, above the deletion.
func (m *Model) safetyView() string {
	s := m.C.Styles
	wrap := lipgloss.NewStyle().Width(max(20, min(88, m.w)))
	var b strings.Builder
	b.WriteString(s.Header.Render("Export my data") + "\n")
	switch {
	case m.exporting:
		b.WriteString(s.Muted.Render("Exporting…") + "\n")
	case m.exportPath != "":
		// The path on a line of its own, never cut or broken at a hyphen.
		b.WriteString(s.Success.Render("Your data is in this file, readable only by you:") + "\n  " + m.exportPath + "\n")
		if m.exported != "" {
			b.WriteString(wrap.Render(m.exported) + "\n")
		}
	case m.exportOffered():
		b.WriteString(wrap.Render("e writes everything Logto holds about "+m.C.Whose(false)+" account, without secrets, "+
			"to a new file only you can read in "+m.deps.ExportDir+".") + "\n")
	default:
		why := m.deps.ExportWhyNot
		if why == "" {
			why = "This program was started without a folder to export to."
		}
		b.WriteString(s.Muted.Inherit(wrap).Render(why) + "\n")
	}
	b.WriteString("\n" + s.Warning.Render("My account may be compromised") + "\n")
	switch {
	case m.mode == lockingDown:
		b.WriteString(s.Muted.Render("Signing out everywhere and revoking access…") + "\n")
	case m.mode == confirmLockdown:
		b.WriteString(s.Warning.Inherit(wrap).Render("Sign out every browser, revoke every app's access and every personal "+
			"access token, this program's own sign-in last? Nothing else is changed. (y/n)") + "\n")
	case len(m.report) > 0:
		for _, l := range m.report {
			b.WriteString(wrap.Render(l) + "\n")
		}
	default:
		b.WriteString(wrap.Render("m signs out every browser, revokes every app's access and personal access token "+
			"(this program's last) after a fresh confirmation, and says what to change next.") + "\n")
	}
	return b.String() + "\n"
}
