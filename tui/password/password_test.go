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

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func setup(t *testing.T) (*Model, *tt.Env, *clock) {
	t.Helper()
	env := tt.NewEnv(t)
	clk := &clock{now: tt.Epoch}
	c := common.New(true, 5*time.Minute, clk.Now)
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Email: "ada@example.com", Username: "ada", Name: "Ada Lovelace"}
	m := New(c, func() Backend { return env.Account })
	m.SetSize(78, 18)
	env.Emu.ResetRequests()
	return m, env, clk
}

// fill types into the current, new and repeat fields and submits.
func fill(t *testing.T, m *Model, current, next, repeat string) []tea.Msg {
	var msgs []tea.Msg
	msgs = append(msgs, tt.Key("enter"))
	msgs = append(msgs, tt.Type(current)...)
	msgs = append(msgs, tt.Key("tab"))
	msgs = append(msgs, tt.Type(next)...)
	msgs = append(msgs, tt.Key("tab"))
	msgs = append(msgs, tt.Type(repeat)...)
	msgs = append(msgs, tt.Key("enter"))
	return tt.Drive(t, m, msgs...)
}

func TestChecklistFollowsTyping(t *testing.T) {
	m, _, _ := setup(t)
	tt.Drive(t, m, append(append([]tea.Msg{tt.Key("enter")}, tt.Type("x")...), append([]tea.Msg{tt.Key("tab")}, tt.Type("lovelace1")...)...)...)
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
	if !m.c.Proof.Fresh() {
		t.Error("the verified current password did not count as a fresh proof")
	}
	tt.Drive(t, m, tt.Key("y"))
	if n := env.Emu.CountRequests(http.MethodGet, "/api/users/"+tt.UserID+"/sessions"); n != 1 {
		t.Errorf("sign out others: sessions listed %d times", n)
	}
}

func TestPasswordRulesRefuseBeforeSending(t *testing.T) {
	cases := []struct{ current, next, repeat, want string }{
		{"", "Difference-Engine-1822", "Difference-Engine-1822", "current password first"},
		{tt.Password, "short", "short", "tenant's rules"},
		{tt.Password, "Difference-Engine-1822", "Difference-Engine-1823", "differ"},
		{tt.Password, tt.Password, tt.Password, "must differ from the current"},
	}
	for _, c := range cases {
		m, env, _ := setup(t)
		fill(t, m, c.current, c.next, c.repeat)
		if !strings.Contains(m.err, c.want) || env.Emu.CountRequests("", "/api/") != 0 {
			t.Errorf("%+v: err=%q requests=%d", c, m.err, env.Emu.CountRequests("", "/api/"))
		}
		if m.form.Get("new").Value() != c.next {
			t.Errorf("%+v: typed password lost", c)
		}
	}
}

func TestFiveWrongPasswordsCoolOff(t *testing.T) {
	m, env, clk := setup(t)
	for i := range 5 {
		tt.Drive(t, m, tt.Key("esc"))
		fill(t, m, "wrong-"+string(rune('a'+i)), "Difference-Engine-1822", "Difference-Engine-1822")
		if !strings.Contains(m.err, "not right") {
			t.Fatalf("try %d: err=%q", i+1, m.err)
		}
	}
	before := env.Emu.CountRequests("", "/api/")
	tt.Drive(t, m, tt.Key("esc"))
	fill(t, m, tt.Password, "Difference-Engine-1822", "Difference-Engine-1822")
	if !strings.Contains(m.err, "Wait") || env.Emu.CountRequests("", "/api/") != before {
		t.Errorf("no cooling-off after 5 wrong tries: err=%q", m.err)
	}
	clk.now = clk.now.Add(31 * time.Second)
	tt.Drive(t, m, tt.Key("enter"))
	if !env.Emu.CheckPassword(tt.UserID, "Difference-Engine-1822") {
		t.Errorf("after the wait the change must go through; err=%q", m.err)
	}
}

func TestNoPasswordYetNeedsAProofByCode(t *testing.T) {
	m, env, _ := setup(t)
	m.c.Subject.HasPassword = false
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	if m.form.Get("current") != nil {
		t.Fatal("a user without a password was asked for the current one")
	}
	var msgs []tea.Msg
	msgs = append(msgs, tt.Key("enter"))
	msgs = append(msgs, tt.Type("Difference-Engine-1822")...)
	msgs = append(msgs, tt.Key("tab"))
	msgs = append(msgs, tt.Type("Difference-Engine-1822")...)
	msgs = append(msgs, tt.Key("enter"))
	tt.Drive(t, m, msgs...)
	code, ok := env.Emu.LastCode("ada@example.com")
	if !m.proof.Active() || !ok {
		t.Fatalf("no code proof asked (active=%v sent=%v)", m.proof.Active(), ok)
	}
	tt.Drive(t, m, append(tt.Type(code), tt.Key("enter"))...)
	if !env.Emu.CheckPassword(tt.UserID, "Difference-Engine-1822") {
		t.Errorf("password not set after the code proof; err=%q", m.err)
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
	m.c.Pwned = func(_ context.Context, pw string) (int, error) { checked = pw; return 42, nil }
	fill(t, m, tt.Password, "Difference-Engine-1822", "Difference-Engine-1822")
	if !strings.Contains(m.err, "42 times") || checked != "Difference-Engine-1822" {
		t.Errorf("err=%q checked=%q", m.err, checked)
	}
	if env.Emu.CheckPassword(tt.UserID, "Difference-Engine-1822") || env.Emu.CountRequests("", "/api/") != 0 {
		t.Error("a breached password was sent")
	}
}
