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
		return s.Muted.Render(m.whose("profile.loading", "profile.loading_of"))
	}
	if m.av.open {
		return m.avatarView()
	}
	u := m.user
	var b strings.Builder
	// The account's facts on one line, or two in a narrow window: the lines
	// are counted below, so none may fold.
	facts := fmt.Sprintf("%s %s  %s %s", s.Label.Render(m.C.T("profile.id")), common.Clean(u.ID),
		s.Label.Render(m.C.T("profile.created")), m.dateOf(u.CreatedAt))
	last := s.Label.Render(m.C.T("profile.last_sign_in")) + " " + m.dateOf(u.LastSignInAt)
	if sep := "  "; common.Width(facts+sep+last) <= m.w {
		b.WriteString(facts + sep + last + "\n")
	} else {
		b.WriteString(ansi.Truncate(facts, max(10, m.w), "…") + "\n" + last + "\n")
	}
	if len(u.SSOIdentities) > 0 {
		var names []string
		for _, id := range u.SSOIdentities {
			names = append(names, common.Clean(id.IdentityID+" ("+hostOf(id.Issuer)+")"))
		}
		line := s.Label.Render(m.C.T("profile.enterprise_sso")) + " " + strings.Join(names, m.C.T("profile.list_sep"))
		if note := s.Muted.Render(" · " + m.C.T("profile.sso_managed")); common.Width(line+note) <= m.w {
			line += note
		}
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
	question := m.question()
	errLine := 0
	if m.cdErr != "" {
		errLine = 1
	}
	if question != "" {
		errLine = lineCount(question)
	}
	note := ""
	if m.note != "" { // whole, folded: it says why and who decides
		note = common.Wrap(m.note, max(20, m.w))
		// Where that leaves too little room for the fields and the box,
		// a line points at the whole sentence.
		if m.h-head-3-1-5-errLine < lineCount(note) {
			note = ansi.Truncate(m.C.T("profile.address_read_only_short"), max(10, m.w), "…")
		}
		errLine += lineCount(note)
	}
	m.boxH = max(5, m.h-head-fieldLines-1-errLine)
	rows := max(3, m.h-head-m.boxH-1-errLine)
	m.top = m.form.Top(m.top, rows, m.sel)
	m.rows = rows
	b.WriteString(m.form.View(s, m.labelW, m.top, rows) + "\n")
	if note != "" {
		b.WriteString(s.Muted.Render(note) + "\n")
	}
	label := s.Label.Render(m.C.T("profile.custom_data"))
	if m.customFocused() {
		label = s.Focused.Render("› " + m.C.T("profile.custom_data"))
	}
	if note := s.Muted.Render("  " + m.C.T("profile.custom_data_note")); common.Width(label+note) <= m.w {
		label += note // in a narrow window the question before a replacing save says it
	}
	b.WriteString(label + "\n")
	b.WriteString(m.custom.View(s, m.w, m.boxH))
	if question != "" {
		b.WriteString("\n" + s.Warning.Render(question))
	} else if m.cdErr != "" {
		b.WriteString("\n" + s.Error.Render(m.cdErr))
	}
	return b.String()
}

// question is the question on screen, wrapped to the width ("" when none).
func (m *Model) question() string {
	switch m.ask {
	case askUndo:
		return common.Wrap(m.C.T("profile.ask_undo"), max(20, m.w))
	case askReplace:
		return common.Wrap(m.C.N("profile.ask_replace", len(m.removed), "Keys", m.quoteList(m.removed)), max(20, m.w))
	}
	return ""
}

// quoteList is "a", "a" and "b", or "a", "b" and "c" (cleaned, each
// quoted), in the program's language.
func (m *Model) quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = m.C.T("profile.quoted", "Key", common.Clean(k))
	}
	if len(q) == 1 {
		return q[0]
	}
	return m.C.T("profile.list_and", "Rest", strings.Join(q[:len(q)-1], m.C.T("profile.list_sep")), "Last", q[len(q)-1])
}

// whose is the sentence own on one's own account, or other (its {{.Name}}
// the user's) when an operator acts on another user's.
func (m *Model) whose(own, other string) string {
	if m.C.ActingOn != "" {
		return m.C.T(other, "Name", common.Clean(m.C.ActingOn))
	}
	return m.C.T(own)
}

func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

func hostOf(issuer string) string {
	if u, err := url.Parse(issuer); err == nil && u.Host != "" {
		return u.Host
	}
	return issuer
}

func (m *Model) dateOf(t logto.Time) string {
	if t.IsZero() {
		return m.C.T("profile.never")
	}
	return m.C.Lang.DateTime(t.Local())
}
