package sessions

import (
	"fmt"
	"strings"
	"time"

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

// sessionInfo is a session described for people.
type sessionInfo struct {
	device, ip, place string
	// full is all of it in one line: "Firefox on Linux · 203.0.113.7 · London, GB".
	full string
}

func describe(s logto.Session) sessionInfo {
	ctx := s.Context()
	place := strings.TrimSpace(strings.Trim(ctx.City+", "+ctx.Country, ", "))
	in := sessionInfo{device: common.Clean(Device(ctx.UserAgent)), ip: common.Clean(ctx.IP), place: common.Clean(place)}
	in.full = in.device
	for _, p := range []string{in.ip, in.place} {
		if p != "" {
			in.full += " · " + p
		}
	}
	return in
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
		return s.Muted.Render("Loading sessions…")
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
			return s.Header.Render(fmt.Sprintf("Signed-in browsers (%d)", ns))
		case i <= ns:
			return m.row(i-1, m.sessionRow(i-1, now))
		case i == ns+1:
			return ""
		case i == ns+2:
			return s.Header.Render(fmt.Sprintf("Apps with access (%d)", len(m.grants)))
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
		tail += "\n" + s.Warning.Render(common.Wrap("Sign out "+m.what+". Also revoke the apps it authorised? "+
			"(y: yes · n: no, keep them · esc: do nothing)", wrap))
	case confirmGrant:
		tail += "\n" + s.Warning.Render(common.Wrap("Revoke "+m.what+"'s access? (y/n)", wrap))
	case confirmKey:
		tail += "\n" + s.Warning.Render(common.Wrap("Forget the SSH key "+m.what+"? Connecting with it will ask for a device sign-in again. (y/n)", wrap))
	case confirmOthers:
		q := "Sign out every browser and revoke every other app's access? This terminal stays signed in. (y/n)"
		if m.C.ActingOn != "" { // the operator's terminal is not among theirs
			q = "Sign out every browser of " + m.C.Whose(false) + " account and revoke every app's access to it? (y/n)"
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
func (m *Model) cols() (name, place int, words bool) {
	if m.w >= 70 {
		return 20, 18, true
	}
	return 18, 12, false
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
	if words {
		line += "signed in "
	}
	line += ago(m.sessions[i].SignedInAt(), now)
	if m.authorizes(m.sessions[i]) {
		line += m.C.Styles.Muted.Render(" · here") // it approved this terminal (the panel says so in full)
	}
	return line
}

// grantRow is app grant j in one line: name and when it was granted.
func (m *Model) grantRow(j int, now time.Time) string {
	// An app has a name and a time: no columns to line up.
	nameW, _, _ := m.cols()
	g := m.grants[j]
	line := common.Fit(common.Clean(g.AppName()), 2*nameW) + " · granted " + ago(g.GrantedAt(), now)
	switch {
	case m.own != "" && g.ID == m.own:
		line += m.C.Styles.Warning.Render(" · this terminal")
	case m.mine(g):
		line += m.C.Styles.Muted.Render(" · this program (here or elsewhere)")
	case g.Payload.ClientID == m.clientID && m.C.ActingOn == "":
		line += m.C.Styles.Muted.Render(" · this program elsewhere")
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
			where = append(where, "IP "+in.ip)
		}
		if in.place != "" {
			where = append(where, in.place)
		}
		if len(where) > 0 {
			lines = append(lines, strings.Join(where, " · "))
		}
		lines = append(lines, "Signed in "+when(ss.SignedInAt(), now)+" · ends\u00a0"+stamp(ss.ExpiresAt.Time))
		if m.authorizes(ss) {
			lines = append(lines, s.Muted.Render("It approved this terminal's sign-in: signing it out with its apps signs this terminal out too."))
		}
	case m.cur-ns < len(m.grants):
		g := m.grants[m.cur-ns]
		lines = append(lines, s.Header.Render(common.Clean(g.AppName()))+s.Muted.Render("  app"),
			"Granted "+when(g.GrantedAt(), now)+" · until\u00a0"+stamp(g.ExpiresAt.Time))
		switch {
		case m.own != "" && g.ID == m.own:
			lines = append(lines, s.Warning.Render("This is this terminal's own access: revoking it signs you out here."))
		case m.mine(g):
			lines = append(lines, s.Muted.Render("This program's access, here or on another terminal: Logto does not say which, "+
				"so revoking it may sign this terminal out."))
		case g.Payload.ClientID == m.clientID && m.C.ActingOn == "":
			lines = append(lines, s.Muted.Render("This program on another terminal: revoking it signs that one out, not this one."))
		}
		lines = append(lines, s.Label.Render("Allowed: ")+ScopesInWords(g))
	case m.cur-ns-len(m.grants) < len(m.ssh.list):
		k := m.ssh.list[m.cur-ns-len(m.grants)]
		lines = append(lines, s.Header.Render(common.Clean(k.Fingerprint))+s.Muted.Render("  SSH key"))
		if k.Current {
			lines = append(lines, s.Muted.Render("The key of this connection."))
		}
		if k.Comment != "" {
			lines = append(lines, common.Clean(k.Comment))
		}
		used := "never used"
		if !k.LastUsed.IsZero() {
			used = "used " + when(k.LastUsed, now) + from(k.LastUsedFrom)
		}
		lines = append(lines, "Added "+when(k.Added, now)+from(k.AddedFrom)+" · "+used+" · expires\u00a0"+stamp(k.Expires))
	default:
		return ""
	}
	if m.w < 24 {
		return strings.Join(lines, "\n")
	}
	return s.Box.Width(m.w).Render(common.Wrap(strings.Join(lines, "\n"), m.w-4))
}

// stamp is a time to the minute, in local time (one word to the folding:
// the date and the time are never put on two lines).
func stamp(t time.Time) string { return t.Local().Format("2006-01-02\u00a015:04") }

// when is a past time to the minute, with how long ago.
func when(t, now time.Time) string {
	if a := ago(t, now); !strings.Contains(a, "-") {
		return stamp(t) + "\u00a0(" + a + ")"
	}
	return stamp(t)
}

// row is one line of the lists (cut to the width once it is known to show).
func (m *Model) row(i int, line string) string {
	if i == m.cur {
		return m.C.Styles.Focused.Render("› ") + line
	}
	return "  " + line
}
