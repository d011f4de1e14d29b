package intercom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// A retry's wait goes to RetryOptions.Wait, which decides how long to
// sleep: the waits are still the backoffs and Retry-After the server asks
// for, and nothing sleeps them.
func TestRetryWaitsGoThroughTheWaitHook(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2:
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			fmt.Fprint(w, `{}`)
		}
	}))
	t.Cleanup(srv.Close)
	clk := fakeintercom.NewClock(time.Unix(1_700_000_000, 0))
	hc := NewHTTPClient(RetryOptions{Now: clk.Now, Wait: clk.Wait})
	// Slept, the Retry-After alone would outlast this deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	waited := clk.Waited()
	if calls.Load() != 3 || len(waited) != 2 {
		t.Fatalf("%d attempts, waits %v: want 3 attempts and 2 waits", calls.Load(), waited)
	}
	if w := waited[0]; w < 500*time.Millisecond || w > 2*time.Second {
		t.Errorf("first backoff %s, want within the first step (0.5-2 s)", w)
	}
	if w := waited[1]; w != 30*time.Second {
		t.Errorf("wait after Retry-After: 30 was %s", w)
	}
}

// A hold until the rate window resets goes to GovernorOptions.Wait; once
// the clock has moved past the reset, the request is sent.
func TestGovernorHoldsGoThroughTheWaitHook(t *testing.T) {
	t.Parallel()
	clk := fakeintercom.NewClock(time.Unix(1_700_000_000, 0))
	g := NewGovernor(GovernorOptions{Concurrency: 1, Now: clk.Now, Wait: clk.Wait})
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "100")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", fmt.Sprint(clk.Now().Unix()+5))
	g.observe(&http.Response{StatusCode: http.StatusOK, Header: h}, g.now())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := g.wait(ctx); err != nil {
		t.Fatal(err)
	}
	if waited := clk.Waited(); len(waited) != 1 || waited[0] < 5*time.Second || waited[0] > 6*time.Second {
		t.Errorf("waits %v, want one until the reset 5 s on (plus the margin)", waited)
	}
	if g.Stats().Throttled != 1 {
		t.Errorf("throttled %d times, want 1", g.Stats().Throttled)
	}
}

// A hook that returns 0 without moving the clock does not make the
// governor spin: the hold is handed over once, then waited.
func TestGovernorWaitsWhenTheHookDoesNotMoveTheClock(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	g := NewGovernor(GovernorOptions{Concurrency: 1, Now: func() time.Time { return now }, Wait: func(d time.Duration) time.Duration {
		calls++
		if calls == 1 {
			cancel() // ends the wait that should follow
			return 0
		}
		return d
	}})
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "100")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", fmt.Sprint(now.Unix()+5))
	g.observe(&http.Response{StatusCode: http.StatusOK, Header: h}, now)
	if err := g.wait(ctx); err == nil {
		t.Error("the hold ended without the window's reset")
	}
	if calls != 1 {
		t.Errorf("the hook was called %d times for one hold, want 1", calls)
	}
}

// A busy scroll's polls go to ScrollOptions.Wait: at the defaults, a poll
// every 10 s for 3 minutes, then ErrScrollBusy, none of it slept.
func TestScrollPollsGoThroughTheWaitHook(t *testing.T) {
	t.Parallel()
	c, n := scrollServer(t, 1, func(int, string) int { return http.StatusBadRequest })
	clk := fakeintercom.NewClock(time.Unix(1_700_000_000, 0))
	if _, _, err := collectScroll(c, ScrollOptions{Wait: clk.Wait}); !errors.Is(err, ErrScrollBusy) {
		t.Fatalf("err = %v, want ErrScrollBusy", err)
	}
	waited := clk.Waited()
	if len(waited) != 18 || n.Load() != 19 || slices.ContainsFunc(waited, func(d time.Duration) bool { return d != 10*time.Second }) {
		t.Errorf("%d attempts, pauses %v: want 19 attempts 10 s apart", n.Load(), waited)
	}
}
