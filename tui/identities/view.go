package identities

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	if m.user == nil {
		return s.Muted.Render(m.C.T("identities.loading"))
	}
	var b strings.Builder
	if m.link != nil {
		return m.linkView()
	}
	b.WriteString(s.Header.Render(m.C.T("identities.social_heading")) + "\n")
	if m.C.Hidden(logto.FieldSocial) {
		b.WriteString(s.Muted.Render(common.Wrap("  "+m.C.T("identities.social_hidden"), max(20, m.w))) + "\n")
	} else if len(m.rows) == 0 {
		b.WriteString(s.Muted.Render("  "+m.C.T("identities.social_none")) + "\n")
	}
	// The state's column is as wide as its word in the language, in cells.
	linked := m.C.T("identities.state_linked")
	stateW := common.Width(linked) + 1
	for i, r := range m.rows {
		marker := "  "
		if i == m.cur {
			marker = s.Focused.Render("› ")
		}
		label := common.Pad(m.name(r), 16)
		switch {
		case r.linked:
			detail := common.Clean(r.identity.UserID)
			if e, ok := r.identity.Details["email"].(string); ok && e != "" {
				detail += "  " + common.Clean(e)
			} else if n, ok := r.identity.Details["name"].(string); ok && n != "" {
				detail += "  " + common.Clean(n)
			}
			b.WriteString(marker + s.Success.Render(common.Pad(linked, stateW)) + label + " " + detail + "\n")
		case r.why != CanLink:
			b.WriteString(marker + s.Muted.Render(strings.Repeat(" ", stateW)+label+" "+m.C.T("identities.not_linkable_here")) + "\n")
		default:
			b.WriteString(marker + strings.Repeat(" ", stateW) + label + " " + s.Muted.Render(m.C.T("identities.enter_to_link")) + "\n")
		}
	}
	if m.cur < len(m.rows) && m.rows[m.cur].why != CanLink {
		r := m.rows[m.cur]
		b.WriteString(s.Muted.Render(common.Wrap("  "+m.C.T("identities.why_row", "Name", m.name(r), "Why", r.why.Reason(m.C.Lang)), max(20, m.w))) + "\n")
	}
	if note := m.unnamed(); note != "" {
		b.WriteString(s.Muted.Render(common.Wrap(note, max(20, m.w))) + "\n")
	}
	// The question and the error of an action go under the rows it is
	// about, not at the end: the sections below push the end past a
	// 60×20 window, and a question nobody sees cannot be answered.
	if m.confirm != nil {
		b.WriteString("\n" + s.Warning.Render(common.Wrap(m.C.T("identities.confirm_unlink", "Name", m.confirm.name), max(20, m.w))) + "\n")
	}
	if m.err != "" {
		b.WriteString("\n" + s.Error.Render(common.Wrap(m.err, max(20, m.w))) + "\n")
	}
	b.WriteString("\n" + s.Header.Render(m.C.T("identities.sso_heading")) + s.Muted.Render("  "+m.C.T("identities.sso_managed")) + "\n")
	switch {
	case m.user.SSOIdentities == nil:
		// The Account API sends them only to a token with the
		// identities scope: "none" would be a guess.
		b.WriteString(s.Muted.Render(common.Wrap("  "+m.C.T("identities.sso_not_shared"), max(20, m.w))) + "\n")
	case len(m.user.SSOIdentities) == 0:
		b.WriteString(s.Muted.Render("  "+m.C.T("identities.none")) + "\n")
	}
	for _, id := range m.user.SSOIdentities {
		b.WriteString("  " + common.Clean(id.Issuer) + "  " + common.Clean(id.IdentityID) + "  " +
			s.Muted.Render(m.C.T("identities.sso_linked_on", "Date", m.C.Lang.Date(id.CreatedAt.Local()))) + "\n")
	}
	if o := m.orgsView(); o != "" {
		b.WriteString("\n" + o)
	}
	return strings.TrimRight(b.String(), "\n")
}

// unnamed says why linked providers are shown by their id ("" when every
// one has its name): the Account API names only the providers the tenant
// offers at sign-in (its public sign-in experience); the Management API
// names every connector, so one missing has been removed.
func (m *Model) unnamed() string {
	var ids []string
	for _, r := range m.rows {
		if r.linked && r.connector == nil {
			ids = append(ids, common.Clean(r.target))
		}
	}
	if len(ids) == 0 || m.conns == nil {
		return ""
	}
	list := strings.Join(ids, m.C.T("identities.list_sep"))
	if _, account := m.be().(interface{ Mode() string }); account {
		return m.C.N("identities.unnamed_account", len(ids), "IDs", list)
	}
	return m.C.N("identities.unnamed_removed", len(ids), "IDs", list)
}

func (m *Model) linkView() string {
	s := m.C.Styles
	// The code goes below the words, never beside: a mouse selection of the
	// address would take the code's blocks on the same lines with it.
	view, ok := m.qr.Below(m.linkText, m.link.url, m.C.Dark, m.w, m.h)
	m.qrBeside = ok
	if ok {
		return view
	}
	key := "o"
	if m.deps.Listen == nil {
		key = "ctrl+o"
	}
	hint := m.C.T("identities.qr_too_long", "Key", key)
	if w, h := m.C.Window(m.w, m.h); m.qr.Alone(m.link.url, m.C.Dark, w, h) == "" {
		hint = m.C.T("identities.qr_enlarge")
	}
	return view + "\n\n" + s.Muted.Render(common.Wrap(hint, max(20, m.w)))
}

// FullView implements common.FullViewer: the provider's address as a QR
// code filling the window, when the user asked for it.
func (m *Model) FullView(w, h int) string {
	if !m.whole || m.link == nil {
		return ""
	}
	return m.qr.Alone(m.link.url, m.C.Dark, w, h)
}

// linkText is the linking's words for a column of width: the provider's
// address (a hyperlink, cut into lines without any other character, so
// that it reads back whole), what to do, and the paste field or the wait.
func (m *Model) linkText(width int) string {
	s := m.C.Styles
	l := m.link
	var b strings.Builder
	b.WriteString(s.Header.Render(m.C.T("identities.link_heading", "Name", l.display)) + "\n\n")
	copyKey := "c"
	if m.deps.Listen == nil {
		copyKey = "ctrl+y" // c is text in the paste field
	}
	b.WriteString(common.Wrap(m.C.T("identities.link_open", "Name", l.display, "Key", copyKey), width) + "\n")
	link := common.Clean(l.url)
	for _, part := range hardWrap(link, max(20, width)) {
		b.WriteString(ansi.SetHyperlink(link, "id=logto-account-link") + s.Title.Render(part) + ansi.ResetHyperlink() + "\n")
	}
	b.WriteString("\n")
	if m.deps.Listen == nil {
		b.WriteString(common.Wrap(m.C.T("identities.paste_steps"), width) + "\n")
		label := m.C.T("identities.address_label")
		m.paste.Input.SetWidth(max(10, width-common.Width(label)-2))
		b.WriteString(s.Label.Render(label+" ") + m.paste.Input.View() + "\n")
	} else {
		left := l.deadline.Sub(m.C.Now())
		b.WriteString(common.Wrap(m.C.T("identities.waiting", "Left", fmt.Sprintf("%d:%02d", int(left.Minutes()), int(left.Seconds())%60)), width) + "\n")
	}
	if m.err != "" {
		b.WriteString(s.Error.Render(common.Wrap(m.err, width)) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// hardWrap cuts a long URL into lines of width cells (URLs have no spaces
// to wrap at).
func hardWrap(s string, width int) []string {
	var out []string
	for common.Width(s) > width {
		part := ansi.Truncate(s, width, "")
		out, s = append(out, part), s[len(part):]
	}
	return append(out, s)
}
