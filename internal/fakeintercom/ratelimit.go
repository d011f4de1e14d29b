package fakeintercom

import (
	"sync"
	"time"
)

// rateLimiter counts requests in fixed windows aligned to the clock, the
// way Intercom spreads its per-minute allowance over 10-second periods.
type rateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	start  int64 // current window start, unix nanoseconds
	used   int
	// spentUntil: windows starting before it (unix nanoseconds) begin with
	// their budget spent, by another app of the workspace.
	spentUntil int64
}

// rateDecision is what one request learns about the limit.
type rateDecision struct {
	allowed   bool
	limit     int
	remaining int
	reset     int64 // unix seconds when the window ends
}

func newRateLimiter(limit int, window time.Duration) *rateLimiter {
	return &rateLimiter{limit: limit, window: window}
}

// take spends one request from the window containing now.
func (l *rateLimiter) take(now time.Time) rateDecision {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := l.windowStart(now)
	if start != l.start {
		l.start, l.used = start, 0
		if start < l.spentUntil {
			l.used = l.limit
		}
	}
	end := time.Unix(0, start+int64(l.window))
	reset := end.Unix()
	if end.Nanosecond() != 0 {
		reset++
	}
	d := rateDecision{limit: l.limit, reset: reset}
	if l.used >= l.limit {
		return d
	}
	l.used++
	d.allowed, d.remaining = true, l.limit-l.used
	return d
}

// spend spends the budget of the window containing now and of the next
// windows-1.
func (l *rateLimiter) spend(now time.Time, windows int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.start = l.windowStart(now)
	l.used = l.limit
	l.spentUntil = l.start + int64(windows)*int64(l.window)
}

// windowStart is the start of the window containing now, in unix
// nanoseconds: windows are aligned to the clock.
func (l *rateLimiter) windowStart(now time.Time) int64 {
	n := now.UnixNano()
	return n - n%int64(l.window)
}
