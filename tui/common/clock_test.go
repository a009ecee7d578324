package common

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// TestRealTimersEndWithTheProgram: a timer of an ended program (its
// context done) returns at once with no message instead of holding a
// goroutine for the rest of its wait (a sign-in countdown waits a minute).
func TestRealTimersEndWithTheProgram(t *testing.T) {
	done := make(chan struct{})
	fired := 0
	for _, c := range []Clock{RealClock{Done: done}, ClockOf(time.Now, done)} {
		cmd := c.After(time.Hour, func(time.Time) tea.Msg { fired++; return "fired" })
		got := make(chan tea.Msg, 1)
		go func() { got <- cmd() }()
		close(done)
		select {
		case msg := <-got:
			if msg != nil {
				t.Errorf("an ended program's timer delivered %v", msg)
			}
		case <-time.After(time.Minute): // generous: the wait ends as soon as done is closed
			t.Fatal("the timer kept waiting after the program ended")
		}
		done = make(chan struct{})
	}
	if fired != 0 {
		t.Errorf("%d timers fired", fired)
	}
	// Without an end, a timer runs out as bubbletea's do.
	msg := ClockOf(nil, nil).After(time.Millisecond, func(time.Time) tea.Msg { return "fired" })()
	if msg != "fired" {
		t.Errorf("a running program's timer delivered %v", msg)
	}
}
