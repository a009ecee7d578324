package mfa

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

// This file is the two-step screen's settings part: whether Logto asks for
// the second step at sign-in (skipMfaOnSignIn), whether it offers to add a
// passkey at sign-in (passkeySignIn.skipped), and which backup codes were
// used (docs/logto-behaviour.md#two-step-settings).

// SettingsBackend is a backend with the user's two-step settings (both of
// this program's backends have them; a test fake without them shows none).
type SettingsBackend interface {
	TwoStepSettings(ctx context.Context) (*logto.TwoStepSettings, error)
	SetSkipMFAOnSignIn(ctx context.Context, skip bool) error
	SetPasskeySkipped(ctx context.Context, skipped bool) error
	BackupCodes(ctx context.Context) ([]logto.BackupCode, error)
}

// confirmSetting asks before a setting changes (the screen's other modes
// are in mfa.go).
const confirmSetting mode = 100

// settings is what the screen knows of the user's two-step settings.
type settings struct {
	cur *logto.TwoStepSettings
	err string
	// used are the backup codes read after a proof (nil: not asked).
	used []logto.BackupCode
	// question is the confirmation on screen.
	question string
}

type (
	settingsMsg struct {
		s   *logto.TwoStepSettings
		err error
	}
	// skipMsg and passkeyMsg change a setting; usedCodesMsg reads the
	// codes (each handed back after a proof).
	skipMsg      struct{ skip bool }
	passkeyMsg   struct{ skipped bool }
	usedCodesMsg struct{}
	codesReadMsg struct {
		codes []logto.BackupCode
		err   error
	}
	settingDoneMsg struct {
		text   string
		err    error
		action tea.Msg
	}
)

func settingKeys(c *common.Common) (ask, offer, used key.Binding) {
	return key.NewBinding(key.WithKeys("a"), key.WithHelp("a", c.T("mfa.key_ask"))),
		key.NewBinding(key.WithKeys("o"), key.WithHelp("o", c.T("mfa.key_offer"))),
		key.NewBinding(key.WithKeys("u"), key.WithHelp("u", c.T("mfa.key_used")))
}

func (m *Model) settingsBackend() SettingsBackend {
	sb, _ := m.be().(SettingsBackend)
	return sb
}

func (m *Model) loadSettings() tea.Cmd {
	sb := m.settingsBackend()
	if sb == nil {
		return nil
	}
	return m.Req.Do("settings", func(ctx context.Context) tea.Msg {
		s, err := sb.TwoStepSettings(ctx)
		return settingsMsg{s: s, err: err}
	})
}

// mandatory reports a tenant policy under which skipMfaOnSignIn is ignored
// (isNoSkipMfaPolicy in Logto).
func (m *Model) mandatory() bool {
	if m.C.SignInExp == nil {
		return false
	}
	switch m.C.SignInExp.MFA.Policy {
	case policyMandatory, policyPromptBothMandatory, policyPromptSignInMandatory:
		return true
	}
	return false
}

// passkeyOffered reports a tenant with passkey sign-in: only then does
// Logto offer to add a passkey at sign-in.
func (m *Model) passkeyOffered() bool {
	return m.C.SignInExp != nil && m.C.SignInExp.PasskeySignIn.Enabled
}

// settingsUpdate handles the settings' messages; ok is false for others.
func (m *Model) settingsUpdate(msg tea.Msg) (tea.Cmd, bool) {
	sb := m.settingsBackend()
	switch msg := msg.(type) {
	case settingsMsg:
		m.set.cur, m.set.err = msg.s, ""
		if msg.err != nil {
			m.set.err = m.C.Words(msg.err)
		}
	case skipMsg:
		text := m.C.T("mfa.will_ask")
		if msg.skip {
			text = m.C.T("mfa.will_not_ask")
		}
		return m.settingDo(msg, func(ctx context.Context) (string, error) {
			return text, sb.SetSkipMFAOnSignIn(ctx, msg.skip)
		}), true
	case passkeyMsg:
		text := m.C.T("mfa.will_offer")
		if msg.skipped {
			text = m.C.T("mfa.will_not_offer")
		}
		return m.settingDo(msg, func(ctx context.Context) (string, error) {
			return text, sb.SetPasskeySkipped(ctx, msg.skipped)
		}), true
	case usedCodesMsg:
		return m.Req.Do("codes", func(ctx context.Context) tea.Msg {
			codes, err := sb.BackupCodes(ctx)
			return codesReadMsg{codes: codes, err: err}
		}), true
	case codesReadMsg:
		if cmd, ok := m.Reprove(msg.err, usedCodesMsg{}); ok {
			return cmd, true
		}
		switch {
		case logto.IsCode(msg.err, "verification_record.not_found"):
			m.set.used, m.set.err = []logto.BackupCode{}, ""
		case msg.err != nil:
			m.set.err = m.C.Words(msg.err)
		default:
			m.set.used, m.set.err = msg.codes, ""
		}
	case settingDoneMsg:
		if cmd, ok := m.Reprove(msg.err, msg.action); ok {
			return cmd, true
		}
		if msg.err != nil {
			m.set.err = m.C.Words(msg.err)
			return nil, true
		}
		text := msg.text
		return tea.Batch(m.loadSettings(), func() tea.Msg { return common.Success(text) }), true
	default:
		return nil, false
	}
	return nil, true
}

func (m *Model) settingDo(action tea.Msg, fn func(ctx context.Context) (string, error)) tea.Cmd {
	if m.Req.Pending("setting") {
		return nil
	}
	return m.Req.Do("setting", func(ctx context.Context) tea.Msg {
		text, err := fn(ctx)
		return settingDoneMsg{text: text, err: err, action: action}
	})
}

// settingsKey handles the settings' keys in the list and their question;
// ok is false for other keys.
func (m *Model) settingsKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.mode == confirmSetting {
		asked := m.asked
		m.mode, m.asked, m.set.question = listing, nil, ""
		if asked != nil && (msg.String() == "y" || msg.String() == "Y") {
			return m.Guard(asked), true
		}
		return nil, true
	}
	cur := m.set.cur
	switch {
	case key.Matches(msg, m.keys.Ask) && cur != nil:
		m.mode, m.asked = confirmSetting, skipMsg{skip: !cur.SkipMFAOnSignIn}
		m.set.question = m.C.T("mfa.question_ask")
		if !cur.SkipMFAOnSignIn {
			m.set.question = m.C.T("mfa.question_stop_asking")
		}
	case key.Matches(msg, m.keys.Offer) && cur != nil && cur.PasskeyKnown && m.passkeyOffered():
		m.mode, m.asked = confirmSetting, passkeyMsg{skipped: !cur.PasskeySkipped}
		m.set.question = m.C.T("mfa.question_offer")
		if !cur.PasskeySkipped {
			m.set.question = m.C.T("mfa.question_stop_offering")
		}
	case key.Matches(msg, m.keys.Used):
		if l, ok := m.be().(logto.Lacking); ok && l.Lacks(logto.CapBackupCodeUsage) {
			m.set.err = m.C.Lacking(logto.CapBackupCodeUsage)
			return nil, true
		}
		if m.settingsBackend() == nil {
			return nil, true
		}
		return m.Guard(usedCodesMsg{}), true
	default:
		return nil, false
	}
	return nil, true
}

// settingsView is the settings' lines under the factors.
func (m *Model) settingsView() string {
	s := m.C.Styles
	var b strings.Builder
	if cur := m.set.cur; cur != nil {
		line := m.C.T("mfa.asks")
		if cur.SkipMFAOnSignIn {
			line = m.C.T("mfa.does_not_ask")
		}
		if m.mandatory() {
			line += s.Muted.Render(m.C.T("mfa.tenant_requires")) // it starts with the space the language puts between sentences
		}
		b.WriteString(m.labelled(m.C.T("mfa.label_at_sign_in"), line) + "\n")
		if cur.PasskeyKnown && m.passkeyOffered() {
			offer := m.C.T("mfa.offers")
			if cur.PasskeySkipped {
				offer = m.C.T("mfa.told_not_to_offer")
			}
			b.WriteString(m.labelled(m.C.T("mfa.label_passkeys"), offer) + "\n")
		}
	}
	wrap := lipgloss.NewStyle().Width(max(20, m.w))
	if m.mode == confirmSetting {
		b.WriteString(s.Warning.Inherit(wrap).Render(m.set.question) + "\n")
	}
	if m.set.err != "" {
		b.WriteString(s.Error.Inherit(wrap).Render(m.set.err) + "\n")
	}
	// The used codes give way to a question, which must stay in the window.
	if m.set.used != nil && m.mode == listing {
		b.WriteString(m.usedView() + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// usedView lists the used backup codes by their first characters (a used
// code signs nobody in, but a whole one on screen looks like one that does)
// and counts the unused ones, which are never shown here.
func (m *Model) usedView() string {
	if len(m.set.used) == 0 {
		return m.labelled(m.C.T("mfa.label_backup_codes"), m.C.T("mfa.none_set_up"))
	}
	var used []string
	for _, c := range m.set.used {
		if c.Used() {
			code := []rune(c.Code.Reveal())
			used = append(used, fmt.Sprintf("%s… %s", string(code[:min(4, len(code))]), m.C.Lang.Date(c.UsedAt.Local())))
		}
	}
	unused := len(m.set.used) - len(used)
	if len(used) == 0 {
		return m.labelled(m.C.T("mfa.label_backup_codes"), m.C.N("mfa.none_used", unused))
	}
	// As many a line as fit, so the codes on paper can be crossed off.
	out := m.labelled(m.C.T("mfa.label_codes_used"), m.C.N("mfa.used_of", unused, "Used", len(used), "Total", len(m.set.used)))
	per := max(1, (m.w-2)/(ansi.StringWidth(used[0])+3))
	for i := 0; i < len(used); i += per {
		out += "\n  " + strings.Join(used[i:min(i+per, len(used))], "   ")
	}
	return out
}
