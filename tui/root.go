// Package tui is the root of the terminal UI: navigation between screens,
// the header (tenant, user, DEMO/ADMIN badge), the status line, help, size,
// and the sign-in that precedes everything. Shared styles, messages and the
// error words live in tui/common (a separate package so that screens can
// use them without an import cycle).
package tui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

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
	// picker is the admin user picker while it shows (nil otherwise);
	// target is the user admin mode acts on (nil until picked).
	picker *admin.Model
	target *logto.User
	// operator is the signed-in operator's user id in admin mode.
	operator string
	// spinning is true while the status-line spinner's tick is pending.
	spinning bool
	full     bool // full help
	confirm  bool // quit with unsaved edits?
	status   string
	kind     common.StatusKind
	statID   int
	demo     string // the demo's note (a code it "sent"), beside the status
	loadErr  string // why the account could not be read (shown until it can)
	demoID   int
	w, h     int
}

// New builds the root model.
func New(o Options) *Model {
	if o.ReverifyWindow == 0 {
		o.ReverifyWindow = 5 * time.Minute
	}
	c := common.New(o.NoColor, o.ReverifyWindow, o.Now)
	if o.Context != nil {
		c.Ctx = o.Context
	}
	c.Demo = o.Demo
	c.Pwned = o.Pwned
	if o.Admin {
		c.Proof.Window = 100 * 365 * 24 * time.Hour
		c.Proof.Record()
	}
	m := &Model{opts: o, c: c, keys: newKeyMap(o.ActOn != nil), help: help.New(), spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		signing: true, target: o.Target, w: 80, h: 24}
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
	if m.picking() {
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
	if m.picking() {
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
		m.demo = "" // the demo's note about approving the code is done
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
	case common.UserDeletedMsg:
		return m, m.afterDeletion(msg.Text)
	case userMsg:
		if msg.gen != m.c.Gen {
			return m, nil // the account changed while it was asked for
		}
		if msg.err != nil {
			if !common.Expired(msg.err) {
				m.loadErr = common.Words(msg.err)
			}
			return m, m.fail(msg.err)
		}
		m.loadErr = ""
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
		if msg.demo {
			if msg.id == m.demoID {
				m.demo = ""
			}
			return m, nil
		}
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
	if m.signing || m.picking() {
		return ""
	}
	return m.unavail[m.screens[m.active].Title()]
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
	case m.picking():
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

var errExpired = fmt.Errorf("session expired: %w", errSignIn)

// Both backends serve every screen's interface.
var (
	_ Account = (*logto.ManagementAccount)(nil)
	_ Account = (*logto.MyAccount)(nil)
)
