package signin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/logto-account/logto-account/termqr"
	"github.com/logto-account/logto-account/tui/common"
)

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	var b strings.Builder
	switch {
	case errors.Is(m.err, context.Canceled) && m.byUser:
		b.WriteString(m.C.T("signin.cancelled") + "\n\n")
		b.WriteString(s.Muted.Render(m.C.T("signin.retry_or_quit")))
		return b.String()
	case errors.Is(m.err, context.Canceled):
		// Nobody pressed esc: the program is ending under the user.
		b.WriteString(m.C.T("signin.ending") + "\n\n")
		b.WriteString(s.Muted.Render(m.C.T("signin.retry_or_quit")))
		return b.String()
	case m.err != nil:
		b.WriteString(s.Error.Render(m.C.Words(m.err)) + "\n\n")
		b.WriteString(s.Muted.Render(m.C.T("signin.retry_or_quit")))
		return b.String()
	case m.dc == nil:
		return m.C.T("signin.asking")
	}
	left := m.C.Now().Sub(m.dc.Expiry) * -1
	code := s.Box.Render(s.Code.Render(spaced(m.dc.UserCode)))
	text := lipgloss.JoinVertical(lipgloss.Left,
		s.Header.Render(m.C.T("signin.heading")),
		"",
		m.C.T("signin.step_open"),
		"   "+s.Title.Render(common.Clean(m.dc.VerificationURI)),
		m.C.T("signin.step_enter"),
		code,
		m.C.T("signin.waiting"),
		s.Muted.Render("   "+m.C.T("signin.expires_in", "Left", m.mmss(left))),
	)
	if m.open != nil {
		text += "\n" + s.Muted.Render(m.C.T("signin.enter_opens"))
	}
	if qr := m.qrCode(); qr != "" && m.w >= lipgloss.Width(text)+termqr.Width(qr)+2 {
		return lipgloss.JoinHorizontal(lipgloss.Top, text, "  ", qr)
	} else if qr != "" && m.h >= lipgloss.Height(text)+lipgloss.Height(qr)+1 {
		return text + "\n" + qr
	}
	return text + "\n" + s.Muted.Render(m.C.T("signin.enlarge_for_qr"))
}

// qrCode renders (and caches) the QR of the complete verification URL.
func (m *Model) qrCode() string {
	if m.dc == nil || m.dc.VerificationURIComplete == "" {
		return ""
	}
	if m.qr == "" || m.qrDark != m.C.Dark {
		m.qr, _ = termqr.Render(m.dc.VerificationURIComplete, !m.C.Dark)
		m.qrDark = m.C.Dark
	}
	return m.qr
}

func spaced(code string) string { return strings.Join(strings.Split(code, ""), " ") }

// A code's time left is said in whole minutes (rounded up) until the
// last one, then in seconds: the screen changes once a minute, not once
// a second, while a person has plenty of time (a waiting SSH session then
// costs what a static program costs: README, Performance).
func (m *Model) mmss(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if d > time.Minute {
		return m.C.N("signin.minutes", minutesUp(d))
	}
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

// minutesUp is d in minutes, rounded up.
func minutesUp(d time.Duration) int { return int((d + time.Minute - 1) / time.Minute) }

// nextChange is how long until mmss(left) reads differently: the next
// whole minute above the last one, else a second.
func nextChange(left time.Duration) time.Duration {
	if left <= time.Minute {
		return time.Second
	}
	return left - time.Duration(minutesUp(left)-1)*time.Minute
}
