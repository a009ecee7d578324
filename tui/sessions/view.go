package sessions

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// rows is how many list lines the last frame showed (a page for pgup/pgdown).
func (m *Model) rows() int { return max(3, m.shown) }

// Device describes a user agent as "Browser on OS".
func Device(ua string) string {
	if ua == "" {
		return "unknown device"
	}
	browser := "a browser"
	for _, b := range []struct{ token, name string }{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
		{"HeadlessChrome", "Headless Chrome"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"}, {"logto-account", "logto-account"}} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	os := ""
	for _, o := range []struct{ token, name string }{{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"},
		{"Mac OS X", "macOS"}, {"Windows", "Windows"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"}} {
		if strings.Contains(ua, o.token) {
			os = o.name
			break
		}
	}
	if os == "" {
		return browser
	}
	return browser + " on " + os
}

func describe(s logto.Session) string {
	ctx := s.Context()
	place := strings.TrimSpace(strings.Trim(ctx.City+", "+ctx.Country, ", "))
	out := Device(ctx.UserAgent)
	if ctx.IP != "" {
		out += " · " + ctx.IP
	}
	if place != "" {
		out += " · " + place
	}
	return common.Clean(out)
}

func ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return t.Local().Format("2006-01-02")
}

// View implements common.Screen.
func (m *Model) View() string {
	if m.hist.open {
		return m.historyView()
	}
	s := m.C.Styles
	if !m.loaded || m.sessions == nil && m.grants == nil && m.err == "" {
		return s.Muted.Render("Loading sessions…")
	}
	now := m.C.Now()
	// The lists are lines: the sessions' heading, the sessions, a blank,
	// the apps' heading, the apps. Only the lines on screen are formatted:
	// a thousand sessions cost what the twenty on screen cost.
	ns := len(m.sessions)
	total := ns + len(m.grants) + 3
	line := func(i int) string {
		switch {
		case i == 0:
			return s.Header.Render(fmt.Sprintf("Signed-in browsers (%d)", ns))
		case i <= ns:
			return m.row(i-1, m.sessionLine(i-1, now))
		case i == ns+1:
			return ""
		case i == ns+2:
			return s.Header.Render(fmt.Sprintf("Apps with access (%d)", len(m.grants)))
		}
		return m.row(i-3, m.grantLine(i-ns-3, now))
	}
	var selected string // the highlighted row in full
	switch {
	case m.cur < ns:
		selected = m.sessionLine(m.cur, now)
	case m.cur-ns < len(m.grants):
		selected = m.grantLine(m.cur-ns, now)
	}
	// What follows the lists (a question, an error) is drawn first so the
	// lists get every other line of the window.
	var tail string
	if m.w > 4 && common.Width(selected) > m.w-2 {
		// A narrow window cuts the rows: the highlighted one is given whole.
		tail += "\n\n" + lipgloss.NewStyle().Width(m.w).Render(selected)
	}
	if j := m.cur - ns; j >= 0 && j < len(m.grants) && m.mode == listing {
		tail += "\n" + lipgloss.NewStyle().Width(max(10, m.w)).Render(s.Label.Render("Allowed: ")+ScopesInWords(m.grants[j]))
	}
	switch m.mode {
	case askGrants:
		tail += "\n\n" + s.Warning.Render("Sign out "+m.what+". Also revoke the apps it authorised? (y = yes, n = keep them, esc = cancel)")
	case confirmGrant:
		tail += "\n\n" + s.Warning.Render("Revoke "+m.what+"'s access? (y/n)")
	case confirmOthers:
		tail += "\n\n" + s.Warning.Render("Sign out every browser and revoke every other app's access? This terminal stays signed in. (y/n)")
	}
	if m.err != "" {
		tail += "\n\n" + s.Error.Render(m.err)
	}
	// Keep the cursor in view: show the lines around it.
	rows := max(3, m.h-strings.Count(tail, "\n")-2)
	m.shown = rows
	cursorLine := m.cur + 1
	if m.cur >= ns {
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

// sessionLine describes session i.
func (m *Model) sessionLine(i int, now time.Time) string {
	ss := m.sessions[i]
	line := fmt.Sprintf("%s · signed in %s · ends %s", m.desc[i], ago(ss.SignedInAt(), now), ss.ExpiresAt.Local().Format("2006-01-02"))
	if m.authorizes(ss) {
		line += m.C.Styles.Muted.Render(" · approved this terminal's sign-in")
	}
	return line
}

// grantLine describes app grant j.
func (m *Model) grantLine(j int, now time.Time) string {
	g := m.grants[j]
	line := fmt.Sprintf("%s · granted %s · until %s", common.Clean(g.AppName()), ago(g.GrantedAt(), now), g.ExpiresAt.Local().Format("2006-01-02"))
	switch {
	case m.own != "" && g.ID == m.own:
		line += m.C.Styles.Warning.Render(" · this terminal: revoking it signs you out here")
	case m.mine(g):
		line += m.C.Styles.Muted.Render(" · this program, here or elsewhere (Logto does not say)")
	case g.Payload.ClientID == m.clientID && m.C.ActingOn == "":
		line += m.C.Styles.Muted.Render(" · this program on another terminal")
	}
	return line
}

// row is one line of the lists (cut to the width once it is known to show).
func (m *Model) row(i int, line string) string {
	if i == m.cur {
		return m.C.Styles.Focused.Render("› ") + line
	}
	return "  " + line
}
