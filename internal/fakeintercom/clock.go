package fakeintercom

import (
	"slices"
	"sync"
	"time"
)

// Clock is a manual clock for tests: time stands still until Advance is
// called. Pass clk.Now as Options.Clock so rate windows, scroll expiry,
// the Date header and the timestamps of mutations all follow it.
type Clock struct {
	mu     sync.Mutex
	t      time.Time
	waited []time.Duration
}

// NewClock returns a clock stopped at start.
func NewClock(start time.Time) *Clock { return &Clock{t: start} }

// Now returns the clock's current time. It is safe for concurrent use.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t, forward or back: a test may stamp a change in
// a second a read already passed.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Wait moves the clock forward by d instead of waiting, and returns 0 (no
// time left to wait). Passed as the connector's Deps.Wait, or the client's
// RetryOptions.Wait and GovernorOptions.Wait, it lets a read's retries and
// rate-window holds pass on this clock, not in real time.
func (c *Clock) Wait(d time.Duration) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.waited = append(c.waited, d)
	return 0
}

// Waited lists the waits handed to Wait, in order.
func (c *Clock) Waited() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.waited)
}
