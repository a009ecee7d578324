package sessions

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	m.Run()
}

const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

func setup(t testing.TB, extra int) (*Model, *tt.Env) {
	env := tt.NewEnv(t)
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{ClientID: emulator.DefaultDeviceAppID, IP: "203.0.113.10",
		UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
		City:      "London", Country: "GB", Offline: true, Scope: "openid offline_access", Age: 26 * time.Hour})
	env.Emu.AddApp(emulator.App{ID: "notes-app", Name: "Notes", Type: "Native"})
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{ClientID: "notes-app", IP: "198.51.100.23", UserAgent: firefox,
		City: "Berlin", Country: "DE", Scope: "openid", Age: 3 * time.Hour})
	for range extra {
		env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{ClientID: "notes-app", UserAgent: firefox})
	}
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true}
	c.Proof.Record()
	c.SignedInAt = tt.Epoch.Add(-26 * time.Hour).Unix() // this terminal signed in with the London session
	m := New(c, func() Backend { return env.Account }, emulator.DefaultDeviceAppID)
	m.SetSize(118, 36)
	tt.Drive(t, m, common.ShownMsg{})
	env.Emu.ResetRequests()
	return m, env
}

func TestSessionsAndApps(t *testing.T) {
	m, _ := setup(t, 0)
	tt.Golden(t, m.View())
	v := tt.Plain(m.View())
	for _, want := range []string{"Safari on macOS", "IP 203.0.113.10 · London, GB", "Firefox on Linux", "26 h ago · here",
		"Notes", "logto-account · granted 26 h ago · this terminal"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q", want)
		}
	}
}

func TestRevokeSessionWithItsApps(t *testing.T) {
	m, env := setup(t, 0)
	tt.Drive(t, m, tt.Key("j"), tt.Key("d"), tt.Key("y")) // the Berlin session, with its apps
	s, _ := env.Account.Sessions(context.Background())
	g, _ := env.Account.Grants(context.Background())
	if len(s) != 1 || len(g) != 1 || g[0].Payload.ClientID != emulator.DefaultDeviceAppID {
		t.Errorf("sessions=%d grants=%+v", len(s), g)
	}
	// Revoking again (already gone) is a sentence, not a failure.
	err := env.Account.RevokeSession(context.Background(), "gone", "")
	if w := common.Words(err); !strings.Contains(w, "already ended") {
		t.Errorf("words = %q", w)
	}
}

func TestRevokingThisToolsGrantSignsOut(t *testing.T) {
	m, _ := setup(t, 0)
	for range 2 {
		tt.Drive(t, m, tt.Key("j"))
	}
	var msgs []tea.Msg
	for i, g := range m.grants {
		if g.Payload.ClientID == emulator.DefaultDeviceAppID {
			m.cur = len(m.sessions) + i
		}
	}
	msgs = tt.Drive(t, m, tt.Key("d"), tt.Key("y"))
	expired := false
	for _, msg := range msgs {
		if _, ok := msg.(common.SessionExpiredMsg); ok {
			expired = true
		}
	}
	if !expired {
		t.Error("revoking this tool's grant did not send the user back to sign-in")
	}
}

func TestSignOutEverywhereElseKeepsThisTool(t *testing.T) {
	m, env := setup(t, 3)
	msgs := tt.Drive(t, m, tt.Key("o"), tt.Key("y"))
	s, _ := env.Account.Sessions(context.Background())
	g, _ := env.Account.Grants(context.Background())
	if len(s) != 0 || len(g) != 1 || g[0].Payload.ClientID != emulator.DefaultDeviceAppID {
		t.Errorf("sessions=%d grants=%d", len(s), len(g))
	}
	found := false
	for _, msg := range msgs {
		if st, ok := msg.(common.StatusMsg); ok && strings.Contains(st.Text, "Signed out everywhere else") {
			found = true
		}
	}
	if !found {
		t.Error("no report")
	}
}

// TestOnlyThisTerminalsGrantIsThisTerminal is issue 18's first case: every
// grant of the app was called "this tool" — another terminal's and, in
// admin mode, the user's own — and revoking any of them signed this
// terminal out. Only the grant this sign-in made is; another terminal's is
// revoked without a sign-out, and "everywhere else" revokes it too.
func TestOnlyThisTerminalsGrantIsThisTerminal(t *testing.T) {
	m, env := setup(t, 0)
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{ClientID: emulator.DefaultDeviceAppID, UserAgent: firefox,
		Offline: true, Scope: "openid offline_access", Age: time.Hour}) // another terminal, an hour ago
	tt.Drive(t, m, common.ReloadMsg{})
	v := tt.Plain(m.View())
	if strings.Count(v, "· this terminal") != 1 || !strings.Contains(v, "this program elsewhere") {
		t.Fatalf("labels:\n%s", v)
	}
	for i, g := range m.grants { // select the other terminal's grant
		if g.Payload.ClientID == emulator.DefaultDeviceAppID && !strings.Contains(m.grantRow(i, tt.Epoch), "this terminal") {
			m.cur = len(m.sessions) + i
		}
	}
	msgs := tt.Drive(t, m, tt.Key("d"), tt.Key("y"))
	for _, msg := range msgs {
		if _, ok := msg.(common.SessionExpiredMsg); ok {
			t.Fatal("revoking another terminal's grant signed this one out")
		}
	}
	g, _ := env.Account.Grants(context.Background())
	if n := countClient(g, emulator.DefaultDeviceAppID); n != 1 {
		t.Errorf("%d of this program's grants left, want this terminal's alone", n)
	}
}

// TestWhenThisTerminalCannotBeToldNothingIsGuessed: without the sign-in's
// time (or with two sign-ins at once) no grant is called this terminal's,
// and "everywhere else" keeps every grant of this program, saying so.
func TestWhenThisTerminalCannotBeToldNothingIsGuessed(t *testing.T) {
	m, env := setup(t, 0)
	m.C.SignedInAt = 0
	tt.Drive(t, m, common.ReloadMsg{})
	if v := tt.Plain(m.View()); strings.Contains(v, "· this terminal") || !strings.Contains(v, "here or elsewhere") {
		t.Fatalf("labels:\n%s", v)
	}
	msgs := tt.Drive(t, m, tt.Key("o"), tt.Key("y"))
	g, _ := env.Account.Grants(context.Background())
	if countClient(g, emulator.DefaultDeviceAppID) != 1 || !hasText(msgs, "1 sign-in of this program kept") {
		t.Errorf("grants left %d; report %v", len(g), msgs)
	}
}

func countClient(gs []logto.Grant, client string) int {
	n := 0
	for _, g := range gs {
		if g.Payload.ClientID == client {
			n++
		}
	}
	return n
}

func hasText(msgs []tea.Msg, sub string) bool {
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok && strings.Contains(s.Text, sub) {
			return true
		}
	}
	return false
}

// BenchmarkView200Sessions renders 200 sessions at 120×40 (goal ≤ 2 ms).
func BenchmarkView200Sessions(b *testing.B) {
	m, _ := setup(b, 198)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkScrollKey is one key down plus the next frame with 200 sessions.
func BenchmarkScrollKey(b *testing.B) {
	m, _ := setup(b, 198)
	down, up := tt.Key("j"), tt.Key("k")
	i := 0
	for b.Loop() {
		k := down
		if i/150%2 == 1 {
			k = up
		}
		i++
		m.Update(k)
		_ = m.View()
	}
}

// TestNarrowWindowKeepsRowsWholeAndShowsTheSelectedInAPanel: at 80×24 and
// 60×20 every row is one line in columns, none cut, every row stays on
// screen, and the highlighted one's details are in a panel below.
func TestNarrowWindowKeepsRowsWholeAndShowsTheSelectedInAPanel(t *testing.T) {
	m, _ := setup(t, 0)
	for _, size := range [][2]int{{78, 20}, {58, 16}} {
		m.SetSize(size[0], size[1])
		view := tt.Plain(m.View())
		if size[0] == 78 {
			tt.Golden(t, view)
		}
		for i, line := range strings.Split(view, "\n") {
			if n := len([]rune(line)); n > size[0] || strings.Contains(line, "…") {
				t.Errorf("at %d, line %d is %d wide or cut: %q", size[0], i, n, line)
			}
		}
		if !strings.Contains(view, "Notes ") || !strings.Contains(view, "Firefox on Linux") {
			t.Errorf("a row fell off the screen:\n%s", view)
		}
		flat := strings.Join(strings.Fields(strings.ReplaceAll(view, "│", " ")), " ")
		for _, want := range []string{"IP 203.0.113.10 · London, GB", "ends 2026-12-07 07:30", "approved this terminal's sign-in"} {
			if !strings.Contains(flat, want) {
				t.Errorf("at %d the panel lacks %q:\n%s", size[0], want, view)
			}
		}
	}
	tt.Drive(t, m, tt.Key("j"), tt.Key("j"))
	view := tt.Plain(m.View())
	if flat := strings.Join(strings.Fields(strings.ReplaceAll(view, "│", " ")), " "); !strings.Contains(flat,
		"Granted 2026-11-23 07:30 (26 h ago) · until 2027-05-22 07:30 This is this terminal's own access: revoking it signs you out here.") {
		t.Errorf("the app's panel:\n%s", view)
	}
}

// TestSignOutEverywhereForAnotherUser: an operator acting on Ada is told
// the truth: o signs out all of her browsers and revokes every app (this
// terminal is the operator's, not hers); before, the help said "everywhere
// else", the question "This terminal stays signed in" and the report
// "Signed out everywhere else".
func TestSignOutEverywhereForAnotherUser(t *testing.T) {
	m, env := setup(t, 0)
	m.C.ActingOn = "Ada Lovelace"
	tt.Drive(t, m, common.ShownMsg{})
	for _, b := range m.KeyMap().ShortHelp() {
		if b.Help().Key == "o" && b.Help().Desc != "sign out everywhere" {
			t.Errorf("o is offered as %q", b.Help().Desc)
		}
	}
	tt.Drive(t, m, tt.Key("o"))
	if v := strings.Join(strings.Fields(tt.Plain(m.View())), " "); !strings.Contains(v, "Sign out every browser of Ada Lovelace's account and revoke every app's access to it? (y/n)") ||
		strings.Contains(v, "This terminal") {
		t.Errorf("the question:\n%s", tt.Plain(m.View()))
	}
	msgs := tt.Drive(t, m, tt.Key("y"))
	if s, _ := env.Account.Sessions(context.Background()); len(s) != 0 {
		t.Errorf("%d sessions left", len(s))
	}
	if g, _ := env.Account.Grants(context.Background()); len(g) != 0 {
		t.Errorf("%d grants left", len(g))
	}
	for _, msg := range msgs {
		if st, ok := msg.(common.StatusMsg); ok && strings.Contains(st.Text, "everywhere") && !strings.HasPrefix(st.Text, "Signed out everywhere: ") {
			t.Errorf("report: %q", st.Text)
		}
	}
}
