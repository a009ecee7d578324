package mfa

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

type factorsMsg struct {
	list []logto.MFAVerification
	err  error
}

type doneMsg struct {
	text  string
	codes []logto.Secret
	err   error
	// offerBackups asks whether to remove the backup codes too.
	offerBackups *removeMsg
	// action is what was done (asked again after a refused proof).
	action tea.Msg
}

type savedMsg struct {
	path string
	err  error
}

// The screen's actions, handed back once the user proved who they are;
// each carries what it acts on, as it was when the user confirmed.
type (
	enrollMsg struct {
		secret        logto.Secret
		code, replace string
		prompt        bool
	}
	renameMsg struct{ id, name string }
	removeMsg struct {
		id string
		// f is the factor as the list showed it (its type and name say
		// what is removed).
		f logto.MFAVerification
		// backups is the backup codes' id when this is the last
		// authenticator (removing it offers to remove them too).
		backups string
	}
	regenerateMsg struct{ old string }
)

func (m *Model) load() tea.Cmd {
	be := m.be()
	return tea.Batch(m.Req.Do("list", func(ctx context.Context) tea.Msg {
		list, err := be.MFAVerifications(ctx)
		return factorsMsg{list: list, err: err}
	}), m.loadSettings())
}

// removal is the action that removes f, as the list stands now.
func (m *Model) removal(f logto.MFAVerification) removeMsg {
	a := removeMsg{id: f.ID, f: f}
	if bc := m.has(logto.FactorBackupCode); bc != nil && (f.Type == logto.FactorTOTP || f.Type == logto.FactorWebAuthn) && m.countReal() == 1 {
		a.backups = bc.ID
	}
	return a
}

// act runs one of the screen's actions (one at a time).
func (m *Model) act(action tea.Msg) tea.Cmd {
	if m.Req.Pending("act") {
		return nil
	}
	be := m.be()
	var fn func(ctx context.Context) doneMsg
	switch a := action.(type) {
	case enrollMsg:
		fn = func(ctx context.Context) doneMsg {
			text, err := Enrol(ctx, m.C.Lang, be, a.secret, a.code, a.replace, a.prompt)
			return doneMsg{text: text, err: err}
		}
	case renameMsg:
		r, _ := be.(Renamer)
		text := m.C.T("mfa.renamed", "Name", common.Clean(a.name))
		fn = func(ctx context.Context) doneMsg {
			return doneMsg{err: r.RenameMFAVerification(ctx, a.id, a.name), text: text}
		}
	case removeMsg:
		text := Removed(m.C.Lang, a.f)
		fn = func(ctx context.Context) doneMsg {
			err := be.DeleteMFAVerification(ctx, a.id)
			d := doneMsg{err: err, text: text}
			if err == nil && a.backups != "" {
				d.offerBackups = &removeMsg{id: a.backups, f: logto.MFAVerification{ID: a.backups, Type: logto.FactorBackupCode}}
			}
			return d
		}
	case regenerateMsg:
		fn = func(ctx context.Context) doneMsg {
			codes, err := Regenerate(ctx, be, a.old)
			return doneMsg{codes: codes, err: err}
		}
	default:
		return nil
	}
	return m.Req.Do("act", func(ctx context.Context) tea.Msg {
		d := fn(ctx)
		d.action = action
		return d
	})
}

// gone reports a factor that no longer exists, in either API's words.
func gone(err error) bool {
	return logto.IsCode(err, "entity.not_found") || logto.IsCode(err, "verification_record.not_found")
}

func (m *Model) backupCodes() tea.Cmd {
	if m.has(logto.FactorTOTP) == nil && m.has(logto.FactorWebAuthn) == nil {
		m.err = m.C.T("mfa.backup_needs_other")
		return nil
	}
	var old string
	if bc := m.has(logto.FactorBackupCode); bc != nil {
		old = bc.ID
		if bc.RemainCodes != nil && *bc.RemainCodes > 0 {
			m.mode, m.asked = confirmRegenerate, regenerateMsg{old: old}
			return nil
		}
	}
	return m.Guard(regenerateMsg{old: old})
}
