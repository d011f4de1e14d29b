package intercom

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Governor is the one rate budget of a whole read: every request of every
// stream and worker passes through it. It bounds requests in flight, holds
// an optional ceiling of requests per minute, and follows Intercom's
// X-RateLimit-Limit / Remaining / Reset headers (a per-minute limit spread
// over 10-second windows): when the window's budget is spent it waits for
// the reset instead of provoking a 429. If a 429 comes anyway (another app
// shares the workspace's budget), the budget drops to zero until the reset.
//
// It also applies the per-attempt timeout, counted from when a request
// leaves the queue, so time spent waiting for budget never times a request out.
type Governor struct {
	base     http.RoundTripper
	slots    chan struct{}
	ceiling  *rate.Limiter
	timeout  time.Duration
	now      func() time.Time
	margin   time.Duration
	inflight atomic.Int64

	mu        sync.Mutex
	limit     int
	remaining int       // local estimate of the current window's budget; -1 unknown
	reset     time.Time // end of the current window by the local clock; zero unknown
	resetRaw  int64     // the server's X-RateLimit-Reset for that window, to tell windows apart

	requests, throttled, tooMany atomic.Int64
}

// GovernorOptions configure a Governor.
type GovernorOptions struct {
	Concurrency int           // requests in flight at once; default 8
	PerMinute   int           // ceiling in requests per minute; 0 none
	Timeout     time.Duration // per attempt; default 60s
	Now         func() time.Time
	// Base is the transport requests go out on; http.DefaultTransport if nil.
	Base http.RoundTripper
}

// NewGovernor returns a Governor.
func NewGovernor(o GovernorOptions) *Governor {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Base == nil {
		o.Base = http.DefaultTransport
	}
	g := &Governor{base: o.Base, slots: make(chan struct{}, o.Concurrency), timeout: o.Timeout, now: o.Now, margin: 200 * time.Millisecond, remaining: -1}
	if o.PerMinute > 0 {
		g.ceiling = rate.NewLimiter(rate.Limit(float64(o.PerMinute)/60), max(1, min(o.Concurrency, o.PerMinute/60)))
	}
	return g
}

// GovernorStats counts what the governor did.
type GovernorStats struct {
	Requests  int64 // requests sent
	Throttled int64 // times a request waited for the window to reset
	TooMany   int64 // 429 answers received
}

// Stats returns the counts so far.
func (g *Governor) Stats() GovernorStats {
	return GovernorStats{Requests: g.requests.Load(), Throttled: g.throttled.Load(), TooMany: g.tooMany.Load()}
}

// RoundTrip waits for a slot and budget, then sends req.
func (g *Governor) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := func() { <-g.slots }
	if err := g.wait(ctx); err != nil {
		release()
		return nil, err
	}
	g.inflight.Add(1)
	g.requests.Add(1)
	countRequest(ctx)
	actx, cancel := context.WithTimeout(ctx, g.timeout)
	resp, err := g.base.RoundTrip(req.WithContext(actx))
	g.inflight.Add(-1)
	if err != nil {
		cancel()
		release()
		return nil, err
	}
	g.observe(resp)
	resp.Body = &doneBody{ReadCloser: resp.Body, done: func() { cancel(); release() }}
	return resp, nil
}

// wait blocks until the ceiling and the window's budget allow one request.
func (g *Governor) wait(ctx context.Context) error {
	if g.ceiling != nil {
		if err := g.ceiling.Wait(ctx); err != nil {
			return err
		}
	}
	for {
		d := g.take()
		if d <= 0 {
			return nil
		}
		g.throttled.Add(1)
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// take spends one unit of the window's budget, or says how long to wait.
func (g *Governor) take() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if !g.reset.IsZero() && !now.Before(g.reset.Add(g.margin)) {
		// A new window began; assume its full budget until an answer says otherwise.
		g.reset, g.remaining = time.Time{}, g.limit
		if g.limit == 0 {
			g.remaining = -1
		}
	}
	if g.remaining < 0 {
		return 0
	}
	if g.remaining > 0 {
		g.remaining--
		return 0
	}
	if g.reset.IsZero() {
		return g.margin
	}
	// observe bounds reset to a minute ahead; the cap is a second guard.
	return min(g.reset.Add(g.margin).Sub(now), maxResetAhead+g.margin)
}

// observe updates the budget from an answer's rate-limit headers.
func (g *Governor) observe(resp *http.Response) {
	tooMany := resp.StatusCode == http.StatusTooManyRequests
	if tooMany {
		g.tooMany.Add(1)
	}
	limit, errL := strconv.Atoi(resp.Header.Get("X-RateLimit-Limit"))
	remaining, errR := strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining"))
	resetSec, errS := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	if errL != nil || errR != nil || errS != nil {
		return
	}
	if tooMany {
		remaining = 0
	}
	// Requests sent after this one was answered are not in its count yet.
	remaining -= int(g.inflight.Load())
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	g.limit = limit
	switch {
	case g.reset.IsZero() || resetSec > g.resetRaw:
		// A new window. Its end is bounded (resetIn): a reset in
		// milliseconds, in the past or far ahead waits one window.
		wait, _ := resetIn(resp.Header, now)
		g.reset, g.resetRaw, g.remaining = now.Add(wait), resetSec, max(remaining, 0)
	case resetSec == g.resetRaw:
		g.remaining = max(min(g.remaining, remaining), 0)
	}
}

// doneBody runs done once when the body is closed.
type doneBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *doneBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

func (s GovernorStats) String() string {
	return fmt.Sprintf("%d requests, %d waits for the rate-limit window, %d answered 429", s.Requests, s.Throttled, s.TooMany)
}
