package danger

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// View implements common.Screen. Where the window is too short for every
// explanation (60×20 cut off "Press x to start", the suspension and the
// confirmation field), the parts not in use are said in a line each.
func (m *Model) View() string {
	s := m.C.Styles
	if m.mode == gone {
		return s.Header.Render(m.farewel)
	}
	if m.user == nil {
		return s.Muted.Render("Loading…")
	}
	v := m.view(false)
	if m.h > 0 && strings.Count(v, "\n")+1 > m.h {
		v = m.view(true)
	}
	return v
}

func (m *Model) view(compact bool) string {
	s := m.C.Styles
	var b strings.Builder
	whose := "your"
	if m.deps.Admin {
		whose = common.Clean(m.user.DisplayName()) + "'s"
	}
	width := max(20, min(88, m.w))
	b.WriteString(m.safetyView(compact))
	b.WriteString(s.Error.Render("Delete this account") + "\n")
	if m.lacksDelete() {
		why := common.Lacking(logto.CapDeleteAccount)
		if compact {
			why = "Not in this mode: ask your administrator."
		}
		b.WriteString(common.Wrap(why, width) + "\n")
		b.WriteString(common.Footer(s, m.err))
		return strings.TrimRight(b.String(), "\n")
	}
	if compact && m.mode != typing && m.mode != deleting {
		b.WriteString(common.Wrap("Removes "+whose+" account and all it holds, for good.", width) + "\n")
	} else {
		b.WriteString(common.Wrap("Deleting removes, for good: "+whose+" profile and custom data, "+
			"email and phone, password, linked identities, two-step methods, personal access tokens, and every session and app "+
			"authorisation. Apps lose access at once. It cannot be undone.", width) + "\n")
	}
	if !compact {
		b.WriteString("\n")
	}
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
		b.WriteString("\n" + common.Wrap(s.Warning.Render("Admin")+": this user is "+state+". s suspends or reinstates (suspending signs them out everywhere).", width) + "\n")
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

// safetyView is the export and the lockdown, above the deletion; compact,
// an export that is not offered is left out and the lockdown is a line.
func (m *Model) safetyView(compact bool) string {
	s := m.C.Styles
	wrap := lipgloss.NewStyle().Width(max(20, min(88, m.w)))
	var b strings.Builder
	heading, compromised := "Export my data", "My account may be compromised"
	if m.deps.Admin { // the operator acts on someone else's account
		heading, compromised = "Export "+m.C.Whose(false)+" data", m.C.Whose(true)+" account may be compromised"
	}
	switch {
	case compact && !m.exportOffered() && !m.exporting && m.exportPath == "":
	case compact && m.exportPath == "" && !m.exporting:
		b.WriteString(s.Header.Render(heading) + "\n" + common.Wrap("e writes it to a new file in "+m.deps.ExportDir+".", max(20, min(88, m.w))) + "\n\n")
	default:
		b.WriteString(s.Header.Render(heading) + "\n" + m.exportView() + "\n")
	}
	b.WriteString(s.Warning.Render(compromised) + "\n")
	switch {
	case m.mode == lockingDown:
		b.WriteString(s.Muted.Render("Signing out everywhere and revoking access…") + "\n")
	case m.mode == confirmLockdown && m.deps.Admin:
		b.WriteString(s.Warning.Inherit(wrap).Render("Sign out every browser of "+m.C.Whose(false)+" account, revoke every app's access "+
			"and every personal access token of it? Nothing else is changed. (y/n)") + "\n")
	case m.mode == confirmLockdown && m.lacksTokens():
		b.WriteString(s.Warning.Inherit(wrap).Render("Sign out every browser and revoke every app's access, this program's "+
			"own sign-in last? Personal access tokens are out of reach here; nothing else is changed. (y/n)") + "\n")
	case m.mode == confirmLockdown:
		b.WriteString(s.Warning.Inherit(wrap).Render("Sign out every browser, revoke every app's access and every personal "+
			"access token, this program's own sign-in last? Nothing else is changed. (y/n)") + "\n")
	case len(m.report) > 0:
		for _, l := range m.report {
			b.WriteString(wrap.Render(l) + "\n")
		}
	case compact:
		b.WriteString(wrap.Render("m signs out everywhere and revokes every access.") + "\n")
	case m.deps.Admin: // no proof of the user is asked, and the operator's own sign-in is not among theirs
		b.WriteString(wrap.Render("m signs out every browser of theirs and revokes every app's access and personal access "+
			"token, after you confirm, and says what to change next.") + "\n")
	case m.lacksTokens():
		b.WriteString(wrap.Render("m signs out every browser and revokes every app's access (this program's last) "+
			"after a fresh confirmation, and says what to change next.") + "\n")
	default:
		b.WriteString(wrap.Render("m signs out every browser, revokes every app's access and personal access token "+
			"(this program's last) after a fresh confirmation, and says what to change next.") + "\n")
	}
	return b.String() + "\n"
}

// exportView is the export's lines under its heading.
func (m *Model) exportView() string {
	s := m.C.Styles
	wrap := lipgloss.NewStyle().Width(max(20, min(88, m.w)))
	var b strings.Builder
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
	return b.String()
}
