package sessions

import (
	"strings"
	"time"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// rows is how many list lines the last frame showed (a page for pgup/pgdown).
func (m *Model) rows() int { return max(3, m.shown) }

// Device describes a user agent as "Browser on OS" in English, as the
// command line's JSON and completions give it; DeviceIn says it in a
// language.
func Device(ua string) string { return DeviceIn(nil, ua) }

// DeviceIn describes a user agent in l's language ("Safari on macOS").
func DeviceIn(l *i18n.Localizer, ua string) string {
	if ua == "" {
		return l.T("sessions.unknown_device")
	}
	browser := l.T("sessions.a_browser")
	for _, b := range browsers {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	os := ""
	for _, o := range systems {
		if strings.Contains(ua, o.token) {
			os = o.name
			break
		}
	}
	if os == "" {
		return browser
	}
	return l.T("sessions.device_on", "Browser", browser, "OS", os)
}

// sessionInfo is a session described for people.
type sessionInfo struct {
	device, ip, place string
	// full is all of it in one line: "Firefox on Linux · 203.0.113.7 · London, GB".
	full string
}

func describe(l *i18n.Localizer, s logto.Session) sessionInfo {
	ctx := s.Context()
	place := strings.TrimSpace(strings.Trim(ctx.City+", "+ctx.Country, ", "))
	in := sessionInfo{device: common.Clean(DeviceIn(l, ctx.UserAgent)), ip: common.Clean(ctx.IP), place: common.Clean(place)}
	in.full = in.device
	for _, p := range []string{in.ip, in.place} {
		if p != "" {
			in.full += " · " + p
		}
	}
	return in
}

// ago is how long before now t was ("3 h ago"), else its date.
func (m *Model) ago(t, now time.Time) string { return m.C.Lang.Ago(t, now) }

// View implements common.Screen. The lists are one line a row, in
// columns that fit; the highlighted row's details are in a panel below
// them, so nothing is squeezed or cut to fit a row.
func (m *Model) View() string {
	if m.hist.open {
		return m.historyView()
	}
	s := m.C.Styles
	switch {
	case !m.loaded || m.sessions == nil && m.grants == nil && m.err == "":
		return s.Muted.Render(m.C.T("sessions.loading"))
	case m.sessions == nil && m.grants == nil:
		// Not read (the Account API asks for a proof first): no lists, so
		// no "(0)" that reads as "none".
		return s.Error.Render(common.Wrap(m.err, max(20, m.w)))
	}
	now := m.C.Now()
	// The lists are lines: the sessions' heading, the sessions, a blank,
	// the apps' heading, the apps. Only the lines on screen are formatted:
	// a thousand sessions cost what the twenty on screen cost.
	ns, ng := len(m.sessions), len(m.grants)
	total := ns + ng + 3 + m.keyLines()
	line := func(i int) string {
		switch {
		case i == ns+ng+3:
			return ""
		case i == ns+ng+4:
			return m.keysHeading()
		case i > ns+ng+4:
			return m.row(i-5, m.keyLine(i-ns-ng-5, now))
		case i == 0:
			return s.Header.Render(m.C.T("sessions.heading_sessions", "Count", ns))
		case i <= ns:
			return m.row(i-1, m.sessionRow(i-1, now))
		case i == ns+1:
			return ""
		case i == ns+2:
			return s.Header.Render(m.C.T("sessions.heading_apps", "Count", len(m.grants)))
		}
		return m.row(i-3, m.grantRow(i-ns-3, now))
	}
	// What follows the lists (the panel, a question, an error) is drawn
	// first so the lists get every other line of the window.
	var tail string
	if p := m.panel(now); p != "" {
		tail += "\n" + p
	}
	wrap := max(20, m.w)
	switch m.mode {
	case askGrants:
		tail += "\n" + s.Warning.Render(common.Wrap(m.C.T("sessions.ask_grants", "Where", m.what), wrap))
	case confirmGrant:
		tail += "\n" + s.Warning.Render(common.Wrap(m.C.T("sessions.confirm_grant", "App", m.what), wrap))
	case confirmKey:
		tail += "\n" + s.Warning.Render(common.Wrap(m.C.T("sessions.confirm_key", "Key", m.what), wrap))
	case confirmOthers:
		q := m.C.T("sessions.confirm_others")
		if m.C.ActingOn != "" { // the operator's terminal is not among theirs
			q = m.C.T("sessions.confirm_others_admin", "User", common.Clean(m.C.ActingOn))
		}
		tail += "\n" + s.Warning.Render(common.Wrap(q, wrap))
	}
	if m.err != "" {
		tail += "\n" + s.Error.Render(common.Wrap(m.err, wrap))
	}
	// Keep the cursor in view: show the lines around it.
	rows := max(3, m.h-strings.Count(tail, "\n"))
	m.shown = rows
	cursorLine := m.cur + 1
	if m.cur >= ns {
		cursorLine += 2
	}
	if m.cur >= ns+ng {
		cursorLine += 2
	}
	if cursorLine < m.top {
		m.top = cursorLine
	}
	if cursorLine >= m.top+rows {
		m.top = cursorLine - rows + 1
	}
	m.top = max(0, min(m.top, total-1))
	var lines []string
	for i := m.top; i < total && i < m.top+rows; i++ {
		l := line(i)
		if m.w > 4 { // a row stays one line
			l = common.Fit(l, m.w)
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n") + tail
}

// cols are the widths of the device (or app name) and place columns, and
// whether there is room to say "signed in" and "granted" before the time.
// The device column grows to the widest device listed, by up to four
// cells: a device said in Chinese or French is longer ("Android 上的
// Chrome" is 19 cells).
func (m *Model) cols() (name, place int, words bool) {
	name, place = 18, 12
	if m.w >= 70 {
		name, place, words = 20, 18, true
	}
	return max(name, min(m.deviceW, name+4)), place, words
}

// cell cuts s to width cells and pads it, leaving two spaces after.
func cell(s string, width int) string {
	s = common.Fit(s, width)
	return s + strings.Repeat(" ", max(0, width-common.Width(s))+2)
}

// sessionRow is session i in one line: device, place, when it signed in.
func (m *Model) sessionRow(i int, now time.Time) string {
	nameW, placeW, words := m.cols()
	in := m.info[i]
	line := cell(in.device, nameW) + cell(in.place, placeW)
	if a := m.ago(m.sessions[i].SignedInAt(), now); words {
		line += m.C.T("sessions.row_signed_in", "Ago", a)
	} else {
		line += a
	}
	if m.authorizes(m.sessions[i]) {
		line += m.C.Styles.Muted.Render(" · " + m.C.T("sessions.row_here")) // it approved this terminal (the panel says so in full)
	}
	return line
}

// grantRow is app grant j in one line: name and when it was granted.
func (m *Model) grantRow(j int, now time.Time) string {
	// An app has a name and a time: no columns to line up.
	nameW, _, _ := m.cols()
	g := m.grants[j]
	line := common.Fit(common.Clean(g.AppName()), 2*nameW) + " · " + m.C.T("sessions.row_granted", "Ago", m.ago(g.GrantedAt(), now))
	switch {
	case m.own != "" && g.ID == m.own:
		line += m.C.Styles.Warning.Render(" · " + m.C.T("sessions.row_this_terminal"))
	case m.mine(g):
		line += m.C.Styles.Muted.Render(" · " + m.C.T("sessions.row_this_program"))
	case g.Payload.ClientID == m.clientID && m.C.ActingOn == "":
		line += m.C.Styles.Muted.Render(" · " + m.C.T("sessions.row_this_program_elsewhere"))
	}
	return line
}

// panel is the highlighted row in full, in a box ("" when there is none).
func (m *Model) panel(now time.Time) string {
	s := m.C.Styles
	var lines []string
	switch ns := len(m.sessions); {
	case m.cur < ns:
		ss, in := m.sessions[m.cur], m.info[m.cur]
		lines = append(lines, s.Header.Render(in.device))
		where := []string{}
		if in.ip != "" {
			where = append(where, m.C.T("sessions.panel_ip", "IP", in.ip))
		}
		if in.place != "" {
			where = append(where, in.place)
		}
		if len(where) > 0 {
			lines = append(lines, strings.Join(where, " · "))
		}
		lines = append(lines, m.C.T("sessions.panel_session_times", "When", m.when(ss.SignedInAt(), now), "Ends", m.stamp(ss.ExpiresAt.Time)))
		if m.authorizes(ss) {
			lines = append(lines, s.Muted.Render(m.C.T("sessions.panel_approved")))
		}
	case m.cur-ns < len(m.grants):
		g := m.grants[m.cur-ns]
		lines = append(lines, s.Header.Render(common.Clean(g.AppName()))+s.Muted.Render("  "+m.C.T("sessions.panel_app")),
			m.C.T("sessions.panel_grant_times", "When", m.when(g.GrantedAt(), now), "Until", m.stamp(g.ExpiresAt.Time)))
		switch {
		case m.own != "" && g.ID == m.own:
			lines = append(lines, s.Warning.Render(m.C.T("sessions.panel_own_grant")))
		case m.mine(g):
			lines = append(lines, s.Muted.Render(m.C.T("sessions.panel_this_program")))
		case g.Payload.ClientID == m.clientID && m.C.ActingOn == "":
			lines = append(lines, s.Muted.Render(m.C.T("sessions.panel_this_program_elsewhere")))
		}
		lines = append(lines, s.Label.Render(m.C.T("sessions.panel_allowed"))+ScopesInWords(m.C.Lang, g))
	case m.cur-ns-len(m.grants) < len(m.ssh.list):
		k := m.ssh.list[m.cur-ns-len(m.grants)]
		lines = append(lines, s.Header.Render(common.Clean(k.Fingerprint))+s.Muted.Render("  "+m.C.T("sessions.panel_ssh_key")))
		if k.Current {
			lines = append(lines, s.Muted.Render(m.C.T("sessions.panel_key_current")))
		}
		if k.Comment != "" {
			lines = append(lines, common.Clean(k.Comment))
		}
		lines = append(lines, m.C.T("sessions.panel_key_times", "Added", m.keyAdded(k, m.when(k.Added, now), true),
			"Used", m.keyUsed(k, m.when(k.LastUsed, now), true), "Expires", m.stamp(k.Expires)))
	default:
		return ""
	}
	if m.w < 24 {
		return strings.Join(lines, "\n")
	}
	return s.Box.Width(m.w).Render(common.Wrap(strings.Join(lines, "\n"), m.w-4))
}

// stamp is a time to the minute, in local time, in the language's form,
// one word to the folding: the date and the time are never put on two
// lines.
func (m *Model) stamp(t time.Time) string {
	return strings.ReplaceAll(m.C.Lang.DateTime(t.Local()), " ", "\u00a0")
}

// when is a past time to the minute, with how long ago when that is said
// in hours or less.
func (m *Model) when(t, now time.Time) string {
	if now.Sub(t) < 48*time.Hour {
		return m.C.T("sessions.stamp_ago", "Time", m.stamp(t), "Ago", m.ago(t, now))
	}
	return m.stamp(t)
}

// row is one line of the lists (cut to the width once it is known to show).
func (m *Model) row(i int, line string) string {
	if i == m.cur {
		return m.C.Styles.Focused.Render("› ") + line
	}
	return "  " + line
}
