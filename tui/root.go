// Package tui is the root of the terminal UI: navigation between screens,
// the header (tenant, user, DEMO/ADMIN badge), the status line, help, size,
// and the sign-in that precedes everything. Shared styles, messages and the
// error words live in tui/common (a separate package so that screens can
// use them without an import cycle).
package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/admin"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/contact"
	"github.com/logto-account/logto-account/tui/danger"
	"github.com/logto-account/logto-account/tui/identities"
	"github.com/logto-account/logto-account/tui/mfa"
	"github.com/logto-account/logto-account/tui/password"
	"github.com/logto-account/logto-account/tui/profile"
	"github.com/logto-account/logto-account/tui/sessions"
	"github.com/logto-account/logto-account/tui/signin"
	"github.com/logto-account/logto-account/tui/tokens"
)

// Minimum usable size.
const (
	MinWidth  = 60
	MinHeight = 20
)

// Account is everything the screens do to the signed-in user's account.
type Account interface {
	profile.Backend
	contact.Backend
	password.Backend
	identities.Backend
	mfa.Backend
	tokens.Backend
	sessions.Backend
	danger.Backend
	Me(ctx context.Context) (*logto.User, error)
	SignInExperience(ctx context.Context) (*logto.SignInExperience, error)
}

// SignedIn is what a completed sign-in yields.
type SignedIn struct {
	Account Account
	// Display names the user in the header.
	Display string
}

// Options configure a program's root model.
type Options struct {
	// Tenant is shown in the header (the endpoint's host).
	Tenant string
	// Badge is "DEMO", "ADMIN · acting on …" or "".
	Badge string
	// Flow signs the user in; its Finish must return a *SignedIn.
	Flow signin.Flow
	// OpenBrowser opens a URL locally; nil over SSH.
	OpenBrowser func(string) error
	// NoColor drops colours (NO_COLOR).
	NoColor bool
	// ReverifyWindow is how long a proof of the user lasts.
	ReverifyWindow time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Demo shows verification codes on screen.
	Demo bool
	// Pwned, when set, checks new passwords against breach corpora.
	Pwned func(ctx context.Context, pw string) (int, error)
	// Identities says how provider redirects come back.
	Identities identities.Deps
	// MFA configures the two-step screen.
	MFA mfa.Deps
	// ClientID is this program's app id (its grant signs this terminal in).
	ClientID string
	// Danger configures deletion and admin actions.
	Danger danger.Deps
	// Admin acts on another user with the operator's M2M credentials: the
	// operator cannot prove to be that user, so no proof is asked.
	Admin bool
	// Users is the tenant's directory in admin mode: the operator picks the
	// user to act on from it after signing in, and U switches later. Nil
	// elsewhere (the SSH service never offers it).
	Users admin.Directory
	// ActOn makes the account of a user picked from Users.
	ActOn func(userID string) Account
	// Target is the user admin mode starts on; nil shows the picker first.
	Target *logto.User
	// PickQuery is the picker's first search; PickNote says why it shows.
	PickQuery, PickNote string
}

type fadeMsg struct{ id int }

// ShutdownMsg ends the program after telling the user why (the SSH service
// is stopping, or the session was idle). Grace is how long the message stays.
type ShutdownMsg struct {
	Reason string
	Grace  time.Duration
}

type userMsg struct {
	user *logto.User
	sie  *logto.SignInExperience
	err  error
}

// Model is the root tea.Model.
type Model struct {
	opts    Options
	c       *common.Common
	keys    KeyMap
	help    help.Model
	spin    spinner.Model
	signin  *signin.Model
	screens []common.Screen
	active  int
	acct    Account
	// unavail names the screens the backend cannot serve, with the reason
	// (the Account API has no PATs and no self-delete).
	unavail map[string]string
	display string
	signing bool // the sign-in screen is showing
	// picking is true while the admin user picker shows; target is the user
	// admin mode acts on (nil until picked).
	picking bool
	picker  *admin.Model
	target  *logto.User
	badge   string
	// spinning is true while the status-line spinner's tick is pending.
	spinning bool
	full     bool // full help
	confirm  bool // quit with unsaved edits?
	status   string
	kind     common.StatusKind
	statID   int
	w, h     int
}

// New builds the root model.
func New(o Options) *Model {
	if o.ReverifyWindow == 0 {
		o.ReverifyWindow = 5 * time.Minute
	}
	c := common.New(o.NoColor, o.ReverifyWindow, o.Now)
	c.Demo = o.Demo
	c.Pwned = o.Pwned
	if o.Admin {
		c.Proof.Window = 100 * 365 * 24 * time.Hour
		c.Proof.Record()
	}
	m := &Model{opts: o, c: c, keys: newKeyMap(o.ActOn != nil), help: help.New(), spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		signing: true, target: o.Target, badge: o.Badge, w: 80, h: 24}
	if o.Target != nil {
		m.badge = "ADMIN · acting on " + o.Target.DisplayName()
	}
	m.signin = signin.New(c, o.Flow, o.OpenBrowser)
	m.screens = m.newScreens()
	return m
}

// newScreens builds the account screens, empty; they read the account
// through m.acct, so a switch of user (admin mode) builds them afresh.
func (m *Model) newScreens() []common.Screen {
	c, o := m.c, m.opts
	acct := func() Account { return m.acct }
	return []common.Screen{
		profile.New(c, func() profile.Backend { return acct() }),
		contact.New(c, func() contact.Backend { return acct() }),
		password.New(c, func() password.Backend { return acct() }),
		identities.New(c, func() identities.Backend { return acct() }, o.Identities),
		mfa.New(c, func() mfa.Backend { return acct() }, o.MFA),
		tokens.New(c, func() tokens.Backend { return acct() }),
		sessions.New(c, func() sessions.Backend { return acct() }, o.ClientID),
		danger.New(c, func() danger.Backend { return acct() }, o.Danger),
	}
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.signin.Init())
}

// Stop cancels background work (the sign-in wait, a pending link) when the
// program ends.
func (m *Model) Stop() {
	m.signin.Stop()
	for _, s := range m.screens {
		if st, ok := s.(interface{ Stop() }); ok {
			st.Stop()
		}
	}
}

func (m *Model) current() common.Screen {
	if m.signing {
		return m.signin
	}
	if m.picking {
		return m.picker
	}
	return m.screens[m.active]
}

func (m *Model) dirty() bool {
	for _, s := range m.screens {
		if s.Dirty() {
			return true
		}
	}
	return false
}

func (m *Model) setStatus(text string, kind common.StatusKind) tea.Cmd {
	m.statID++
	m.status, m.kind = text, kind
	id := m.statID
	d := 4 * time.Second
	if kind == common.StatusError || kind == common.StatusDemo {
		d = 10 * time.Second
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return fadeMsg{id: id} })
}

func (m *Model) loadUser() tea.Cmd {
	acct := m.acct
	needSIE := m.c.SignInExp == nil
	return func() tea.Msg {
		ctx := context.Background()
		u, err := acct.Me(ctx)
		if err != nil {
			return userMsg{err: err}
		}
		var sie *logto.SignInExperience
		if needSIE {
			sie, _ = acct.SignInExperience(ctx) // defaults apply without it
		}
		return userMsg{user: u, sie: sie}
	}
}

func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range m.screens {
		cmds = append(cmds, s.Update(msg))
	}
	return tea.Batch(cmds...)
}

func (m *Model) sizeScreens() {
	cw, ch := m.w-2, m.h-4
	m.signin.SetSize(cw, ch)
	if m.picker != nil {
		m.picker.SetSize(cw, ch)
	}
	for _, s := range m.screens {
		s.SetSize(cw, ch)
	}
}

// Update implements tea.Model. The status-line spinner ticks only while a
// screen waits for Logto: an idle session draws nothing (the SSH service
// holds hundreds of them).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.update(msg)
	if !m.spinning && m.busy() {
		m.spinning = true
		cmd = tea.Batch(cmd, m.spin.Tick)
	}
	return m, cmd
}

func (m *Model) busy() bool {
	if m.signing {
		return false // the sign-in screen has its own spinner
	}
	if m.picking {
		return m.picker.Busy()
	}
	for _, s := range m.screens {
		if s.Busy() {
			return true
		}
	}
	return false
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.sizeScreens()
		return m, nil
	case tea.BackgroundColorMsg:
		m.c.SetBackground(msg.IsDark())
		return m, nil
	case signin.SignedInMsg:
		si, ok := msg.Result.(*SignedIn)
		if !ok || si.Account == nil {
			return m, m.setStatus("Sign-in gave no account; try again.", common.StatusError)
		}
		m.acct, m.display, m.signing = si.Account, si.Display, false
		m.unavail = nil
		if u, ok := si.Account.(interface{ Unavailable() map[string]string }); ok {
			m.unavail = u.Unavailable()
		}
		if p, ok := si.Account.(interface{ ProofExpiry() time.Time }); ok {
			// The server says how long a proof lasts (its record's expiresAt).
			m.c.Proof.Until = p.ProofExpiry
		}
		text := "Signed in as " + common.Clean(si.Display) + "."
		if md, ok := si.Account.(interface{ Mode() string }); ok {
			text = "Signed in as " + common.Clean(si.Display) + " (" + md.Mode() + ", your own token)."
		}
		if m.opts.ActOn != nil {
			return m, m.actAfterSignIn(text)
		}
		return m, tea.Batch(m.loadUser(), m.setStatus(text, common.StatusSuccess))
	case admin.PickedMsg:
		return m, m.pick(msg.User)
	case userMsg:
		if msg.err != nil {
			return m, m.fail(msg.err)
		}
		if msg.sie != nil {
			m.c.SignInExp = msg.sie
		}
		m.setUser(msg.user)
		return m, m.broadcast(common.UserLoadedMsg{User: msg.user, At: time.Now()})
	case common.UserLoadedMsg:
		if u, ok := msg.User.(*logto.User); ok {
			m.setUser(u)
		}
		return m, m.broadcast(msg)
	case ShutdownMsg:
		reason, grace := msg.Reason, msg.Grace
		if reason == "" {
			reason = "The service is restarting; this session closes in a moment. Unsaved edits are lost: save now if you can."
		}
		if grace == 0 {
			grace = 2 * time.Second
		}
		m.Stop()
		return m, tea.Batch(m.setStatus(reason, common.StatusError), tea.Tick(grace, func(time.Time) tea.Msg { return tea.QuitMsg{} }))
	case common.ReloadUserMsg:
		return m, m.loadUser()
	case common.StatusMsg:
		return m, m.setStatus(msg.Text, msg.Kind)
	case common.ErrMsg:
		return m, m.fail(msg.Err)
	case common.SessionExpiredMsg:
		m.signing = true
		return m, tea.Batch(m.signin.Init(), m.setStatus(common.Words(errExpired), common.StatusError))
	case fadeMsg:
		if msg.id == m.statID {
			m.status = ""
		}
		return m, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		if cmd != nil && !m.busy() {
			m.spinning, cmd = false, nil // our tick: stop while idle
		}
		return m, tea.Batch(cmd, m.signin.Update(msg))
	case tea.KeyPressMsg:
		if cmd, handled := m.globalKey(msg); handled {
			return m, cmd
		}
		if m.unavailable() != "" {
			return m, nil
		}
		return m, m.current().Update(msg)
	}
	// Replies go to every screen: each one knows only its own (unexported)
	// message types, so a reply reaches the screen that asked even after the
	// user moved on.
	cmds := []tea.Cmd{m.signin.Update(msg)}
	if m.picker != nil {
		cmds = append(cmds, m.picker.Update(msg))
	}
	for _, s := range m.screens {
		cmds = append(cmds, s.Update(msg))
	}
	return m, tea.Batch(cmds...)
}

// show activates screen i and tells it so (screens load lazily).
func (m *Model) show(i int) tea.Cmd {
	m.active = i
	if m.unavailable() != "" {
		return nil
	}
	return m.screens[i].Update(common.ShownMsg{})
}

// unavailable is why the active screen cannot be used ("" when it can).
func (m *Model) unavailable() string {
	if m.signing || m.picking {
		return ""
	}
	return m.unavail[m.screens[m.active].Title()]
}

// screenFields are the Account Center fields each screen shows.
var screenFields = map[string][]string{
	"Profile":       {logto.FieldName, logto.FieldUsername, logto.FieldAvatar, logto.FieldProfile, logto.FieldCustomData},
	"Email & phone": {logto.FieldEmail, logto.FieldPhone},
	"Password":      {logto.FieldPassword},
	"Identities":    {logto.FieldSocial},
	"Two-step":      {logto.FieldMFA},
	"Sessions":      {logto.FieldSession},
}

// fieldNote says which of the active screen's fields the tenant's Account
// Center hides or keeps read-only ("" when none, or not the Account API).
func (m *Model) fieldNote() string {
	f, ok := m.acct.(interface {
		Fields() map[string]logto.FieldState
	})
	if !ok || m.signing || m.picking {
		return ""
	}
	states := f.Fields()
	var hidden, ro []string
	for _, name := range screenFields[m.screens[m.active].Title()] {
		switch states[name] {
		case logto.FieldHidden:
			hidden = append(hidden, name)
		case logto.FieldReadOnly:
			ro = append(ro, name)
		}
	}
	var parts []string
	if len(ro) > 0 {
		parts = append(parts, strings.Join(ro, ", ")+" read-only")
	}
	if len(hidden) > 0 {
		parts = append(parts, strings.Join(hidden, ", ")+" not shared with this app")
	}
	if len(parts) == 0 {
		return ""
	}
	return "Your tenant's Account Center settings: " + strings.Join(parts, "; ") + ". Ask your administrator to change them."
}

func (m *Model) setUser(u *logto.User) {
	m.c.Subject = common.Subject{UserID: u.ID, Username: logto.Str(u.Username), Email: logto.Str(u.PrimaryEmail),
		Phone: logto.Str(u.PrimaryPhone), Name: logto.Str(u.Name), HasPassword: u.HasPassword, Identities: len(u.Identities)}
	m.display = u.DisplayName()
}

func (m *Model) fail(err error) tea.Cmd {
	if common.Expired(err) {
		return func() tea.Msg { return common.SessionExpiredMsg{} }
	}
	return m.setStatus(common.Words(err), common.StatusError)
}

// globalKey handles keys that belong to the root; handled is false when the
// key goes to the active screen.
func (m *Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.confirm {
		m.confirm = false
		if msg.String() == "y" || msg.String() == "Y" {
			m.Stop()
			return tea.Quit, true
		}
		return m.setStatus("Not quitting; your edits are still here.", common.StatusInfo), true
	}
	if key.Matches(msg, m.keys.ForceQuit) || (key.Matches(msg, m.keys.Quit) && !m.current().Capturing()) {
		if m.dirty() {
			m.confirm = true
			return nil, true
		}
		m.Stop()
		return tea.Quit, true
	}
	if m.current().Capturing() || m.w < MinWidth || m.h < MinHeight {
		return nil, m.w < MinWidth || m.h < MinHeight
	}
	switch {
	case key.Matches(msg, m.keys.Help):
		m.full = !m.full
		return nil, true
	case m.signing:
		return nil, false
	case m.picking:
		return m.pickerKey(msg)
	case key.Matches(msg, m.keys.SwitchUser):
		return m.switchUser(), true
	case key.Matches(msg, m.keys.Next):
		return m.show((m.active + 1) % len(m.screens)), true
	case key.Matches(msg, m.keys.Prev):
		return m.show((m.active - 1 + len(m.screens)) % len(m.screens)), true
	case key.Matches(msg, m.keys.Refresh):
		return tea.Batch(m.loadUser(), m.setStatus("Reloading…", common.StatusInfo)), true
	}
	if s := msg.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		if i := int(s[0] - '1'); i < len(m.screens) {
			return m.show(i), true
		}
	}
	return nil, false
}

// View implements tea.Model.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "logto-account"
	return v
}

func (m *Model) render() string {
	s := m.c.Styles
	if m.w < MinWidth || m.h < MinHeight {
		msg := fmt.Sprintf("Window too small (%d×%d).\nMake it at least %d×%d.", m.w, m.h, MinWidth, MinHeight)
		if m.w < 4 || m.h < 2 {
			return ""
		}
		return lipgloss.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, msg)
	}
	header := m.header()
	tabs := m.tabs()
	body := m.current().View()
	if why := m.unavailable(); why != "" {
		body = s.Header.Render("Not available in this mode") + "\n\n" + lipgloss.NewStyle().Width(max(10, m.w-4)).Render(why)
	} else if note := m.fieldNote(); note != "" {
		body = s.Warning.Width(max(10, m.w-4)).Render(note) + "\n" + body
	}
	if m.full {
		body = m.fullHelp()
	}
	status := m.statusLine()
	helpLine := s.Muted.Render(m.shortHelp())
	contentH := m.h - 4
	var b strings.Builder
	b.Grow(m.w * m.h * 2)
	b.WriteString(fit(header, m.w))
	b.WriteByte('\n')
	b.WriteString(fit(tabs, m.w))
	// The body is cut, not wrapped, to the window: wrapping with lipgloss
	// cost more than drawing everything else.
	lines := strings.Split(body, "\n")
	for i := range contentH {
		b.WriteString("\n ")
		if i < len(lines) {
			b.WriteString(fit(lines[i], m.w-2))
		}
	}
	b.WriteByte('\n')
	b.WriteString(fit(status, m.w))
	b.WriteByte('\n')
	b.WriteString(fit(helpLine, m.w))
	return b.String()
}

func (m *Model) header() string {
	s := m.c.Styles
	left := s.Title.Render("logto-account") + s.Muted.Render(" · "+common.Clean(m.opts.Tenant))
	right := ""
	if m.display != "" {
		right = s.Header.Render(common.Clean(m.display))
	}
	if m.badge != "" {
		badge := s.Badge
		if strings.HasPrefix(m.badge, "ADMIN") {
			badge = s.AdminBadge
		}
		right += " " + badge.Render(common.Clean(m.badge))
	}
	gap := max(1, m.w-lipgloss.Width(left)-lipgloss.Width(right))
	return left + strings.Repeat(" ", gap) + right
}

func (m *Model) tabs() string {
	s := m.c.Styles
	if m.signing {
		return s.ActiveTab.Render("Sign in")
	}
	if m.picking {
		return s.ActiveTab.Render(m.picker.Title())
	}
	// Full titles when they fit; else numbers, with the active one named.
	for _, short := range []bool{false, true} {
		var b strings.Builder
		for i, sc := range m.screens {
			label := fmt.Sprintf("%d %s", i+1, sc.Title())
			switch {
			case i == m.active:
				b.WriteString(s.ActiveTab.Render(label))
			case short:
				b.WriteString(s.Tab.Render(fmt.Sprint(i + 1)))
			default:
				b.WriteString(s.Tab.Render(label))
			}
		}
		if out := b.String(); !short && lipgloss.Width(out) <= m.w || short {
			return out
		}
	}
	return ""
}

func (m *Model) statusLine() string {
	s := m.c.Styles
	left := ""
	if m.current().Busy() {
		left = m.spin.View() + " "
	}
	switch m.kind {
	case common.StatusError:
		left += s.Error.Render(m.status)
	case common.StatusSuccess:
		left += s.Success.Render(m.status)
	case common.StatusDemo:
		left += s.Warning.Render(m.status)
	default:
		left += m.status
	}
	if m.confirm {
		left = s.Warning.Render("You have unsaved edits. Quit anyway? (y/n)")
	}
	right := ""
	if d := m.c.Proof.Left(); d > 0 && !m.signing && !m.picking && !m.opts.Admin {
		right = s.Muted.Render(fmt.Sprintf("verified · %d:%02d left", int(d.Minutes()), int(d.Seconds())%60))
	}
	gap := max(1, m.w-lipgloss.Width(left)-lipgloss.Width(right))
	return left + strings.Repeat(" ", gap) + right
}

func (m *Model) shortHelp() string {
	if m.unavailable() != "" {
		return m.help.ShortHelpView(m.keys.ShortHelp())
	}
	bindings := append(m.current().KeyMap().ShortHelp(), m.keys.ShortHelp()...)
	m.help.ShowAll = false
	return m.help.ShortHelpView(bindings)
}

func (m *Model) fullHelp() string {
	groups := append(m.current().KeyMap().FullHelp(), m.keys.FullHelp()...)
	return m.c.Styles.Header.Render("Keys") + "\n\n" + m.help.FullHelpView(groups)
}

var errExpired = fmt.Errorf("session expired: %w", errSignIn)

// fit cuts a styled line to width cells (ANSI-aware).
func fit(line string, width int) string {
	if lipgloss.Width(line) <= width {
		return line
	}
	return ansi.Truncate(line, width, "…")
}

// Both backends serve every screen's interface.
var (
	_ Account = (*logto.ManagementAccount)(nil)
	_ Account = (*logto.MyAccount)(nil)
)
