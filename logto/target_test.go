package logto_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// target is what a contract test runs against: the emulator by default, a
// real Logto when LOGTO_TEST_ENDPOINT and the M2M variables are set.
type target struct {
	client   *logto.Client
	tokens   *logto.M2MTokenSource
	endpoint string
	// emu is nil against a real Logto.
	emu *emulator.Emulator
}

var realVars = []string{"LOGTO_TEST_ENDPOINT", "LOGTO_TEST_M2M_APP_ID", "LOGTO_TEST_M2M_APP_SECRET"}

// newTarget builds a client for the contract suite.
func newTarget(t testing.TB) *target {
	t.Helper()
	if os.Getenv("LOGTO_TEST_ENDPOINT") != "" {
		var missing []string
		for _, v := range realVars {
			if os.Getenv(v) == "" {
				missing = append(missing, v)
			}
		}
		if len(missing) > 0 {
			t.Skipf("real-Logto contract run needs %s as well", strings.Join(missing, ", "))
		}
		return newClientTarget(t, os.Getenv("LOGTO_TEST_ENDPOINT"), os.Getenv("LOGTO_TEST_M2M_APP_ID"),
			os.Getenv("LOGTO_TEST_M2M_APP_SECRET"), os.Getenv("LOGTO_TEST_RESOURCE"), nil)
	}
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return newClientTarget(t, srv.URL, emulator.DefaultM2MAppID, emulator.DefaultM2MAppSecret, "", emu)
}

func newClientTarget(t testing.TB, endpoint, appID, secret, resource string, emu *emulator.Emulator) *target {
	t.Helper()
	ts, err := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: endpoint, AppID: appID,
		AppSecret: logto.Secret(secret), Resource: resource})
	if err != nil {
		t.Fatal(err)
	}
	c, err := logto.New(logto.Options{Endpoint: endpoint, Tokens: ts,
		Sleep: func(ctx context.Context, d time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	return &target{client: c, tokens: ts, endpoint: endpoint, emu: emu}
}

// needEmulator skips a test that uses powers only the emulator has.
func (tg *target) needEmulator(t testing.TB, why string) {
	t.Helper()
	if tg.emu == nil {
		t.Skipf("needs the emulator (%s); skipped against a real Logto", why)
	}
}

// now is the server's clock: the emulator's, or this machine's against a
// real Logto. Times a test sends or checks (a PAT's expiry, a TOTP code, a
// proof's lifetime) are the server's, so a test never mixes the two.
func (tg *target) now() time.Time {
	if tg.emu != nil {
		return tg.emu.Now()
	}
	return time.Now()
}

// requests counts requests the emulator answered (method "" = any).
func (tg *target) requests(method, prefix string) int {
	if tg.emu == nil {
		return -1
	}
	return tg.emu.CountRequests(method, prefix)
}

// digits returns n random decimal digits (unique phone numbers).
func digits(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b)
}

func suffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newUser creates a user through the API and deletes it after the test.
func (tg *target) newUser(t testing.TB, nu logto.NewUser) *logto.User {
	t.Helper()
	ctx := context.Background()
	u, err := tg.client.CreateUser(ctx, nu)
	if err != nil {
		t.Fatalf("creating a test user: %v", err)
	}
	t.Cleanup(func() {
		// A test may have deleted it already; anything else leaves a user behind.
		if err := tg.client.DeleteUser(context.Background(), u.ID); err != nil && logto.StatusOf(err) != http.StatusNotFound {
			t.Errorf("deleting test user %s: %v", u.ID, err)
		}
	})
	return u
}

// code reads the last verification code sent to recipient: from the
// emulator, or against a real Logto from LOGTO_TEST_CODE_HOOK, a command run
// with the recipient as its argument that prints the code.
func (tg *target) code(t testing.TB, recipient string) string {
	t.Helper()
	if tg.emu != nil {
		c, ok := tg.emu.LastCode(recipient)
		if !ok {
			t.Fatalf("no code was sent to %s", recipient)
		}
		return c
	}
	hook := os.Getenv("LOGTO_TEST_CODE_HOOK")
	if hook == "" {
		t.Skip("reading a sent code from a real Logto needs LOGTO_TEST_CODE_HOOK")
	}
	out, err := exec.Command(hook, recipient).Output()
	if err != nil {
		t.Fatalf("LOGTO_TEST_CODE_HOOK failed: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func wantCode(t testing.TB, err error, status int, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want HTTP %d %s, got success", status, code)
	}
	if got := logto.CodeOf(err); got != code {
		t.Fatalf("want code %s, got %q (%v)", code, got, err)
	}
	if status != 0 && logto.StatusOf(err) != status {
		t.Fatalf("want HTTP %d for %s, got %d", status, code, logto.StatusOf(err))
	}
}

// staticToken is a user's access token as a logto.TokenSource.
type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }
func (staticToken) Invalidate(string)                       {}

// accountTarget is a user signed in with their own token, for the Account
// API: against the emulator a fresh user; against a real Logto the user
// of LOGTO_TEST_USER_TOKEN (an opaque token with emulator.AccountScopes)
// whose password is LOGTO_TEST_USER_PASSWORD. Whatever a test changes on
// that user or on the Account Center is put back after it (keepUser,
// keepAccountCenter), and checked.
type accountTarget struct {
	*target
	acct     *logto.MyAccount
	user     *logto.User
	password logto.Secret
	token    string
}

const accountPassword = "CorrectHorse!Battery9"

func newAccountTarget(t *testing.T) *accountTarget {
	t.Helper()
	tg := newTarget(t)
	ctx := context.Background()
	at := &accountTarget{target: tg}
	if tg.emu == nil {
		at.token = os.Getenv("LOGTO_TEST_USER_TOKEN")
		at.password = logto.Secret(os.Getenv("LOGTO_TEST_USER_PASSWORD"))
		if at.token == "" || at.password == "" {
			t.Skip("the Account API against a real Logto needs LOGTO_TEST_USER_TOKEN and LOGTO_TEST_USER_PASSWORD")
		}
	} else {
		at.password = accountPassword
		at.user = tg.newUser(t, logto.NewUser{Username: "acct_" + suffix(), PrimaryEmail: "acct." + suffix() + "@example.com",
			Name: "Account User", Password: at.password})
		var err error
		if at.token, err = tg.emu.UserToken(at.user.ID, emulator.DefaultDeviceAppID, emulator.AccountScopes); err != nil {
			t.Fatal(err)
		}
	}
	tg.keepAccountCenter(t)
	at.setCenter(t, true, emulator.AllFields(emulator.FieldEdit))
	c, err := logto.New(logto.Options{Endpoint: tg.endpoint, Tokens: staticToken(at.token)})
	if err != nil {
		t.Fatal(err)
	}
	at.acct = logto.NewMyAccount(c)
	if at.user == nil {
		if at.user, err = at.acct.Me(ctx); err != nil {
			t.Fatal(err)
		}
	}
	tg.keepUser(t, at.user.ID, at.password)
	return at
}

func (at *accountTarget) setCenter(t *testing.T, on bool, fields map[string]string) {
	t.Helper()
	if _, err := at.client.UpdateAccountCenter(context.Background(), logto.AccountCenter{Enabled: on, Fields: fields}); err != nil {
		t.Fatalf("setting the Account Center: %v", err)
	}
}

// newClient builds another Account API client with at's token.
func (at *accountTarget) newClient(t *testing.T) *logto.Client {
	t.Helper()
	c, err := logto.New(logto.Options{Endpoint: at.endpoint, Tokens: staticToken(at.token)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
