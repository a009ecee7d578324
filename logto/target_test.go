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
	t.Cleanup(func() { _ = tg.client.DeleteUser(context.Background(), u.ID) })
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

var _ = http.StatusOK
