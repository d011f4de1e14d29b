package fakeintercom

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimitHeadersAndRecovery(t *testing.T) {
	t.Parallel()
	clock := newFakeClock() // 10:00:03, so the window ends at 10:00:10
	s := New(Options{Seed: 1, RateLimit: 3, Clock: clock.Now})
	reset := strconv.FormatInt(time.Date(2026, 3, 2, 10, 0, 10, 0, time.UTC).Unix(), 10)
	for want := 2; want >= 0; want-- {
		rec := call(t, s, http.MethodGet, "/tags")
		if rec.Code != http.StatusOK {
			t.Fatalf("status = %d before the limit", rec.Code)
		}
		wantRateHeaders(t, rec.Header(), "3", strconv.Itoa(want), reset)
		clock.Advance(time.Second)
	}
	rec := call(t, s, http.MethodGet, "/tags")
	body := wantError(t, rec, http.StatusTooManyRequests, "rate_limit_exceeded")
	if msg := items(t, body, "errors")[0]["message"]; msg != "Exceeded rate limit of 3 in 10_seconds" {
		t.Errorf("message = %v", msg)
	}
	wantRateHeaders(t, rec.Header(), "3", "0", reset)

	clock.Advance(4 * time.Second) // 10:00:10, a new window
	rec = call(t, s, http.MethodGet, "/tags")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d after the window reset", rec.Code)
	}
	next := strconv.FormatInt(time.Date(2026, 3, 2, 10, 0, 20, 0, time.UTC).Unix(), 10)
	wantRateHeaders(t, rec.Header(), "3", "2", next)
}

func TestRateLimitIgnoresUnauthenticatedRequests(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1, RateLimit: 1, Clock: newFakeClock().Now})
	for range 3 {
		rec := call(t, s, http.MethodGet, "/tags", "Authorization", "")
		if rec.Code != http.StatusUnauthorized || rec.Header().Get("X-RateLimit-Limit") != "" {
			t.Fatalf("unauthenticated: status %d, limit header %q", rec.Code, rec.Header().Get("X-RateLimit-Limit"))
		}
	}
	if rec := call(t, s, http.MethodGet, "/tags"); rec.Code != http.StatusOK {
		t.Fatalf("first authenticated request: %d", rec.Code)
	}
}

func TestRateLimitCustomWindowAndDisabled(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1, RateLimit: 1, RateWindow: time.Minute, Clock: newFakeClock().Now})
	call(t, s, http.MethodGet, "/tags")
	body := wantError(t, call(t, s, http.MethodGet, "/tags"), http.StatusTooManyRequests, "rate_limit_exceeded")
	if msg := items(t, body, "errors")[0]["message"]; msg != "Exceeded rate limit of 1 in 60_seconds" {
		t.Errorf("message = %v", msg)
	}
	off := New(Options{Seed: 1})
	for range 50 {
		rec := call(t, off, http.MethodGet, "/tags")
		if rec.Code != http.StatusOK || rec.Header().Get("X-RateLimit-Remaining") != "" {
			t.Fatalf("unlimited server: status %d, headers %v", rec.Code, rec.Header())
		}
	}
}

func wantRateHeaders(t *testing.T, h http.Header, limit, remaining, reset string) {
	t.Helper()
	got := [3]string{h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"), h.Get("X-RateLimit-Reset")}
	if got != [3]string{limit, remaining, reset} {
		t.Errorf("limit/remaining/reset = %v, want [%s %s %s]", got, limit, remaining, reset)
	}
}

// Another app spends the shared budget: this window and the next answer
// 429 with each window's reset, the one after serves again.
func TestSpendBudgetAnswers429UntilItsWindowsEnd(t *testing.T) {
	t.Parallel()
	clock := newFakeClock() // 10:00:03
	s := New(Options{Seed: 1, RateLimit: 100, Clock: clock.Now})
	if rec := call(t, s, http.MethodGet, "/tags"); rec.Code != http.StatusOK {
		t.Fatalf("before: status %d", rec.Code)
	}
	s.SpendBudget(2)
	for _, end := range []int{10, 20} {
		rec := call(t, s, http.MethodGet, "/tags")
		wantError(t, rec, http.StatusTooManyRequests, "rate_limit_exceeded")
		wantRateHeaders(t, rec.Header(), "100", "0", strconv.FormatInt(time.Date(2026, 3, 2, 10, 0, end, 0, time.UTC).Unix(), 10))
		clock.Advance(10 * time.Second)
	}
	rec := call(t, s, http.MethodGet, "/tags") // 10:00:23
	if rec.Code != http.StatusOK {
		t.Fatalf("after the spent windows: status %d", rec.Code)
	}
	wantRateHeaders(t, rec.Header(), "100", "99", strconv.FormatInt(time.Date(2026, 3, 2, 10, 0, 30, 0, time.UTC).Unix(), 10))
}
