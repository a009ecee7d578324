package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	"github.com/logto-account/logto-account/tui/danger"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// adminRoot is an operator (Grace) signed in with admin mode on: the picker
// over the emulator's users, Ada and Charles among them.
func adminRoot(t *testing.T, target *logto.User, query string) (*Model, *tt.Env) {
	env := tt.NewEnv(t)
	env.Emu.SeedUser(emulator.UserSeed{ID: "operator0001", Username: "grace", Name: "Grace Hopper"})
	env.Emu.SeedUser(emulator.UserSeed{ID: "charles00001", Username: "charles", Email: "charles@example.com", Name: "Charles Babbage"})
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: env.URL, AppID: emulator.DefaultM2MAppID, AppSecret: emulator.DefaultM2MAppSecret})
	client, _ := logto.New(logto.Options{Endpoint: env.URL, Tokens: ts})
	calls := 0
	m := New(Options{Tenant: "tenant.example", NoColor: true, Clock: tt.NewClock(tt.Epoch),
		Flow:  instantFlow{acct: logto.NewManagementAccount(client, "operator0001"), once: true, calls: &calls},
		Admin: true, Danger: danger.Deps{Admin: true}, Users: client, Target: target, PickQuery: query,
		ActOn: func(id string) Account { return logto.NewManagementAccount(client, id) }})
	signInAt(t, m, 100, 30)
	if m.signing {
		t.Fatal("the operator is not signed in")
	}
	return m, env
}

func TestAdminPicksTheUserAfterSigningIn(t *testing.T) {
	m, env := adminRoot(t, nil, "example.com")
	view := tt.Plain(m.render())
	if !m.picking() || !strings.Contains(view, "ADMIN · choosing a user") || !strings.Contains(view, "Choose the user to act on") {
		t.Fatalf("no picker after the operator's sign-in:\n%s", view)
	}
	if !strings.Contains(view, "Users 1–2 of 2") || strings.Contains(view, "Grace Hopper ") {
		t.Errorf("the first search is the --user text:\n%s", view)
	}
	if n := env.Emu.CountRequests("GET", "/api/users/"); n != 0 {
		t.Errorf("%d user requests before anyone was picked", n)
	}
	// Digits and arrows belong to the picker, not to the screens behind it.
	tt.Drive(t, rootUpdater{m}, tt.Key("2"), tt.Key("l"))
	if !m.picking() || m.active != 0 {
		t.Fatal("a navigation key left the picker")
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("enter")) // Charles: the newest
	view = tt.Plain(m.render())
	if m.picking() || !strings.Contains(view, "ADMIN · acting on Charles Babbage") || !strings.Contains(view, "charles") {
		t.Fatalf("after enter:\n%s", view)
	}
	if strings.Contains(view, "verified ·") {
		t.Error("admin mode shows a proof clock the operator never gave")
	}
	if h := tt.Plain(m.shortHelp()); !strings.Contains(h, "U act on another user") {
		t.Errorf("the help line does not offer switching user: %q", h)
	}
}

func TestAdminSwitchesUserOnlyWithoutUnsavedEdits(t *testing.T) {
	name := "Charles Babbage"
	charles := &logto.User{ID: "charles00001", Name: &name}
	m, env := adminRoot(t, charles, "")
	if m.picking() || !strings.Contains(tt.Plain(m.render()), "ADMIN · acting on Charles Babbage") {
		t.Fatalf("--user did not start on Charles:\n%s", tt.Plain(m.render()))
	}
	// An unsaved edit for Charles must never be saved on someone else.
	tt.Drive(t, rootUpdater{m}, tt.Key("j"), tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, tt.Type(" Jr")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"), tt.Key("U"))
	if m.picking() || !strings.Contains(m.status, "before acting on another user") {
		t.Fatalf("U with unsaved edits: picking=%v status=%q", m.picking(), m.status)
	}
	// From another screen the refusal says where the edits are (u undoes
	// them on the profile, not on the danger zone, where it said "(u)").
	tt.Drive(t, rootUpdater{m}, tt.Key("8"), tt.Key("U"))
	if m.picking() || !strings.Contains(m.status, "your edits on Profile (1)") {
		t.Fatalf("U from the danger zone: picking=%v status=%q", m.picking(), m.status)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("1"), tt.Key("u"), tt.Key("y"), tt.Key("U"))
	if !m.picking() {
		t.Fatal("U did not open the picker")
	}
	if view := tt.Plain(m.render()); !strings.Contains(view, "Grace Hopper (you)") || strings.Contains(view, "Charles Babbage (you)") {
		t.Errorf("the operator is not marked in the list:\n%s", view)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"))
	if m.picking() || !strings.Contains(tt.Plain(m.render()), "ADMIN · acting on Charles Babbage") {
		t.Fatal("esc did not return to Charles")
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("U"), tt.Key("/"))
	tt.Drive(t, rootUpdater{m}, append(tt.Type("ada"), tt.Key("enter"))...)
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	view := tt.Plain(m.render())
	if !strings.Contains(view, "ADMIN · acting on Ada Lovelace") || !strings.Contains(view, "Lovelace") || strings.Contains(view, "Babbage") {
		t.Fatalf("after picking Ada:\n%s", view)
	}
	if u, _ := env.Emu.User("charles00001"); u.Name != "Charles Babbage" {
		t.Errorf("Charles changed: %q", u.Name)
	}
	// A session expiry brings the operator back to the same user, not to the picker.
	tt.Drive(t, rootUpdater{m}, common.ErrMsg{Err: auth.ErrSignInRequired})
	if !m.signing {
		t.Fatal("not back at sign-in")
	}
	m.opts.Flow = instantFlow{acct: m.opts.Flow.(instantFlow).acct} // the operator approves again
	m.signin = signinFor(m)
	for _, msg := range tt.Run(m.signin.Init()) {
		tt.DriveAll(t, rootUpdater{m}, msg) // the test flow approves at once
	}
	if m.signing || m.picking() || !strings.Contains(tt.Plain(m.render()), "ADMIN · acting on Ada Lovelace") {
		t.Errorf("after signing in again:\n%s", tt.Plain(m.render()))
	}
}

func TestOwnAccountHasNoUserSwitch(t *testing.T) {
	m, _ := newRoot(t)
	signInAt(t, m, 80, 24)
	tt.Drive(t, rootUpdater{m}, tt.Key("U"))
	if m.picking() || m.picker != nil {
		t.Fatal("U opened a user picker outside admin mode")
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("?"))
	if strings.Contains(tt.Plain(m.render()), "another user") {
		t.Error("the help offers switching user outside admin mode")
	}
}

// TestHelpLineFollowsTheState: the help line lists only keys that act in
// the state on screen: no screen switching before sign-in, the enrolment's
// keys while adding an authenticator app, the list's keys after.
func TestHelpLineFollowsTheState(t *testing.T) {
	m, _ := newRoot(t)
	tt.Drive(t, rootUpdater{m}, tea.WindowSizeMsg{Width: 120, Height: 40})
	if h := tt.Plain(m.shortHelp()); strings.Contains(h, "screens") || !strings.Contains(h, "quit") {
		t.Errorf("sign-in help: %q", h)
	}
	for _, msg := range tt.Run(m.signin.Init()) {
		tt.DriveAll(t, rootUpdater{m}, msg) // the test flow approves at once
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("5"))
	tt.Drive(t, rootUpdater{m}, tt.Key("t"))
	if h := tt.Plain(m.shortHelp()); !strings.Contains(h, "check the code") || strings.Contains(h, "backup codes") ||
		strings.Contains(h, "q quit") || !strings.Contains(h, "ctrl+c") {
		t.Errorf("enrolment help (typing a code: q is text): %q", h)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"))
	if h := tt.Plain(m.shortHelp()); !strings.Contains(h, "t authenticator app") || !strings.Contains(h, "screens") {
		t.Errorf("list help: %q", h)
	}
	// A new token asks who you are first: the prompt's keys, not the form's.
	tt.Drive(t, rootUpdater{m}, tt.Key("6"), tt.Key("n"))
	tt.Drive(t, rootUpdater{m}, append(tt.Type("ci"), tt.Key("tab"), tt.Key("enter"))...)
	if h := tt.Plain(m.shortHelp()); !strings.Contains(h, "enter confirm • tab use a code • esc cancel") || strings.Contains(h, "next field") ||
		strings.Contains(h, "new code") {
		t.Errorf("proof prompt help: %q", h)
	}
}

// TestAdminDeletionReturnsToThePicker: an operator who deletes the user
// acted on is not sent away with a goodbye; the picker comes back without
// that user.
func TestAdminDeletionReturnsToThePicker(t *testing.T) {
	name := "Charles Babbage"
	m, env := adminRoot(t, &logto.User{ID: "charles00001", Name: &name}, "")
	tt.Drive(t, rootUpdater{m}, tt.Key("8"), tt.Key("x"))
	if !strings.Contains(tt.Plain(m.render()), "Charles Babbage's profile") {
		t.Errorf("the danger zone speaks of 'your' account in admin mode:\n%s", tt.Plain(m.render()))
	}
	tt.Drive(t, rootUpdater{m}, append(tt.Type("charles"), tt.Key("enter"))...)
	if _, ok := env.Emu.User("charles00001"); ok {
		t.Fatal("Charles was not deleted")
	}
	view := tt.Plain(m.render())
	if !m.picking() || !strings.Contains(view, "Charles Babbage's account was deleted.") || strings.Contains(view, "Goodbye") {
		t.Fatalf("after the deletion:\n%s", view)
	}
	if strings.Contains(view, "charles00001") || !strings.Contains(view, "Grace Hopper") {
		t.Errorf("the picker still lists the deleted user:\n%s", view)
	}
	if _, ok := env.Emu.User("operator0001"); !ok {
		t.Error("the operator's own account went too")
	}
}

// TestALateReplyForTheEarlierUserIsDropped: a reload asked for Charles that
// answers after the operator switched to Ada must not show Charles again.
func TestALateReplyForTheEarlierUserIsDropped(t *testing.T) {
	name := "Charles Babbage"
	m, _ := adminRoot(t, &logto.User{ID: "charles00001", Name: &name}, "")
	late := m.loadUser() // R pressed for Charles; its answer is slow
	tt.Drive(t, rootUpdater{m}, tt.Key("U"), tt.Key("/"))
	tt.Drive(t, rootUpdater{m}, append(tt.Type("lovelace"), tt.Key("enter"))...)
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, late()) // a userMsg for Charles
	if view := tt.Plain(m.render()); strings.Contains(view, "Babbage") || !strings.Contains(view, "Id "+tt.UserID) {
		t.Fatalf("Charles's late answer replaced Ada:\n%s", view)
	}
}
