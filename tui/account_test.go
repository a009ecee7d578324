package tui

import (
	"strings"
	"testing"

	"github.com/logto-account/logto-account/logto/emulator"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// newAccountRoot signs the root in on the Account API backend.
func newAccountRoot(t *testing.T, before func(*tt.AccountEnv)) (*Model, *tt.AccountEnv) {
	t.Helper()
	env := tt.NewAccountEnv(t)
	if before != nil {
		before(env)
	}
	m := New(Options{Tenant: "tenant.example", Flow: instantFlow{acct: env.Account}, NoColor: true,
		Clock: tt.NewClock(tt.Epoch)})
	signInAt(t, m, 80, 24)
	if m.signing {
		t.Fatal("not signed in")
	}
	return m, env
}

func TestAccountModeSaysWhatIsNotAvailable(t *testing.T) {
	m, env := newAccountRoot(t, nil)
	if !strings.Contains(m.status, "Account API") {
		t.Errorf("the status does not name the mode: %q", m.status)
	}
	env.Emu.ResetRequests()
	tt.Drive(t, rootUpdater{m}, tt.Key("6"), tt.Key("n"), tt.Key("enter"))
	view := tt.Plain(m.render())
	if !strings.Contains(view, "Not available in this mode") || !strings.Contains(view, "SSH service") {
		t.Fatalf("the Tokens screen does not say why and where to go:\n%s", view)
	}
	if n := env.Emu.CountRequests("", "/"); n != 0 {
		t.Errorf("an unavailable screen sent %d requests", n)
	}
	m.status = "" // the sign-in message fades; keep the golden stable
	tt.Golden(t, m.render())
	tt.Drive(t, rootUpdater{m}, tt.Key("8"))
	if view := tt.Plain(m.render()); !strings.Contains(view, "no self-delete") {
		t.Errorf("the danger zone does not explain:\n%s", view)
	}
}

func TestAccountModeSessionsAskForAProofAndTheServerTimesIt(t *testing.T) {
	m, _ := newAccountRoot(t, nil)
	tt.Drive(t, rootUpdater{m}, tt.Key("7"))
	view := tt.Plain(m.render())
	if !strings.Contains(view, "Confirm it is you") {
		t.Fatalf("the sessions list did not ask for a proof first:\n%s", view)
	}
	// Not read yet: no empty lists that read as "no sessions".
	if strings.Contains(view, "(0)") || !strings.Contains(view, "shown once you confirm") {
		t.Errorf("before the proof the screen claims lists it has not read:\n%s", view)
	}
	tt.Drive(t, rootUpdater{m}, tt.Type(tt.Password)...)
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	m.status = ""
	view = tt.Plain(m.render())
	if !strings.Contains(view, "Signed-in browsers (1)") {
		t.Fatalf("sessions not listed after the proof:\n%s", view)
	}
	// The record lasts 10 minutes; the clock keeps a 15 s margin.
	if !strings.Contains(view, "verified · 9:45 left") {
		t.Errorf("the re-verification clock does not follow the record's expiresAt:\n%s", view)
	}
}

func TestAccountModeNotesTheTenantsFieldSettings(t *testing.T) {
	m, env := newAccountRoot(t, func(env *tt.AccountEnv) {
		fields := emulator.AllFields(emulator.FieldEdit)
		fields["phone"], fields["name"] = emulator.FieldOff, emulator.FieldReadOnly
		env.Emu.SetAccountCenter(true, fields)
	})
	tt.Drive(t, rootUpdater{m}, tt.Key("2"))
	if view := tt.Plain(m.render()); !strings.Contains(view, "phone not shared with this app") {
		t.Errorf("a hidden phone is not explained:\n%s", view)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("1"), tt.Key("j"), tt.Key("enter"), tt.Key("ctrl+u"))
	tt.Drive(t, rootUpdater{m}, tt.Type("Ada King")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"), tt.Key("s"))
	view := tt.Plain(m.render())
	if !strings.Contains(view, "name read-only") || !strings.Contains(m.status, "read-only") {
		t.Errorf("a read-only name is not explained (status %q):\n%s", m.status, view)
	}
	if !m.dirty() {
		t.Error("the refused edit was dropped")
	}
	if u, _ := env.Emu.User(tt.UserID); u.Name != "Ada Lovelace" {
		t.Errorf("name changed to %q", u.Name)
	}
}

func TestAccountModePasswordRulesComeFromTheServer(t *testing.T) {
	m, env := newAccountRoot(t, nil)
	// The administrator tightens the policy after this program read it.
	env.Emu.SetSignInExperience(map[string]any{"passwordPolicy": map[string]any{"length": map[string]any{"min": 30, "max": 256}}})
	tt.Drive(t, rootUpdater{m}, tt.Key("3"), tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, tt.Type("Difference-Engine-1822")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("tab"))
	tt.Drive(t, rootUpdater{m}, tt.Type("Difference-Engine-1822")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	tt.Drive(t, rootUpdater{m}, tt.Type(tt.Password)...) // the proof prompt
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	view := tt.Plain(m.render())
	if !strings.Contains(view, "Logto rejected the new password") || !strings.Contains(view, "✗ at least 8 characters") {
		t.Errorf("the server's rejection is not in the checklist:\n%s", view)
	}
	if env.Emu.CheckPassword(tt.UserID, "Difference-Engine-1822") {
		t.Error("the password changed")
	}
}

// TestAccountModeUsernameChangeAsksForAProof: the Account API changes a
// username only with a proof; the profile asks for it inline and saves the
// same edits afterwards.
func TestAccountModeUsernameChangeAsksForAProof(t *testing.T) {
	m, env := newAccountRoot(t, nil)
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"), tt.Key("ctrl+u"))
	tt.Drive(t, rootUpdater{m}, tt.Type("countess")...)
	tt.Drive(t, rootUpdater{m}, tt.Key("esc"), tt.Key("s"))
	view := tt.Plain(m.render())
	if !strings.Contains(view, "Confirm it is you") || !strings.Contains(view, "countess") {
		t.Fatalf("no proof asked, or the edit was lost:\n%s", view)
	}
	tt.Drive(t, rootUpdater{m}, tt.Type(tt.Password)...)
	tt.Drive(t, rootUpdater{m}, tt.Key("enter"))
	if u, _ := env.Emu.User(tt.UserID); u.Username != "countess" {
		t.Fatalf("username is %q after the proof", u.Username)
	}
	if m.dirty() {
		t.Error("the saved edit is still marked unsaved")
	}
}

// TestAccountCenterOffIsSaidOnScreen: when the account cannot be read at
// all (here the tenant's Account Center is off), the screen says why in
// full instead of "Loading…" under a status line cut at the window's edge,
// and R reads it again once the administrator switched it on.
func TestAccountCenterOffIsSaidOnScreen(t *testing.T) {
	m, env := newAccountRoot(t, func(env *tt.AccountEnv) { env.Emu.SetAccountCenter(false, nil) })
	view := strings.Join(strings.Fields(tt.Plain(m.render())), " ")
	if !strings.Contains(view, "Your account could not be read. Self-service is switched off") ||
		!strings.Contains(view, "R tries again") || strings.Contains(view, "Loading") {
		t.Fatalf("view:\n%s", tt.Plain(m.render()))
	}
	if h := tt.Plain(m.shortHelp()); h != "R try again • ? help • q quit" {
		t.Errorf("the error page's help offers the screen's keys: %q", h)
	}
	env.Emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	tt.Drive(t, rootUpdater{m}, tt.Key("R"))
	if view := tt.Plain(m.render()); strings.Contains(view, "could not be read") || !strings.Contains(view, "Id "+tt.UserID) {
		t.Errorf("after R:\n%s", view)
	}
}

// TestFieldsSwitchedOffAreNotMisread is issue 18's sixth case: a password
// switched Off read as "you have no password yet", two-step Off as "none
// yet — press t", social Off still offered linking. Off is "not shared
// with this app", and nothing the tenant forbids is offered.
func TestFieldsSwitchedOffAreNotMisread(t *testing.T) {
	m, env := newAccountRoot(t, func(env *tt.AccountEnv) {
		fields := emulator.AllFields(emulator.FieldEdit)
		fields["password"], fields["mfa"], fields["social"] = emulator.FieldOff, emulator.FieldOff, emulator.FieldOff
		env.Emu.SetAccountCenter(true, fields)
	})
	env.Emu.ResetRequests()
	for _, c := range []struct{ key, want, not, press string }{
		{"3", "does not share the password", "no password yet", "enter"},
		{"5", "not shared with this app", "none yet", "t"},
		{"4", "not shared with this app", "GitHub", "enter"},
	} {
		tt.Drive(t, rootUpdater{m}, tt.Key(c.key))
		tt.Drive(t, rootUpdater{m}, tt.Key(c.press))
		view := tt.Plain(m.render())
		if !strings.Contains(view, c.want) || strings.Contains(view, c.not) {
			t.Errorf("screen %s:\n%s", c.key, view)
		}
	}
	for _, r := range env.Emu.Requests() {
		if r.Method != "GET" {
			t.Errorf("%s %s sent for a field the tenant switched off", r.Method, r.Path)
		}
	}
}
