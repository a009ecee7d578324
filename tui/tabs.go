package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// tabLabels are the message ids of the tab bar's short names; the
// screens' titles (longer) are in the full help, beside their digits.
var tabLabels = map[common.ScreenID]string{
	common.ProfileID: "root.tab_profile", common.ContactID: "root.tab_email", common.PasswordID: "root.tab_password",
	common.IdentitiesID: "root.tab_identities", common.MFAID: "root.tab_twostep", common.TokensID: "root.tab_tokens",
	common.SessionsID: "root.tab_sessions", common.DangerID: "root.tab_danger",
}

func (m *Model) tabLabel(s common.Screen) string {
	if id, ok := tabLabels[s.ID()]; ok {
		return m.c.T(id)
	}
	return s.Title()
}

// tabs is the tab bar: every screen by a short name, with its digit when
// the window is wide (from 90 columns), without at 80; narrower, the tabs
// around the active one, with ‹ › where others are left out. A screen this
// backend lacks is dimmed and in parentheses.
func (m *Model) tabs() string {
	s := m.c.Styles
	if m.signing {
		return s.ActiveTab.Render(m.c.T("signin.title"))
	}
	if m.picking() {
		return s.ActiveTab.Render(m.picker.Title())
	}
	if m.checking {
		return s.ActiveTab.Render(m.checkup.Title()) + s.Muted.Render("  "+m.c.T("root.checkup_returns"))
	}
	label := func(i int, digits bool) string {
		l := m.tabLabel(m.screens[i])
		if digits {
			l = fmt.Sprintf("%d %s", i+1, l)
		}
		if m.lacking(m.screens[i]) != "" {
			l = "(" + l + ")"
		}
		return l
	}
	render := func(i int, text string, packed bool) string {
		st := s.Tab
		switch {
		case i == m.active:
			st = s.ActiveTab
		case m.lacking(m.screens[i]) != "":
			st = s.Tab.Faint(true)
		}
		if packed {
			st = st.PaddingLeft(0)
		}
		return st.Render(text)
	}
	for _, digits := range []bool{true, false} {
		var b strings.Builder
		for i := range m.screens {
			b.WriteString(render(i, label(i, digits), false))
		}
		if out := b.String(); common.Width(out) <= m.w {
			return out
		}
	}
	// Packed: one space between tabs; then a window around the active tab.
	from, to := 0, len(m.screens)
	for {
		var b strings.Builder
		b.WriteByte(' ') // the body's margin
		if from > 0 {
			b.WriteString(s.Muted.Render("‹ "))
		}
		for i := from; i < to; i++ {
			b.WriteString(render(i, label(i, false), true))
		}
		if to < len(m.screens) {
			b.WriteString(s.Muted.Render("›"))
		}
		out := b.String()
		if common.Width(out) <= m.w || to-from <= 1 {
			return out
		}
		// Drop the tab farthest from the active one.
		if m.active-from > to-1-m.active {
			from++
		} else {
			to--
		}
	}
}

// fullHelp lists every key, one a line: the screen's, the screens by digit,
// then those that work everywhere, side by side when the window is too
// short for one column. (bubbles' column layout cut the global keys off at
// 80 columns.)
func (m *Model) fullHelp() string {
	global := m.keys.FullHelp()
	if m.signing || m.picking() {
		global = [][]key.Binding{{m.keys.Help, m.keys.Quit, m.keys.ForceQuit}}
	}
	onScreen := m.c.T("root.help_here")
	here := m.helpSection(onScreen, m.current().KeyMap().FullHelp())
	switch {
	case m.unavailable() != "":
		here = m.helpSection(onScreen, nil) + "\n" + m.c.Styles.Muted.Render("  "+m.c.T("root.help_nothing"))
	case m.unread():
		here = m.helpSection(onScreen, [][]key.Binding{{common.Hint("R", m.c.T("root.key_try_again"))}})
	}
	everywhere := m.helpSection(m.c.T("root.help_everywhere"), global)
	if !m.signing && !m.picking() {
		everywhere = m.screenList() + "\n\n" + everywhere
	}
	out := here + "\n\n" + everywhere
	if strings.Count(out, "\n")+3 > m.contentHeight() && m.w >= 2*helpColumn {
		out = lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(helpColumn).Render(here), everywhere)
	}
	return out + "\n\n" + m.c.Styles.Muted.Render(m.c.T("root.help_close"))
}

// helpOverflow is how many lines of the full help do not fit the window
// (0 when it all shows): those scroll into view with ↑/↓.
func (m *Model) helpOverflow() int { return max(0, len(m.helpLines())-m.contentHeight()) }

// helpLines is the full help as drawn: lines wider than the window folded.
func (m *Model) helpLines() []string {
	var out []string
	for _, l := range strings.Split(m.fullHelp(), "\n") {
		if common.Width(l) > m.w-2 {
			out = append(out, common.Fold(l, m.w-2)...)
			continue
		}
		out = append(out, l)
	}
	return out
}

// screenList names the screens with the digits that show them, two
// columns of four (those this backend lacks in parentheses).
func (m *Model) screenList() string {
	s := m.c.Styles
	names := make([]string, len(m.screens))
	for i, sc := range m.screens {
		names[i] = fmt.Sprintf("%d %s", i+1, sc.Title())
		if m.lacking(sc) != "" {
			names[i] = "(" + names[i] + ")"
		}
	}
	lines := []string{s.Header.Render(m.c.T("root.help_screens")) + s.Muted.Render("  "+m.c.T("root.help_screens_keys"))}
	half := (len(names) + 1) / 2
	col := 17 // the first column: at least 17 cells, and two more than its widest name in the language
	second := 0
	for i, n := range names {
		if i < half {
			col = max(col, common.Width(n)+2)
		} else {
			second = max(second, common.Width(n))
		}
	}
	if 2+col+second > m.w/2-2 { // no room for two columns beside the keys: one name a line
		for _, n := range names {
			lines = append(lines, "  "+n)
		}
		return strings.Join(lines, "\n")
	}
	for i := range half {
		line := "  " + names[i] + strings.Repeat(" ", max(0, col-common.Width(names[i])))
		if i+half < len(names) {
			line += names[i+half]
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return strings.Join(lines, "\n")
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

// needs are the capabilities a screen cannot work without.
var needs = map[common.ScreenID]logto.Capability{
	common.TokensID: logto.CapPersonalAccessTokens,
	// The danger zone's export and lockdown work everywhere; it says itself
	// that the Account API cannot delete the account.
}

// unavailable is why the active screen cannot be used ("" when it can).
func (m *Model) unavailable() string {
	if m.signing || m.picking() || m.checking {
		return ""
	}
	return m.lacking(m.screens[m.active])
}

// lacking is why screen s cannot be used with this backend ("" when it can).
func (m *Model) lacking(s common.Screen) string {
	c, ok := needs[s.ID()]
	if l, lacking := m.acct.(logto.Lacking); ok && lacking && l.Lacks(c) {
		return m.c.Lacking(c)
	}
	return ""
}
