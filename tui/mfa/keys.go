package mfa

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// KeyMap are the screen's keys.
type KeyMap struct {
	Up, Down, TOTP, Backup, Remove, Passkey, Rename, Copy, Save, Cancel key.Binding
	// Ask, Offer and Used are the settings' keys (settings.go).
	Ask, Offer, Used key.Binding
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.TOTP, k.Backup, k.Passkey, k.Remove, k.Rename}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.TOTP, k.Backup, k.Passkey, k.Rename}, {k.Remove, k.Copy, k.Save, k.Cancel},
		{k.Ask, k.Offer, k.Used}}
}

// listKeys are the list's keys: d only with a factor to remove, n only on
// a passkey that can be renamed, and then those two first (the line has
// no room for every key at 80 columns; the full help lists them all).
type listKeys struct {
	KeyMap
	rename bool
}

// ShortHelp implements help.KeyMap.
func (k listKeys) ShortHelp() []key.Binding {
	if k.rename {
		return []key.Binding{k.Rename, k.Remove, k.TOTP, k.Backup}
	}
	return []key.Binding{k.TOTP, k.Backup, k.Passkey, k.Remove}
}

// FullHelp implements help.KeyMap: the list's keys only (c, w and esc are
// the backup codes' own, and were listed here where they do nothing).
func (k listKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.TOTP, k.Backup, k.Passkey, k.Rename}, {k.Remove}, {k.Ask, k.Offer, k.Used}}
}

// KeyMap implements common.Screen: the keys of the state on screen.
func (m *Model) KeyMap() help.KeyMap {
	switch m.mode {
	case addingTOTP:
		return common.Keys{common.Hint("enter", m.C.T("mfa.hint_check_add")), common.Hint("esc", m.C.T("mfa.hint_cancel"))}
	case showingCodes:
		save := m.keys.Save
		save.SetEnabled(m.canSave())
		return common.Keys{m.keys.Copy, save, common.Hint("enter", m.C.T("mfa.hint_done"))}
	case saving:
		return common.Keys{common.Hint("enter", m.C.T("mfa.hint_save")), common.Hint("esc", m.C.T("mfa.hint_back_to_codes"))}
	case renaming:
		return common.Keys{common.Hint("enter", m.C.T("mfa.hint_save")), common.Hint("esc", m.C.T("mfa.hint_cancel"))}
	case confirmRemove, confirmBackups, confirmRegenerate, confirmSetting:
		return common.Keys{common.Hint("y", m.C.T("mfa.hint_yes")), common.Hint("n", m.C.T("mfa.hint_no"))}
	case passkeyInfo:
		return common.Keys{common.Hint("c", m.C.T("mfa.hint_copy_address")), m.qrKey(), common.Hint("esc", m.C.T("mfa.key_back"))}
	}
	if m.C.Hidden(logto.FieldMFA) {
		return common.Keys{} // not shared with this app: nothing is offered
	}
	k := listKeys{KeyMap: m.keys}
	onPasskey := m.cur < len(m.factors) && m.factors[m.cur].Type == logto.FactorWebAuthn
	k.Remove.SetEnabled(m.cur < len(m.factors))
	// Backup codes back up another method: without one, b only says so.
	k.Backup.SetEnabled(m.has(logto.FactorTOTP) != nil || m.has(logto.FactorWebAuthn) != nil)
	k.Rename.SetEnabled(onPasskey && m.canRename())
	k.rename = k.Rename.Enabled()
	// a and o act on settings read from Logto, o only where the tenant
	// offers passkeys at sign-in (the screen shows that line only then).
	k.Ask.SetEnabled(m.set.cur != nil)
	k.Offer.SetEnabled(m.set.cur != nil && m.set.cur.PasskeyKnown && m.passkeyOffered())
	return k
}

// qrKey shows the account page as a QR code filling the window; offered
// only when the code does not fit beside the words but fits the window.
func (m *Model) qrKey() key.Binding {
	b := common.Hint("o", m.C.T("mfa.hint_qr"))
	w, h := m.C.Window(m.w, m.h)
	b.SetEnabled(!m.pageBeside && m.pageQR.Alone(common.Clean(m.deps.AccountPage), m.C.Dark, w, h) != "")
	return b
}

func (m *Model) canSave() bool { return m.deps.SaveDir != "" && m.deps.WriteFile != nil }

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	switch m.mode {
	case addingTOTP:
		switch msg.String() {
		case "esc":
			m.mode, m.secret, m.uri, m.err = listing, "", "", ""
			return nil
		case "enter":
			return m.checkTOTP()
		}
		var cmd tea.Cmd
		m.code.Input, cmd = m.code.Input.Update(msg)
		return cmd
	case showingCodes:
		switch {
		case key.Matches(msg, m.keys.Copy):
			return m.C.Copy(codeText(m.codes), m.C.T("mfa.copy_what_codes"))
		case key.Matches(msg, m.keys.Save) && m.canSave():
			return m.startSaving()
		case msg.String() == "enter" || msg.String() == "esc":
			m.finishCodes()
		}
		return nil
	case saving:
		return m.savingKey(msg)
	case confirmRemove, confirmBackups, confirmRegenerate:
		asked := m.asked
		m.mode, m.asked = listing, nil
		if asked != nil && (msg.String() == "y" || msg.String() == "Y") {
			return m.Guard(asked)
		}
		return nil
	case passkeyInfo:
		switch {
		case m.whole:
			m.whole = false // any key returns from the code
		case msg.String() == "c":
			return m.C.Copy(m.deps.AccountPage, m.C.T("mfa.copy_what_address"))
		case msg.String() == "o" && m.qrKey().Enabled():
			m.whole = true
		default:
			m.mode = listing
		}
		return nil
	case renaming:
		switch msg.String() {
		case "esc":
			m.mode = listing
			text := m.C.T("mfa.not_renamed")
			return func() tea.Msg { return common.Info(text) }
		case "enter":
			name := strings.TrimSpace(m.name.Value())
			if name == "" {
				m.err = m.C.T("mfa.type_name")
				return nil
			}
			m.mode, m.err = listing, ""
			return m.Guard(renameMsg{id: m.asked.(renameMsg).id, name: name})
		}
		var cmd tea.Cmd
		m.name.Input, cmd = m.name.Input.Update(msg)
		return cmd
	}
	m.err = ""
	if m.C.Hidden(logto.FieldMFA) {
		return nil // not shared with this app: nothing is offered
	}
	if cmd, ok := m.settingsKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cur = max(0, m.cur-1)
	case key.Matches(msg, m.keys.Down):
		m.cur = max(0, min(len(m.factors)-1, m.cur+1))
	case key.Matches(msg, m.keys.TOTP):
		return m.startTOTP()
	case key.Matches(msg, m.keys.Backup):
		return m.backupCodes()
	case key.Matches(msg, m.keys.Remove):
		if m.cur < len(m.factors) {
			m.mode, m.asked = confirmRemove, m.removal(m.factors[m.cur])
		}
	case key.Matches(msg, m.keys.Passkey):
		m.mode, m.whole = passkeyInfo, false
	case msg.String() == "n" && m.cur < len(m.factors) && m.factors[m.cur].Type == logto.FactorWebAuthn:
		if !m.canRename() {
			m.err = m.C.Lacking(logto.CapRenamePasskey)
			return nil
		}
		m.mode, m.err = renaming, ""
		m.asked = renameMsg{id: m.factors[m.cur].ID}
		m.name.Input.SetValue(m.factors[m.cur].Name)
		return m.name.Input.Focus()
	}
	return nil
}
