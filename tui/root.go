// Package tui is the root of the terminal UI: navigation between screens,
// the header (tenant, user, DEMO/ADMIN badge), the status line, help, size,
// the sign-in that precedes everything, and the one proof-of-user prompt.
// Shared styles, messages and the error words live in tui/common (a
// separate package so that screens can use them without an import cycle).
//
// How a key press becomes a request and comes back (docs: DESIGN.md §5):
// the root gives a key to the proof prompt when it shows, else to the
// active screen; a screen returns a command made by its Requests (owner,
// sequence number, account generation, the program's context); the reply
// comes back as a ReplyMsg that the root delivers to that screen alone, and
// drops when it is stale. A screen that needs a proof returns NeedProofMsg
// with the message to hand back; the root shows the prompt and, on success,
// delivers that message to the screen that asked.
package tui

import (
	"fmt"
	"runtime/debug"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/tui/admin"
	"github.com/logto-account/logto-account/tui/checkup"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/contact"
	"github.com/logto-account/logto-account/tui/danger"
	"github.com/logto-account/logto-account/tui/identities"
	"github.com/logto-account/logto-account/tui/mfa"
	"github.com/logto-account/logto-account/tui/password"
	"github.com/logto-account/logto-account/tui/profile"
	"github.com/logto-account/logto-account/tui/proof"
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
	spin    common.Spinner
	req     common.Requests // the root's own (the user record)
	signin  *signin.Model
	screens []common.Screen
	active  int
	acct    Account
	display string
	signing bool // the sign-in screen is showing
	// picker is the admin user picker while it shows (nil otherwise);
	// target is the user admin mode acts on (nil until picked).
	picker *admin.Model
	target *logto.User
	// operator is the signed-in operator's user id in admin mode.
	operator string
	// user is the last copy of the user the screens act on.
	user *logto.User
	// reloading is true from R until the user record is read again.
	reloading bool
	// proof is the one prompt for a proof of the user.
	proof *proof.Model
	// offer is the question put after the sign-in (nil when none is open).
	offer *Offer
	// checkup is the security check-up, showing while checking
	// (checkupmode.go); autoShown: it was shown after sign-in already.
	checkup             *checkup.Model
	checking, autoShown bool
	// autoChecking: the check-up shown at sign-in is still deciding.
	autoChecking bool
	// handedBack is the screen a proof was just handed back to: Logto
	// refusing that screen's call again before the user presses a key means
	// the proof just given is not enough, and it is not asked for again.
	handedBack common.ScreenID
	// spinning is true while the status-line spinner's timer is pending.
	spinning bool
	full     bool // full help
	confirm  bool // quit with unsaved edits?
	status   string
	kind     common.StatusKind
	statID   int
	demo     string // the demo's note (a code it "sent"), beside the status
	// demoText and demoUntil are a note that counts down (demo is it drawn).
	demoText  string
	demoUntil time.Time
	// demoPrompt is the note (its demoID) that tells the demo's password
	// while the proof prompt shows; it goes when the prompt closes.
	demoPrompt int
	loadErr    string // why the account could not be read (shown until it can)
	demoID     int
	// demoPasswordChanged: the user set a password of their own, so the
	// demo's note no longer names the seeded one (which stopped working).
	demoPasswordChanged bool
	// helpTop is the first line of the full help on screen, when it is
	// longer than the window.
	helpTop int
	crash   *Crash
	w, h    int
	// sizedH is the body height the screens were last sized to.
	sizedH int
}

// New builds the root model.
func New(o Options) *Model {
	if o.Danger.ClientID == "" {
		o.Danger.ClientID = o.ClientID // a lockdown revokes this program's grant last
	}
	if o.ReverifyWindow == 0 {
		o.ReverifyWindow = 5 * time.Minute
	}
	clock := o.Clock
	if clock == nil {
		var done <-chan struct{}
		if o.Context != nil {
			done = o.Context.Done() // timers end with the program (an SSH session's goroutines go with it)
		}
		clock = common.ClockOf(o.Now, done)
	}
	c := common.New(o.NoColor, o.ReverifyWindow, clock)
	c.Lang = i18n.New(o.Language)
	if o.Context != nil {
		c.Ctx = o.Context
	}
	c.Demo = o.Demo
	c.Pwned = o.Pwned
	if o.Admin {
		c.Proof.Window = 100 * 365 * 24 * time.Hour
		c.Proof.Record()
	}
	m := &Model{opts: o, c: c, keys: newKeyMap(c, o.ActOn != nil), help: help.New(), req: common.NewRequests(c, common.RootID),
		signing: true, target: o.Target, w: 80, h: 24}
	m.signin = signin.New(c, o.Flow, o.OpenBrowser)
	m.proof = proof.New(c, func() proof.Backend { return m.acct })
	m.screens = m.newScreens()
	m.checkup = m.newCheckup()
	return m
}

// newScreens builds the account screens, empty; they read the account
// through m.acct, so a switch of user (admin mode) builds them afresh.
func (m *Model) newScreens() []common.Screen {
	c, o := m.c, m.opts
	acct := func() Account { return m.acct }
	prof := profile.New(c, func() profile.Backend { return acct() })
	prof.Avatar = o.Avatar
	return []common.Screen{
		prof,
		contact.New(c, func() contact.Backend { return acct() }),
		password.New(c, func() password.Backend { return acct() }, o.Admin),
		identities.New(c, func() identities.Backend { return acct() }, o.Identities),
		mfa.New(c, func() mfa.Backend { return acct() }, o.MFA),
		tokens.New(c, func() tokens.Backend { return acct() }),
		sessions.New(c, func() sessions.Backend { return acct() }, o.ClientID).WithSSHKeys(o.SSHKeys),
		danger.New(c, func() danger.Backend { return acct() }, o.Danger),
	}
}

// Common is the program's shared context (tests read its clock and counters).
func (m *Model) Common() *common.Common { return m.c }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.signin.Init())
}

// Stop cancels background work (the sign-in wait, a pending link, the
// proof prompt) when the program ends.
func (m *Model) Stop() {
	m.signin.Stop()
	m.proof.Cancel()
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
	if m.checking {
		return m.checkup
	}
	return m.screens[m.active]
}

// screen finds the part that made a request ("" or unknown: nil).
func (m *Model) screen(id common.ScreenID) common.Screen {
	switch id {
	case common.SignInID:
		return m.signin
	case common.PickerID:
		if m.picker != nil {
			return m.picker
		}
		return nil
	case common.CheckupID:
		return m.checkup
	}
	for _, s := range m.screens {
		if s.ID() == id {
			return s
		}
	}
	return nil
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
	cw, ch := m.w-2, m.contentHeight()
	m.sizedH = ch
	m.signin.SetSize(cw, ch)
	if m.picker != nil {
		m.picker.SetSize(cw, ch)
	}
	for _, s := range m.screens {
		s.SetSize(cw, ch)
	}
	m.checkup.SetSize(cw, ch)
}

// spinMsg moves the status-line spinner.
type spinMsg struct{}

// Update implements tea.Model. A panic in any screen ends the program
// through Crash instead of taking the terminal (or, over SSH, the service)
// with it. The status-line spinner ticks only while something waits for
// Logto: an idle session draws nothing (the SSH service holds hundreds).
func (m *Model) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	if m.crash != nil {
		return m, tea.Quit
	}
	defer func() {
		if v := recover(); v != nil {
			m.crashed(fmt.Sprint(v), debug.Stack())
			model, cmd = m, tea.Quit
		}
	}()
	cmd = m.update(msg)
	if m.demoPrompt != 0 && !m.proof.Active() {
		if m.demoPrompt == m.demoID {
			m.demo = "" // the password was for the prompt, which is closed
		}
		m.demoPrompt = 0
	}
	if m.signing && !m.demoUntil.IsZero() && m.signin.Abandoned() {
		// The countdown to the code's approval went with the wait (Esc):
		// it went on counting for a code nobody waited for.
		m.demo, m.demoUntil = "", time.Time{}
	}
	if m.contentHeight() != m.sizedH {
		m.sizeScreens() // the demo's note or a long message took a line, or gave it back
	}
	if !m.spinning && m.busy() {
		m.spinning = true
		cmd = tea.Batch(cmd, m.spinTick())
	}
	return m, cmd
}

func (m *Model) spinTick() tea.Cmd {
	return m.c.Clock.After(common.SpinInterval, func(time.Time) tea.Msg { return spinMsg{} })
}

func (m *Model) busy() bool {
	if m.proof.Busy() || m.req.Busy() {
		return true
	}
	if m.signing {
		return false // the sign-in screen waits on a person: nothing spins
	}
	if m.picking() {
		return m.picker.Busy()
	}
	for _, s := range m.screens {
		if s.Busy() {
			return true
		}
	}
	return m.checkup.Busy()
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.sizeScreens()
		return nil
	case tea.BackgroundColorMsg:
		m.c.SetBackground(msg.IsDark())
		return nil
	case common.ReplyMsg:
		return m.deliver(msg)
	case common.NeedProofMsg:
		return m.needProof(msg)
	case common.CrashMsg:
		m.crashed(fmt.Sprint(msg.Value), msg.Stack)
		return tea.Quit
	case signin.SignedInMsg:
		return m.signedIn(msg)
	case admin.PickedMsg:
		return m.pick(msg.User)
	case checkup.GoMsg, checkup.AttentionMsg, checkup.CleanMsg:
		return m.checkupMsg(msg)
	case common.UserDeletedMsg:
		return m.afterDeletion(msg.Text)
	case common.UserLoadedMsg:
		if u, ok := msg.User.(*logto.User); ok {
			m.setUser(u)
		}
		return m.broadcast(msg)
	case ShutdownMsg:
		return m.shutdown(msg)
	case common.ReloadUserMsg:
		return m.loadUser()
	case common.StaleMsg:
		return m.stale()
	case common.PasswordChangedMsg:
		m.demoPasswordChanged = true
		return nil
	case common.StatusMsg:
		if msg.Kind == common.StatusDemo && !msg.Until.IsZero() {
			return m.countDown(msg.Text, msg.Until)
		}
		return m.setStatus(msg.Text, msg.Kind)
	case demoTickMsg:
		if msg.id != m.demoID || m.demoUntil.IsZero() {
			return nil
		}
		if !m.c.Now().Before(m.demoUntil) {
			m.demo, m.demoUntil = "", time.Time{} // it happened: the note goes
			return nil
		}
		m.demo = m.countText(m.demoText, m.demoUntil.Sub(m.c.Now()))
		return m.demoTick()
	case common.ErrMsg:
		return m.fail(msg.Err)
	case common.SessionExpiredMsg:
		m.signing = true
		m.proof.Cancel()
		return tea.Batch(m.signin.Init(), m.setStatus(m.c.EndedWords(msg.Err), common.StatusError))
	case fadeMsg:
		if msg.demo {
			if msg.id == m.demoID {
				m.demo = ""
			}
		} else if msg.id == m.statID {
			m.status = ""
		}
		return nil
	case spinMsg:
		if !m.busy() {
			m.spinning = false // stop while idle
			return nil
		}
		m.spin.Next()
		return m.spinTick()
	case tea.KeyPressMsg:
		m.handedBack = "" // the user acted: a new refusal may ask again
		msg.Text = common.Typed(msg.Text)
		if cmd, handled := m.offerKey(msg); handled {
			return cmd
		}
		if cmd, handled := m.globalKey(msg); handled {
			return cmd
		}
		if m.proof.Active() {
			h, cmd := m.proof.Update(msg)
			return tea.Batch(cmd, m.handBack(h))
		}
		if m.unavailable() != "" {
			return nil
		}
		return m.current().Update(msg)
	case tea.PasteMsg:
		clean := tea.PasteMsg{Content: common.Typed(msg.Content)}
		if m.proof.Active() {
			_, cmd := m.proof.Update(clean)
			return cmd
		}
		return m.current().Update(clean)
	}
	// Anything else (a paste, a component's own message) is the active
	// screen's: replies to requests came addressed above.
	return m.current().Update(msg)
}

// deliver hands a reply to the part that asked for it, and drops it when
// stale: made for an account the screens no longer serve, or superseded by
// a newer request of the same kind.
func (m *Model) deliver(r common.ReplyMsg) tea.Cmd {
	drop := func() tea.Cmd {
		if d, ok := r.Msg.(common.Disposer); ok {
			d.Dispose() // e.g. a listener opened for a link nobody waits for
		}
		return nil
	}
	if r.Gen != m.c.Gen {
		return drop()
	}
	switch r.Owner {
	case common.RootID:
		if !m.req.Accept(r) {
			return drop()
		}
		return m.rootReply(r.Msg)
	case common.ProofID:
		if !m.proof.Requests().Accept(r) {
			return drop()
		}
		h, cmd := m.proof.Update(r.Msg)
		return tea.Batch(cmd, m.handBack(h))
	}
	s := m.screen(r.Owner)
	if s == nil || !s.Requests().Accept(r) {
		return drop()
	}
	return s.Update(r.Msg)
}

// needProof opens the prompt for a screen's sensitive action.
func (m *Model) needProof(n common.NeedProofMsg) tea.Cmd {
	if n.Gen != m.c.Gen || m.signing || m.screen(n.Owner) == nil {
		return nil
	}
	if n.Refused && m.handedBack == n.Owner {
		m.handedBack = ""
		return m.setStatus(m.c.T("root.proof_refused"), common.StatusError)
	}
	if !n.Always && !n.Refused && m.c.Proof.Fresh() {
		return m.handTo(n.Owner, n.Then)
	}
	if why := proof.UnprovableIn(m.c.Lang, m.c.Subject); why != "" {
		return m.setStatus(why, common.StatusError)
	}
	if m.proof.Active() && m.proof.Owner() != n.Owner {
		return m.setStatus(m.c.T("root.proof_busy"), common.StatusInfo)
	}
	m.full = false // the prompt takes the keys: the help would swallow them
	cmd := m.proof.Ask(n)
	if m.opts.Demo && m.opts.DemoPassword != "" && m.opts.ActOn == nil && m.c.Subject.HasPassword {
		text := m.c.T("common.demo_password", "Password", m.opts.DemoPassword)
		if m.demoPasswordChanged {
			text = m.c.T("common.demo_password_changed")
		}
		cmd = tea.Batch(cmd, m.setStatus(text, common.StatusDemo))
		m.demoPrompt = m.demoID // it goes with the prompt
	}
	return cmd
}

// stale tells every screen that what it read may have changed: the one on
// screen reads again at once, the others when they show next.
func (m *Model) stale() tea.Cmd {
	var cmds []tea.Cmd
	shown := !m.signing && !m.checking && !m.picking() && m.unavailable() == ""
	for i, s := range m.screens {
		cmds = append(cmds, s.Update(common.StaleMsg{Shown: shown && i == m.active}))
	}
	return tea.Batch(cmds...)
}

// handBack delivers what a successful proof released to the screen that
// asked for it (if it is still there).
func (m *Model) handBack(h *proof.Handback) tea.Cmd {
	if h == nil || h.Gen != m.c.Gen {
		return nil
	}
	return m.handTo(h.Owner, h.Then)
}

func (m *Model) handTo(owner common.ScreenID, then tea.Msg) tea.Cmd {
	s := m.screen(owner)
	if s == nil {
		return nil
	}
	m.handedBack = owner
	return s.Update(then)
}

func (m *Model) signedIn(msg signin.SignedInMsg) tea.Cmd {
	si, ok := msg.Result.(*SignedIn)
	if !ok || si.Account == nil {
		return m.setStatus(m.c.T("root.signin_no_account"), common.StatusError)
	}
	m.acct, m.display, m.signing = si.Account, si.Display, false
	m.c.SignedInAt = si.IssuedAt
	m.c.FieldState = nil
	if f, ok := si.Account.(interface {
		Fields() map[string]logto.FieldState
	}); ok {
		m.c.FieldState = func(field string) logto.FieldState { return f.Fields()[field] }
	}
	m.demo, m.demoUntil = "", time.Time{} // the demo's note about approving the code is done
	if p, ok := si.Account.(interface{ ProofExpiry() time.Time }); ok {
		// The server says how long a proof lasts (its record's expiresAt).
		m.c.Proof.Until = p.ProofExpiry
	}
	text := m.c.T("root.signed_in", "Name", common.Clean(si.Display))
	if md, ok := si.Account.(interface{ Mode() string }); ok {
		text = m.c.T("root.signed_in_own_token", "Name", common.Clean(si.Display), "Mode", md.Mode())
	}
	if si.Note != "" {
		text += " " + si.Note
	}
	m.offer = si.Offer
	if m.opts.ActOn != nil {
		return m.actAfterSignIn(text)
	}
	again := m.user != nil // signed in again: the lists read before now miss this sign-in
	cmd := tea.Batch(m.loadUser(), m.setStatus(text, common.StatusSuccess), m.checkAfterSignIn())
	if again {
		cmd = tea.Batch(cmd, m.stale())
	}
	return cmd
}

// show activates screen i and tells it so (screens load lazily). A proof
// asked for on the screen the user leaves is dropped.
func (m *Model) show(i int) tea.Cmd {
	if (i != m.active || m.checking) && m.proof.Active() {
		m.proof.Cancel()
	}
	m.active, m.checking, m.autoChecking = i, false, false
	if m.unavailable() != "" {
		return nil
	}
	return m.screens[i].Update(common.ShownMsg{})
}

// setUser takes a fresh copy of the user the screens act on. An answer to
// a write carries no enterprise SSO identities (only a read asks for them),
// and this program cannot change those: the ones read before are kept.
func (m *Model) setUser(u *logto.User) {
	if u.SSOIdentities == nil && m.user != nil && m.user.ID == u.ID {
		u.SSOIdentities = m.user.SSOIdentities
	}
	m.user = u
	m.c.Subject = common.Subject{UserID: u.ID, Username: logto.Str(u.Username), Email: logto.Str(u.PrimaryEmail),
		Phone: logto.Str(u.PrimaryPhone), Name: logto.Str(u.Name), HasPassword: u.HasPassword, Identities: len(u.Identities)}
	if m.opts.ActOn == nil {
		m.display = u.DisplayName() // the header names who is signed in: in admin mode, the operator
	} else if m.target != nil && m.target.ID == u.ID {
		m.c.ActingOn = u.DisplayName()
	}
}

func (m *Model) fail(err error) tea.Cmd {
	if common.Expired(err) {
		return func() tea.Msg { return common.SessionExpiredMsg{Err: err} }
	}
	return m.setStatus(m.c.Words(err), common.StatusError)
}

// globalKey handles keys that belong to the root; handled is false when the
// key goes to the prompt or the active screen.
func (m *Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.confirm {
		m.confirm = false
		if msg.String() == "y" || msg.String() == "Y" {
			m.Stop()
			return tea.Quit, true
		}
		return m.setStatus(m.c.T("root.not_quitting"), common.StatusInfo), true
	}
	capturing := m.proof.Active() || m.current().Capturing()
	if key.Matches(msg, m.keys.ForceQuit) || (key.Matches(msg, m.keys.Quit) && !capturing) {
		if m.dirty() {
			m.confirm = true
			return nil, true
		}
		m.Stop()
		return tea.Quit, true
	}
	if m.full {
		// The help covers the screen: keys never reach what is under it
		// (enter began editing a field nobody could see, and ? was then
		// typed into it instead of closing the help). ? or esc closes it.
		switch k := msg.String(); {
		case key.Matches(msg, m.keys.Help) || k == "esc":
			m.full = false
		case k == "down" || k == "j": // a help longer than the window scrolls (60×20)
			m.helpTop = min(m.helpTop+1, m.helpOverflow())
		case k == "up" || k == "k":
			m.helpTop = max(0, min(m.helpTop, m.helpOverflow())-1)
		}
		return nil, true
	}
	if capturing || m.w < MinWidth || m.h < MinHeight {
		return nil, m.w < MinWidth || m.h < MinHeight
	}
	switch {
	case key.Matches(msg, m.keys.Help):
		m.full, m.helpTop = !m.full, 0
		return nil, true
	case m.signing:
		return nil, false
	case m.picking():
		return m.pickerKey(msg)
	case key.Matches(msg, m.keys.SwitchUser):
		return m.switchUser(), true
	case key.Matches(msg, m.keys.Checkup):
		return m.toggleCheckup(), true
	case key.Matches(msg, m.keys.Next):
		return m.show((m.active + 1) % len(m.screens)), true
	case key.Matches(msg, m.keys.Prev):
		return m.show((m.active - 1 + len(m.screens)) % len(m.screens)), true
	case key.Matches(msg, m.keys.Refresh):
		// What is on screen is read again, with the user record it depends on.
		m.reloading = true // the user record's answer says "Reloaded."
		return tea.Batch(m.loadUser(), m.current().Update(common.ReloadMsg{}), m.setStatus(m.c.T("root.reloading"), common.StatusInfo)), true
	}
	if s := msg.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		if i := int(s[0] - '1'); i < len(m.screens) {
			return m.show(i), true
		}
	}
	return nil, false
}

// Both backends serve every screen's interface.
var (
	_ Account = (*logto.ManagementAccount)(nil)
	_ Account = (*logto.MyAccount)(nil)
)
