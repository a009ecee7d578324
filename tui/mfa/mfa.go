// Package mfa is the two-step verification screen: the user's factors, the
// tenant's MFA policy, adding TOTP (secret made here, QR in the terminal, a
// code from the app checked before anything is sent), backup codes shown
// once, passkeys listed and removed, and removal with confirmation.
package mfa

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"net/url"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/termqr"
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

type factorsMsg struct {
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

// KeyMap are the screen's keys.
type KeyMap struct{ Up, Down, TOTP, Backup, Remove, Passkey, Rename, Copy, Save, Cancel key.Binding }

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.TOTP, k.Backup, k.Remove, k.Passkey, k.Rename}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.TOTP, k.Backup, k.Passkey, k.Rename}, {k.Remove, k.Copy, k.Save, k.Cancel}}
}

// Model is the screen.
type Model struct {
	c       *common.Common
	be      func() Backend
	deps    Deps
	keys    KeyMap
	proof   *proof.Model
	factors []logto.MFAVerification
	loaded  bool
	cur     int
	mode    mode
	err     string
	busy    bool
	seq     int
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
	qr   string
}

// New builds the screen.
func New(c *common.Common, be func() Backend, deps Deps) *Model {
	m := &Model{c: c, be: be, deps: deps, proof: proof.New(c, func() proof.Backend { return be() })}
	m.keys = KeyMap{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		TOTP:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "add authenticator app")),
		Backup:  key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "backup codes")),
		Remove:  key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "remove")),
		Passkey: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "add a passkey")),
		Rename:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "rename passkey"), key.WithDisabled()),
		Copy:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy codes")),
		Save:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "save codes to a file")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
	m.code = common.NewField("code", "Code", false)
	m.code.Input.CharLimit = 6
	m.path = common.NewField("path", "File", false)
	m.name = common.NewField("name", "Name", false)
	m.name.Input.CharLimit = MaxPasskeyName
	return m
}

// Title implements common.Screen.
func (m *Model) Title() string { return "Two-step" }

// Capturing implements common.Screen.
func (m *Model) Capturing() bool {
	return m.proof.Active() || m.mode == addingTOTP || m.mode == saving || m.mode == showingCodes || m.mode == renaming
}

// Dirty implements common.Screen: unsaved backup codes count as unsaved.
func (m *Model) Dirty() bool {
	return m.mode == addingTOTP || m.mode == showingCodes || m.mode == saving
}

// Busy implements common.Screen.
func (m *Model) Busy() bool { return m.busy || m.proof.Busy() }

// KeyMap implements common.Screen.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.path.Input.SetWidth(max(10, w-12))
}

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

func (m *Model) load() tea.Cmd {
	be := m.be()
	return func() tea.Msg {
		list, err := be.MFAVerifications(context.Background())
		return factorsMsg{list: list, err: err}
	}
}

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
	if handled, cmd := m.proof.Route(msg); handled {
		return cmd
	}
	switch msg := msg.(type) {
	case common.ShownMsg:
		if !m.loaded {
			m.loaded = true
			return m.load()
		}
		return nil
	case factorsMsg:
		if msg.err != nil {
			m.err = common.Words(msg.err)
			return nil
		}
		m.factors = msg.list
		m.cur = min(m.cur, max(0, len(m.factors)-1))
		_, canRename := m.be().(Renamer)
		m.keys.Rename.SetEnabled(canRename && m.has(logto.FactorWebAuthn) != nil)
		return nil
	case doneMsg:
		return m.done(msg)
	case savedMsg:
		m.busy = false
		if msg.err != nil {
			m.err = msg.err.Error()
			return nil
		}
		m.finishCodes()
		text := "Backup codes saved to " + msg.path + " (readable only by you)."
		return func() tea.Msg { return common.Success(text) }
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

func (m *Model) guarded(action func() tea.Cmd) tea.Cmd { return m.proof.Guard(action) }

func (m *Model) done(msg doneMsg) tea.Cmd {
	if msg.seq != m.seq {
		return nil
	}
	m.busy = false
	if msg.err != nil {
		m.err = mfaWords(msg.err)
		return nil
	}
	m.err = ""
	cmds := []tea.Cmd{m.load()}
	if msg.codes != nil {
		m.codes, m.mode = msg.codes, showingCodes
	} else if msg.offerBackups {
		m.mode = confirmBackups
	} else {
		m.mode = listing
	}
	if msg.text != "" {
		text := msg.text
		cmds = append(cmds, func() tea.Msg { return common.Success(text) })
	}
	return tea.Batch(cmds...)
}

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
			return tea.Batch(tea.SetClipboard(codeText(m.codes)), func() tea.Msg { return common.Info("Backup codes copied to the clipboard.") })
		case key.Matches(msg, m.keys.Save) && m.deps.SaveDir != "" && m.deps.WriteFile != nil:
			m.mode = saving
			m.path.Input.SetValue(m.deps.SaveDir + "/logto-backup-codes-" + safeName(m.deps.Issuer) + ".txt")
			return m.path.Input.Focus()
		case msg.String() == "enter" || msg.String() == "esc":
			m.finishCodes()
		}
		return nil
	case saving:
		switch msg.String() {
		case "esc":
			m.mode = showingCodes
			return nil
		case "enter":
			m.busy = true
			path, data, write := m.path.Value(), []byte(codeText(m.codes)+"\n"), m.deps.WriteFile
			return func() tea.Msg { return savedMsg{path: path, err: write(path, data)} }
		}
		var cmd tea.Cmd
		m.path.Input, cmd = m.path.Input.Update(msg)
		return cmd
	case confirmRemove, confirmBackups, confirmRegenerate:
		mode := m.mode
		m.mode = listing
		if msg.String() != "y" && msg.String() != "Y" {
			return nil
		}
		switch mode {
		case confirmRemove:
			return m.guarded(m.remove)
		case confirmBackups:
			return m.guarded(m.removeBackups)
		default:
			return m.guarded(m.regenerate)
		}
	case passkeyInfo:
		m.mode = listing
		return nil
	case renaming:
		switch msg.String() {
		case "esc":
			m.mode = listing
			return func() tea.Msg { return common.Info("Not renamed.") }
		case "enter":
			name := strings.TrimSpace(m.name.Value())
			if name == "" {
				m.err = "Type a name for the passkey, or press esc."
				return nil
			}
			return m.guarded(func() tea.Cmd { return m.rename(name) })
		}
		var cmd tea.Cmd
		m.name.Input, cmd = m.name.Input.Update(msg)
		return cmd
	}
	m.err = ""
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cur = max(0, m.cur-1)
	case key.Matches(msg, m.keys.Down):
		m.cur = min(len(m.factors)-1, m.cur+1)
	case key.Matches(msg, m.keys.TOTP):
		return m.startTOTP()
	case key.Matches(msg, m.keys.Backup):
		return m.backupCodes()
	case key.Matches(msg, m.keys.Remove):
		if m.cur < len(m.factors) {
			m.mode = confirmRemove
		}
	case key.Matches(msg, m.keys.Passkey):
		m.mode = passkeyInfo
	case msg.String() == "n" && m.cur < len(m.factors) && m.factors[m.cur].Type == logto.FactorWebAuthn:
		if _, ok := m.be().(Renamer); !ok {
			m.err = "Passkeys cannot be renamed through Logto's Management API; rename it on the tenant's account page."
			return nil
		}
		m.mode, m.err = renaming, ""
		m.name.Input.SetValue(m.factors[m.cur].Name)
		return m.name.Input.Focus()
	}
	return nil
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

// NewSecret returns 20 random bytes in base32 (32 characters, no padding).
func NewSecret() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// OTPAuthURI is the otpauth:// URI Logto would put in its own QR (§7).
func OTPAuthURI(issuer, label, secret string) string {
	q := url.Values{"secret": {secret}, "issuer": {issuer}, "period": {"30"}, "digits": {"6"}, "algorithm": {"SHA1"}}
	return "otpauth://totp/" + url.PathEscape(issuer) + ":" + url.PathEscape(label) + "?" + q.Encode()
}

func (m *Model) startTOTP() tea.Cmd {
	m.replace = ""
	if t := m.has(logto.FactorTOTP); t != nil {
		m.replace = t.ID
	}
	gen := m.deps.NewSecret
	if gen == nil {
		gen = NewSecret
	}
	m.secret = gen()
	label := m.c.Subject.Name
	for _, s := range []string{m.c.Subject.Email, m.c.Subject.Phone, m.c.Subject.Username} {
		if label == "" {
			label = s
		}
	}
	if label == "" {
		label = "Unnamed User"
	}
	m.uri = OTPAuthURI(m.deps.Issuer, label, m.secret)
	m.qr = ""
	m.mode, m.err = addingTOTP, ""
	m.code.Input.SetValue("")
	return m.code.Input.Focus()
}

// checkTOTP validates the app's code here (±1 step) before anything is sent:
// Logto stores a TOTP secret without any proof of possession.
func (m *Model) checkTOTP() tea.Cmd {
	code := m.code.Value()
	ok, err := totp.ValidateCustom(code, m.secret, m.c.Now(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil || !ok {
		m.err = "That code does not match. Check the app shows \"" + m.deps.Issuer + "\" and type the current 6 digits."
		m.code.Input.SetValue("")
		return nil
	}
	return m.guarded(m.enroll)
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

// prompts reports whether the tenant prompts users for MFA (then
// logto-configs mfa.enabled must be set, which this API does not do).
func (m *Model) prompts() bool {
	if m.c.SignInExp == nil {
		return false
	}
	return strings.HasPrefix(m.c.SignInExp.MFA.Policy, "Prompt") || m.c.SignInExp.MFA.Policy == "Mandatory"
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

func codeText(codes []logto.Secret) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = c.Reveal()
	}
	return strings.Join(parts, "\n")
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '-'
	}, s)
}

func factorName(f logto.MFAVerification) string {
	switch f.Type {
	case logto.FactorTOTP:
		return "Authenticator app"
	case logto.FactorWebAuthn:
		if f.Name != "" {
			return "Passkey " + common.Clean(f.Name)
		}
		return "Passkey"
	case logto.FactorBackupCode:
		return "Backup codes"
	}
	return f.Type
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

// View implements common.Screen.
func (m *Model) View() string {
	s := m.c.Styles
	switch m.mode {
	case addingTOTP:
		return m.totpView()
	case showingCodes, saving:
		return m.codesView()
	case passkeyInfo:
		page := m.deps.AccountPage
		out := s.Header.Render("Add a passkey") + "\n\nPasskeys are made by your browser or phone, so add one on the tenant's account page:\n" +
			s.Title.Render(page) + "\n"
		if qr, err := termqr.Render(page, !m.c.Dark); err == nil && strings.Count(qr, "\n")+6 <= m.h {
			out += "\n" + qr + "\n"
		}
		return out + s.Muted.Render("Any key to go back; the list here shows it once added.")
	}
	var b strings.Builder
	b.WriteString(s.Header.Render("Your two-step methods") + "\n")
	if !m.loaded || m.factors == nil && m.err == "" {
		b.WriteString(s.Muted.Render("  loading…") + "\n")
	} else if len(m.factors) == 0 {
		b.WriteString(s.Muted.Render("  none yet — press t to add an authenticator app") + "\n")
	}
	for i, f := range m.factors {
		marker := "  "
		if i == m.cur {
			marker = s.Focused.Render("› ")
		}
		line := fmt.Sprintf("%-20s added %s", factorName(f), f.CreatedAt.UTC().Format("2006-01-02"))
		switch f.Type {
		case logto.FactorWebAuthn:
			line += "  " + common.Clean(f.Agent)
			if !f.LastUsedAt.IsZero() {
				line += ", last used " + f.LastUsedAt.UTC().Format("2006-01-02")
			}
		case logto.FactorBackupCode:
			if f.RemainCodes != nil {
				line += fmt.Sprintf("  %d left", *f.RemainCodes)
				if *f.RemainCodes <= LowCodes {
					line += s.Warning.Render(" — running low: press b for a new set")
				}
			}
		}
		b.WriteString(marker + line + "\n")
	}
	b.WriteString("\n" + m.policyView() + "\n")
	switch m.mode {
	case confirmRemove:
		b.WriteString("\n" + s.Warning.Render("Remove "+factorName(m.factors[m.cur])+"? (y/n)") + "\n")
	case confirmBackups:
		b.WriteString("\n" + s.Warning.Render("That was your last authenticator. Remove your backup codes too? (y/n)") + "\n")
	case confirmRegenerate:
		b.WriteString("\n" + s.Warning.Render("Make a new set of backup codes? The unused old ones stop working. (y/n)") + "\n")
	case renaming:
		b.WriteString("\n" + s.Label.Render("New name: ") + m.name.Input.View() + s.Muted.Render("  enter save · esc cancel") + "\n")
	}
	b.WriteString(m.proof.Footer(m.err))
	return strings.TrimRight(b.String(), "\n")
}

func (m *Model) policyView() string {
	s := m.c.Styles
	if m.c.SignInExp == nil {
		return ""
	}
	p := m.c.SignInExp.MFA
	words := map[string]string{
		"UserControlled":                   "optional — you decide (the tenant uses the legacy UserControlled policy)",
		"Mandatory":                        "required for everyone",
		"PromptAtSignInAndSignUp":          "optional — suggested at sign-up and sign-in",
		"PromptOnlyAtSignIn":               "optional — suggested at sign-in",
		"NoPrompt":                         "optional — never suggested",
		"PromptAtSignInAndSignUpMandatory": "required, set up at sign-up or sign-in",
	}
	w, ok := words[p.Policy]
	if !ok {
		w = p.Policy
	}
	out := s.Label.Render("Tenant policy: ") + w
	if len(p.Factors) == 0 {
		out += "\n" + s.Warning.Render("This tenant has no two-step method switched on: methods added here are not asked for at sign-in.")
	} else {
		out += "\n" + s.Label.Render("Enabled on this tenant: ") + strings.Join(p.Factors, ", ")
	}
	return out
}

func (m *Model) totpView() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Header.Render("Add an authenticator app") + "\n")
	if m.replace != "" {
		b.WriteString(s.Warning.Render("This replaces your current authenticator app once the new code checks.") + "\n")
	}
	b.WriteString("Scan the code with your app, or type the secret:\n")
	b.WriteString(s.Code.Render(grouped(m.secret)) + "\n")
	b.WriteString("Then type the 6-digit code it shows: " + m.code.Input.View() + "\n")
	if m.err != "" {
		b.WriteString(s.Error.Render(m.err) + "\n")
	}
	if m.qr == "" {
		m.qr, _ = termqr.Render(m.uri, !m.c.Dark)
	}
	head := b.String()
	if strings.Count(head, "\n")+strings.Count(m.qr, "\n")+2 <= m.h && termqr.Width(m.qr) <= m.w {
		return head + m.qr
	}
	return head + s.Muted.Render("(window too small for the QR code; enlarge it, or use this link)") + "\n" + common.Clean(m.uri)
}

func (m *Model) codesView() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Header.Render("Your backup codes") + s.Warning.Render("  shown only now — keep them safe") + "\n\n")
	for i := 0; i < len(m.codes); i += 2 {
		line := "  " + s.Code.Render(m.codes[i].Reveal())
		if i+1 < len(m.codes) {
			line += "    " + s.Code.Render(m.codes[i+1].Reveal())
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\nEach code works once. c copies them")
	if m.deps.SaveDir != "" && m.deps.WriteFile != nil {
		b.WriteString(", w saves them to a file")
	}
	b.WriteString("; enter when you have stored them.\n")
	if m.mode == saving {
		b.WriteString(s.Label.Render("File: ") + m.path.Input.View() + "\n")
	}
	if m.err != "" {
		b.WriteString(s.Error.Render(m.err) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func grouped(secret string) string {
	var parts []string
	for i := 0; i < len(secret); i += 4 {
		parts = append(parts, secret[i:min(i+4, len(secret))])
	}
	return strings.Join(parts, " ")
}
