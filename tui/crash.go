package tui

import (
	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/tui/common"
)

// Crash is what a panic left behind: what happened (for a bug report) and
// the unsaved edits that are not secrets, so the caller can keep them.
type Crash struct {
	// Value is the panic's value; Stack where it happened.
	Value string
	Stack []byte
	// Unsaved are the edits not yet saved (profile fields, custom data).
	Unsaved []common.Unsaved
	// lang is the program's language, which CrashSentence speaks.
	lang *i18n.Localizer
}

// Crash reports the panic that ended the program (nil when none did).
func (m *Model) Crash() *Crash { return m.crash }

// crashed records a panic and gathers the unsaved edits; a screen that
// panics again while asked is skipped.
func (m *Model) crashed(value string, stack []byte) {
	if m.crash != nil {
		return
	}
	m.crash = &Crash{Value: value, Stack: stack, lang: m.c.Lang}
	for _, s := range m.screens {
		u, ok := s.(common.Keeper)
		if !ok {
			continue
		}
		func() {
			defer func() { _ = recover() }()
			m.crash.Unsaved = append(m.crash.Unsaved, u.Unsaved()...)
		}()
	}
	m.Stop()
}

// CrashSentence is the one sentence a person reads after a crash, in the
// crashed program's language.
func CrashSentence(c *Crash, where string) string { return CrashSentenceIn(c.lang, c, where) }

// CrashSentenceIn is the one sentence a person reads after a crash, in l's
// language; where names the file holding the unsaved edits ("" when they
// are printed or there are none).
func CrashSentenceIn(l *i18n.Localizer, c *Crash, where string) string {
	switch {
	case len(c.Unsaved) == 0:
		return l.T("common.crash")
	case where != "":
		return l.T("common.crash_kept_in", "Where", where)
	}
	return l.T("common.crash_below")
}
