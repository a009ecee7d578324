package cli

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/logto/emulator"
	tuicommon "github.com/logto-account/logto-account/tui/common"
)

// demoRig is the demo's emulator and approver, served on loopback, with
// a device flow whose every wait is stretched to an hour: it can only
// finish through the approver's wake-up.
type demoRig struct {
	emu    *emulator.Emulator
	srv    *httptest.Server
	flow   *auth.DeviceFlow
	mu     sync.Mutex
	status []string
	waits  []time.Duration
}

func newDemoRig(ctx context.Context, t *testing.T, wait time.Duration) *demoRig {
	r := &demoRig{}
	a := newDemoApprover(ctx, wait, func(msg tea.Msg) {
		if s, ok := msg.(tuicommon.StatusMsg); ok {
			r.mu.Lock()
			r.status = append(r.status, s.Text)
			r.mu.Unlock()
		}
	})
	r.emu = emulator.New(emulator.Options{OnDevice: a.onDevice})
	a.approveAs(r.emu, r.emu.SeedDemo())
	r.srv = httptest.NewServer(r.emu)
	t.Cleanup(r.srv.Close)
	r.flow = &auth.DeviceFlow{Endpoint: r.srv.URL, ClientID: emulator.DefaultDeviceAppID, Scopes: []string{"openid"},
		Sleep: func(ctx context.Context, d time.Duration) error {
			r.mu.Lock()
			r.waits = append(r.waits, d)
			r.mu.Unlock()
			return a.sleep(ctx, time.Hour)
		}}
	return r
}

// TestDemoApprovalWakesThePoll: the demo approves the code its emulator
// issued, and that approval ends the poll's wait at once: one token
// request, after the approval, instead of one after RFC 8628's 5 s.
func TestDemoApprovalWakesThePoll(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // generous: the wake takes milliseconds
	defer cancel()
	r := newDemoRig(ctx, t, 0)
	dc, err := r.flow.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.flow.Poll(ctx, dc); err != nil {
		t.Fatalf("the demo's approval did not end the wait: %v", err)
	}
	if n := r.emu.CountRequests(http.MethodPost, "/oidc/token"); n != 1 {
		t.Errorf("%d token requests, want 1 (after the approval)", n)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.waits) != 1 || r.waits[0] != auth.DefaultPollInterval {
		t.Errorf("the flow asked to wait %v; it keeps RFC 8628's %v and only the wake cuts it", r.waits, auth.DefaultPollInterval)
	}
	if len(r.status) != 1 || !strings.Contains(r.status[0], dc.UserCode+" will be approved for you in "+tuicommon.Left) {
		t.Errorf("status = %q", r.status)
	}
}

// TestDemoDenialOnTheDevicePageWakesThePoll: a person who declines on the
// demo emulator's /device page (before the demo approves) is heard at once.
func TestDemoDenialOnTheDevicePageWakesThePoll(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	r := newDemoRig(ctx, t, time.Hour)
	dc, err := r.flow.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(r.srv.URL+"/device", url.Values{"user_code": {dc.UserCode}, "action": {"deny"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := r.flow.Poll(ctx, dc); !errors.Is(err, auth.ErrAccessDenied) {
		t.Fatalf("Poll = %v, want the denial", err)
	}
}

// TestDemoSleepWithoutADecision: with nothing decided the demo waits the
// whole interval, and stops when its context ends.
func TestDemoSleepWithoutADecision(t *testing.T) {
	a := newDemoApprover(t.Context(), 0, func(tea.Msg) {})
	start := time.Now()
	if err := a.sleep(t.Context(), 30*time.Millisecond); err != nil || time.Since(start) < 30*time.Millisecond {
		t.Errorf("sleep = %v after %v, want nil after the whole 30ms", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := a.sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep after cancel = %v", err)
	}
}

// TestShownAddress: the demo's code note names a phone as the screens do.
func TestShownAddress(t *testing.T) {
	for in, want := range map[string]string{
		"447700900123":      "+44 7700 900123",
		"+14155550132":      "+1 415 555 0132",
		"ada@example.com":   "ada@example.com",
		"not a number here": "not a number here",
	} {
		if got := shownAddress(in); got != want {
			t.Errorf("shownAddress(%q) = %q, want %q", in, got, want)
		}
	}
}
