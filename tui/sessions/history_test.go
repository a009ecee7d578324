package sessions

import (
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// seedHistory writes what Logto's audit log holds for a user who signed in
// from two browsers, renewed an app's access, and had one revoked.
func seedHistory(env *tt.Env) {
	for _, ev := range []emulator.LogEvent{
		{Key: logto.LogSignIn, UserID: tt.UserID, IP: "203.0.113.7", UserAgent: firefox, Age: 3 * time.Hour},
		{Key: logto.LogExchangeDevice, UserID: tt.UserID, ApplicationID: "notes-app", IP: "203.0.113.7", UserAgent: "curl/8.5", Age: 3 * time.Hour},
		{Key: logto.LogExchangeRefresh, UserID: tt.UserID, ApplicationID: "notes-app", IP: "203.0.113.7", UserAgent: "curl/8.5", Age: 2 * time.Hour},
		{Key: logto.LogSignIn, UserID: tt.UserID, IP: "198.51.100.23",
			UserAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1", Age: 50 * time.Hour},
		{Key: logto.LogExchangeRefresh, UserID: tt.UserID, ApplicationID: "notes-app", ErrorCode: "oidc.invalid_grant", Age: time.Hour},
		{Key: logto.LogSignIn, UserID: "someone-else", IP: "192.0.2.1", Age: time.Hour},
	} {
		env.Emu.SeedLog(ev)
	}
}

// TestSignInHistory: e opens the user's sign-ins from Logto's audit log
// (what, from where, when), f shows everything including token renewals
// with failures marked, and esc returns to the sessions.
func TestSignInHistory(t *testing.T) {
	m, env := setup(t, 0)
	seedHistory(env)
	m.SetSize(78, 20)
	tt.Drive(t, m, tt.Key("e"))
	v := tt.Plain(m.View())
	tt.Golden(t, v)
	if strings.Count(v, "Signed in ·") != 2 || strings.Contains(v, "192.0.2.1") || !strings.Contains(v, "Safari on iPhone · 198.51.100.23") {
		t.Fatalf("sign-ins:\n%s", v)
	}
	tt.Drive(t, m, tt.Key("f"))
	v = tt.Plain(m.View())
	if !strings.Contains(v, "✗ Notes could not renew its access (oidc.invalid_grant)") || !strings.Contains(v, "Notes signed in on a device · curl") {
		t.Errorf("everything:\n%s", v)
	}
	if got := env.Emu.CountRequests("GET", "/api/logs"); got != 2 {
		t.Errorf("%d history requests, want 2", got)
	}
	// One page: n and p are not offered (they do nothing).
	for _, b := range m.KeyMap().ShortHelp() {
		if k := b.Help().Key; b.Enabled() && (k == "n" || k == "p") {
			t.Errorf("%s %s offered on a single page", k, b.Help().Desc)
		}
	}
	tt.Drive(t, m, tt.Key("esc"))
	if m.hist.open || !strings.Contains(m.View(), "Signed-in browsers") {
		t.Error("esc did not return to the sessions")
	}
}

// TestSignInHistoryPages: a page fits the window; n and p turn pages.
func TestSignInHistoryPages(t *testing.T) {
	m, env := setup(t, 0)
	for i := range 30 {
		env.Emu.SeedLog(emulator.LogEvent{Key: logto.LogSignIn, UserID: tt.UserID, IP: "203.0.113.7", UserAgent: firefox,
			Age: time.Duration(i+1) * time.Hour})
	}
	m.SetSize(78, 20)
	tt.Drive(t, m, tt.Key("e"))
	if p := m.hist.page; p == nil || p.Total != 30 || len(p.Entries) != m.pageSize() {
		t.Fatalf("first page: %+v", p)
	}
	tt.Drive(t, m, tt.Key("n"), tt.Key("n"))
	if !strings.Contains(m.View(), "page 3 of 3") {
		t.Errorf("after two pages:\n%s", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("n")) // there is no fourth
	tt.Drive(t, m, tt.Key("p"))
	if !strings.Contains(m.View(), "page 2 of 3") {
		t.Errorf("back one page:\n%s", tt.Plain(m.View()))
	}
}

// TestSignInHistoryOnTheAccountAPISaysWhy: the Account API has no audit
// log; the history says so and asks Logto nothing.
func TestSignInHistoryOnTheAccountAPISaysWhy(t *testing.T) {
	env := tt.NewAccountEnv(t)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, func() Backend { return env.Account }, emulator.DefaultDeviceAppID)
	m.SetSize(78, 20)
	env.Emu.ResetRequests()
	tt.Drive(t, m, tt.Key("e"))
	if v := tt.Plain(m.View()); !strings.Contains(v, "no sign-in history") || env.Emu.CountRequests("", "/api/") != 0 {
		t.Errorf("history on the Account API:\n%s", v)
	}
	tt.Golden(t, m.View())
	// Nothing to filter or move in: f is not offered and changes nothing
	// (it offered "show everything" and retitled the empty view).
	for _, b := range m.KeyMap().ShortHelp() {
		if b.Enabled() && b.Help().Key == "f" {
			t.Errorf("the help offers %q", b.Help().Desc)
		}
	}
	tt.Drive(t, m, tt.Key("f"))
	if v := tt.Plain(m.View()); strings.Contains(v, "everything") || !strings.Contains(v, "no sign-in history") {
		t.Errorf("after f:\n%s", v)
	}
}

// TestGrantedScopesInWords: the highlighted app says what it may do.
func TestGrantedScopesInWords(t *testing.T) {
	m, env := setup(t, 0)
	env.Emu.SeedSession(tt.UserID, emulator.SessionOptions{ClientID: "notes-app", Scope: "openid profile email offline_access",
		Resources: map[string]string{"https://api.notes.example": "read:notes write:notes"}})
	m.SetSize(78, 20)
	tt.Drive(t, m, common.ReloadMsg{})
	for m.cur < len(m.sessions)+len(m.grants)-1 {
		tt.Drive(t, m, tt.Key("j"))
	}
	v := strings.Join(strings.Fields(strings.ReplaceAll(tt.Plain(m.View()), "│", " ")), " ")
	if !strings.Contains(v, "Allowed: know it is you; your name and picture; your email; stay signed in; on https://api.notes.example: read:notes, write:notes") {
		t.Errorf("scopes:\n%s", tt.Plain(m.View()))
	}
	tt.Golden(t, m.View())
}

// TestAppKnownByAURLIsNamedByItsHost: Logto after 1.42 lists apps known by
// their client ID metadata document's URL; with no name of their own they
// are named by the URL's host.
func TestAppKnownByAURLIsNamedByItsHost(t *testing.T) {
	g := logto.Grant{}
	g.Application.ID, g.Application.Name = "https://notes.example.org/oauth/client.json", "https://notes.example.org/oauth/client.json"
	if g.AppName() != "notes.example.org" {
		t.Errorf("name %q", g.AppName())
	}
	g.Application.Name = "Notes"
	if g.AppName() != "Notes" {
		t.Errorf("named %q", g.AppName())
	}
}
