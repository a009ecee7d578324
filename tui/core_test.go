package tui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// TestACancelledActionNeverRunsLater is issue 14's second case, key for
// key: a token is asked for, the proof prompt is answered wrongly and
// cancelled, then the email screen's proof succeeds. The token must not be
// created: the prompt handed back only what the email screen asked for.
func TestACancelledActionNeverRunsLater(t *testing.T) {
	m, env := newRoot(t)
	signInAt(t, m, 100, 30)
	drive := func(msgs ...tea.Msg) { tt.Drive(t, rootUpdater{m}, msgs...) }
	drive(tt.Key("6"), tt.Key("n"))
	drive(append(tt.Type("ghost"), tt.Key("enter"), tt.Key("enter"))...)
	if !m.proof.Active() {
		t.Fatal("creating a token did not ask who you are")
	}
	drive(append(tt.Type("wrong password"), tt.Key("enter"))...)
	drive(tt.Key("esc"))
	if m.proof.Active() || !strings.Contains(m.status, "Cancelled") {
		t.Fatalf("esc did not cancel: active=%v status=%q", m.proof.Active(), m.status)
	}
	drive(tt.Key("esc"), tt.Key("2"), tt.Key("enter"))
	drive(append(tt.Type("countess@example.com"), tt.Key("enter"))...)
	if !m.proof.Active() {
		t.Fatal("the email change did not ask who you are")
	}
	drive(append(tt.Type(tt.Password), tt.Key("enter"))...)
	if _, ok := env.Emu.LastCode("countess@example.com"); !ok {
		t.Fatalf("the email screen's action did not run after its proof: %q", m.status)
	}
	if n := env.Emu.CountRequests(http.MethodPost, "/api/users/"+tt.UserID+"/personal-access-tokens"); n != 0 {
		t.Fatalf("the cancelled token was created (%d requests)", n)
	}
	drive(tt.Key("6"))
	if strings.Contains(tt.Plain(m.render()), "ghost") {
		t.Errorf("the tokens screen shows the cancelled token:\n%s", tt.Plain(m.render()))
	}
}

// TestAProofThatCannotBeGivenSaysSoAndStops is issue 14's fourth case: on
// the Account API, a user without password, email or phone opened Sessions
// (which always needs a proof) and the program looped about 1,800 times a
// second. It now says why once, and sends one request.
func TestAProofThatCannotBeGivenSaysSoAndStops(t *testing.T) {
	env := tt.NewEnv(t)
	env.Emu.SetAccountCenter(true, emulator.AllFields(emulator.FieldEdit))
	env.Emu.SeedUser(emulator.UserSeed{ID: "social000001", Name: "Social Only", Identities: map[string]string{"mock-social": "s-1"}})
	tok, err := env.Emu.UserToken("social000001", emulator.DefaultDeviceAppID, emulator.AccountScopes)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := logto.New(logto.Options{Endpoint: env.URL, Tokens: staticToken(tok), Now: func() time.Time { return tt.Epoch }})
	m := New(Options{Tenant: "tenant.example", Flow: instantFlow{acct: logto.NewMyAccount(c)}, NoColor: true, Clock: tt.NewClock(tt.Epoch)})
	signInAt(t, m, 100, 30)
	env.Emu.ResetRequests()
	tt.Drive(t, rootUpdater{m}, tt.Key("7"))
	if n := env.Emu.CountRequests(http.MethodGet, "/api/my-account/sessions"); n != 1 {
		t.Errorf("sessions asked %d times", n)
	}
	if n := env.Emu.CountRequests(http.MethodPost, "/api/my-account/password"); n != 0 {
		t.Errorf("a password was sent %d times", n)
	}
	if m.proof.Active() || !strings.Contains(m.status, "no password, email or phone") {
		t.Errorf("the program does not say why: active=%v status=%q", m.proof.Active(), m.status)
	}
	if !strings.Contains(tt.Plain(m.render()), "confirm it is you") {
		t.Errorf("the screen does not say what it waits for:\n%s", tt.Plain(m.render()))
	}
}

type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }
func (staticToken) Invalidate(string)                       {}

// slowAccount reads the user from a server that answers only when the
// request is cancelled (and says so).
type slowAccount struct {
	Account
	url string
}

func (a slowAccount) Me(ctx context.Context) (*logto.User, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return nil, ctx.Err()
}

// TestRequestsEndWithTheProgram is issue 14's sixth case: a request in
// flight when the program ends (or its SSH session closes) is cancelled
// instead of running on for up to 30 s.
func TestRequestsEndWithTheProgram(t *testing.T) {
	cancelled := make(chan struct{})
	started := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done() // the client went away
		close(cancelled)
	}))
	defer srv.Close()
	ctx, end := context.WithCancel(context.Background())
	env := tt.NewEnv(t)
	m := New(Options{Context: ctx, Flow: instantFlow{acct: slowAccount{Account: env.Account, url: srv.URL}}, NoColor: true,
		Clock: tt.NewClock(tt.Epoch)})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	finished := make(chan struct{})
	go func() { // the program's loop: sign in (approved at once), then read the user
		defer close(finished)
		queue := tt.Run(m.signin.Init())
		for len(queue) > 0 {
			msg := queue[0]
			queue = queue[1:]
			_, cmd := m.Update(msg)
			queue = append(queue, tt.Run(cmd)...)
		}
	}()
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("the user was never read")
	}
	end() // the program ends
	select {
	case <-cancelled:
	case <-time.After(30 * time.Second):
		t.Fatal("the request in flight was not cancelled when the program ended")
	}
	select {
	case <-finished:
	case <-time.After(30 * time.Second):
		t.Fatal("the program's work did not end")
	}
}

// TestARevokedSignInOnTheAccountAPIGoesBackToSignIn: a suspended user's own
// token is refused with 401 auth.unauthorized even on GET /api/my-account,
// which needs no scope: that is an ended sign-in (back to sign-in, saying
// so), not the "a scope is missing" the program used to claim.
func TestARevokedSignInOnTheAccountAPIGoesBackToSignIn(t *testing.T) {
	m, env := newAccountRoot(t, nil)
	if _, err := env.Client.SetSuspended(context.Background(), tt.UserID, true); err != nil {
		t.Fatal(err)
	}
	tt.Drive(t, rootUpdater{m}, tt.Key("R"))
	if !m.signing || !strings.Contains(m.status, "no longer accepts this sign-in") || strings.Contains(m.status, "scope") {
		t.Errorf("signing=%v status=%q", m.signing, m.status)
	}
}

// TestTheDemoTellsItsPasswordWhenTheProofAsks: a demo visitor cannot know
// the demo user's password; the prompt's DEMO note gives it.
func TestTheDemoTellsItsPasswordWhenTheProofAsks(t *testing.T) {
	env := tt.NewEnv(t)
	m := New(Options{Tenant: "tenant.example", Badge: "DEMO", Demo: true, DemoPassword: tt.Password,
		Flow: instantFlow{acct: env.Account}, NoColor: true, Clock: tt.NewClock(tt.Epoch)})
	signInAt(t, m, 100, 30)
	tt.Drive(t, rootUpdater{m}, tt.Key("6"), tt.Key("n"))
	tt.Drive(t, rootUpdater{m}, append(tt.Type("ci"), tt.Key("enter"), tt.Key("enter"))...)
	if !m.proof.Active() || !strings.Contains(m.demo, tt.Password) {
		t.Errorf("prompt active=%v, demo note %q", m.proof.Active(), m.demo)
	}
}
