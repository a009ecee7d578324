package auth

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func get(t *testing.T, u string) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		return -1
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestCallbackDeliversOneMatchingRedirect(t *testing.T) {
	cb, err := ListenCallback("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host, _, _ := net.SplitHostPort(cb.Addr().String())
	if !net.ParseIP(host).IsLoopback() || !strings.HasPrefix(cb.RedirectURI(), "http://127.0.0.1:") || len(cb.State()) < 22 {
		t.Fatalf("addr=%s redirect=%s state=%d chars", cb.Addr(), cb.RedirectURI(), len(cb.State()))
	}
	base := strings.TrimSuffix(cb.RedirectURI(), CallbackPath)
	if code := get(t, base+"/other?state="+cb.State()); code != http.StatusNotFound {
		t.Errorf("other path = %d, want 404", code)
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		get(t, cb.RedirectURI()+"?code=abc&state="+url.QueryEscape(cb.State())+"&scope=email")
	}()
	q, err := cb.Wait(context.Background(), 5*time.Second)
	if err != nil || q.Get("code") != "abc" || q.Get("scope") != "email" {
		t.Fatalf("wait: %v %v", q, err)
	}
	// Closed after one: a second callback finds nobody listening.
	deadline := time.Now().Add(2 * time.Second)
	for get(t, cb.RedirectURI()+"?code=x&state="+cb.State()) != -1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if code := get(t, cb.RedirectURI()+"?code=x&state="+cb.State()); code != -1 {
		t.Errorf("a second callback was answered: %d", code)
	}
}

func TestCallbackWrongStateFailsTheFlow(t *testing.T) {
	cb, _ := ListenCallback("127.0.0.1:0")
	go func() {
		time.Sleep(20 * time.Millisecond)
		if code := get(t, cb.RedirectURI()+"?code=abc&state=forged"); code != http.StatusBadRequest {
			t.Errorf("forged state got %d, want 400", code)
		}
	}()
	if _, err := cb.Wait(context.Background(), 5*time.Second); !errors.Is(err, ErrStateMismatch) {
		t.Errorf("want ErrStateMismatch, got %v", err)
	}
}

func TestCallbackProviderErrorTimeoutAndCancel(t *testing.T) {
	cb, _ := ListenCallback("127.0.0.1:0")
	go func() {
		time.Sleep(20 * time.Millisecond)
		get(t, cb.RedirectURI()+"?error=access_denied&error_description=User+cancelled&state="+cb.State())
	}()
	_, err := cb.Wait(context.Background(), 5*time.Second)
	var pe *ProviderError
	if !errors.As(err, &pe) || pe.Code != "access_denied" || !strings.Contains(err.Error(), "User cancelled") {
		t.Errorf("provider error: %v", err)
	}
	cb2, _ := ListenCallback("127.0.0.1:0")
	if _, err := cb2.Wait(context.Background(), 50*time.Millisecond); !errors.Is(err, ErrCallbackTimeout) {
		t.Errorf("timeout: %v", err)
	}
	cb3, _ := ListenCallback("127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := cb3.Wait(ctx, time.Minute); !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: %v", err)
	}
}

func TestCallbackRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "localhost:0", ":0", "192.0.2.1:0"} {
		if cb, err := ListenCallback(addr); err == nil {
			cb.Close()
			t.Errorf("%s accepted", addr)
		}
	}
}

func TestParseRedirect(t *testing.T) {
	redirect := "http://127.0.0.1:53682/callback"
	state := NewState()
	q, err := ParseRedirect("  "+redirect+"?code=abc&state="+state+"  ", redirect, state)
	if err != nil || q.Get("code") != "abc" {
		t.Fatalf("good paste: %v %v", q, err)
	}
	for raw, want := range map[string]error{
		redirect + "?code=abc&state=other":                ErrStateMismatch,
		redirect + "?code=abc":                            ErrStateMismatch,
		"http://127.0.0.1:9999/callback?state=" + state:   ErrNotTheCallback,
		"http://127.0.0.1:53682/elsewhere?state=" + state: ErrNotTheCallback,
		"code=abc&state=" + state:                         ErrNotTheCallback,
		"":                                                ErrNotTheCallback,
	} {
		if _, err := ParseRedirect(raw, redirect, state); !errors.Is(err, want) {
			t.Errorf("%q: got %v, want %v", raw, err, want)
		}
	}
}

func FuzzParseRedirect(f *testing.F) {
	f.Add("http://127.0.0.1:53682/callback?code=abc&state=S")
	f.Add("http://127.0.0.1:53682/callback?error=access_denied&state=S")
	f.Add("HTTP://127.0.0.1:53682/callback?state=S&state=T")
	f.Add("%zz")
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := ParseRedirect(raw, "http://127.0.0.1:53682/callback", "S")
		if err == nil && q.Get("state") != "S" {
			t.Fatalf("accepted %q without our state", raw)
		}
	})
}

func FuzzCallbackQuery(f *testing.F) {
	f.Add("code=abc&state=S")
	f.Add("state=S&error=x&error_description=%ZZ")
	f.Add("state=s")
	f.Fuzz(func(t *testing.T, rawQuery string) {
		q, _ := url.ParseQuery(rawQuery)
		res := checkCallback(q, "S")
		if res.err == nil && (q.Get("state") != "S" || q.Get("error") != "") {
			t.Fatalf("accepted %q", rawQuery)
		}
	})
}
