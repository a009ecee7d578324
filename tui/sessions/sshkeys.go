package sessions

import (
	"context"
	"fmt"
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
		m.ssh.err = "The remembered SSH keys could not be read: " + common.Words(msg.err)
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
	return m.run(a, func(ctx context.Context, _ Backend) doneMsg {
		err := src.ForgetKey(ctx, a.fingerprint)
		return doneMsg{err: err, text: "Forgot the SSH key " + a.short + ": connecting with it asks for a device sign-in again."}
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
	h := s.Header.Render(fmt.Sprintf("Remembered SSH keys (%d)", len(m.ssh.list)))
	switch {
	case m.ssh.err != "":
		h += " " + s.Error.Render(m.ssh.err)
	case m.ssh.loaded && len(m.ssh.list) == 0:
		h += s.Muted.Render(" · none: after a device sign-in over SSH you can say y to remember your key")
	}
	return h
}

// keyLine describes remembered key j.
func (m *Model) keyLine(j int, now time.Time) string {
	k := m.ssh.list[j]
	line := shortFingerprint(k.Fingerprint)
	if k.Current { // first: a narrow window cuts the end of the row
		line += m.C.Styles.Muted.Render(" (this connection)")
	}
	if k.Comment != "" {
		line += " · " + common.Clean(k.Comment)
	}
	line += " · added " + ago(k.Added, now) + from(k.AddedFrom)
	if k.LastUsed.IsZero() {
		line += " · never used"
	} else {
		line += " · used " + ago(k.LastUsed, now) + from(k.LastUsedFrom)
	}
	return line + " · expires " + k.Expires.Local().Format("2006-01-02")
}

func from(addr string) string {
	if addr == "" {
		return ""
	}
	return " from " + common.Clean(addr)
}

// shortFingerprint cuts a fingerprint as GitHub shows keys.
func shortFingerprint(fp string) string {
	if len(fp) > 7+12 && fp[:7] == "SHA256:" {
		return fp[:7+12] + "…"
	}
	return common.Clean(fp)
}
