package intercom

import (
	"context"
	"fmt"
	"io"
	"math"
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
	ceiling  *rate.Limiter
	timeout  time.Duration
	now      func() time.Time
	hold     WaitFunc // GovernorOptions.Wait
	margin   time.Duration
	inflight atomic.Int64

	mu sync.Mutex
	// active requests hold a slot; target is how many may (fixed, or
	// following rate × latency); wake is closed when a slot may be free.
	active, target, maxTarget int
	adaptive                  bool
	latency                   time.Duration // moving average, send to headers
	perMinute                 int
	wake                      chan struct{}
	peak                      int
	limit                     int
	remaining                 int       // local estimate of the current window's budget; -1 unknown
	reset                     time.Time // end of the current window by the local clock; zero unknown
	resetRaw                  int64     // the server's X-RateLimit-Reset for that window, to tell windows apart

	requests, throttled, tooMany atomic.Int64
}

// MaxConcurrency is the most requests the governor keeps in flight when
// it follows the limit (pages of chains may take ChainReserve more):
// enough for Intercom's 10,000 a minute at about 800 ms a request, with
// the headroom the latency's spread calls for up to 600 ms.
const MaxConcurrency = 200

// GovernorOptions configure a Governor.
type GovernorOptions struct {
	// Concurrency caps the requests in flight. 0 follows the limit: as
	// many as the rate limit and the observed latency call for (rate ×
	// latency, with headroom), at most MaxConcurrency.
	Concurrency int
	PerMinute   int           // ceiling in requests per minute; 0 none
	Timeout     time.Duration // per attempt; default 60s
	Now         func() time.Time
	// Wait, if set, is handed each hold until the rate window resets.
	Wait WaitFunc
}

// NewGovernor returns a Governor.
func NewGovernor(o GovernorOptions) *Governor {
	adaptive := o.Concurrency <= 0
	if adaptive {
		o.Concurrency = MaxConcurrency
	}
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	g := &Governor{base: http.DefaultTransport, timeout: o.Timeout, now: o.Now, hold: o.Wait, margin: 200 * time.Millisecond, remaining: -1,
		target: o.Concurrency, maxTarget: o.Concurrency, adaptive: adaptive, perMinute: o.PerMinute, wake: make(chan struct{})}
	if adaptive {
		g.latency = initialLatency
		g.target = g.want()
	}
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
	// Target is how many requests may be in flight now, Peak the most
	// that were.
	Target, Peak int
}

// Stats returns the counts so far.
func (g *Governor) Stats() GovernorStats {
	g.mu.Lock()
	target, peak := g.target, g.peak
	g.mu.Unlock()
	return GovernorStats{Requests: g.requests.Load(), Throttled: g.throttled.Load(), TooMany: g.tooMany.Load(), Target: target, Peak: peak}
}

// initialLatency is assumed until answers are timed: Intercom's typical.
const initialLatency = 300 * time.Millisecond

// defaultPerWindow is Intercom's default limit per 10-second window
// (10,000 a minute), assumed until an answer states the limit.
const defaultPerWindow = 1667

// want is the concurrency the limit and the latency call for: the rate
// times the latency, with headroom for the latency's spread, at least a
// few and at most maxTarget. The caller holds mu.
func (g *Governor) want() int {
	perSecond := float64(defaultPerWindow) / 10
	if g.limit > 0 {
		perSecond = float64(g.limit) / 10
	}
	if g.perMinute > 0 {
		perSecond = min(perSecond, float64(g.perMinute)/60)
	}
	n := int(math.Ceil(perSecond*g.latency.Seconds()*1.5)) + 2
	return max(4, min(n, g.maxTarget))
}

// ChainReserve is how many slots beyond the target a chain of pages may
// use, when following the limit.
const ChainReserve = 8

// acquire waits for a slot.
func (g *Governor) acquire(ctx context.Context) error {
	extra := 0
	if g.adaptive && isChain(ctx) {
		extra = ChainReserve
	}
	for {
		g.mu.Lock()
		if g.active < g.target+extra {
			g.active++
			g.peak = max(g.peak, g.active)
			g.mu.Unlock()
			return nil
		}
		wake := g.wake
		g.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// release frees a slot and, following the limit, folds in the time the
// request took to answer.
func (g *Governor) release(took time.Duration) {
	g.mu.Lock()
	g.active--
	if g.adaptive && took > 0 {
		g.latency += (took - g.latency) / 8
		g.target = g.want()
	}
	close(g.wake)
	g.wake = make(chan struct{})
	g.mu.Unlock()
}

// RoundTrip waits for a slot and budget, then sends req.
func (g *Governor) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := g.acquire(ctx); err != nil {
		return nil, err
	}
	if err := g.wait(ctx); err != nil {
		g.release(0)
		return nil, err
	}
	g.inflight.Add(1)
	g.requests.Add(1)
	countRequest(ctx)
	actx, cancel := context.WithTimeout(ctx, g.timeout)
	sent := g.now()
	resp, err := g.base.RoundTrip(req.WithContext(context.WithValue(actx, sentKey{}, sent)))
	took := g.now().Sub(sent)
	g.inflight.Add(-1)
	if err != nil {
		cancel()
		g.release(0)
		return nil, err
	}
	g.observe(resp, sent)
	resp.Body = &doneBody{ReadCloser: resp.Body, done: func() { cancel(); g.release(took) }}
	return resp, nil
}

// wait blocks until the ceiling and the window's budget allow one request.
func (g *Governor) wait(ctx context.Context) error {
	if g.ceiling != nil {
		if err := g.ceiling.Wait(ctx); err != nil {
			return err
		}
	}
	// One hold is handed to the hook at most: a hook that did not move
	// the clock on leaves the rest to be waited here, not spun on.
	hook := g.hold
	for {
		d := g.take()
		if d <= 0 {
			return nil
		}
		g.throttled.Add(1)
		if err := pause(ctx, d, hook); err != nil {
			return err
		}
		hook = nil
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

// observe updates the budget from an answer's rate-limit headers; sent is
// when its request left.
func (g *Governor) observe(resp *http.Response, sent time.Time) {
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
	if g.adaptive {
		g.target = g.want()
	}
	switch {
	case g.reset.IsZero() && resetSec == g.resetRaw && windowEnded(resp.Header, sent, now, resetSec):
		// A late answer (Intercom's have a slow tail) to a request of the
		// window that has just ended: its budget says nothing of the
		// window now running. Taken for a new one, it would stop every
		// request until a whole window had passed.
	case g.reset.IsZero() || resetSec > g.resetRaw:
		// A new window. Its end is bounded (resetIn): a reset in
		// milliseconds, in the past or far ahead waits one window.
		wait, _ := resetIn(resp.Header, sent, now)
		g.reset, g.resetRaw, g.remaining = now.Add(wait), resetSec, max(remaining, 0)
	case resetSec == g.resetRaw:
		g.remaining = max(min(g.remaining, remaining), 0)
	}
}

// windowEnded: the window whose reset is resetSec has ended by the
// server's clock, recently enough to be that of the last window (a reset
// long past is a gateway's own convention, not an end).
func windowEnded(h http.Header, sent, now time.Time, resetSec int64) bool {
	ago := serverNow(h, sent, now).Sub(time.Unix(resetSec, 0))
	return ago >= 0 && ago <= maxResetAhead
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
