package identities

import (
	"fmt"
	"strings"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/termqr"
	"github.com/logto-account/logto-account/tui/common"
)

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	if m.user == nil {
		return s.Muted.Render("Loading…")
	}
	var b strings.Builder
	if m.link != nil {
		return m.linkView()
	}
	b.WriteString(s.Header.Render("Social identities") + "\n")
	if m.C.Hidden(logto.FieldSocial) {
		b.WriteString(s.Muted.Render("  not shared with this app by your tenant's Account Center: they cannot be seen or linked here") + "\n")
	} else if len(m.rows) == 0 {
		b.WriteString(s.Muted.Render("  none linked, and no social connector to link") + "\n")
	}
	for i, r := range m.rows {
		marker := "  "
		if i == m.cur {
			marker = s.Focused.Render("› ")
		}
		label := fmt.Sprintf("%-16s", name(r))
		switch {
		case r.linked:
			detail := common.Clean(r.identity.UserID)
			if e, ok := r.identity.Details["email"].(string); ok && e != "" {
				detail += "  " + common.Clean(e)
			} else if n, ok := r.identity.Details["name"].(string); ok && n != "" {
				detail += "  " + common.Clean(n)
			}
			b.WriteString(marker + s.Success.Render("linked ") + label + " " + detail + "\n")
		case r.why != "":
			b.WriteString(marker + s.Muted.Render("       "+label+" not linkable here") + "\n")
		default:
			b.WriteString(marker + "       " + label + " " + s.Muted.Render("enter to link") + "\n")
		}
	}
	if m.cur < len(m.rows) && m.rows[m.cur].why != "" {
		b.WriteString(s.Muted.Render("  "+name(m.rows[m.cur])+": "+m.rows[m.cur].why) + "\n")
	}
	b.WriteString("\n" + s.Header.Render("Enterprise SSO") + s.Muted.Render("  managed by the organisation's identity provider") + "\n")
	if len(m.user.SSOIdentities) == 0 {
		b.WriteString(s.Muted.Render("  none") + "\n")
	}
	for _, id := range m.user.SSOIdentities {
		b.WriteString(fmt.Sprintf("  %s  %s  %s\n", common.Clean(id.Issuer), common.Clean(id.IdentityID),
			s.Muted.Render("linked "+id.CreatedAt.UTC().Format("2006-01-02"))))
	}
	if o := m.orgsView(); o != "" {
		b.WriteString("\n" + o)
	}
	if m.confirm != nil {
		b.WriteString("\n" + s.Warning.Render("Unlink "+m.confirm.name+"? You will no longer sign in with it. (y/n)") + "\n")
	}
	b.WriteString(common.Footer(s, m.err))
	return strings.TrimRight(b.String(), "\n")
}

func (m *Model) linkView() string {
	s := m.C.Styles
	l := m.link
	var b strings.Builder
	b.WriteString(s.Header.Render("Link "+l.display) + "\n\n")
	copyKey := "c"
	if m.deps.Listen == nil {
		copyKey = "ctrl+y" // c is text in the paste field
	}
	b.WriteString("Open this address and sign in at " + l.display + " (" + copyKey + " copies it):\n")
	for _, part := range hardWrap(common.Clean(l.url), max(20, m.w)) {
		b.WriteString(s.Title.Render(part) + "\n")
	}
	b.WriteString("\n")
	if m.deps.Listen == nil {
		b.WriteString("Your browser will then fail to load a 127.0.0.1 address — that is expected.\n")
		b.WriteString("Copy the whole address from its address bar and paste it here, then press enter:\n")
		b.WriteString(s.Label.Render("Address: ") + m.paste.Input.View() + "\n")
	} else {
		left := l.deadline.Sub(m.C.Now())
		b.WriteString(fmt.Sprintf("Waiting for the browser… (%d:%02d left)", int(left.Minutes()), int(left.Seconds())%60))
		if m.deps.Open != nil {
			b.WriteString(s.Muted.Render("  enter opens it in your browser"))
		}
		b.WriteString("\n")
	}
	if m.err != "" {
		b.WriteString(s.Error.Render(m.err) + "\n")
	}
	if m.deps.Listen == nil {
		b.WriteString(s.Muted.Render("ctrl+y copies the address · esc cancels") + "\n")
	} else {
		b.WriteString(s.Muted.Render("esc cancels") + "\n")
	}
	if qr, err := termqr.Render(l.url, !m.C.Dark); err == nil && lipglossHeight(b.String())+lipglossHeight(qr) <= m.h {
		b.WriteString(qr)
	}
	return strings.TrimRight(b.String(), "\n")
}

func lipglossHeight(s string) int { return strings.Count(s, "\n") + 1 }

// hardWrap cuts a long URL into lines of width (URLs have no spaces to wrap at).
func hardWrap(s string, width int) []string {
	var out []string
	for len(s) > width {
		out = append(out, s[:width])
		s = s[width:]
	}
	return append(out, s)
}
