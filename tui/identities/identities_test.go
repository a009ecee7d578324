package identities

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	m.Run()
}

func setup(t *testing.T, deps Deps) (*Model, *tt.Env) {
	t.Helper()
	env := tt.NewEnv(t)
	env.Emu.AddConnector(emulator.Connector{ID: "gh", ConnectorID: "github-universal", Type: "Social", Target: "github",
		Name: map[string]string{"en": "GitHub"}})
	env.Emu.AddConnector(emulator.OIDCConnector())
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Email: "ada@example.com"}
	c.Proof.Record()
	m := New(c, func() Backend { return env.Account }, deps)
	m.SetSize(78, 30)
	reload(t, m, env)
	env.Emu.ResetRequests()
	return m, env
}

func reload(t *testing.T, m *Model, env *tt.Env) {
	u, _ := env.Account.Me(context.Background())
	tt.Drive(t, m, common.UserLoadedMsg{User: u}, common.ShownMsg{})
}

func listenDeps() Deps {
	return Deps{Listen: func() (Receiver, error) {
		cb, err := auth.ListenCallback("127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		return cb, nil
	}}
}

func TestListShowsLinkableAndNot(t *testing.T) {
	m, _ := setup(t, listenDeps())
	tt.Golden(t, m.View())
	var names []string
	for _, r := range m.rows {
		names = append(names, m.name(r)+"/"+map[bool]string{true: "linked", false: "free"}[r.linked]+"/"+map[bool]string{true: "no", false: "ok"}[r.why != CanLink])
	}
	if got := strings.Join(names, " "); got != "Mock Social/linked/ok GitHub/free/ok OIDC/free/no" {
		t.Errorf("rows = %s", got)
	}
}

// follow plays the browser: it follows the provider URL to its redirect.
func follow(t *testing.T, to string, sub string) string {
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(to + "&sub=" + sub)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}

func TestLinkThroughTheLoopbackListener(t *testing.T) {
	m, env := setup(t, listenDeps())
	tt.Drive(t, m, tt.Key("j")) // GitHub (a mock provider behind it)
	waitCmd := startLink(t, m)
	// The browser: provider page → redirect to our listener.
	done := make(chan []tea.Msg)
	go func() { done <- []tea.Msg{waitCmd()} }()
	back := follow(t, m.link.url, "gh-777")
	resp, err := http.Get(back)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	msgs := tt.Drive(t, m, <-done...)
	u, _ := env.Emu.User(tt.UserID)
	if u.Identities["github"] != "gh-777" || !hasStatus(msgs, "GitHub is linked") {
		t.Errorf("identities = %v err=%q", u.Identities, m.err)
	}
}

func TestForgedCallbackChangesNothing(t *testing.T) {
	m, env := setup(t, listenDeps())
	tt.Drive(t, m, tt.Key("j"))
	waitCmd := startLink(t, m)
	done := make(chan []tea.Msg)
	go func() { done <- []tea.Msg{waitCmd()} }()
	forged, _ := url.Parse(m.link.redirect)
	forged.RawQuery = url.Values{"code": {"evil"}, "state": {"guessed"}}.Encode()
	resp, err := http.Get(forged.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("forged callback got %d", resp.StatusCode)
	}
	tt.Drive(t, m, <-done...)
	if env.Emu.CountRequests(http.MethodPost, "/api/users/") != 0 {
		t.Error("a forged callback reached Logto")
	}
	if !strings.Contains(m.err, "state mismatch") || m.link != nil {
		t.Errorf("err=%q", m.err)
	}
}

func TestPasteModeOverSSH(t *testing.T) {
	m, env := setup(t, Deps{PasteRedirect: "http://127.0.0.1:53682/callback"})
	tt.Drive(t, m, tt.Key("j"), tt.Key("enter"))
	if m.link == nil || !m.Capturing() {
		t.Fatal("paste mode did not start")
	}
	back := follow(t, m.link.url, "gh-888")
	tt.Drive(t, m, append(tt.Type("http://127.0.0.1:53682/wrong"), tt.Key("enter"))...)
	if !strings.Contains(m.err, "not the address") || env.Emu.CountRequests(http.MethodPost, "/api/users/") != 0 {
		t.Errorf("bad paste: err=%q", m.err)
	}
	m.paste.Input.SetValue("")
	tt.Drive(t, m, append(tt.Type(back), tt.Key("enter"))...)
	if u, _ := env.Emu.User(tt.UserID); u.Identities["github"] != "gh-888" {
		t.Errorf("identities = %v err=%q", u.Identities, m.err)
	}
}

func TestUnlinkAndErrors(t *testing.T) {
	m, env := setup(t, listenDeps())
	tt.Drive(t, m, tt.Key("d"), tt.Key("y"))
	if u, _ := env.Emu.User(tt.UserID); len(u.Identities) != 0 {
		t.Errorf("unlink: %v", u.Identities)
	}
	reload(t, m, env)
	// OIDC cannot be linked here: the reason is given and nothing is sent.
	env.Emu.ResetRequests()
	for range 5 {
		tt.Drive(t, m, tt.Key("j"))
	}
	tt.Drive(t, m, tt.Key("enter"))
	if !strings.Contains(m.err, "Logto sign-in session") || env.Emu.CountRequests("", "/api/") != 0 {
		t.Errorf("err=%q", m.err)
	}
	for code, want := range map[string]string{
		"user.identity_already_in_use": "already linked to another user",
		"connector.not_implemented":    "cannot be linked from here",
		"connector.invalid_response":   "could not be used",
		"session.invalid_connector_id": "not a social connector",
	} {
		if got := common.Words(&logto.APIError{Code: code, Path: "/api/users/u1/identities"}); !strings.Contains(got, want) {
			t.Errorf("%s → %q", code, got)
		}
	}
	if got := common.Words(&auth.ProviderError{Code: "access_denied", Description: "User cancelled"}); !strings.Contains(got, "User cancelled") {
		t.Errorf("provider error → %q", got)
	}
}

func TestLastSignInMethodCannotBeUnlinked(t *testing.T) {
	m, env := setup(t, listenDeps())
	u, _ := env.Account.Me(context.Background())
	u.Username, u.PrimaryEmail, u.PrimaryPhone, u.SSOIdentities = nil, nil, nil, nil
	tt.Drive(t, m, common.UserLoadedMsg{User: u}, tt.Key("d"))
	if !strings.Contains(m.err, "only way to sign in") || m.confirm != nil {
		t.Errorf("err=%q", m.err)
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

// startLink presses enter and returns the command that waits for the
// browser (tuitest.Drive would leave it waiting): the test plays the
// browser, then runs it.
func startLink(t *testing.T, m *Model) tea.Cmd {
	t.Helper()
	h := tt.HostOf(m)
	msgs := tt.Run(h.Update(tt.Key("enter"))) // the proof is fresh: the link action comes back
	for len(msgs) == 1 && m.link == nil {
		cmd := h.Update(msgs[0])
		if m.link != nil {
			if cmd == nil {
				break
			}
			return cmd
		}
		msgs = tt.Run(cmd)
	}
	t.Fatalf("no link started: %q", m.err)
	return nil
}

// TestAccountAPINamesConnectorsOrSaysWhyNot: with the user's own token the
// connectors come from the tenant's public sign-in experience, which names
// only the providers offered at sign-in; a linked provider it does not
// name is shown by its id with the reason, never a made-up name.
func TestAccountAPINamesConnectorsOrSaysWhyNot(t *testing.T) {
	env := tt.NewAccountEnv(t)
	c := common.New(true, 5*time.Minute, tt.NewClock(tt.Epoch))
	c.Subject = common.Subject{UserID: tt.UserID, HasPassword: true, Email: "ada@example.com"}
	m := New(c, func() Backend { return env.Account }, Deps{PasteRedirect: "http://127.0.0.1:53682/callback"})
	m.SetSize(78, 20)
	load := func() string {
		u, err := env.Account.Me(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		tt.Drive(t, m, common.UserLoadedMsg{User: u}, common.ReloadMsg{})
		return tt.Plain(m.View())
	}
	view := load()
	if !strings.Contains(view, "linked mock-social") ||
		!strings.Contains(strings.Join(strings.Fields(view), " "), "mock-social is shown by its id: Logto's Account API names only the providers this tenant offers at sign-in.") {
		t.Errorf("an unnamed provider is not explained:\n%s", view)
	}
	// The Account API's spread SSO identities are read (the demo user has
	// one at Acme), not reported as none.
	if !strings.Contains(view, "ada@acme.example") || strings.Contains(view, "not shared") {
		t.Errorf("the enterprise SSO identity is missing in the Account API mode:\n%s", view)
	}
	env.Emu.SetSignInExperience(map[string]any{"socialSignInConnectorTargets": []any{"mock-social"}})
	if view := load(); !strings.Contains(view, "linked Mock Social") || strings.Contains(view, "shown by its id") {
		t.Errorf("a provider offered at sign-in is not named:\n%s", view)
	}
}

// TestSSOUnknownIsNotNone: a profile that could not carry the SSO
// identities (an Account API token without the identities scope) does not
// make the screen claim there are none.
func TestSSOUnknownIsNotNone(t *testing.T) {
	m, env := setup(t, listenDeps())
	u, _ := env.Account.Me(context.Background())
	u.SSOIdentities = nil
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	view := tt.Plain(m.View())
	if !strings.Contains(view, "not shared with this sign-in") || strings.Contains(view, "  none\n") {
		t.Errorf("unknown SSO identities shown as none:\n%s", view)
	}
	u.SSOIdentities = []logto.SSOIdentity{}
	tt.Drive(t, m, common.UserLoadedMsg{User: u})
	if view := tt.Plain(m.View()); !strings.Contains(view, "none") || strings.Contains(view, "not shared") {
		t.Errorf("no SSO identities not shown as none:\n%s", view)
	}
}
