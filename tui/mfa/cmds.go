package mfa

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
)

type factorsMsg struct {
	gen  int
	list []logto.MFAVerification
	err  error
}

type doneMsg struct {
	seq   int
	text  string
	codes []logto.Secret
	err   error
	// offerBackups asks whether to remove backup codes too.
	offerBackups bool
}

type savedMsg struct {
	path string
	err  error
}

func (m *Model) load() tea.Cmd {
	be, gen := m.be(), m.c.Gen
	return func() tea.Msg {
		list, err := be.MFAVerifications(context.Background())
		return factorsMsg{gen: gen, list: list, err: err}
	}
}

func (m *Model) rename(name string) tea.Cmd {
	m.seq++
	m.busy = true
	seq, id := m.seq, m.factors[m.cur].ID
	r, _ := m.be().(Renamer)
	return func() tea.Msg {
		err := r.RenameMFAVerification(context.Background(), id, name)
		return doneMsg{seq: seq, err: err, text: "Passkey renamed to " + name + "."}
	}
}

func (m *Model) enroll() tea.Cmd {
	m.seq++
	m.busy = true
	seq, be, secret, replace, prompt, code := m.seq, m.be(), logto.Secret(m.secret), m.replace, m.prompts(), m.code.Value()
	return func() tea.Msg {
		ctx := context.Background()
		if replace != "" { // replace only now that the new code checked
			if err := be.DeleteMFAVerification(ctx, replace); err != nil && !gone(err) {
				return doneMsg{seq: seq, err: err}
			}
		}
		if err := be.CreateTOTP(ctx, secret, code); err != nil {
			return doneMsg{seq: seq, err: err}
		}
		if prompt {
			_ = be.SetMFAEnabled(ctx, true)
		}
		return doneMsg{seq: seq, text: "Authenticator app added. It will be asked for at sign-in."}
	}
}

func (m *Model) backupCodes() tea.Cmd {
	if m.has(logto.FactorTOTP) == nil && m.has(logto.FactorWebAuthn) == nil {
		m.err = "Backup codes only back up another method: add an authenticator app (t) or a passkey first."
		return nil
	}
	if bc := m.has(logto.FactorBackupCode); bc != nil && bc.RemainCodes != nil && *bc.RemainCodes > 0 {
		m.mode = confirmRegenerate
		return nil
	}
	return m.guarded(m.regenerate)
}

func (m *Model) regenerate() tea.Cmd {
	m.seq++
	m.busy = true
	seq, be := m.seq, m.be()
	var old string
	if bc := m.has(logto.FactorBackupCode); bc != nil {
		old = bc.ID
	}
	return func() tea.Msg {
		ctx := context.Background()
		if old != "" {
			if err := be.DeleteMFAVerification(ctx, old); err != nil && !gone(err) {
				return doneMsg{seq: seq, err: err}
			}
		}
		codes, err := be.CreateBackupCodes(ctx)
		return doneMsg{seq: seq, codes: codes, err: err}
	}
}

func (m *Model) remove() tea.Cmd {
	f := m.factors[m.cur]
	m.seq++
	m.busy = true
	last := (f.Type == logto.FactorTOTP || f.Type == logto.FactorWebAuthn) && m.countReal() == 1 && m.has(logto.FactorBackupCode) != nil
	seq, be, id, label := m.seq, m.be(), f.ID, factorName(f)
	return func() tea.Msg {
		err := be.DeleteMFAVerification(context.Background(), id)
		return doneMsg{seq: seq, err: err, text: label + " removed.", offerBackups: last && err == nil}
	}
}

func (m *Model) removeBackups() tea.Cmd {
	bc := m.has(logto.FactorBackupCode)
	if bc == nil {
		return nil
	}
	m.seq++
	m.busy = true
	seq, be, id := m.seq, m.be(), bc.ID
	return func() tea.Msg {
		return doneMsg{seq: seq, err: be.DeleteMFAVerification(context.Background(), id), text: "Backup codes removed."}
	}
}

func mfaWords(err error) string {
	switch logto.CodeOf(err) {
	case "user.totp_already_in_use":
		return "You already have an authenticator app; it is replaced only after a new code checks."
	case "session.mfa.backup_code_can_not_be_alone":
		return "Backup codes only back up another method: add an authenticator app or a passkey first."
	case "user.backup_code_already_in_use":
		return "You still have unused backup codes; generate a new set with b (the old ones stop working)."
	case "user.totp_secret_invalid":
		return "The generated secret was refused; press t to start again."
	}
	if gone(err) {
		return "That method was already removed. The list is refreshed."
	}
	return common.Words(err)
}

// gone reports a factor that no longer exists, in either API's words.
func gone(err error) bool {
	return logto.IsCode(err, "entity.not_found") || logto.IsCode(err, "verification_record.not_found")
}
