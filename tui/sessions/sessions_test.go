package sessions

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

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
	for _, want := range []string{"Safari on macOS", "IP 203.0.113.10 · London, GB", "Firefox on Linux", "approved a sign-in of this tool",
		"Notes", "logto-account · granted 26 h ago · this tool"} {
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
		for _, want := range []string{"IP 203.0.113.10 · London, GB", "ends 2026-12-07 07:30", "approved a sign-in of this tool"} {
			if !strings.Contains(flat, want) {
				t.Errorf("at %d the panel lacks %q:\n%s", size[0], want, view)
			}
		}
	}
	tt.Drive(t, m, tt.Key("j"), tt.Key("j"))
	view := tt.Plain(m.View())
	if flat := strings.Join(strings.Fields(strings.ReplaceAll(view, "│", " ")), " "); !strings.Contains(flat,
		"Granted 2026-11-23 07:30 (26 h ago) · until 2027-05-22 07:30 This is this tool's own access: revoking it signs this terminal out.") {
		t.Errorf("the app's panel:\n%s", view)
	}
}
