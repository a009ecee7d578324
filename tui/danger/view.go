package danger

import (
	"strings"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// View implements common.Screen. Where the window is too short for every
// explanation (60×20 cut off "Press x to start", the suspension and the
// confirmation field), the parts not in use are said in a line each.
func (m *Model) View() string {
	s := m.C.Styles
	if m.mode == gone {
		return s.Header.Render(common.Wrap(m.farewel, max(20, min(88, m.w))))
	}
	if m.user == nil {
		return s.Muted.Render(m.C.T("danger.loading"))
	}
	v := m.view(full)
	for level := compact; level <= typingOnly && m.h > 0 && strings.Count(v, "\n")+1 > m.h; level++ {
		v = m.view(level)
	}
	return v
}

// How much the view says, from everything to what fits a short window.
type detail int

const (
	full       detail = iota
	compact           // the parts not in use in a line each
	typingOnly        // typing the confirmation: the export and the lockdown give way to its error
)

// whom is the name of the user an operator acts on ("" for the user's own
// account): the sentences then speak of them, not of "your" account.
func (m *Model) whom() string {
	switch {
	case m.C.ActingOn != "":
		return common.Clean(m.C.ActingOn)
	case m.deps.Admin && m.user != nil:
		return common.Clean(m.user.DisplayName())
	}
	return ""
}

// mine is the self id when the account is the user's own, else the other
// id with the operator's user named.
func (m *Model) mine(self, other string) string {
	if name := m.whom(); name != "" {
		return m.C.T(other, "Name", name)
	}
	return m.C.T(self)
}

func (m *Model) view(level detail) string {
	s := m.C.Styles
	var b strings.Builder
	width := max(20, min(88, m.w))
	compact := level >= compact
	if level < typingOnly || m.mode != typing {
		b.WriteString(m.safetyView(compact))
	}
	b.WriteString(s.Error.Render(m.C.T("danger.delete_heading")) + "\n")
	if m.lacksDelete() {
		why := m.C.Lacking(logto.CapDeleteAccount)
		if compact {
			why = m.C.T("danger.not_in_mode")
		}
		b.WriteString(common.Wrap(why, width) + "\n")
		b.WriteString(common.Footer(s, common.Wrap(m.err, width)))
		return strings.TrimRight(b.String(), "\n")
	}
	if compact && m.mode != typing && m.mode != deleting {
		b.WriteString(common.Wrap(m.mine("danger.removes_self", "danger.removes_other"), width) + "\n")
	} else {
		b.WriteString(common.Wrap(m.mine("danger.deleting_removes_self", "danger.deleting_removes_other"), width) + "\n")
	}
	if !compact {
		b.WriteString("\n")
	}
	switch m.mode {
	case typing:
		b.WriteString(m.C.T("danger.type_to_confirm", "Text", s.Header.Render(common.Clean(m.expected()))) + m.field.Input.View() + "\n")
	case deleting:
		if m.Req.Pending("delete") {
			b.WriteString(s.Muted.Render(m.C.T("danger.deleting")) + "\n")
		}
	default:
		b.WriteString(s.Muted.Render(m.C.T("danger.press_x")) + "\n")
	}
	if m.deps.Admin {
		state := "danger.admin_active"
		if m.user.IsSuspended {
			state = "danger.admin_suspended"
		}
		b.WriteString("\n" + common.Wrap(m.C.T(state, "Admin", s.Warning.Render(m.C.T("danger.admin_label"))), width) + "\n")
		if m.mode == confirmSuspend {
			ask := "danger.confirm_suspend"
			if m.user.IsSuspended {
				ask = "danger.confirm_reinstate"
			}
			b.WriteString(s.Warning.Render(common.Wrap(m.C.T(ask, "Name", common.Clean(m.user.DisplayName())), width)) + "\n")
		}
	}
	b.WriteString(common.Footer(s, common.Wrap(m.err, width)))
	return strings.TrimRight(b.String(), "\n")
}

// safetyView is the export and the lockdown, above the deletion; compact,
// an export that is not offered is left out and the lockdown is a line.
func (m *Model) safetyView(compact bool) string {
	s := m.C.Styles
	width := max(20, min(88, m.w))
	wrap := func(text string) string { return common.Wrap(text, width) }
	var b strings.Builder
	heading := m.mine("danger.export_heading_self", "danger.export_heading_other")
	compromised := m.mine("danger.compromised_self", "danger.compromised_other")
	switch {
	case compact && !m.exportOffered() && !m.exporting && m.exportPath == "":
	case compact && m.exportPath == "" && !m.exporting:
		b.WriteString(s.Header.Render(heading) + "\n" + common.Wrap(m.C.T("danger.export_short", "Dir", m.deps.ExportDir), max(20, min(88, m.w))) + "\n\n")
	default:
		b.WriteString(s.Header.Render(heading) + "\n" + m.exportView() + "\n")
	}
	b.WriteString(s.Warning.Render(compromised) + "\n")
	switch {
	case m.mode == lockingDown:
		b.WriteString(s.Muted.Render(common.Wrap(m.C.T("danger.locking_down"), max(20, min(88, m.w)))) + "\n")
	case m.mode == confirmLockdown && m.deps.Admin:
		b.WriteString(s.Warning.Render(wrap(m.C.T("danger.confirm_lockdown_other", "Name", m.whom()))) + "\n")
	case m.mode == confirmLockdown && m.lacksTokens():
		b.WriteString(s.Warning.Render(wrap(m.C.T("danger.confirm_lockdown_no_tokens"))) + "\n")
	case m.mode == confirmLockdown:
		b.WriteString(s.Warning.Render(wrap(m.C.T("danger.confirm_lockdown"))) + "\n")
	case len(m.report) > 0:
		for _, l := range m.report {
			b.WriteString(wrap(l) + "\n")
		}
	case compact:
		b.WriteString(wrap(m.C.T("danger.lockdown_short")) + "\n")
	case m.deps.Admin: // no proof of the user is asked, and the operator's own sign-in is not among theirs
		b.WriteString(wrap(m.C.T("danger.lockdown_offer_other")) + "\n")
	case m.lacksTokens():
		b.WriteString(wrap(m.C.T("danger.lockdown_offer_no_tokens")) + "\n")
	default:
		b.WriteString(wrap(m.C.T("danger.lockdown_offer")) + "\n")
	}
	return b.String() + "\n"
}

// exportView is the export's lines under its heading.
func (m *Model) exportView() string {
	s := m.C.Styles
	width := max(20, min(88, m.w))
	wrap := func(text string) string { return common.Wrap(text, width) }
	var b strings.Builder
	switch {
	case m.exporting:
		b.WriteString(s.Muted.Render(m.C.T("danger.exporting")) + "\n")
	case m.exportPath != "":
		// The path on a line of its own, never cut or broken at a hyphen.
		b.WriteString(s.Success.Render(common.Wrap(m.C.T("danger.export_where"), max(20, min(88, m.w)))) + "\n  " + m.exportPath + "\n")
		if m.exported != "" {
			b.WriteString(wrap(m.exported) + "\n")
		}
	case m.exportOffered():
		if m.C.ActingOn != "" {
			b.WriteString(wrap(m.C.T("danger.export_offer_other", "Name", common.Clean(m.C.ActingOn), "Dir", m.deps.ExportDir)) + "\n")
		} else {
			b.WriteString(wrap(m.C.T("danger.export_offer_self", "Dir", m.deps.ExportDir)) + "\n")
		}
	default:
		why := m.deps.ExportWhyNot
		if why == "" {
			why = m.C.T("danger.export_no_folder")
		}
		b.WriteString(s.Muted.Render(wrap(why)) + "\n")
	}
	return b.String()
}
