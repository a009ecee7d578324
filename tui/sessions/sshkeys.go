package sessions

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/tui/common"
)

// SSHKeys are the signed-in user's SSH keys remembered by the SSH service:
// each one signs a connection in without the device flow until it expires.
type SSHKeys interface {
	RememberedKeys(ctx context.Context) ([]RememberedKey, error)
	// ForgetKey removes one of the user's keys by its fingerprint.
	ForgetKey(ctx context.Context, fingerprint string) error
}

// RememberedKey is one remembered SSH key, as the screen lists it.
type RememberedKey struct {
	// Fingerprint is "SHA256:…"; Comment says where it came from.
	Fingerprint, Comment string
	// AddedFrom and LastUsedFrom are client addresses ("" unknown).
	AddedFrom, LastUsedFrom string
	// Added, LastUsed (zero: never) and Expires are when.
	Added, LastUsed, Expires time.Time
	// Current marks the key this connection was made with.
	Current bool
}

// keysPart is the "Remembered SSH keys" list under the sessions and apps.
type keysPart struct {
	src    SSHKeys // nil: not drawn (outside the SSH service)
	list   []RememberedKey
	err    string
	loaded bool
}

type (
	keysMsg struct {
		keys []RememberedKey
		err  error
	}
	forgetKeyMsg struct{ fingerprint, short string }
)

// WithSSHKeys lists the user's remembered SSH keys under the lists (nil:
// no such list).
func (m *Model) WithSSHKeys(k SSHKeys) *Model {
	m.ssh.src = k
	return m
}

// loadKeys reads the remembered keys (nothing without a source).
func (m *Model) loadKeys() tea.Cmd {
	src := m.ssh.src
	if src == nil {
		return nil
	}
	return m.Req.Do("keys", func(ctx context.Context) tea.Msg {
		k, err := src.RememberedKeys(ctx)
		return keysMsg{keys: k, err: err}
	})
}

func (m *Model) keysLoaded(msg keysMsg) {
	m.ssh.loaded = true
	if msg.err != nil {
		m.ssh.err = m.C.T("sessions.keys_unread", "Reason", m.C.Words(msg.err))
		return
	}
	m.ssh.err, m.ssh.list = "", msg.keys
	m.cur = min(m.cur, max(0, m.count()-1))
}

// forgetKey removes a key; the key of this very connection goes too (the
// session goes on; the next connection signs in with the device flow).
func (m *Model) forgetKey(a forgetKeyMsg) tea.Cmd {
	src := m.ssh.src
	if src == nil {
		return nil
	}
	text := m.C.T("sessions.key_forgotten", "Key", a.short)
	return m.run(a, func(ctx context.Context, _ Backend) doneMsg {
		return doneMsg{err: src.ForgetKey(ctx, a.fingerprint), text: text}
	})
}

// keyLines is how many lines the keys part takes (a blank, the heading,
// the keys; none outside the SSH service).
func (m *Model) keyLines() int {
	if m.ssh.src == nil {
		return 0
	}
	return 2 + len(m.ssh.list)
}

// keysHeading is the part's heading, with why it is empty or unread.
func (m *Model) keysHeading() string {
	s := m.C.Styles
	h := s.Header.Render(m.C.T("sessions.heading_keys", "Count", len(m.ssh.list)))
	switch {
	case m.ssh.err != "":
		h += " " + s.Error.Render(m.ssh.err)
	case m.ssh.loaded && len(m.ssh.list) == 0:
		h += s.Muted.Render(" · " + m.C.T("sessions.keys_none"))
	}
	return h
}

// keyLine describes remembered key j.
func (m *Model) keyLine(j int, now time.Time) string {
	k := m.ssh.list[j]
	line := shortFingerprint(k.Fingerprint)
	if k.Current { // first: a narrow window cuts the end of the row
		line += m.C.Styles.Muted.Render(m.C.T("sessions.key_this_connection")) // its gap in the catalogue
	}
	if k.Comment != "" {
		line += " · " + common.Clean(k.Comment)
	}
	line += " · " + m.keyAdded(k, m.ago(k.Added, now), false) + " · " + m.keyUsed(k, m.ago(k.LastUsed, now), false)
	return line + " · " + m.C.T("sessions.key_expires", "Date", m.C.Lang.Date(k.Expires.Local()))
}

// keyAdded says when (and from where) key k was added, capitalised to
// start the panel's line.
func (m *Model) keyAdded(k RememberedKey, when string, capital bool) string {
	switch {
	case k.AddedFrom == "" && capital:
		return m.C.T("sessions.panel_key_added", "When", when)
	case capital:
		return m.C.T("sessions.panel_key_added_from", "When", when, "Addr", common.Clean(k.AddedFrom))
	case k.AddedFrom == "":
		return m.C.T("sessions.key_added", "When", when)
	}
	return m.C.T("sessions.key_added_from", "When", when, "Addr", common.Clean(k.AddedFrom))
}

// keyUsed says when (and from where) key k was last used, or that it
// never was; in the panel, when is a time (some languages say it with
// another word than a time ago).
func (m *Model) keyUsed(k RememberedKey, when string, panel bool) string {
	switch {
	case k.LastUsed.IsZero():
		return m.C.T("sessions.key_never_used")
	case k.LastUsedFrom == "" && panel:
		return m.C.T("sessions.panel_key_used", "When", when)
	case panel:
		return m.C.T("sessions.panel_key_used_from", "When", when, "Addr", common.Clean(k.LastUsedFrom))
	case k.LastUsedFrom == "":
		return m.C.T("sessions.key_used", "When", when)
	}
	return m.C.T("sessions.key_used_from", "When", when, "Addr", common.Clean(k.LastUsedFrom))
}

// shortFingerprint cuts a fingerprint as GitHub shows keys.
func shortFingerprint(fp string) string {
	if len(fp) > 7+12 && fp[:7] == "SHA256:" {
		return fp[:7+12] + "…"
	}
	return common.Clean(fp)
}
