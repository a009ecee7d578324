package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/tui/common"
)

// contentHeight is the body's height: the window less the header, the
// tabs, the footer and the help line.
func (m *Model) contentHeight() int { return max(1, m.h-3-len(m.footer())) }

// footer is what sits between the body and the help line: the demo's note
// on its own line (a code the demo "sent", the password to type), then the
// status line. Feedback for what the user just did wins its line: the
// "verified" clock and the waiting mark give way to it, and a message wider
// than the window takes a second line instead of being cut.
func (m *Model) footer() []string {
	s := m.c.Styles
	var out []string
	if m.demo != "" {
		out = append(out, keepEnd(common.Fold(s.Warning.Render(m.demo), m.w), m.w)...)
	}
	left := ""
	switch {
	case m.confirm:
		left = s.Warning.Render(m.c.T("root.confirm_quit"))
	case m.kind == common.StatusError:
		left = s.Error.Render(m.status)
	case m.kind == common.StatusSuccess:
		left = s.Success.Render(m.status)
	default:
		left = m.status
	}
	var right []string
	if m.busy() {
		right = append(right, m.spin.View()+" "+m.c.T("root.waiting"))
	}
	if d := m.c.Proof.Left(); d > 0 && !m.signing && !m.picking() && !m.opts.Admin {
		right = append(right, m.c.T("root.verified_left", "Left", fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)))
	}
	lines := statusLines(common.Fold(left, m.w), m.w)
	last := lines[len(lines)-1]
	for len(right) > 0 {
		r := s.Muted.Render(strings.Join(right, " · "))
		if gap := m.w - common.Width(last) - common.Width(r); gap >= 2 || last == "" && gap >= 0 {
			lines[len(lines)-1] = last + strings.Repeat(" ", gap) + r
			break
		}
		right = right[1:] // the waiting mark goes first, then the clock
	}
	return append(out, lines...)
}

// keepEnd is statusLines for the demo's note, whose end is what it tells (the
// code it "sent" follows the address): a note longer than two lines loses
// the start of its second line, not its end.
func keepEnd(lines []string, width int) []string {
	if len(lines) <= 2 {
		return lines
	}
	rest := strings.Join(lines[1:], " ")
	if w := common.Width(rest); w > width {
		rest = "…" + ansi.TruncateLeft(rest, w-width+1, "")
	}
	return []string{lines[0], rest}
}

// maxStatusLines is how many lines a status message may take: three, so
// that the longest error sentences, some 30 % longer in French, are read
// in full at 60 columns.
const maxStatusLines = 3

// statusLines keeps at most maxStatusLines of a message's folded lines,
// the last cut to the width with "…" when there was more.
func statusLines(lines []string, width int) []string {
	if len(lines) <= maxStatusLines {
		return lines
	}
	n := maxStatusLines - 1
	return append(lines[:n:n], common.Fit(strings.Join(lines[n:], " "), width))
}

// shutdown ends the program after saying why, for a moment (the SSH
// service stopping, an idle session).
func (m *Model) shutdown(msg ShutdownMsg) tea.Cmd {
	reason, grace := msg.Reason, msg.Grace
	if reason == "" {
		reason = m.c.T("root.stopping")
	}
	if grace == 0 {
		grace = DefaultShutdownGrace
	}
	m.Stop()
	return tea.Batch(m.setStatus(reason, common.StatusError), m.c.Clock.After(grace, func(time.Time) tea.Msg { return tea.QuitMsg{} }))
}
