package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/tui/common"
)

// Offer is a yes/no question put to the user once they have signed in: the
// SSH service offers to remember the SSH key of a device sign-in. The root
// shows it where the proof prompt goes and, until it is answered, it takes
// the keys (q and ctrl+c still quit): y runs Accept with the program's
// context, n or esc drops it. Nothing runs unless the user says y.
type Offer struct {
	// Question is the sentence asked (the root adds the keys).
	Question string
	// Accept does what the user agreed to and says what was done.
	Accept func(ctx context.Context) (string, error)
}

type offerDoneMsg struct {
	text string
	err  error
}

// offerKey answers the open offer; handled is false when there is none.
func (m *Model) offerKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.offer == nil || m.signing || m.proof.Active() {
		return nil, false
	}
	if key := msg.String(); key == "q" || key == "ctrl+c" {
		return nil, false // quitting is the root's
	}
	switch msg.String() {
	case "y", "Y":
		accept := m.offer.Accept
		m.offer = nil
		return m.req.Do("offer", func(ctx context.Context) tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
			defer cancel()
			text, err := accept(ctx)
			return offerDoneMsg{text: text, err: err}
		}), true
	case "n", "N", "esc":
		m.offer = nil
		return m.setStatus(m.c.T("common.offer_declined"), common.StatusInfo), true
	}
	return nil, true // the question is answered first
}

func (m *Model) offerDone(msg offerDoneMsg) tea.Cmd {
	if msg.err != nil {
		return m.setStatus(m.c.Words(msg.err), common.StatusError)
	}
	return m.setStatus(msg.text, common.StatusSuccess)
}

// offerView is the open question, or "".
func (m *Model) offerView(width int) string {
	if m.offer == nil || m.signing {
		return ""
	}
	s := m.c.Styles
	return s.Warning.Width(width).Render(m.offer.Question) + "\n" +
		s.Key.Render("y") + s.Muted.Render(" "+m.c.T("common.offer_yes")+" · ") + s.Key.Render("n") + s.Muted.Render(" "+m.c.T("common.offer_not_now"))
}
