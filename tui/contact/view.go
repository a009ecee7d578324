package contact

import (
	"strings"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/phone"
	"github.com/logto-account/logto-account/tui/common"
)

// View implements common.Screen.
func (m *Model) View() string {
	s := m.C.Styles
	if m.user == nil {
		return s.Muted.Render(m.C.T("contact.loading"))
	}
	var b strings.Builder
	// The labels' column is as wide as the wider label in the language
	// (at least 8 cells, as it always was in English).
	emailLabel, phoneLabel := m.C.T("contact.row_email"), m.C.T("contact.row_phone")
	labelW := max(8, common.Width(emailLabel), common.Width(phoneLabel))
	row := func(k kind, label, val string) {
		marker, st := "  ", s.Label
		if m.row == k {
			marker, st = s.Focused.Render("› "), s.Focused
		}
		if val == "" {
			val = s.Muted.Render(m.C.T("contact.not_set"))
		} else {
			val = common.Clean(val)
		}
		b.WriteString(marker + st.Render(common.Pad(label, labelW)) + " " + val + "\n")
	}
	row(email, emailLabel, logto.Str(m.user.PrimaryEmail))
	row(phoneKind, phoneLabel, phone.Format(logto.Str(m.user.PrimaryPhone)))
	b.WriteString("\n")
	switch m.step {
	case typing:
		b.WriteString(s.Label.Render(m.valuePrompt()) + m.value.Input.View() + "\n")
		b.WriteString(s.Muted.Render(m.C.T(m.which("contact.hint_email", "contact.hint_phone"))) + "\n")
	case coding:
		if m.sentAt.IsZero() {
			b.WriteString(s.Muted.Render(m.C.T("contact.sending", "Address", m.targetText())) + "\n")
			break
		}
		b.WriteString(m.C.T("contact.sent_code", "Address", s.Header.Render(m.targetText()),
			"Prompt", s.Label.Render(m.C.T("contact.field", "Label", m.code.Label))) + m.code.Input.View() + "\n")
		if wait := ResendAfter - m.C.Now().Sub(m.sentAt); wait > 0 {
			b.WriteString(s.Muted.Render(m.C.N("contact.no_message_wait", secs(wait))) + "\n")
		} else {
			b.WriteString(s.Muted.Render(m.C.T("contact.no_message_resend")) + "\n")
		}
	case confirmRemove:
		id := m.whose("contact.remove_email", "contact.remove_email_of", "contact.remove_phone", "contact.remove_phone_of")
		b.WriteString(s.Warning.Render(m.C.T(id, "Name", m.actingOn(), "Address", m.currentText())) + "\n")
	}
	if m.err != "" {
		b.WriteString(s.Error.Render(m.err) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// valuePrompt is what stands before the new address's input ("New email
// address: ").
func (m *Model) valuePrompt() string { return m.C.T("contact.field", "Label", m.value.Label) }

// currentText is the selected row's address as shown.
func (m *Model) currentText() string {
	if m.row == email {
		return Address(logto.Recipient{Email: m.current()})
	}
	return Address(logto.Recipient{Phone: m.current()})
}

// secs rounds a wait up to whole seconds.
func secs(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }
