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
		b.WriteString("Sign-in cancelled: this terminal no longer waits for that code.\n\n")
		b.WriteString(s.Muted.Render("Press r for a new code, or q to quit."))
		return b.String()
	case errors.Is(m.err, context.Canceled):
		// Nobody pressed esc: the program is ending under the user.
		b.WriteString("This session is ending, so it no longer waits for the sign-in.\n\n")
		b.WriteString(s.Muted.Render("Press r for a new code, or q to quit."))
		return b.String()
	case m.err != nil:
		b.WriteString(s.Error.Render(common.Words(m.err)) + "\n\n")
		b.WriteString(s.Muted.Render("Press r for a new code, or q to quit."))
		return b.String()
	case m.dc == nil:
		return "Asking Logto for a sign-in code…"
	}
	left := m.C.Now().Sub(m.dc.Expiry) * -1
	code := s.Box.Render(s.Code.Render(spaced(m.dc.UserCode)))
	text := lipgloss.JoinVertical(lipgloss.Left,
		s.Header.Render("Sign in with your browser or phone"),
		"",
		"1. Open",
		"   "+s.Title.Render(common.Clean(m.dc.VerificationURI)),
		"2. Enter this code:",
		code,
		"Waiting for approval…",
		s.Muted.Render("   code expires in "+mmss(left)),
	)
	if m.open != nil {
		text += "\n" + s.Muted.Render("Enter opens the page in your browser.")
	}
	if qr := m.qrCode(); qr != "" && m.w >= lipgloss.Width(text)+termqr.Width(qr)+2 {
		return lipgloss.JoinHorizontal(lipgloss.Top, text, "  ", qr)
	} else if qr != "" && m.h >= lipgloss.Height(text)+lipgloss.Height(qr)+1 {
		return text + "\n" + qr
	}
	return text + "\n" + s.Muted.Render("(enlarge the window to see a QR code for your phone)")
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
func mmss(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if d > time.Minute {
		return fmt.Sprintf("%d min", minutesUp(d))
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
