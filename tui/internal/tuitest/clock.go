package tuitest

import (
	"sort"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Clock is a test clock: time stands still until Advance, and timers fire
// only when Advance passes them (a screen test never waits on a timer).
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	timers []timer
}

type timer struct {
	at time.Time
	fn func(time.Time) tea.Msg
}

// NewClock is a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now implements common.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After implements common.Clock: the timer is kept for Advance, and the
// command it returns does nothing.
func (c *Clock) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timers = append(c.timers, timer{at: c.now.Add(d), fn: fn})
	return nil
}

// Advance moves the clock by d and returns the messages of the timers it
// passed, earliest first.
func (c *Clock) Advance(d time.Duration) []tea.Msg {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due, rest []timer
	for _, t := range c.timers {
		if !t.at.After(c.now) {
			due = append(due, t)
		} else {
			rest = append(rest, t)
		}
	}
	c.timers = rest
	c.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool { return due[i].at.Before(due[j].at) })
	var out []tea.Msg
	for _, t := range due {
		out = append(out, t.fn(t.at))
	}
	return out
}

// Pending is how many timers wait to fire.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}
