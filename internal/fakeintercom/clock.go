package fakeintercom

import (
	"sync"
	"time"
)

// Clock is a manual clock for tests: time stands still until Advance is
// called. Pass clk.Now as Options.Clock so rate windows, scroll expiry,
// the Date header and the timestamps of mutations all follow it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at start.
func NewClock(start time.Time) *Clock { return &Clock{t: start} }

// Now returns the clock's current time. It is safe for concurrent use.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
