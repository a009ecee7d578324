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
		label := common.Pad(name(r), 16)
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
	if note := m.unnamed(); note != "" {
		b.WriteString(s.Muted.Render(common.Wrap(note, max(20, m.w))) + "\n")
	}
	b.WriteString("\n" + s.Header.Render("Enterprise SSO") + s.Muted.Render("  managed by the organisation's identity provider") + "\n")
	switch {
	case m.user.SSOIdentities == nil:
		// The Account API sends them only to a token with the
		// identities scope: "none" would be a guess.
		b.WriteString(s.Muted.Render("  not shared with this sign-in (it lacks the identities scope)") + "\n")
	case len(m.user.SSOIdentities) == 0:
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
	what := strings.Join(ids, ", ") + " is shown by its id: "
	if len(ids) > 1 {
		what = strings.Join(ids, ", ") + " are shown by their ids: "
	}
	if _, account := m.be().(interface{ Mode() string }); account {
		return what + "Logto's Account API names only the providers this tenant offers at sign-in."
	}
	return what + "the tenant has no connector for it now."
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
	hint := "The address is too long for a QR code here: " + key + " shows it filling the window."
	if w, h := m.C.Window(m.w, m.h); m.qr.Alone(m.link.url, m.C.Dark, w, h) == "" {
		hint = "Enlarge the window to see the address as a QR code."
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
	b.WriteString(s.Header.Render("Link "+l.display) + "\n\n")
	copyKey := "c"
	if m.deps.Listen == nil {
		copyKey = "ctrl+y" // c is text in the paste field
	}
	b.WriteString(common.Wrap("Open this address and sign in at "+l.display+" ("+copyKey+" copies it):", width) + "\n")
	link := common.Clean(l.url)
	for _, part := range hardWrap(link, max(20, width)) {
		b.WriteString(ansi.SetHyperlink(link, "id=logto-account-link") + s.Title.Render(part) + ansi.ResetHyperlink() + "\n")
	}
	b.WriteString("\n")
	if m.deps.Listen == nil {
		b.WriteString(common.Wrap("Your browser will then fail to load a 127.0.0.1 address — that is expected. "+
			"Copy the whole address from its address bar, paste it here and press enter:", width) + "\n")
		m.paste.Input.SetWidth(max(10, width-10))
		b.WriteString(s.Label.Render("Address: ") + m.paste.Input.View() + "\n")
	} else {
		left := l.deadline.Sub(m.C.Now())
		b.WriteString(fmt.Sprintf("Waiting for the browser… (%d:%02d left)", int(left.Minutes()), int(left.Seconds())%60) + "\n")
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
