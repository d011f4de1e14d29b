package intercom

import (
	"context"
	"time"
)

// WaitFunc is told of a wait before it starts (a retry's backoff, a hold
// until the rate window resets, a poll of a busy scroll) and returns how
// long to actually wait. Left nil, every wait is waited whole. Tests move
// their fake's clock on by d and return 0 (fakeintercom.Clock.Wait), so a
// read's waits pass on that clock instead of in real time.
type WaitFunc func(d time.Duration) time.Duration

// pause waits d, or what wait leaves of it, or until ctx ends.
func pause(ctx context.Context, d time.Duration, wait WaitFunc) error {
	if wait != nil {
		d = wait(d)
	}
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
