package password

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	m.Run()
}

func setup(t *testing.T) (*Model, *tt.Env, *tt.Clock) {
	t.Helper()
	env := tt.NewEnv(t)
	clk := tt.NewClock(tt.Epoch)
	c := common.New(true, 5*time.Minute, clk)
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Email: "ada@example.com", Username: "ada", Name: "Ada Lovelace"}
	m := New(c, func() Backend { return env.Account }, false)
	tt.HostOf(m).Backend = env.Account
	m.SetSize(78, 18)
	env.Emu.ResetRequests()
	return m, env, clk
}

// fill types the new password and its repeat, submits, and answers the
// proof prompt with current when it asks.
func fill(t *testing.T, m *Model, current, next, repeat string) []tea.Msg {
	var msgs []tea.Msg
	msgs = append(msgs, tt.Key("enter"))
	msgs = append(msgs, tt.Type(next)...)
	msgs = append(msgs, tt.Key("tab"))
	msgs = append(msgs, tt.Type(repeat)...)
	msgs = append(msgs, tt.Key("enter"))
	seen := tt.Drive(t, m, msgs...)
	if tt.HostOf(m).Proof.Active() {
		seen = append(seen, tt.Drive(t, m, append(tt.Type(current), tt.Key("enter"))...)...)
	}
	return seen
}

// setPasswordCalls counts the requests that set a password.
func setPasswordCalls(env *tt.Env) int {
	return env.Emu.CountRequests(http.MethodPatch, "/api/users/"+tt.UserID+"/password")
}

func TestChecklistFollowsTyping(t *testing.T) {
	m, _, _ := setup(t)
	tt.Drive(t, m, append([]tea.Msg{tt.Key("enter")}, tt.Type("lovelace1")...)...)
	tt.Golden(t, m.View())
}

func TestChangePassword(t *testing.T) {
	m, env, _ := setup(t)
	msgs := fill(t, m, tt.Password, "Difference-Engine-1822", "Difference-Engine-1822")
	if !env.Emu.CheckPassword(tt.UserID, "Difference-Engine-1822") {
		t.Fatalf("password not changed; err=%q", m.err)
	}
	if !m.offer || !hasStatus(msgs, "Password changed") {
		t.Error("no success message or sign-out offer")
	}
	if !m.C.Proof.Fresh() {
		t.Error("the password typed in the prompt did not count as a fresh proof")
	}
	tt.Drive(t, m, tt.Key("y"))
	if n := env.Emu.CountRequests(http.MethodGet, "/api/users/"+tt.UserID+"/sessions"); n != 1 {
		t.Errorf("sign out others: sessions listed %d times", n)
	}
}

func TestPasswordRulesRefuseBeforeSending(t *testing.T) {
	cases := []struct{ current, next, repeat, want string }{
		{tt.Password, "short", "short", "tenant's rules listed above"},
		{tt.Password, "Difference-Engine-1822", "Difference-Engine-1823", "differ"},
	}
	for _, c := range cases {
		m, env, _ := setup(t)
		fill(t, m, c.current, c.next, c.repeat)
		if !strings.Contains(m.err, c.want) || env.Emu.CountRequests("", "/api/") != 0 || tt.HostOf(m).Asked != 0 {
			t.Errorf("%+v: err=%q requests=%d", c, m.err, env.Emu.CountRequests("", "/api/"))
		}
		if m.form.Get("new").Value() != c.next {
			t.Errorf("%+v: typed password lost", c)
		}
	}
}

func TestTheCurrentPasswordIsAskedByThePrompt(t *testing.T) {
	m, env, _ := setup(t)
	fill(t, m, "", "Difference-Engine-1822", "Difference-Engine-1822")
	p := tt.HostOf(m).Proof
	if !p.Active() || !strings.Contains(tt.Plain(p.View(78)), "Type your password first") {
		t.Fatalf("an empty proof was not refused on the prompt:\n%s", tt.Plain(p.View(78)))
	}
	if env.Emu.CountRequests("", "/api/") != 0 {
		t.Error("an empty password was sent")
	}
	tt.Drive(t, m, tt.Key("esc"))
	if setPasswordCalls(env) != 0 || m.form.Get("new").Value() != "Difference-Engine-1822" {
		t.Errorf("esc on the prompt: set=%d, typed password kept=%v", setPasswordCalls(env), m.form.Get("new").Value() != "")
	}
}

func TestFiveWrongPasswordsCoolOff(t *testing.T) {
	m, env, clk := setup(t)
	fill(t, m, "wrong-a", "Difference-Engine-1822", "Difference-Engine-1822")
	for i := range 4 {
		tt.Drive(t, m, append(tt.Type("wrong-"+string(rune('b'+i))), tt.Key("enter"))...)
	}
	p := tt.HostOf(m).Proof
	if !strings.Contains(tt.Plain(p.View(78)), "not right") {
		t.Fatalf("after 5 wrong passwords: %q", tt.Plain(p.View(78)))
	}
	before := env.Emu.CountRequests("", "/api/")
	tt.Drive(t, m, append(tt.Type(tt.Password), tt.Key("enter"))...)
	if !strings.Contains(tt.Plain(p.View(78)), "Wait") || env.Emu.CountRequests("", "/api/") != before {
		t.Errorf("no cooling-off after 5 wrong tries: %q", tt.Plain(p.View(78)))
	}
	clk.Advance(31 * time.Second)
	tt.Drive(t, m, tt.Key("enter")) // what was typed is kept through the wait
	if !env.Emu.CheckPassword(tt.UserID, "Difference-Engine-1822") {
		t.Errorf("after the wait the change must go through; err=%q", m.err)
	}
}

func TestNoPasswordYetNeedsAProofByCode(t *testing.T) {
	m, env, _ := setup(t)
	m.C.Subject.HasPassword = false
	var msgs []tea.Msg
	msgs = append(msgs, tt.Key("enter"))
	msgs = append(msgs, tt.Type("Difference-Engine-1822")...)
	msgs = append(msgs, tt.Key("tab"))
	msgs = append(msgs, tt.Type("Difference-Engine-1822")...)
	msgs = append(msgs, tt.Key("enter"))
	tt.Drive(t, m, msgs...)
	code, ok := env.Emu.LastCode("ada@example.com")
	if !tt.HostOf(m).Proof.Active() || !ok {
		t.Fatalf("no code proof asked (active=%v sent=%v)", tt.HostOf(m).Proof.Active(), ok)
	}
	tt.Drive(t, m, append(tt.Type(code), tt.Key("enter"))...)
	if !env.Emu.CheckPassword(tt.UserID, "Difference-Engine-1822") {
		t.Errorf("password not set after the code proof; err=%q", m.err)
	}
}

func TestAnOperatorSetsAPasswordWithoutTheOldOne(t *testing.T) {
	env := tt.NewEnv(t)
	c := common.New(true, 100*365*24*time.Hour, tt.NewClock(tt.Epoch))
	c.Proof.Record() // admin mode: the operator cannot prove to be the user
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Username: "ada", Name: "Ada Lovelace"}
	m := New(c, func() Backend { return env.Account }, true)
	m.SetSize(78, 18)
	if v := tt.Plain(m.View()); !strings.Contains(v, "Set Ada Lovelace's password") {
		t.Errorf("the screen does not say whose password it sets:\n%s", v)
	}
	if v := tt.Plain(m.View()); strings.Contains(v, "your name") || !strings.Contains(v, "the user's name") {
		t.Errorf("the checklist speaks to the operator as if the account were theirs:\n%s", v)
	}
	msgs := fill(t, m, "", "Difference-Engine-1822", "Difference-Engine-1822")
	if tt.HostOf(m).Proof.Active() || !env.Emu.CheckPassword(tt.UserID, "Difference-Engine-1822") {
		t.Fatalf("an operator was asked for the old password, or the password was not set: %q", m.err)
	}
	if !hasStatus(msgs, "Password set for Ada Lovelace") || m.offer {
		t.Error("wrong words after an operator's change, or an offer to sign out the operator's own sessions")
	}
}

func hasStatus(msgs []tea.Msg, sub string) bool {
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok && strings.Contains(s.Text, sub) {
			return true
		}
	}
	return false
}

func TestBreachedPasswordIsRefusedWhenTheCheckIsOn(t *testing.T) {
	m, env, _ := setup(t)
	var checked string
	m.C.Pwned = func(_ context.Context, pw string) (int, error) { checked = pw; return 42, nil }
	fill(t, m, tt.Password, "Difference-Engine-1822", "Difference-Engine-1822")
	if !strings.Contains(m.err, "42 times") || checked != "Difference-Engine-1822" {
		t.Errorf("err=%q checked=%q", m.err, checked)
	}
	if env.Emu.CheckPassword(tt.UserID, "Difference-Engine-1822") || setPasswordCalls(env) != 0 {
		t.Error("a breached password was sent")
	}
}

// TestRepeatMismatchShowsAsItIsTyped: under the fields, the repeat is
// compared as it is typed (before enter), and ctrl+t shows what was typed
// only when asked, then hides it again.
func TestRepeatMismatchShowsAsItIsTyped(t *testing.T) {
	m, env, _ := setup(t)
	m.SetSize(78, 20) // the body of an 80×24 window
	tt.Drive(t, m, append([]tea.Msg{tt.Key("enter")}, tt.Type("Difference-Engine-1822")...)...)
	if h := helpOf(m); h != "enter next: repeat it • ctrl+t show • esc clear" {
		t.Errorf("help on the first field: %q", h)
	}
	tt.Drive(t, m, tt.Key("enter"))
	tt.Drive(t, m, tt.Type("Diff")...)
	if v := tt.Plain(m.View()); !strings.Contains(v, "so far the same") {
		t.Errorf("a matching start is not marked:\n%s", v)
	}
	tt.Drive(t, m, tt.Type("X")...)
	view := tt.Plain(m.View())
	if !strings.Contains(view, "✗ the repeat differs from the new password") || strings.Contains(view, "Difference") {
		t.Errorf("the mismatch is not shown live, or the password is on screen:\n%s", view)
	}
	tt.Drive(t, m, tt.Key("ctrl+t"))
	tt.Golden(t, m.View())
	if v := tt.Plain(m.View()); !strings.Contains(v, "Difference-Engine-1822") || !strings.Contains(v, "DiffX") {
		t.Errorf("ctrl+t did not show what was typed:\n%s", v)
	}
	if h := helpOf(m); h != "enter change password • ctrl+t hide • esc clear" {
		t.Errorf("help on the repeat, shown: %q", h)
	}
	tt.Drive(t, m, tt.Key("ctrl+t"))
	if v := tt.Plain(m.View()); strings.Contains(v, "Difference") {
		t.Errorf("a second ctrl+t did not hide it:\n%s", v)
	}
	tt.Drive(t, m, tt.Key("backspace"), tt.Key("backspace"), tt.Key("backspace"), tt.Key("backspace"), tt.Key("backspace"))
	tt.Drive(t, m, tt.Type("Difference-Engine-1822")...)
	if v := tt.Plain(m.View()); !strings.Contains(v, "✓ the two are the same") {
		t.Errorf("the match is not shown:\n%s", v)
	}
	if n := setPasswordCalls(env); n != 0 {
		t.Errorf("%d writes while typing", n)
	}
}

func helpOf(m *Model) string {
	var out []string
	for _, k := range m.KeyMap().ShortHelp() {
		if k.Enabled() {
			out = append(out, k.Help().Key+" "+k.Help().Desc)
		}
	}
	return strings.Join(out, " • ")
}
