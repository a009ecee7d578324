// Package mfa is the two-step verification screen: the user's factors, the
// tenant's MFA policy, adding TOTP (secret made here, QR in the terminal, a
// code from the app checked before anything is sent), backup codes shown
// once, passkeys listed and removed, and removal with confirmation.
package mfa

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/proof"
)

// Backend is what the screen needs.
type Backend interface {
	proof.Backend
	MFAVerifications(ctx context.Context) ([]logto.MFAVerification, error)
	// CreateTOTP binds secret; code is the app's current code, which the
	// Account API checks server-side (the Management API checks none).
	CreateTOTP(ctx context.Context, secret logto.Secret, code string) error
	CreateBackupCodes(ctx context.Context) ([]logto.Secret, error)
	DeleteMFAVerification(ctx context.Context, id string) error
	SetMFAEnabled(ctx context.Context, on bool) error
}

// Deps configure the screen.
type Deps struct {
	// Issuer names the tenant in authenticator apps (its host).
	Issuer string
	// AccountPage is where passkeys are added in a browser.
	AccountPage string
	// SaveDir is the default folder for the backup-codes file; "" disables
	// saving (over SSH the file would land on the server).
	SaveDir string
	// WriteFile creates a new 0600 file and refuses to overwrite one.
	WriteFile func(path string, data []byte) error
	// NewSecret makes a TOTP secret; nil means 20 random bytes in base32.
	NewSecret func() string
	// Exists reports whether a file is there (to suggest a free name);
	// nil looks on this machine's disk.
	Exists func(path string) bool
}

// LowCodes is when the screen suggests new backup codes.
const LowCodes = 3

type mode int

const (
	listing mode = iota
	addingTOTP
	showingCodes
	saving
	confirmRemove
	confirmBackups
	confirmRegenerate
	passkeyInfo
	renaming
)

// Renamer is a backend that can rename a passkey (the Account API can;
// the Management API cannot).
type Renamer interface {
	RenameMFAVerification(ctx context.Context, id, name string) error
}

// MaxPasskeyName bounds a passkey name (Logto sets none; a line must fit).
const MaxPasskeyName = 64

// Model is the screen.
type Model struct {
	common.Base
	be      func() Backend
	deps    Deps
	keys    KeyMap
	factors []logto.MFAVerification
	loaded  bool
	cur     int
	mode    mode
	err     string
	// asked is the action a confirmation question is about, made when the
	// user chose the row (the list may reload while the question shows).
	asked tea.Msg
	// TOTP enrolment
	secret  string
	uri     string
	code    *common.Field
	replace string // id of the TOTP to replace
	// backup codes, held only while shown
	codes []logto.Secret
	path  *common.Field
	// name is the passkey rename field.
	name *common.Field
	w, h int
	qr   [3]string // the URI's code drawn with a quiet zone of 0 (unused), 1 or 2 modules
	set  settings
	// pageQR is the account page's code (the passkey hand-off); pageBeside
	// is whether the last frame had room for it beside the words, and
	// whole is set while it fills the window.
	pageQR     common.QR
	pageBeside bool
	whole      bool
	// checked numbers the searches for a free file name: only the latest
	// one's answer fills the field.
	checked int
	note    string // about the file name suggested
}

// New builds the screen.
func New(c *common.Common, be func() Backend, deps Deps) *Model {
	m := &Model{Base: common.NewBase(c, common.MFAID), be: be, deps: deps}
	m.keys = KeyMap{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", c.T("mfa.key_up"))),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", c.T("mfa.key_down"))),
		TOTP:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", c.T("mfa.key_totp"))),
		Backup:  key.NewBinding(key.WithKeys("b"), key.WithHelp("b", c.T("mfa.key_backup"))),
		Remove:  key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", c.T("mfa.key_remove"))),
		Passkey: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", c.T("mfa.key_passkey"))),
		Rename:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", c.T("mfa.key_rename")), key.WithDisabled()),
		Copy:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", c.T("mfa.key_copy_codes"))),
		Save:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", c.T("mfa.key_save_codes"))),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.T("mfa.key_back"))),
	}
	m.keys.Ask, m.keys.Offer, m.keys.Used = settingKeys(c)
	m.keys.Save.SetEnabled(deps.SaveDir != "" && deps.WriteFile != nil) // the demo and SSH save nothing
	m.code = common.NewField("code", c.T("mfa.field_code"), false)
	m.code.Input.CharLimit = 6
	m.path = common.NewField("path", c.T("mfa.field_file"), false)
	m.name = common.NewField("name", c.T("mfa.field_name"), false)
	m.name.Input.CharLimit = MaxPasskeyName
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return m.C.T("root.tab_twostep") }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool {
	return m.mode == addingTOTP || m.mode == saving || m.mode == showingCodes || m.mode == renaming
}

// Dirty implements common.Screen: unsaved backup codes count as unsaved.
func (m *Model) Dirty() bool {
	return m.mode == addingTOTP || m.mode == showingCodes || m.mode == saving
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.path.Input.SetWidth(max(10, w-2)) // a line of its own: the path's start stays in view
}

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

func (m *Model) has(t string) *logto.MFAVerification {
	for i := range m.factors {
		if m.factors[i].Type == t {
			return &m.factors[i]
		}
	}
	return nil
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.settingsUpdate(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case common.ShownMsg:
		if !m.loaded {
			m.loaded = true
			return m.load()
		}
		return nil
	case common.ReloadMsg:
		m.loaded = true
		return m.load()
	case factorsMsg:
		if msg.err != nil {
			m.err = m.C.Words(msg.err)
			return nil
		}
		m.factors = msg.list
		m.cur = min(m.cur, max(0, len(m.factors)-1))
		m.keys.Rename.SetEnabled(m.canRename() && m.has(logto.FactorWebAuthn) != nil)
		return nil
	case enrollMsg, renameMsg, removeMsg, regenerateMsg:
		return m.act(msg)
	case doneMsg:
		return m.done(msg)
	case savedMsg:
		return m.saved(msg)
	case freeMsg:
		m.free(msg)
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if f := m.typing(); f != nil {
			if f == m.code {
				msg = common.CodePaste(msg)
			}
			var cmd tea.Cmd
			f.Input, cmd = f.Input.Update(msg)
			return cmd
		}
	}
	return nil
}

// typing is the field text goes to in the state on screen (nil: none).
func (m *Model) typing() *common.Field {
	switch m.mode {
	case addingTOTP:
		return m.code
	case saving:
		return m.path
	case renaming:
		return m.name
	}
	return nil
}

// canRename reports whether the backend can rename a passkey.
func (m *Model) canRename() bool {
	if l, ok := m.be().(logto.Lacking); ok && l.Lacks(logto.CapRenamePasskey) {
		return false
	}
	_, ok := m.be().(Renamer)
	return ok
}

func (m *Model) done(msg doneMsg) tea.Cmd {
	if cmd, ok := m.Reprove(msg.err, msg.action); ok {
		return cmd
	}
	if msg.err != nil {
		m.err = m.C.Words(msg.err)
		return nil
	}
	m.err = ""
	// Which backup codes were used was read before the change: new codes
	// (or none) make it another set's ("3 of 10 used" beside "10 left").
	// u reads it again.
	m.set.used = nil
	cmds := []tea.Cmd{m.load()}
	switch {
	case msg.codes != nil:
		m.codes, m.mode = msg.codes, showingCodes
	case msg.offerBackups != nil:
		m.mode, m.asked = confirmBackups, *msg.offerBackups
	default:
		m.mode = listing
	}
	if msg.text != "" {
		text := msg.text
		cmds = append(cmds, func() tea.Msg { return common.Success(text) })
	}
	return tea.Batch(cmds...)
}

// prompts reports whether the tenant prompts users for MFA (then
// logto-configs mfa.enabled must be set, which this API does not do).
func (m *Model) prompts() bool { return Prompts(m.C.SignInExp) }

func (m *Model) countReal() int {
	n := 0
	for _, f := range m.factors {
		if f.Type == logto.FactorTOTP || f.Type == logto.FactorWebAuthn {
			n++
		}
	}
	return n
}

// finishCodes forgets the codes: they are shown once.
func (m *Model) finishCodes() {
	m.codes = nil
	m.mode = listing
	m.path.Input.Blur()
}
