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

// RealClock is the wall clock and bubbletea's timers.
type RealClock struct{}

// Now implements Clock.
func (RealClock) Now() time.Time { return time.Now() }

// After implements Clock.
func (RealClock) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd { return tea.Tick(d, fn) }

// nowClock is a Clock with a given Now and real timers.
type nowClock struct{ now func() time.Time }

func (c nowClock) Now() time.Time { return c.now() }

func (nowClock) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd { return tea.Tick(d, fn) }

// ClockOf is a Clock reading now, with real timers (nil now: the wall clock).
func ClockOf(now func() time.Time) Clock {
	if now == nil {
		return RealClock{}
	}
	return nowClock{now: now}
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
