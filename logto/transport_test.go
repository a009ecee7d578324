package logto_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto"
	"github.com/logto-account/logto-account/logto/emulator"
)

// emuClient is a client against a fresh emulator with a recorded fake sleep.
type emuClient struct {
	emu    *emulator.Emulator
	client *logto.Client
	tokens *logto.M2MTokenSource
	userID string
	mu     sync.Mutex
	waits  []time.Duration
}

func newEmuClient(t *testing.T) *emuClient {
	t.Helper()
	ec := &emuClient{emu: emulator.New(emulator.Options{})}
	srv := httptest.NewServer(ec.emu)
	t.Cleanup(srv.Close)
	var err error
	ec.tokens, err = logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: srv.URL, AppID: emulator.DefaultM2MAppID,
		AppSecret: emulator.DefaultM2MAppSecret})
	if err != nil {
		t.Fatal(err)
	}
	ec.client, err = logto.New(logto.Options{Endpoint: srv.URL, Tokens: ec.tokens,
		Sleep: func(ctx context.Context, d time.Duration) error {
			ec.mu.Lock()
			ec.waits = append(ec.waits, d)
			ec.mu.Unlock()
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	ec.userID = ec.emu.SeedUser(emulator.UserSeed{Username: "transport", Name: "T"})
	return ec
}

func (ec *emuClient) get(t *testing.T) error {
	t.Helper()
	_, err := ec.client.GetUser(context.Background(), ec.userID, logto.GetUserOptions{})
	return err
}

func TestM2MTokenIsCachedAcross1000Calls(t *testing.T) {
	ec := newEmuClient(t)
	for range 1000 {
		if err := ec.get(t); err != nil {
			t.Fatal(err)
		}
	}
	if n := ec.emu.CountRequests(http.MethodPost, "/oidc/token"); n != 1 {
		t.Errorf("1000 calls made %d token requests, want 1", n)
	}
}

func TestM2MConcurrentCallersShareOneTokenRequest(t *testing.T) {
	ec := newEmuClient(t)
	ec.emu.InjectFault(emulator.Fault{PathPrefix: "/oidc/token", Latency: 50 * time.Millisecond})
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() { errs <- ec.get(t) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := ec.emu.CountRequests(http.MethodPost, "/oidc/token"); n != 1 {
		t.Errorf("50 concurrent cold callers made %d token requests, want 1", n)
	}
}

func TestM2MRefusedTokenIsDroppedAndTheCallRetriedOnce(t *testing.T) {
	ec := newEmuClient(t)
	if err := ec.get(t); err != nil {
		t.Fatal(err)
	}
	ec.emu.ExpireM2MTokens()
	// A write is retried too: a 401 means it was not carried out.
	if _, err := ec.client.UpdateUser(context.Background(), ec.userID, logto.UserPatch{Name: logto.Value("After")}); err != nil {
		t.Fatalf("call after token expiry: %v", err)
	}
	if n := ec.emu.CountRequests(http.MethodPost, "/oidc/token"); n != 2 {
		t.Errorf("token requests = %d, want 2 (initial + after the 401)", n)
	}
	if n := ec.emu.CountRequests(http.MethodPatch, "/api/users/"); n != 2 {
		t.Errorf("PATCH sent %d times, want 2 (refused, then retried)", n)
	}
	if u, _ := ec.emu.User(ec.userID); u.Name != "After" {
		t.Errorf("name = %q after the retried PATCH", u.Name)
	}
}

func TestM2MEarlyRefreshBeforeExpiry(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: srv.URL, AppID: emulator.DefaultM2MAppID,
		AppSecret: emulator.DefaultM2MAppSecret, Now: clock})
	ctx := context.Background()
	first, err := ts.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(58 * time.Minute)
	mu.Unlock()
	if again, _ := ts.Token(ctx); again != first {
		t.Error("token replaced 2 minutes before expiry; want reuse until 60 s before")
	}
	mu.Lock()
	now = now.Add(90 * time.Second)
	mu.Unlock()
	if again, _ := ts.Token(ctx); again == first {
		t.Error("token reused 30 s before expiry; want a new one")
	}
}

func TestM2MErrorsNameTheProblemNotTheSecret(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	const secret = "wrong-secret-value-9f8e7d"
	ts, _ := logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: srv.URL, AppID: emulator.DefaultM2MAppID, AppSecret: secret})
	_, err := ts.Token(context.Background())
	wantCode(t, err, http.StatusUnauthorized, "oidc.invalid_client")
	if strings.Contains(err.Error(), secret) {
		t.Error("the error message carries the secret")
	}
	emu.AddApp(emulator.App{ID: "noscope", Secret: "s", Type: "MachineToMachine"})
	ts, _ = logto.NewM2MTokenSource(logto.M2MConfig{Endpoint: srv.URL, AppID: "noscope", AppSecret: "s"})
	_, err = ts.Token(context.Background())
	wantCode(t, err, http.StatusForbidden, "auth.forbidden")
}

func TestGETRetriesHonourRetryAfter(t *testing.T) {
	ec := newEmuClient(t)
	ec.emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/api/users/", Status: 429, RetryAfter: "2", Times: 1})
	ec.emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/api/users/", Status: 503, Times: 1})
	if err := ec.get(t); err != nil {
		t.Fatalf("GET after 429 and 503: %v", err)
	}
	if n := ec.emu.CountRequests(http.MethodGet, "/api/users/"); n != 3 {
		t.Errorf("GET sent %d times, want 3", n)
	}
	if len(ec.waits) != 2 || ec.waits[0] != 2*time.Second {
		t.Errorf("waits = %v, want [2s, backoff]", ec.waits)
	}
}

func TestRetryAfterIsCapped(t *testing.T) {
	ec := newEmuClient(t)
	ec.emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/api/users/", Status: 429, RetryAfter: "3600", Times: 1})
	if err := ec.get(t); err != nil {
		t.Fatal(err)
	}
	if len(ec.waits) != 1 || ec.waits[0] != 10*time.Second {
		t.Errorf("waits = %v, want the 10 s cap", ec.waits)
	}
}

func TestWritesAreNeverRetried(t *testing.T) {
	ec := newEmuClient(t)
	ec.emu.InjectFault(emulator.Fault{Method: http.MethodPatch, Status: 503})
	_, err := ec.client.UpdateUser(context.Background(), ec.userID, logto.UserPatch{Name: logto.Value("x")})
	if logto.StatusOf(err) != 503 {
		t.Fatalf("want the 503, got %v", err)
	}
	if n := ec.emu.CountRequests(http.MethodPatch, "/api/users/"); n != 1 {
		t.Errorf("PATCH sent %d times, want 1", n)
	}
}

func TestProxyHTMLBecomesAClearError(t *testing.T) {
	ec := newEmuClient(t)
	ec.emu.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/api/users/", NonJSON: true, Status: 502})
	err := ec.get(t)
	var ae *logto.APIError
	if !errors.As(err, &ae) || !ae.NotJSON || ae.Status != 502 {
		t.Fatalf("want a NotJSON 502 APIError, got %v", err)
	}
	if !strings.Contains(err.Error(), "502") || strings.Contains(err.Error(), "<html") {
		t.Errorf("message = %q", err.Error())
	}
	if n := ec.emu.CountRequests(http.MethodGet, "/api/users/"); n != 4 {
		t.Errorf("GET sent %d times, want 1 + 3 retries", n)
	}
}

func TestBrokenBodies(t *testing.T) {
	for name, f := range map[string]emulator.Fault{
		"reset mid-body": {Method: http.MethodGet, PathPrefix: "/api/users/", Reset: true},
		"truncated JSON": {Method: http.MethodGet, PathPrefix: "/api/users/", Truncate: true},
	} {
		t.Run(name, func(t *testing.T) {
			ec := newEmuClient(t)
			remove := ec.emu.InjectFault(f)
			err := ec.get(t)
			if err == nil {
				t.Fatal("a broken body decoded without error")
			}
			if strings.Contains(err.Error(), "transport") || strings.Contains(err.Error(), `"username"`) {
				t.Errorf("error quotes the body: %v", err)
			}
			remove()
			// One broken answer, then a good one: the GET retry recovers.
			f.Times = 1
			ec.emu.InjectFault(f)
			if err := ec.get(t); err != nil {
				t.Errorf("GET did not recover after one broken answer: %v", err)
			}
		})
	}
}

func TestCallsHonourContext(t *testing.T) {
	ec := newEmuClient(t)
	ec.emu.InjectFault(emulator.Fault{PathPrefix: "/api/", Latency: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := ec.client.GetUser(ctx, ec.userID, logto.GetUserOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want DeadlineExceeded, got %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Error("the call did not stop with its context")
	}
}
