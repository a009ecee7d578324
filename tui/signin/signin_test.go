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
