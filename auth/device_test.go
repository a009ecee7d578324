package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/logto-account/logto-account/logto/emulator"
)

// fakeClock is a clock whose Sleep records and advances instead of waiting.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now()} }

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return nil
}

func (c *fakeClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

type emuEnv struct {
	emu    *emulator.Emulator
	srv    *httptest.Server
	userID string
}

func newEmuEnv(t *testing.T) *emuEnv {
	t.Helper()
	emu := emulator.New(emulator.Options{})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	id := emu.SeedUser(emulator.UserSeed{Username: "ada", Name: "Ada Lovelace", Email: "ada@example.com", Password: "pw-123456"})
	return &emuEnv{emu: emu, srv: srv, userID: id}
}

func (e *emuEnv) flow(clock *fakeClock) *DeviceFlow {
	return &DeviceFlow{Endpoint: e.srv.URL, ClientID: emulator.DefaultDeviceAppID,
		Scopes: []string{"openid", "offline_access", "profile", "email"}, Now: clock.Now, Sleep: clock.Sleep}
}

func TestDeviceFlowApproved(t *testing.T) {
	env := newEmuEnv(t)
	clock := newFakeClock()
	f := env.flow(clock)
	ctx := context.Background()
	dc, err := f.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if dc.UserCode == "" || dc.VerificationURIComplete != env.srv.URL+"/device?user_code="+dc.UserCode || dc.Interval != 5*time.Second {
		t.Fatalf("device code = %+v", dc)
	}
	// Approve after the second poll, as a person would.
	var polls atomic.Int32
	f.Sleep = func(ctx context.Context, d time.Duration) error {
		if polls.Add(1) == 2 {
			if err := env.emu.ApproveDevice(dc.UserCode, env.userID, emulator.SessionOptions{}); err != nil {
				t.Error(err)
			}
		}
		return clock.Sleep(ctx, d)
	}
	tok, err := f.Poll(ctx, dc)
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.IDToken == "" {
		t.Fatalf("tokens missing: access=%v refresh=%v id=%v", tok.AccessToken != "", tok.RefreshToken != "", tok.IDToken != "")
	}
	if n := env.emu.CountRequests(http.MethodPost, "/oidc/token"); n != 2 {
		t.Errorf("token requests = %d, want 2 (one pending, one redeem)", n)
	}
}

func TestDeviceFlowDeniedAndExpired(t *testing.T) {
	env := newEmuEnv(t)
	ctx := context.Background()
	f := env.flow(newFakeClock())
	dc, _ := f.Start(ctx)
	_ = env.emu.DenyDevice(dc.UserCode)
	if _, err := f.Poll(ctx, dc); !errors.Is(err, ErrAccessDenied) {
		t.Errorf("denied: %v", err)
	}
	dc2, _ := f.Start(ctx)
	env.emu.Advance(11 * time.Minute)
	if _, err := f.Poll(ctx, dc2); !errors.Is(err, ErrCodeExpired) {
		t.Errorf("expired at the server: %v", err)
	}
	// The client also stops by itself once the code's lifetime is over.
	clock := newFakeClock()
	f3 := env.flow(clock)
	dc3, _ := f3.Start(ctx)
	dc3.Expiry = clock.Now().Add(12 * time.Second)
	if _, err := f3.Poll(ctx, dc3); !errors.Is(err, ErrCodeExpired) {
		t.Errorf("expired locally: %v", err)
	}
	for _, msg := range []error{ErrAccessDenied, ErrCodeExpired} {
		if len(msg.Error()) < 20 {
			t.Errorf("%q is not a sentence", msg)
		}
	}
}

// scripted answers token polls from a list: "pending", "slow_down", "cut"
// (connection closed), "500", "ok".
func scripted(t *testing.T, script ...string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oidc/device/auth", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"device_code":"dc-secret-value","user_code":"BCDF-GHJK","verification_uri":"http://x/device","verification_uri_complete":"http://x/device?user_code=BCDF-GHJK","expires_in":600}`))
	})
	mux.HandleFunc("POST /oidc/token", func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		step := "ok"
		if i < len(script) {
			step = script[i]
		}
		w.Header().Set("Content-Type", "application/json")
		switch step {
		case "pending", "slow_down":
			name := map[string]string{"pending": "authorization_pending", "slow_down": "slow_down"}[step]
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":"` + name + `","error_description":"x","code":"oidc.` + name + `"}`))
		case "cut":
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		case "500":
			w.WriteHeader(500)
			_, _ = w.Write([]byte(`{"message":"Internal server error."}`))
		default:
			_, _ = w.Write([]byte(`{"access_token":"at-secret-value","refresh_token":"rt-secret-value","expires_in":3600,"token_type":"Bearer","scope":"openid"}`))
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestDeviceFlowSlowDownAddsFiveSecondsForGood(t *testing.T) {
	srv, n := scripted(t, "slow_down", "slow_down", "pending")
	clock := newFakeClock()
	f := &DeviceFlow{Endpoint: srv.URL, ClientID: "cli", Scopes: []string{"openid"}, Now: clock.Now, Sleep: clock.Sleep}
	dc, err := f.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Poll(context.Background(), dc); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{5 * time.Second, 10 * time.Second, 15 * time.Second, 15 * time.Second}
	if got := clock.Waits(); !equalDurations(got, want) {
		t.Errorf("gaps = %v, want %v", got, want)
	}
	if n.Load() != 4 {
		t.Errorf("polls = %d, want 4 (redeemed once)", n.Load())
	}
}

func TestDeviceFlowSurvivesANetworkCut(t *testing.T) {
	srv, n := scripted(t, "pending", "cut", "cut", "500")
	clock := newFakeClock()
	var transient []error
	f := &DeviceFlow{Endpoint: srv.URL, ClientID: "cli", Scopes: []string{"openid"}, Now: clock.Now, Sleep: clock.Sleep,
		OnTransient: func(err error) { transient = append(transient, err) }}
	dc, _ := f.Start(context.Background())
	tok, err := f.Poll(context.Background(), dc)
	if err != nil {
		t.Fatalf("a network cut ended the flow: %v", err)
	}
	if tok.AccessToken.Reveal() != "at-secret-value" || len(transient) != 3 || n.Load() != 5 {
		t.Errorf("transient=%d polls=%d", len(transient), n.Load())
	}
	// Backoff grows while the network is down and never exceeds 30 s.
	w := clock.Waits()
	if !(w[2] > w[1] && w[3] > w[2]) || w[3] > 30*time.Second {
		t.Errorf("waits = %v", w)
	}
	for _, e := range transient {
		if containsAny(e.Error(), "dc-secret-value") {
			t.Errorf("a transient error shows the device code: %v", e)
		}
	}
}

func TestDeviceFlowStopsWithContext(t *testing.T) {
	srv, _ := scripted(t, "pending", "pending", "pending", "pending")
	f := &DeviceFlow{Endpoint: srv.URL, ClientID: "cli", Scopes: []string{"openid"}}
	dc, _ := f.Start(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Poll(ctx, dc); !errors.Is(err, context.Canceled) {
		t.Errorf("want context.Canceled, got %v", err)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if x != "" && strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// TestAnswersThatCannotBeUsedSaySoAtOnce (issue 17 item 16): a device-code
// answer cut short used to read "cannot reach …: %!w(<nil>)" although the
// server was reached; a token answer over 1 MiB was "network trouble" and
// the poll went on for ten minutes. Both now end at once with what happened.
func TestAnswersThatCannotBeUsedSaySoAtOnce(t *testing.T) {
	var polls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/oidc/device/auth":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"device_code":"d","user_code":"U","verification_uri":"http://x/device","expires_in":600}`))
		case "/oidc/token":
			polls.Add(1)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"` + strings.Repeat("a", 2<<20) + `"}`))
		}
	}))
	defer srv.Close()
	cut := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"device_code":"d","user_co`))
	}))
	defer cut.Close()

	clock := newFakeClock()
	_, err := (&DeviceFlow{Endpoint: cut.URL, ClientID: "c", Now: clock.Now, Sleep: clock.Sleep}).Start(context.Background())
	var ae *AnswerError
	if !errors.As(err, &ae) || strings.Contains(err.Error(), "%!") || strings.Contains(err.Error(), "cannot reach") {
		t.Errorf("a cut device-code answer: %v", err)
	}
	f := &DeviceFlow{Endpoint: srv.URL, ClientID: "c", Now: clock.Now, Sleep: clock.Sleep}
	dc, err := f.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Poll(context.Background(), dc)
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "larger than") || polls.Load() != 1 {
		t.Errorf("an oversized token answer: %v after %d polls", err, polls.Load())
	}
}
