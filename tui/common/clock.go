package common

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Clock is the program's time: what time it is, and timers that deliver a
// message later. Every timer of the screens goes through it, so tests can
// hold time still and fire timers when they choose.
type Clock interface {
	Now() time.Time
	// After returns a command that delivers fn's message once d has passed.
	After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
}

// RealClock is the wall clock and real timers. A timer ends early, with
// no message, once Done is closed (the program's context): a session that
// has ended keeps no goroutine waiting on a minute-long timer.
type RealClock struct {
	Done <-chan struct{}
}

// Now implements Clock.
func (RealClock) Now() time.Time { return time.Now() }

// After implements Clock.
func (c RealClock) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return after(d, fn, c.Done)
}

func after(d time.Duration, fn func(time.Time) tea.Msg, done <-chan struct{}) tea.Cmd {
	if done == nil {
		return tea.Tick(d, fn)
	}
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case at := <-t.C:
			return fn(at)
		case <-done:
			return nil
		}
	}
}

// nowClock is a Clock with a given Now and real timers.
type nowClock struct {
	now  func() time.Time
	done <-chan struct{}
}

func (c nowClock) Now() time.Time { return c.now() }

func (c nowClock) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return after(d, fn, c.done)
}

// ClockOf is a Clock reading now, with real timers that end with done
// (nil now: the wall clock; nil done: timers always run out).
func ClockOf(now func() time.Time, done <-chan struct{}) Clock {
	if now == nil {
		return RealClock{Done: done}
	}
	return nowClock{now: now, done: done}
}

// Spinner is a waiting mark drawn from frames the root advances with its
// own timer (bubbles' spinner schedules its own ticks, which a test clock
// cannot hold).
type Spinner struct{ frame int }

var spinFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// SpinInterval is how often the spinner moves.
const SpinInterval = 100 * time.Millisecond

// Next moves the spinner one frame.
func (s *Spinner) Next() { s.frame = (s.frame + 1) % len(spinFrames) }

// View is the current frame.
func (s Spinner) View() string { return spinFrames[s.frame] }
