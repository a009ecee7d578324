package signin

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/logto-account/logto-account/auth"
	"github.com/logto-account/logto-account/termqr"
	"github.com/logto-account/logto-account/tui/common"
	tt "github.com/logto-account/logto-account/tui/internal/tuitest"
)

// flow hands out one code and then waits, fails or succeeds as told.
type flow struct {
	finish func(ctx context.Context) (any, error)
	starts int
}

func (f *flow) Start(context.Context) (*auth.DeviceCode, error) {
	f.starts++
	return &auth.DeviceCode{UserCode: "BCDF-GHJK", VerificationURI: "http://127.0.0.1:3001/device",
		VerificationURIComplete: "http://127.0.0.1:3001/device?user_code=BCDF-GHJK", Expiry: tt.Epoch.Add(10 * time.Minute)}, nil
}

func (f *flow) Finish(ctx context.Context, _ *auth.DeviceCode) (any, error) { return f.finish(ctx) }

func newModel(f *flow, open func(string) error) *Model {
	c := common.New(true, time.Minute, tt.NewClock(tt.Epoch))
	m := New(c, f, open)
	m.SetSize(78, 20)
	return m
}

func TestWaitingView(t *testing.T) {
	f := &flow{finish: func(ctx context.Context) (any, error) { <-ctx.Done(); return nil, ctx.Err() }}
	m := newModel(f, nil)
	tt.Drive(t, m, tt.Run(m.Init())...)
	view := m.View()
	tt.Golden(t, view)
	// The QR drawn on screen decodes back to the complete verification URL.
	want, _ := termqr.Matrix("http://127.0.0.1:3001/device?user_code=BCDF-GHJK", 2)
	var qrLines []string
	for _, l := range strings.Split(tt.Plain(view), "\n") {
		if i := strings.IndexAny(l, "█▀▄"); i >= 0 && len([]rune(l)) > 40 {
			qrLines = append(qrLines, string([]rune(l)[len([]rune(l))-len(want):]))
		}
	}
	got := termqr.Decode(strings.Join(qrLines, "\n"), false)
	for y := range want {
		for x := range want[y] {
			if y >= len(got) || x >= len(got[y]) || got[y][x] != want[y][x] {
				t.Fatalf("QR module (%d,%d) differs from the verification URL's code", x, y)
			}
		}
	}
	m.Stop()
}

func TestCopyOpenRetryAndCancel(t *testing.T) {
	f := &flow{finish: func(ctx context.Context) (any, error) { <-ctx.Done(); return nil, ctx.Err() }}
	var opened string
	m := newModel(f, func(u string) error { opened = u; return nil })
	tt.Drive(t, m, tt.Run(m.Init())...)
	msgs := tt.Drive(t, m, tt.Key("c"))
	if !containsStatus(msgs, "clipboard") {
		t.Error("c did not copy the code")
	}
	tt.Drive(t, m, tt.Key("enter"))
	if !strings.HasSuffix(opened, "user_code=BCDF-GHJK") {
		t.Errorf("opened %q", opened)
	}
	tt.Drive(t, m, tt.Key("esc"))
	if m.waiting || !strings.Contains(m.View(), "Press r") {
		t.Errorf("esc did not cancel: %q", tt.Plain(m.View()))
	}
	tt.Drive(t, m, tt.Key("r"))
	if f.starts != 2 {
		t.Errorf("r did not ask for a new code (starts=%d)", f.starts)
	}
	m.Stop()
}

func TestDeniedShowsASentenceAndNoBrowserOffer(t *testing.T) {
	f := &flow{finish: func(context.Context) (any, error) { return nil, auth.ErrAccessDenied }}
	m := newModel(f, nil)
	tt.DriveAll(t, m, tt.Run(m.Init())...)
	if v := tt.Plain(m.View()); !strings.Contains(v, "declined") || !strings.Contains(v, "Press r") {
		t.Errorf("view = %q", v)
	}
	if m.keys.Open.Enabled() {
		t.Error("a browser is offered where none may be opened")
	}
}

func TestSuccessSendsSignedIn(t *testing.T) {
	f := &flow{finish: func(context.Context) (any, error) { return "account", nil }}
	m := newModel(f, nil)
	msgs := tt.DriveAll(t, m, tt.Run(m.Init())...)
	for _, msg := range msgs {
		if s, ok := msg.(SignedInMsg); ok && s.Result == "account" {
			return
		}
	}
	t.Error("no SignedInMsg")
	_ = errors.New
}

func containsStatus(msgs []tea.Msg, sub string) bool {
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok && strings.Contains(s.Text, sub) {
			return true
		}
	}
	return false
}

// TestABrowserThatDidNotOpenIsNotClaimed: when the desktop's handler fails
// (xdg-open without a browser), the screen says so and points at the
// address and c, instead of "Opened the sign-in page in your browser".
func TestABrowserThatDidNotOpenIsNotClaimed(t *testing.T) {
	f := &flow{finish: func(ctx context.Context) (any, error) { <-ctx.Done(); return nil, ctx.Err() }}
	m := newModel(f, func(string) error { return errors.New("exit status 3") })
	tt.Drive(t, m, tt.Run(m.Init())...)
	msgs := tt.Drive(t, m, tt.Key("enter"))
	if containsStatus(msgs, "Opened") || !containsStatus(msgs, "No browser could be opened") {
		t.Errorf("messages: %v", msgs)
	}
	m.Stop()
}

// TestAnEndingSessionIsNotCalledACancel: when the program's context ends
// the wait (the SSH service stopping), the screen does not say the user
// cancelled; esc still does.
func TestAnEndingSessionIsNotCalledACancel(t *testing.T) {
	f := &flow{finish: func(context.Context) (any, error) { return nil, context.Canceled }}
	m := newModel(f, nil)
	tt.DriveAll(t, m, tt.Run(m.Init())...)
	if v := tt.Plain(m.View()); strings.Contains(v, "cancelled") || !strings.Contains(v, "This session is ending") {
		t.Errorf("view = %q", v)
	}
}

// TestCountdownChangesOncePerMinuteUntilTheLast: the time left is said in
// whole minutes, and the screen wakes only when those words change (nine
// wakes over the first nine minutes, not 540); the last minute counts
// down in seconds.
func TestCountdownChangesOncePerMinuteUntilTheLast(t *testing.T) {
	f := &flow{finish: func(ctx context.Context) (any, error) { <-ctx.Done(); return nil, ctx.Err() }}
	m := newModel(f, nil)
	clock := m.C.Clock.(*tt.Clock)
	tt.Drive(t, m, tt.Run(m.Init())...)
	defer m.Stop()
	left := func() string {
		v := tt.Plain(m.View())
		i := strings.Index(v, "code expires in ")
		if i < 0 {
			t.Fatalf("no countdown:\n%s", v)
		}
		return strings.Fields(v[i+len("code expires in "):])[0] + map[bool]string{true: " min"}[strings.Contains(v[i:], " min")]
	}
	if got := left(); got != "10 min" {
		t.Fatalf("at the start: %q, want 10 min", got)
	}
	wakes := 0
	step := func(d time.Duration) {
		for _, msg := range clock.Advance(d) {
			wakes++
			tt.Drive(t, m, msg)
		}
	}
	step(30 * time.Second)
	if got := left(); got != "10 min" || wakes != 0 {
		t.Errorf("at 9:30 left: %q after %d wakes, want 10 min after none", got, wakes)
	}
	for range 17 {
		step(30 * time.Second)
	}
	if got := left(); got != "1:00" || wakes != 9 {
		t.Errorf("at 1:00 left: %q after %d wakes, want 1:00 after 9", got, wakes)
	}
	step(time.Second)
	if got := left(); got != "0:59" || wakes != 10 {
		t.Errorf("a second later: %q after %d wakes, want 0:59 after 10", got, wakes)
	}
}
