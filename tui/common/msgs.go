package common

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
)

// StatusMsg shows a message in the status line; it fades after a while.
type StatusMsg struct {
	Text string
	Kind StatusKind
	// Until, on a demo note, is when what it announces happens ("code X
	// will be approved for you in {left}"): the note counts down to it,
	// {left} standing for the seconds left (else they follow the text),
	// and goes then.
	Until time.Time
}

// Left is where a counting-down note shows the time left.
const Left = "{left}"

// StatusKind colours a status message.
type StatusKind int

// Status kinds.
const (
	StatusInfo StatusKind = iota
	StatusSuccess
	StatusError
	StatusDemo
)

// ErrMsg reports an error; the root turns it into words in the status line
// (and a SessionExpiredMsg when the sign-in has ended).
type ErrMsg struct{ Err error }

// SessionExpiredMsg sends the user back to sign-in; screens keep their input.
// Err, when set, is why (its words name Logto's reason where it gave one).
type SessionExpiredMsg struct{ Err error }

// UserLoadedMsg carries a fresh copy of the user to every screen.
type UserLoadedMsg struct {
	User any // *logto.User; kept opaque so common does not pin the backend
	At   time.Time
}

// ReloadUserMsg asks the root to fetch the user again (after a change).
type ReloadUserMsg struct{}

// Success is a shortcut for a green status message.
func Success(text string) StatusMsg { return StatusMsg{Text: text, Kind: StatusSuccess} }

// Info is a shortcut for a plain status message.
func Info(text string) StatusMsg { return StatusMsg{Text: text, Kind: StatusInfo} }

// ShownMsg tells a screen it became the active one (load lazily on it).
type ShownMsg struct{}

// ReloadMsg asks the active screen to read again what it shows (R).
type ReloadMsg struct{}

// StaleMsg says that what the screens read may have changed elsewhere (a
// lockdown revoked sessions and tokens, other sessions were signed out, a
// new sign-in made a session): a screen that lists such things reads them
// again when it shows next. A screen returns it to the root, which tells
// every screen, Shown set for the one on screen (which reads at once).
type StaleMsg struct{ Shown bool }

// PasswordChangedMsg says the user changed their own password (not an
// operator's for someone else): the demo's note stops naming its seeded one.
type PasswordChangedMsg struct{}

// UserDeletedMsg says admin mode deleted the user it acted on; the root
// then offers the picker again (Text says what happened).
type UserDeletedMsg struct{ Text string }

// Unsaved is one edit not yet saved, kept when the program crashes. Only
// what the user typed that is not a secret (profile fields, custom data).
type Unsaved struct {
	Screen, Field, Value string
}

// Keeper is a screen with edits worth keeping after a crash.
type Keeper interface {
	Unsaved() []Unsaved
}

// Copy sends text to the terminal's clipboard (OSC 52, which works over
// SSH). No terminal confirms it (tmux may keep nothing), so the sentence
// says what was done and where the text is if nothing pastes: every caller
// shows the text on screen.
// what names the text in the program's language; the sentence is English
// (Common.Copy speaks the program's language).
func Copy(text, what string) tea.Cmd { return copyIn(nil, text, what) }

// Copy is Copy in the program's language (what already in it).
func (c *Common) Copy(text, what string) tea.Cmd { return copyIn(c.Lang, text, what) }

func copyIn(l *i18n.Localizer, text, what string) tea.Cmd {
	sent := l.T("common.copied", "What", what)
	return tea.Batch(tea.SetClipboard(text), func() tea.Msg { return Info(sent) })
}
