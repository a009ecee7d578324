package identities

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/tui/common"
)

// linkKey handles a key while a link waits for the provider: copy, open,
// the QR code, a pasted address, cancel.
func (m *Model) linkKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case (msg.String() == "ctrl+o" || msg.String() == "o" && m.deps.Listen != nil) && m.qrKey(msg.String()).Enabled():
		m.whole = true
		return nil
	case key.Matches(msg, m.keys.Cancel):
		m.stopLink()
		text := m.C.T("identities.link_cancelled")
		return func() tea.Msg { return common.Info(text) }
	case msg.String() == "enter" && m.deps.Listen == nil:
		return m.pasted()
	case msg.String() == "c" && m.deps.Listen != nil:
		return m.C.Copy(m.link.url, m.C.T("identities.copy_what"))
	case msg.String() == "ctrl+y" && m.deps.Listen == nil:
		return m.C.Copy(m.link.url, m.C.T("identities.copy_what"))
	case msg.String() == "enter" && m.deps.Open != nil:
		open, target := m.deps.Open, m.link.url
		noBrowser, opened := m.C.T("identities.no_browser"), m.C.T("identities.opened")
		return func() tea.Msg {
			if err := open(target); err != nil {
				return common.StatusMsg{Text: noBrowser, Kind: common.StatusError}
			}
			return common.Info(opened)
		}
	}
	if m.deps.Listen == nil {
		var cmd tea.Cmd
		m.paste.Input, cmd = m.paste.Input.Update(msg)
		return cmd
	}
	return nil
}

// qrKey shows the address as a QR code filling the window; offered only
// when the code does not fit beside the words.
func (m *Model) qrKey(keys string) key.Binding {
	b := common.Hint(keys, m.C.T("identities.key_qr"))
	w, h := m.C.Window(m.w, m.h)
	b.SetEnabled(m.link != nil && !m.qrBeside && m.qr.Alone(m.link.url, m.C.Dark, w, h) != "")
	return b
}

func (m *Model) stopLink() {
	m.Req.Drop("callback")
	if m.link == nil {
		return
	}
	if m.link.recv != nil {
		m.link.recv.Close()
	}
	m.link, m.whole = nil, false
	m.paste.Input.Blur()
}

// Stop releases a pending link (program end).
func (m *Model) Stop() { m.stopLink() }
