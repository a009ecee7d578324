package tui

import (
	"context"
	"time"

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
	// IssuedAt is the sign-in's ID token iat (Logto's clock, seconds; 0
	// unknown): it tells this terminal's grant from the app's others. A
	// sign-in with a remembered SSH key has no token and leaves it 0, so no
	// grant is ever called this terminal's.
	IssuedAt int64
	// Note, when set, follows "Signed in as …" in the status line.
	Note string
	// Offer, when set, is a question put once signed in (remember the SSH
	// key of this device sign-in?).
	Offer *Offer
}

// Options configure a program's root model.
type Options struct {
	// Context is the program's context: every request the screens make runs
	// with it, so it is cancelled when the program ends or its SSH session
	// closes. Nil means context.Background (tests).
	Context context.Context
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
	// Now is the clock; nil means time.Now (Clock, when set, wins).
	Now func() time.Time
	// Clock is the program's time and timers; tests hold it still.
	Clock common.Clock
	// Demo shows verification codes on screen.
	Demo bool
	// DemoPassword is the demo user's password, shown (with DEMO) when the
	// proof prompt asks for it: a demo visitor cannot know it otherwise.
	DemoPassword string
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
	// SSHKeys are the user's remembered SSH keys, listed on the Sessions
	// screen; nil outside the SSH service (or with remembering off).
	SSHKeys sessions.SSHKeys
	// Avatar says where the profile's avatar may come from: a local file,
	// an address fetched for a preview (the SSH service offers neither
	// unless its operator allows address previews).
	Avatar profile.AvatarDeps
	// CheckupAfterSignIn runs the security check-up quietly after the
	// user's own sign-in and shows it when something needs attention.
	CheckupAfterSignIn bool
}

// ShutdownMsg ends the program after telling the user why (the SSH service
// is stopping, or the session was idle). Grace is how long the message stays
// (DefaultShutdownGrace when zero).
type ShutdownMsg struct {
	Reason string
	Grace  time.Duration
}

// DefaultShutdownGrace is how long a ShutdownMsg's reason stays when it
// gives no Grace.
const DefaultShutdownGrace = 2 * time.Second
