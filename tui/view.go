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
	header := m.header()
	tabs := m.tabs()
	body := m.current().View()
	if m.loadErr != "" && !m.signing && !m.picking() && m.c.Subject.UserID == "" {
		// Nothing could be read: the screens would only say "Loading…".
		body = s.Error.Width(max(10, m.w-4)).Render("Your account could not be read. "+m.loadErr) + "\n\n" +
			s.Muted.Render("R tries again · q quits")
	} else if why := m.unavailable(); why != "" {
		body = s.Header.Render("Not available in this mode") + "\n\n" + lipgloss.NewStyle().Width(max(10, m.w-4)).Render(why)
	} else if note := m.fieldNote(); note != "" {
		body = s.Warning.Width(max(10, m.w-4)).Render(note) + "\n" + body
	}
	if m.full {
		body = m.fullHelp()
	}
	status := m.statusLine()
	helpLine := s.Muted.Render(m.shortHelp())
	contentH := m.h - 4
	// The proof prompt takes the last lines of the body, whatever the
	// screen above it shows, so it is never scrolled away.
	var prompt []string
	if p := m.proof.View(m.w - 2); p != "" && !m.full {
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
			folded := strings.Split(ansi.Wrap(lines[i], m.w-2, " "), "\n")
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
	b.WriteByte('\n')
	b.WriteString(fit(status, m.w))
	b.WriteByte('\n')
	b.WriteString(fit(helpLine, m.w))
	return b.String()
}

func (m *Model) header() string {
	s := m.c.Styles
	right := ""
	if m.display != "" {
		right = s.Header.Render(common.Clean(m.display))
	}
	text := m.badge()
	if m.opts.Demo && !strings.HasPrefix(text, "DEMO") {
		right += " " + s.Badge.Render("DEMO") // admin mode's badge is its own; the demo says so too
	}
	if text != "" {
		badge := s.Badge
		if strings.HasPrefix(text, "ADMIN") {
			badge = s.AdminBadge
		}
		right += " " + badge.Render(common.Clean(text))
	}
	// Narrow windows give up the tenant before the user and the badge.
	name, tenant := s.Title.Render("logto-account"), " · "+common.Clean(m.opts.Tenant)
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

func (m *Model) tabs() string {
	s := m.c.Styles
	if m.signing {
		return s.ActiveTab.Render("Sign in")
	}
	if m.picking() {
		return s.ActiveTab.Render(m.picker.Title())
	}
	if m.checking {
		return s.ActiveTab.Render(m.checkup.Title()) + s.Muted.Render("  esc or C returns")
	}
	// Full titles with room around them when they fit, then packed, then
	// numbers with only the active one named.
	for tier := range 3 {
		tab, active := s.Tab, s.ActiveTab
		var b strings.Builder
		if tier == 1 {
			tab, active = tab.PaddingLeft(0), active.PaddingLeft(0)
			b.WriteByte(' ') // the body's margin
		}
		for i, sc := range m.screens {
			label := fmt.Sprintf("%d %s", i+1, sc.Title())
			switch {
			case i == m.active:
				b.WriteString(active.Render(label))
			case tier == 2:
				b.WriteString(tab.Render(fmt.Sprint(i + 1)))
			default:
				b.WriteString(tab.Render(label))
			}
		}
		if out := b.String(); tier == 2 || common.Width(out) <= m.w {
			return out
		}
	}
	return ""
}

func (m *Model) statusLine() string {
	s := m.c.Styles
	left := ""
	if m.busy() {
		left = m.spin.View() + " "
	}
	switch m.kind {
	case common.StatusError:
		left += s.Error.Render(m.status)
	case common.StatusSuccess:
		left += s.Success.Render(m.status)
	default:
		left += m.status
	}
	if m.demo != "" { // first: the code is what a demo user looks for
		sep := ""
		if m.status != "" {
			sep = s.Muted.Render(" · ")
		}
		left = s.Warning.Render(m.demo) + sep + left
	}
	if m.confirm {
		left = s.Warning.Render("You have unsaved edits. Quit anyway? (y/n)")
	}
	right := ""
	if d := m.c.Proof.Left(); d > 0 && !m.signing && !m.picking() && !m.opts.Admin {
		right = s.Muted.Render(fmt.Sprintf("verified · %d:%02d left", int(d.Minutes()), int(d.Seconds())%60))
	}
	// The clock is never cut: the message gives way to it.
	if room := m.w - common.Width(right) - 1; right != "" && common.Width(left) > room {
		left = ansi.Truncate(left, max(0, room), "…")
	}
	gap := max(1, m.w-common.Width(left)-common.Width(right))
	return left + strings.Repeat(" ", gap) + right
}

func (m *Model) shortHelp() string {
	if m.unavailable() != "" {
		return m.keyLine(m.keys.ShortHelp(), m.w)
	}
	global := m.keys.ShortHelp()
	switch {
	case m.proof.Active() || m.current().Capturing():
		global = []key.Binding{m.keys.ForceQuit} // q, digits and arrows are text now
	case m.signing || m.picking():
		global = []key.Binding{m.keys.Help, m.keys.Quit} // no screens to move between yet
	}
	// The global keys (? help above all) always show; the screen's give way.
	tail := m.keyLine(global, m.w)
	if m.w-common.Width(tail)-3 < 24 && len(global) > 2 {
		tail = m.keyLine([]key.Binding{m.keys.Help, m.keys.Quit}, m.w) // narrow: room for the screen's
	}
	keys := m.current().KeyMap()
	if m.proof.Active() {
		keys = m.proof.KeyMap()
	}
	screen := m.keyLine(keys.ShortHelp(), m.w-common.Width(tail)-3)
	if screen == "" {
		return tail
	}
	return screen + m.c.Styles.Muted.Render(" • ") + tail
}

// keyLine joins bindings as "k desc • k desc" within width, ending with "…"
// when some are left out. (bubbles' ShortHelpView overflows its width when
// the ellipsis itself does not fit.)
func (m *Model) keyLine(bindings []key.Binding, width int) string {
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
			break
		}
		b.WriteString(item)
		used += w
	}
	return b.String()
}

// fullHelp lists every key, one a line: the screen's, then those that work
// everywhere, side by side when the window is too short for one column.
// (bubbles' column layout cut the global keys off at 80 columns.)
func (m *Model) fullHelp() string {
	global := m.keys.FullHelp()
	if m.signing || m.picking() {
		global = [][]key.Binding{{m.keys.Help, m.keys.Quit, m.keys.ForceQuit}}
	}
	here := m.helpSection("On this screen", m.current().KeyMap().FullHelp())
	everywhere := m.helpSection("Everywhere", global)
	out := here + "\n\n" + everywhere
	if strings.Count(out, "\n")+3 > m.h-4 && m.w >= 2*helpColumn {
		out = lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(helpColumn).Render(here), everywhere)
	}
	return out + "\n\n" + m.c.Styles.Muted.Render("? closes this help")
}

// helpColumn is the width of one column of the full help.
const helpColumn = 40

func (m *Model) helpSection(title string, groups [][]key.Binding) string {
	s := m.c.Styles
	lines := []string{s.Header.Render(title)}
	for _, g := range groups {
		for _, k := range g {
			if !k.Enabled() {
				continue
			}
			h := k.Help()
			lines = append(lines, "  "+s.Key.Render(fmt.Sprintf("%-9s", h.Key))+" "+h.Desc)
		}
	}
	return strings.Join(lines, "\n")
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
