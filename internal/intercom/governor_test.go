package intercom

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// windowed is a server that allows limit requests per one-second window,
// answers with Intercom's rate-limit headers, and counts 429s and the most
// requests it ever had in flight.
type windowed struct {
	limit              int
	mu                 sync.Mutex
	window             int64
	used               int
	tooMany, inflight  atomic.Int64
	maxInflight, total atomic.Int64
}

func (s *windowed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.inflight.Add(1)
	defer s.inflight.Add(-1)
	for {
		m := s.maxInflight.Load()
		if n <= m || s.maxInflight.CompareAndSwap(m, n) {
			break
		}
	}
	s.total.Add(1)
	time.Sleep(2 * time.Millisecond)
	s.mu.Lock()
	now := time.Now().Unix()
	if now != s.window {
		s.window, s.used = now, 0
	}
	s.used++
	over := s.used > s.limit
	remaining := max(s.limit-s.used, 0)
	s.mu.Unlock()
	w.Header().Set("X-RateLimit-Limit", fmt.Sprint(s.limit))
	w.Header().Set("X-RateLimit-Remaining", fmt.Sprint(remaining))
	w.Header().Set("X-RateLimit-Reset", fmt.Sprint(now+1))
	if over {
		s.tooMany.Add(1)
		w.WriteHeader(429)
		fmt.Fprint(w, `{"type":"error.list","errors":[{"code":"rate_limit_exceeded"}]}`)
		return
	}
	fmt.Fprint(w, `{}`)
}

func TestGovernorStaysUnderTheWindowLimit(t *testing.T) {
	srv := &windowed{limit: 15}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	g := NewGovernor(GovernorOptions{Concurrency: 4})
	hc := NewHTTPClient(RetryOptions{Governor: g, MinWait: time.Millisecond, MaxWait: 2 * time.Second})
	c, _ := New("tok", WithBaseURL(ts.URL), WithHTTPClient(hc))
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if _, err := c.Get(context.Background(), "/x", nil); err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	st := g.Stats()
	if failed.Load() != 0 {
		t.Errorf("%d requests failed", failed.Load())
	}
	// The first window's budget is unknown until answers arrive, so at
	// most the requests in flight then can overshoot.
	if srv.tooMany.Load() > 4 {
		t.Errorf("server answered 429 %d times; governor should wait for the window", srv.tooMany.Load())
	}
	if st.Throttled == 0 {
		t.Error("40 requests at 15 a window never waited for a window reset")
	}
	if srv.maxInflight.Load() > 4 {
		t.Errorf("%d requests in flight, want at most 4", srv.maxInflight.Load())
	}
	if st.Requests != srv.total.Load() {
		t.Errorf("governor counted %d requests, server saw %d", st.Requests, srv.total.Load())
	}
}

func TestGovernorStopsAfter429UntilReset(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	g := NewGovernor(GovernorOptions{Now: func() time.Time { return now }})
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "100")
	h.Set("X-RateLimit-Remaining", "50")
	h.Set("X-RateLimit-Reset", fmt.Sprint(now.Unix()+5))
	g.observe(&http.Response{StatusCode: 429, Header: h}, g.now())
	if d := g.take(); d < 5*time.Second || d > 6*time.Second {
		t.Errorf("after a 429 wait %s, want until the reset in 5s", d)
	}
	now = now.Add(6 * time.Second)
	if d := g.take(); d != 0 {
		t.Errorf("after the reset wait %s, want none", d)
	}
	if g.remaining != 99 {
		t.Errorf("new window budget %d, want limit-1", g.remaining)
	}
}

// TestLateAnswerOfAnEndedWindowDoesNotStopTheNext: an answer to a request
// of a window that has ended, arriving seconds into the next (a slow
// answer), states the old window's spent budget; the next window's budget
// stays usable. Taken for a new window's, it stopped every request for a
// whole window.
func TestLateAnswerOfAnEndedWindowDoesNotStopTheNext(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	g := NewGovernor(GovernorOptions{Now: func() time.Time { return now }})
	answer := func(remaining int, reset int64) {
		h := http.Header{}
		h.Set("X-RateLimit-Limit", "1667")
		h.Set("X-RateLimit-Remaining", fmt.Sprint(remaining))
		h.Set("X-RateLimit-Reset", fmt.Sprint(reset))
		h.Set("Date", now.UTC().Format(http.TimeFormat))
		g.observe(&http.Response{StatusCode: 200, Header: h}, g.now())
	}
	end := now.Unix() + 4
	answer(0, end) // the window's budget is spent
	if d := g.take(); d < 4*time.Second {
		t.Fatalf("spent window: wait %s, want until its end", d)
	}
	now = time.Unix(end, 0).Add(time.Second) // the next window runs
	if d := g.take(); d != 0 {
		t.Fatalf("next window: wait %s, want none", d)
	}
	now = now.Add(2 * time.Second) // a slow answer of the old window
	answer(0, end)
	if d := g.take(); d != 0 {
		t.Errorf("after a late answer of the ended window: wait %s, want none", d)
	}
	answer(1600, end+10) // an answer of the running window counts
	if g.remaining != 1600-int(g.inflight.Load()) {
		t.Errorf("budget %d after the running window's answer, want 1600", g.remaining)
	}
}

// A slow answer's Date is seconds before it arrives: it was stamped while
// the request was in flight. That is not a skewed clock, and the window
// ends when the reset says by the local clock. (Taken for skew, a search
// answered in 3.4 s made the governor wait 3.4 s past every window's end.)
func TestSlowAnswerIsNotClockSkew(t *testing.T) {
	now := time.Unix(1_700_000_027, 0)
	g := NewGovernor(GovernorOptions{Now: func() time.Time { return now }})
	g.base = roundTripFunc(func(req *http.Request) (*http.Response, error) {
		h := http.Header{}
		h.Set("Date", now.UTC().Format(http.TimeFormat)) // stamped on arrival
		h.Set("X-RateLimit-Limit", "1667")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", "1700000040")
		now = now.Add(3400 * time.Millisecond) // answered 3.4 s later
		return &http.Response{StatusCode: http.StatusTooManyRequests, Header: h, Body: http.NoBody, Request: req}, nil
	})
	req, _ := http.NewRequest(http.MethodGet, "https://api.intercom.io/contacts", nil)
	resp, err := g.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The window ends at :40, 9.6 s after the answer came (:30.4).
	if d, want := g.take(), 9600*time.Millisecond+g.margin; d != want {
		t.Errorf("wait for the window: %s, want %s", d, want)
	}
	if d, want := Backoff(time.Second, time.Minute, 0, resp, now), 9700*time.Millisecond; d != want {
		t.Errorf("backoff after the slow 429: %s, want %s", d, want)
	}
	// A Date outside the request's lifetime is skew: the server's clock
	// says :27 while it is :40.4 here, so the reset is 13 s away.
	resp.Request = resp.Request.WithContext(context.Background())
	if d, want := Backoff(time.Second, time.Minute, 0, resp, now.Add(10*time.Second)), 13100*time.Millisecond; d != want {
		t.Errorf("backoff with a skewed Date: %s, want %s", d, want)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestGovernorTimeoutExcludesQueueing(t *testing.T) {
	block := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-block
	}))
	defer ts.Close()
	defer close(block)
	g := NewGovernor(GovernorOptions{Concurrency: 1, Timeout: 50 * time.Millisecond})
	hc := NewHTTPClient(RetryOptions{Governor: g, MaxRetries: 1, MinWait: time.Millisecond, MaxWait: time.Millisecond})
	c, _ := New("tok", WithBaseURL(ts.URL), WithHTTPClient(hc))
	_, err := c.Get(context.Background(), "/x", nil)
	if err == nil {
		t.Fatal("a request that never got an answer succeeded")
	}
	if g.Stats().Requests != 2 {
		t.Errorf("%d attempts, want 2 (timeout, one retry)", g.Stats().Requests)
	}
}

// TestGovernorFollowsRateTimesLatency: without a cap, the requests allowed
// in flight follow the rate limit times the observed latency (with
// headroom), between a few and MaxConcurrency; a cap is a cap.
func TestGovernorFollowsRateTimesLatency(t *testing.T) {
	g := NewGovernor(GovernorOptions{})
	if got := g.Stats().Target; got != 78 {
		t.Errorf("before any answer (300 ms, 1,667 per 10 s assumed): target %d, want 78", got)
	}
	for range 200 {
		g.acquire(context.Background())
		g.release(600 * time.Millisecond)
	}
	if got := g.Stats().Target; got != 153 {
		t.Errorf("at 600 ms: target %d, want 153 (166.7 a second × 0.6 s × 1.5, and 2)", got)
	}
	for range 200 {
		g.acquire(context.Background())
		g.release(900 * time.Millisecond)
	}
	if got := g.Stats().Target; got != MaxConcurrency {
		t.Errorf("at 900 ms: target %d, want the ceiling %d", got, MaxConcurrency)
	}
	for range 200 {
		g.acquire(context.Background())
		g.release(20 * time.Millisecond)
	}
	if got := g.Stats().Target; got < 4 || got > 8 {
		t.Errorf("at 20 ms: target %d, want a handful", got)
	}
	g.mu.Lock()
	g.limit = 100 // an app allowed 100 per window: 10 a second
	g.latency = time.Second
	got := g.want()
	g.mu.Unlock()
	if got != 17 {
		t.Errorf("10/s at 1 s: %d, want 17", got)
	}
	capped := NewGovernor(GovernorOptions{Concurrency: 5})
	for range 50 {
		capped.acquire(context.Background())
		capped.release(time.Second)
	}
	if got := capped.Stats().Target; got != 5 {
		t.Errorf("num_workers 5: target %d", got)
	}
}

// TestChainPagesGoFirst: when following the limit, pages of a chain (a
// search, a scroll) may take ChainReserve slots beyond the target, so
// they never queue behind parallel requests; other requests may not.
func TestChainPagesGoFirst(t *testing.T) {
	g := NewGovernor(GovernorOptions{})
	for range 50 {
		g.acquire(context.Background())
		g.release(time.Millisecond) // fast answers: a small target
	}
	target := g.Stats().Target
	for range target {
		if err := g.acquire(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := g.acquire(ctx); err == nil {
		t.Fatal("a parallel request got a slot beyond the target")
	}
	for i := range ChainReserve {
		if err := g.acquire(inChain(context.Background())); err != nil {
			t.Fatalf("chain page %d of the reserve: %v", i, err)
		}
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	if err := g.acquire(inChain(ctx2)); err == nil {
		t.Fatal("a chain page got a slot beyond the reserve")
	}
}
