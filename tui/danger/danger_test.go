package danger

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func setup(t *testing.T, deps Deps) (*Model, *tt.Env) {
	env := tt.NewEnv(t)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Username: "ada"}
	c.Proof.Record() // a fresh proof is still asked for deletion
	m := New(c, func() Backend { return env.Account }, deps)
	tt.HostOf(m).Backend = env.Account
	m.SetSize(100, 30)
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	return m, env
}

func TestDeleteNeedsTheNameAndAFreshProof(t *testing.T) {
	wiped := false
	m, env := setup(t, Deps{AfterDelete: func(context.Context) error { wiped = true; return nil }})
	tt.Golden(t, m.View())
	tt.Drive(t, m, tt.Key("x"))
	tt.Drive(t, m, append(tt.Type("Ada"), tt.Key("enter"))...)
	if !strings.Contains(m.err, "does not match") {
		t.Fatalf("err=%q", m.err)
	}
	tt.Drive(t, m, tt.Key("ctrl+u"))
	tt.Drive(t, m, append(tt.Type("ada"), tt.Key("enter"))...)
	if !tt.HostOf(m).Proof.Active() {
		t.Fatal("deletion did not ask for the password again")
	}
	tt.Drive(t, m, append(tt.Type("wrong"), tt.Key("enter"))...)
	if _, ok := env.Emu.User(tt.UserID); !ok {
		t.Fatal("deleted with a wrong password")
	}
	tt.Drive(t, m, tt.Key("ctrl+u"))
	tt.Drive(t, m, append(tt.Type(tt.Password), tt.Key("enter"))...)
	if _, ok := env.Emu.User(tt.UserID); ok || !wiped {
		t.Fatalf("user still there=%v wiped=%v err=%q", ok, wiped, m.err)
	}
	if !strings.Contains(m.View(), "Goodbye") {
		t.Error("no goodbye")
	}
}

func TestDemoRefusesAfterConfirmation(t *testing.T) {
	m, env := setup(t, Deps{Demo: true})
	tt.Drive(t, m, tt.Key("x"))
	msgs := tt.Drive(t, m, append(tt.Type("ada"), tt.Key("enter"))...)
	if _, ok := env.Emu.User(tt.UserID); !ok {
		t.Fatal("the demo deleted the user")
	}
	found := false
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok && strings.Contains(s.Text, "not deleted here") {
			found = true
		}
	}
	if !found {
		t.Error("no demo explanation")
	}
}

func TestAdminSuspendRevokesTheUsersSessions(t *testing.T) {
	m, env := setup(t, Deps{Admin: true})
	env.Emu.SeedSession(tt.UserID, emuSession())
	msgs := tt.Drive(t, m, tt.Key("s"), tt.Key("y"))
	u, _ := env.Emu.User(tt.UserID)
	if !u.Suspended {
		t.Fatal("not suspended")
	}
	if s, _ := env.Account.Sessions(context.Background()); len(s) != 0 {
		t.Errorf("suspension left %d sessions", len(s))
	}
	said := false
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok && strings.Contains(s.Text, "User suspended: their sessions and tokens were revoked.") {
			said = true
		}
	}
	if !said {
		t.Error("no word that the user was suspended")
	}
	tt.Drive(t, m, tt.Key("s"), tt.Key("y"))
	if u, _ := env.Emu.User(tt.UserID); u.Suspended {
		t.Error("not reinstated")
	}
}

func emuSession() emulator.SessionOptions { return emulator.SessionOptions{IP: "192.0.2.1"} }

// TestAdminDeletingAnAlreadyDeletedUserSaysSo: another operator deleted the
// user first; the screen says so instead of an error or a goodbye.
func TestAdminDeletingAnAlreadyDeletedUserSaysSo(t *testing.T) {
	m, env := setup(t, Deps{Admin: true})
	tt.Drive(t, m, tt.Key("x"))
	tt.Drive(t, m, tt.Type("ada")...)
	if err := env.Account.DeleteAccount(context.Background()); err != nil { // elsewhere, first
		t.Fatal(err)
	}
	var gone *common.UserDeletedMsg
	for _, msg := range tt.Drive(t, m, tt.Key("enter")) {
		if d, ok := msg.(common.UserDeletedMsg); ok {
			gone = &d
		}
	}
	if gone == nil || gone.Text != "Ada Lovelace's account had already been deleted." || m.err != "" {
		t.Fatalf("got %+v, err %q", gone, m.err)
	}
}

// TestAnEmptyConfirmationNeverDeletes is issue 14's fifth case: a user with
// no username and no email was asked to type "" and a bare Enter deleted
// the account. The phone (or the user id) is asked for instead.
func TestAnEmptyConfirmationNeverDeletes(t *testing.T) {
	env := tt.NewEnv(t)
	env.Emu.SeedUser(emulator.UserSeed{ID: "phone0000001", Phone: "15550100199", Password: tt.Password})
	acct := logto.NewManagementAccount(env.Client, "phone0000001")
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: "phone0000001", HasPassword: true, Phone: "15550100199"}
	m := New(c, func() Backend { return acct }, Deps{})
	tt.HostOf(m).Backend = acct
	m.SetSize(100, 30)
	u, _ := acct.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u}, tt.Key("x"), tt.Key("enter"))
	if tt.HostOf(m).Asked != 0 || !strings.Contains(m.err, "Type 15550100199 exactly") {
		t.Fatalf("a bare enter went on (asked %d), err=%q", tt.HostOf(m).Asked, m.err)
	}
	if !strings.Contains(tt.Plain(m.View()), "Type 15550100199 to confirm") {
		t.Errorf("the phone is not what is asked:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, append(tt.Type("15550100199"), tt.Key("enter"))...)
	tt.Drive(t, m, append(tt.Type(tt.Password), tt.Key("enter"))...)
	if _, ok := env.Emu.User("phone0000001"); ok {
		t.Errorf("not deleted after typing the phone and the password: %q", m.err)
	}
	for _, want := range []string{"ada", "ada@example.com", "15550100199", "user00000001"} {
		u := &logto.User{ID: "user00000001"}
		switch want {
		case "ada":
			u.Username = &want
		case "ada@example.com":
			u.PrimaryEmail = &want
		case "15550100199":
			u.PrimaryPhone = &want
		}
		m.user = u
		if got := m.expected(); got != want {
			t.Errorf("expected %q, got %q", want, got)
		}
	}
}

// TestAdminDangerZoneSpeaksOfTheUser: an operator reads "Ada Lovelace's
// account may be compromised", not "My account…", and the lockdown's
// question does not speak of this program's own sign-in (the operator's
// is not among the user's, and no proof of the user is asked).
func TestAdminDangerZoneSpeaksOfTheUser(t *testing.T) {
	m, _ := setup(t, Deps{Admin: true})
	m.C.ActingOn = "Ada Lovelace"
	v := flat(m.View())
	for _, want := range []string{"Export Ada Lovelace's data", "Ada Lovelace's account may be compromised", "every browser of theirs"} {
		if !strings.Contains(v, want) {
			t.Errorf("lacks %q:\n%s", want, tt.Plain(m.View()))
		}
	}
	if strings.Contains(v, "My account") || strings.Contains(v, "my data") || strings.Contains(v, "this program's") {
		t.Errorf("speaks as the user:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("m"))
	if v := flat(m.View()); strings.Contains(v, "this program's own sign-in") || !strings.Contains(v, "of Ada Lovelace's account") {
		t.Errorf("the question:\n%s", tt.Plain(m.View()))
	}
}

// TestTheDangerZoneFitsAt60x20: the screen gets 58×16 there; every
// explanation at once took 21 lines, cutting off "Press x to start", the
// suspension (admin) and, once x was pressed, the confirmation field. The
// parts not in use then take a line each.
func TestTheDangerZoneFitsAt60x20(t *testing.T) {
	for _, deps := range []Deps{{Admin: true}, {ExportDir: "/home/ada", WriteFile: func(string, []byte) error { return nil }},
		{ExportWhyNot: "The demo writes nothing to disk, so it exports nothing here."}} {
		m, _ := setup(t, deps)
		if deps.Admin {
			m.C.ActingOn = "Ada Lovelace"
		}
		m.SetSize(58, 16)
		fits := func(want string) {
			t.Helper()
			v := tt.Plain(m.View())
			if n := strings.Count(v, "\n") + 1; n > 16 || !strings.Contains(flat(m.View()), want) {
				t.Errorf("admin %v: %d lines, want %q within 16:\n%s", deps.Admin, n, want, v)
			}
			for _, l := range strings.Split(v, "\n") {
				if common.Width(l) > 58 {
					t.Errorf("a line is %d cells wide: %q", common.Width(l), l)
				}
			}
		}
		fits("Press x to start.")
		if deps.Admin {
			fits("s suspends or reinstates")
		}
		tt.Drive(t, m, tt.Key("x"))
		fits("to confirm:")
		fits("Deleting removes, for good")
		// The field (drawn padded to its width) stays inside the window.
		if w := common.Width("Type ada to confirm: ") + m.field.Input.Width(); w > 58 {
			t.Errorf("the confirmation line is %d cells wide", w)
		}
	}
}
