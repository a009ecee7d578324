package tui

import (
	"fmt"
	"runtime/debug"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// View implements tea.Model. A panic while drawing ends the program like
// one in Update (the next message quits).
func (m *Model) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			m.crashed(fmt.Sprint(r), debug.Stack())
			v = tea.NewView("logto-account stopped because of a bug; it is closing.")
		}
	}()
	v = tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "logto-account"
	return v
}

func (m *Model) render() string {
	s := m.c.Styles
	if m.w < MinWidth || m.h < MinHeight {
		msg := fmt.Sprintf("Window too small (%d×%d).\nMake it at least %d×%d.", m.w, m.h, MinWidth, MinHeight)
		if m.w < 4 || m.h < 2 {
			return ""
		}
		return lipgloss.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, msg)
	}
	if fv, ok := m.current().(common.FullViewer); ok && !m.full && !m.proof.Active() && m.unavailable() == "" {
		if v := fv.FullView(m.w, m.h); v != "" { // a QR code that needs the whole window
			return lipgloss.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, v)
		}
	}
	header := m.header()
	tabs := m.tabs()
	body := m.current().View()
	if m.unread() {
		// Nothing could be read: the screens would only say "Loading…".
		body = s.Error.Render(common.Wrap("Your account could not be read. "+m.loadErr, max(10, m.w-4))) + "\n\n" +
			s.Muted.Render("R tries again · q quits")
	} else if why := m.unavailable(); why != "" {
		body = s.Header.Render("Not available in this mode") + "\n\n" + common.Wrap(why, max(10, m.w-4))
	} else if note := m.fieldNote(); note != "" {
		body = s.Warning.Render(common.Wrap(note, max(10, m.w-4))) + "\n" + body
	}
	if m.full {
		lines := m.helpLines()
		body = strings.Join(lines[min(m.helpTop, max(0, len(lines)-m.contentHeight())):], "\n")
	}
	foot := m.footer()
	helpLine := s.Muted.Render(m.shortHelp())
	contentH := m.h - 3 - len(foot)
	// The proof prompt takes the last lines of the body, whatever the
	// screen above it shows, so it is never scrolled away.
	var prompt []string
	p := m.proof.View(m.w - 2)
	if p == "" {
		p = m.offerView(m.w - 2)
	}
	if p != "" && !m.full {
		prompt = strings.Split("\n"+p, "\n")
		if len(prompt) > contentH-2 {
			prompt = prompt[len(prompt)-(contentH-2):]
		}
	}
	var b strings.Builder
	b.Grow(m.w * m.h * 2)
	b.WriteString(fit(header, m.w))
	b.WriteByte('\n')
	b.WriteString(fit(tabs, m.w))
	// Only lines wider than the window are folded (at spaces, ANSI-aware),
	// so no sentence is lost past its edge; wrapping every line with
	// lipgloss cost more than drawing everything else.
	lines := strings.Split(body, "\n")
	for i := 0; i < len(lines) && i < contentH; i++ {
		if common.Width(lines[i]) > m.w-2 {
			folded := common.Fold(lines[i], m.w-2)
			lines = append(lines[:i], append(folded, lines[i+1:]...)...)
			i += len(folded) - 1
		}
	}
	bodyH := contentH - len(prompt)
	for i := range bodyH {
		b.WriteString("\n ")
		if i < len(lines) {
			b.WriteString(fit(lines[i], m.w-2))
		}
	}
	for _, l := range prompt {
		b.WriteString("\n ")
		b.WriteString(fit(l, m.w-2))
	}
	for _, l := range foot {
		b.WriteByte('\n')
		b.WriteString(fit(l, m.w))
	}
	b.WriteByte('\n')
	b.WriteString(fit(helpLine, m.w))
	return b.String()
}

// unread is true while the account could not be read at all: the screens
// have nothing to show, and an error page stands in for them.
func (m *Model) unread() bool {
	return m.loadErr != "" && !m.signing && !m.picking() && m.c.Subject.UserID == ""
}

func (m *Model) header() string {
	s := m.c.Styles
	name, tenant := s.Title.Render("logto-account"), " · "+common.Clean(m.opts.Tenant)
	// The program's name and the badges always show: a long user name (or
	// the name of the user an operator acts on) is cut with "…" to leave
	// them room, rather than pushing them past the window's edge.
	badges := ""
	text := m.badge()
	if m.opts.Demo && !strings.HasPrefix(text, "DEMO") {
		badges += " " + s.Badge.Render("DEMO") // admin mode's badge is its own; the demo says so too
	}
	if text != "" {
		badge := s.Badge
		if strings.HasPrefix(text, "ADMIN") {
			badge = s.AdminBadge
		}
		text = common.Clean(text)
		if room := m.w - common.Width(name) - common.Width(badges) - 3; common.Width(text) > room { // 1 gap, 2 padding
			text = ansi.Truncate(text, max(0, room), "…")
		}
		badges += " " + badge.Render(text)
	}
	right := badges
	if user := common.Clean(m.display); user != "" {
		room := m.w - common.Width(name) - common.Width(badges) - 1
		if common.Width(user) > room {
			user = ansi.Truncate(user, max(0, room), "…")
		}
		if room > 1 {
			right = s.Header.Render(user) + badges
		}
	}
	// Narrow windows give up the tenant before the user and the badge.
	room := m.w - common.Width(right) - common.Width(name) - 1
	switch {
	case room >= common.Width(tenant):
	case room > 6:
		tenant = ansi.Truncate(tenant, room, "…")
	default:
		tenant = ""
	}
	left := name + s.Muted.Render(tenant)
	// The clock is never cut: the message gives way to it.
	if room := m.w - common.Width(right) - 1; right != "" && common.Width(left) > room {
		left = ansi.Truncate(left, max(0, room), "…")
	}
	gap := max(1, m.w-common.Width(left)-common.Width(right))
	return left + strings.Repeat(" ", gap) + right
}

func (m *Model) shortHelp() string {
	if m.confirm { // "Quit anyway? (y/n)": any other key answers no
		line, _ := m.keyLine([]key.Binding{common.Hint("y", "quit, dropping the edits"), common.Hint("n", "stay")}, m.w)
		return line
	}
	if m.unavailable() != "" {
		line, _ := m.keyLine(m.keys.ShortHelp(), m.w)
		return line
	}
	if m.full && !m.proof.Active() { // the help covers the screen: its keys do not reach it
		keys := []key.Binding{common.Hint("?/esc", "close help"), m.keys.Quit}
		if m.helpOverflow() > 0 {
			keys = []key.Binding{keys[0], common.Hint("↑/↓", "scroll"), m.keys.Quit}
		}
		line, _ := m.keyLine(keys, m.w)
		return line
	}
	if m.unread() { // the screen's keys have nothing to act on
		line, _ := m.keyLine([]key.Binding{common.Hint("R", "try again"), m.keys.Help, m.keys.Quit}, m.w)
		return line
	}
	global := m.keys.ShortHelp()
	switch {
	case m.proof.Active() || m.current().Capturing():
		global = []key.Binding{m.keys.ForceQuit} // q, digits and arrows are text now
	case m.signing || m.picking():
		global = []key.Binding{m.keys.Help, m.keys.Quit} // no screens to move between yet
	}
	keys := m.current().KeyMap()
	if m.proof.Active() {
		keys = m.proof.KeyMap()
	}
	// "? help" and "q quit" always show; the other global keys give way
	// to the screen's, which are cut with "…" only when even that is not
	// enough.
	var tail, screen string
	for {
		tail, _ = m.keyLine(global, m.w)
		var cut bool
		screen, cut = m.keyLine(keys.ShortHelp(), m.w-common.Width(tail)-3)
		if !cut || len(global) <= 2 {
			break
		}
		global = global[1:] // the screens' keys, then switching user
	}
	if screen == "" {
		return tail
	}
	return screen + m.c.Styles.Muted.Render(" • ") + tail
}

// keyLine joins bindings as "k desc • k desc" within width, ending with "…"
// when some are left out (cut). (bubbles' ShortHelpView overflows its
// width when the ellipsis itself does not fit.)
func (m *Model) keyLine(bindings []key.Binding, width int) (line string, cut bool) {
	st := m.help.Styles
	var b strings.Builder
	used := 0
	for _, k := range bindings {
		if !k.Enabled() {
			continue
		}
		sep := ""
		if used > 0 {
			sep = st.ShortSeparator.Render(" • ")
		}
		item := sep + st.ShortKey.Render(k.Help().Key) + " " + st.ShortDesc.Render(k.Help().Desc)
		w := common.Width(item)
		if used+w > width {
			if used > 0 && used+2 <= width {
				b.WriteString(st.Ellipsis.Render(" …"))
			}
			return b.String(), true
		}
		b.WriteString(item)
		used += w
	}
	return b.String(), false
}

// fit cuts a styled line to width cells (ANSI-aware).
func fit(line string, width int) string { return common.Fit(line, width) }

// screenFields are the Account Center fields each screen shows.
var screenFields = map[common.ScreenID][]string{
	common.ProfileID:    {logto.FieldName, logto.FieldUsername, logto.FieldAvatar, logto.FieldProfile, logto.FieldCustomData},
	common.ContactID:    {logto.FieldEmail, logto.FieldPhone},
	common.PasswordID:   {logto.FieldPassword},
	common.IdentitiesID: {logto.FieldSocial},
	common.MFAID:        {logto.FieldMFA},
	common.SessionsID:   {logto.FieldSession},
}

// fieldNote says which of the active screen's fields the tenant's Account
// Center hides or keeps read-only ("" when none, or not the Account API).
func (m *Model) fieldNote() string {
	f, ok := m.acct.(interface {
		Fields() map[string]logto.FieldState
	})
	if !ok || m.signing || m.picking() || m.checking {
		return ""
	}
	states := f.Fields()
	var hidden, ro []string
	for _, name := range screenFields[m.screens[m.active].ID()] {
		switch states[name] {
		case logto.FieldHidden:
			hidden = append(hidden, name)
		case logto.FieldReadOnly:
			ro = append(ro, name)
		}
	}
	var parts []string
	if len(ro) > 0 {
		parts = append(parts, strings.Join(ro, ", ")+" read-only")
	}
	if len(hidden) > 0 {
		parts = append(parts, strings.Join(hidden, ", ")+" not shared with this app")
	}
	if len(parts) == 0 {
		return ""
	}
	return "Your tenant's Account Center settings: " + strings.Join(parts, "; ") + ". Ask your administrator to change them."
}
