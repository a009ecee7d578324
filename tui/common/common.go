// Package common holds what every screen shares within one program: styles,
// size, the proof-of-user clock, cross-screen messages, the error→words
// table, and the Screen contract. One value per tea.Program: nothing here is
// package-level mutable state, because `serve` runs many programs at once.
package common

import (
	"context"
	"image/color"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/logto-account/logto-account/i18n"
	"github.com/logto-account/logto-account/logto"
)

// Screen is one area of the account (profile, email/phone, password, ...).
// Models use pointer receivers and update in place. Screens embed Base,
// which provides ID, Requests, Common and Busy.
type Screen interface {
	// ID names the screen: requests it makes are answered to it alone.
	ID() ScreenID
	// Requests are the screen's requests; the root drops stale replies with them.
	Requests() *Requests
	// Title names the screen in the navigation.
	Title() string
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	// Capturing is true while text is being typed, so q and digits are text.
	Capturing() bool
	// Dirty is true when there are unsaved edits (quit asks first).
	Dirty() bool
	// Busy is true while a request of this screen is in flight.
	Busy() bool
	KeyMap() help.KeyMap
}

// Styles are built per program from its background and NO_COLOR.
type Styles struct {
	Title, Header, Badge, AdminBadge, Muted, Label, Value, Error, Success, Warning,
	Focused, Tab, ActiveTab, Box, Code, Key lipgloss.Style
}

// NewStyles makes styles for a dark or light background; noColor drops
// every colour (NO_COLOR) but keeps bold/reverse for emphasis.
func NewStyles(dark, noColor bool) Styles {
	ld := lipgloss.LightDark(dark)
	c := func(light, darkC string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(darkC))
	}
	accent, muted, errC, okC, warnC := c("#5B3CC4", "#A78BFA"), c("#6B7280", "#9CA3AF"), c("#B91C1C", "#F87171"), c("#047857", "#34D399"), c("#B45309", "#FBBF24")
	s := Styles{
		Title:      lipgloss.NewStyle().Bold(true).Foreground(accent),
		Header:     lipgloss.NewStyle().Bold(true),
		Badge:      lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1),
		AdminBadge: lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1).Foreground(warnC),
		Muted:      lipgloss.NewStyle().Foreground(muted),
		Label:      lipgloss.NewStyle().Foreground(muted),
		Value:      lipgloss.NewStyle(),
		Error:      lipgloss.NewStyle().Foreground(errC),
		Success:    lipgloss.NewStyle().Foreground(okC),
		Warning:    lipgloss.NewStyle().Foreground(warnC),
		Focused:    lipgloss.NewStyle().Foreground(accent).Bold(true),
		Tab:        lipgloss.NewStyle().Foreground(muted).Padding(0, 1),
		ActiveTab:  lipgloss.NewStyle().Foreground(accent).Bold(true).Underline(true).Padding(0, 1),
		Box:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(muted).Padding(0, 1),
		Code:       lipgloss.NewStyle().Bold(true).Foreground(accent),
		Key:        lipgloss.NewStyle().Bold(true),
	}
	return s
}

// Common is the per-program context every screen gets.
type Common struct {
	// Ctx is the program's context (cancelled when the program ends or its
	// SSH session closes); every request a screen makes runs with it.
	Ctx    context.Context
	Styles Styles
	// Lang speaks the program's language (each SSH session its own); T and
	// N read it.
	Lang *i18n.Localizer
	// Width and Height are the whole window's (a screen's own part comes
	// with SetSize); zero until the root knows them.
	Width, Height int
	Dark, NoColor bool
	// Demo marks the demo tenant (verification codes are shown on screen).
	Demo bool
	// Clock is the program's time and timers (tests hold it still).
	Clock Clock
	// Proof tracks when the user last proved who they are.
	Proof *Proof
	// Gen counts the accounts the screens have served: the root bumps it
	// when admin mode switches user, and a reply made for the earlier
	// account is dropped (the screens are rebuilt, so none waits for it).
	Gen int
	// Subject is the user the screens act on, as they need to know them.
	Subject Subject
	// ActingOn names the user admin mode acts on ("" on one's own account).
	ActingOn string
	// FieldState says what the tenant's Account Center lets this program do
	// with a field (logto.Field*): "" editable or unknown. Nil outside the
	// Account API.
	FieldState func(field string) logto.FieldState
	// SignedInAt is the sign-in's ID token iat (seconds, Logto's clock; 0
	// unknown): logto.OwnGrant finds this terminal's grant with it.
	SignedInAt int64
	// SignInExp is the tenant's policies (defaults filled), once loaded.
	SignInExp *logto.SignInExperience
	// Pwned counts a password's appearances in known breaches; nil when the
	// check is off (config pwned_check), and never set in tests.
	Pwned func(ctx context.Context, pw string) (int, error)
	// seq numbers every request of the program (so no two share a number,
	// even across screens rebuilt for another account).
	seq uint64
	// WaitObserver, when set (tests), is told by every request made from
	// then on that waits on a person, as it starts waiting, and whose: such
	// a request will not end by itself, so a test driver stops waiting for
	// it (unless the test plays that person).
	WaitObserver func(owner ScreenID)
}

// T is message id in the program's language (i18n.Localizer.T).
func (c *Common) T(id string, args ...any) string { return c.Lang.T(id, args...) }

// N is message id for count in the program's language (i18n.Localizer.N).
func (c *Common) N(id string, count int, args ...any) string { return c.Lang.N(id, count, args...) }

// Now is the program's clock reading.
func (c *Common) Now() time.Time { return c.Clock.Now() }

// Hidden reports a field the tenant does not share with this app (its
// Account Center has it Off): "none" would be a misreading.
func (c *Common) Hidden(field string) bool {
	return c.FieldState != nil && c.FieldState(field) == logto.FieldHidden
}

// Whose is "your" (capitalised: "Your") on one's own account, and "Ada
// Lovelace's" when an operator acts on another user's, in the program's
// language (你的 / Ada Lovelace 的; votre / Votre / de Ada Lovelace). French
// puts the owner after the noun: a French sentence about another user's
// account is best its own message chosen on c.ActingOn, not built on this.
func (c *Common) Whose(capital bool) string {
	if c.ActingOn != "" {
		return c.T("common.whose_of", "Name", Clean(c.ActingOn))
	}
	if capital {
		return c.T("common.whose_your_capital")
	}
	return c.T("common.whose_your")
}

func (c *Common) nextSeq() uint64 {
	c.seq++
	return c.seq
}

// Subject is what screens know about the user without asking the server.
type Subject struct {
	UserID, Username, Email, Phone, Name string
	HasPassword                          bool
	// Identities counts linked social identities (sign-in methods).
	Identities int
}

// New returns a Common with dark styles until the terminal says otherwise;
// clock nil is the wall clock.
func New(noColor bool, window time.Duration, clock Clock) *Common {
	if clock == nil {
		clock = RealClock{}
	}
	return &Common{Ctx: context.Background(), Styles: NewStyles(true, noColor), Dark: true, NoColor: noColor, Clock: clock,
		Lang:  i18n.New(i18n.English),
		Proof: &Proof{Window: window, now: clock.Now}}
}

// SetBackground restyles for the terminal's reported background.
func (c *Common) SetBackground(dark bool) {
	c.Dark = dark
	c.Styles = NewStyles(dark, c.NoColor)
}

// Proof is the re-verification clock: sensitive actions need a proof of the
// user (password or a code) no older than Window.
type Proof struct {
	Window time.Duration
	// Until, when set, is the server's word on how long the proof lasts (the
	// Account API's verification record expiresAt; zero when there is none):
	// it replaces the local window.
	Until func() time.Time
	at    time.Time
	now   func() time.Time
}

// Forget drops the proof (the server refused it).
func (p *Proof) Forget() { p.at = time.Time{} }

// Record notes a successful proof now.
func (p *Proof) Record() { p.at = p.now() }

// Left is how long the last proof stays fresh (0 when stale).
func (p *Proof) Left() time.Duration {
	if p.Until != nil {
		until := p.Until()
		if until.IsZero() {
			return 0
		}
		return max(0, until.Sub(p.now()))
	}
	if p.at.IsZero() {
		return 0
	}
	return max(0, p.Window-p.now().Sub(p.at))
}

// Fresh reports whether a sensitive action may go ahead without asking.
func (p *Proof) Fresh() bool { return p.Left() > 0 }
