package contact

import (
	"fmt"
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
		return s.Muted.Render("Loading…")
	}
	var b strings.Builder
	row := func(k kind, label, val string) {
		marker, st := "  ", s.Label
		if m.row == k {
			marker, st = s.Focused.Render("› "), s.Focused
		}
		if val == "" {
			val = s.Muted.Render("not set")
		} else {
			val = common.Clean(val)
		}
		b.WriteString(marker + st.Width(8).Render(label) + " " + val + "\n")
	}
	row(email, "Email", logto.Str(m.user.PrimaryEmail))
	row(phoneKind, "Phone", phone.Format(logto.Str(m.user.PrimaryPhone)))
	b.WriteString("\n")
	switch m.step {
	case typing:
		b.WriteString(s.Label.Render(m.value.Label+": ") + m.value.Input.View() + "\n")
		hint := "A code will be sent to the new address; it is saved once you type the code."
		if m.row == phoneKind {
			hint = "Include the country code: +1 555 123 4567, +44 20 7946 0958. Spaces and dashes are fine."
		}
		b.WriteString(s.Muted.Render(hint) + "\n")
	case coding:
		if m.sentAt.IsZero() {
			b.WriteString(s.Muted.Render("Sending a code to "+m.targetText()+"…") + "\n")
			break
		}
		b.WriteString("Code sent to " + s.Header.Render(m.targetText()) + ". " + s.Label.Render("Code: ") + m.code.Input.View() + "\n")
		if wait := ResendAfter - m.C.Now().Sub(m.sentAt); wait > 0 {
			b.WriteString(s.Muted.Render(fmt.Sprintf("No message? You can ask for a new code in %d s.", secs(wait))) + "\n")
		} else {
			b.WriteString(s.Muted.Render("No message? Press r to send a new code.") + "\n")
		}
	case confirmRemove:
		b.WriteString(s.Warning.Render("Remove "+m.C.Whose(false)+" "+m.label()+" "+m.currentText()+"? (y/n)") + "\n")
	}
	if m.err != "" {
		b.WriteString(s.Error.Render(m.err) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// currentText is the selected row's address as shown.
func (m *Model) currentText() string {
	if m.row == email {
		return Address(logto.Recipient{Email: m.current()})
	}
	return Address(logto.Recipient{Phone: m.current()})
}

// secs rounds a wait up to whole seconds.
func secs(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }
