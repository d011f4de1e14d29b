package intercom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

func TestResetThatCannotBeBelievedIsOneWindow(t *testing.T) {
	now := time.Unix(1_700_000_000, 300_000_000)
	sec := func(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
	date := func(t time.Time) string { return t.UTC().Format(http.TimeFormat) }
	for _, tc := range []struct {
		name string
		h    http.Header
		want time.Duration
	}{
		{"7 s ahead", header("X-RateLimit-Reset", sec(now.Add(7*time.Second))), 6700 * time.Millisecond},
		{"window just ended", header("X-RateLimit-Reset", sec(now)), 0},
		{"in milliseconds", header("X-RateLimit-Reset", strconv.FormatInt(now.Add(5*time.Second).UnixMilli(), 10)), RateWindow},
		{"a delta, not a time", header("X-RateLimit-Reset", "7"), RateWindow},
		{"in the past", header("X-RateLimit-Reset", sec(now.Add(-5*time.Minute))), RateWindow},
		{"far ahead", header("X-RateLimit-Reset", sec(now.Add(5*time.Minute))), RateWindow},
		{"server clock 5 min ahead", header("X-RateLimit-Reset", sec(now.Add(5*time.Minute+3*time.Second)), "Date", date(now.Add(5*time.Minute))), 3 * time.Second},
		{"server clock 5 min behind", header("X-RateLimit-Reset", sec(now.Add(-5*time.Minute+4*time.Second)), "Date", date(now.Add(-5*time.Minute))), 4 * time.Second},
		{"clocks agree", header("X-RateLimit-Reset", sec(now.Add(4*time.Second)), "Date", date(now)), 3700 * time.Millisecond},
	} {
		got, ok := resetIn(tc.h, now, now)
		if !ok || got != tc.want {
			t.Errorf("%s: wait %s %v, want %s", tc.name, got, ok, tc.want)
		}
	}
	if _, ok := resetIn(http.Header{}, now, now); ok {
		t.Error("no header read as a reset")
	}
}

func TestGovernorWaitIsBounded(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for _, reset := range []string{strconv.FormatInt(now.UnixMilli()+5000, 10), "7", strconv.FormatInt(now.Unix()+300, 10), strconv.FormatInt(now.Unix()-300, 10)} {
		g := NewGovernor(GovernorOptions{Now: func() time.Time { return now }})
		g.observe(&http.Response{StatusCode: 200, Header: header("X-RateLimit-Limit", "100", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset)}, g.now())
		if d := g.take(); d <= 0 || d > RateWindow+g.margin {
			t.Errorf("reset %s: governor waits %s, want at most a window (%s)", reset, d, RateWindow)
		}
	}
}

func TestBackoffOutlastsA429Burst(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	// A reset already past (clock skew, or a gateway's delta) used to mean
	// eight retries 100 ms apart; the default retries now outlast a window.
	for _, h := range []http.Header{
		header("X-RateLimit-Reset", strconv.FormatInt(now.Unix()-1, 10)),
		header("X-RateLimit-Reset", strconv.FormatInt(now.Unix(), 10)),
		{},
	} {
		var total time.Duration
		for attempt := range 8 {
			total += Backoff(time.Second, time.Minute, attempt, &http.Response{StatusCode: 429, Header: h}, now)
		}
		if total < RateWindow {
			t.Errorf("%v: 8 retries wait %s in all, less than a %s window", h, total, RateWindow)
		}
	}
}

func TestBackoffHonoursRetryAfterInBothForms(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for _, tc := range []struct {
		status int
		h      http.Header
		want   time.Duration
	}{
		{503, header("Retry-After", "12"), 12 * time.Second},
		{503, header("Retry-After", now.Add(20*time.Second).UTC().Format(http.TimeFormat)), 20 * time.Second},
		{429, header("Retry-After", now.Add(4*time.Second).UTC().Format(http.TimeFormat)), 4100 * time.Millisecond},
		{502, header("Retry-After", "3600"), 30 * time.Second}, // capped at max
		{503, header("Retry-After", "0"), time.Second},         // never below min
	} {
		if got := Backoff(time.Second, 30*time.Second, 0, &http.Response{StatusCode: tc.status, Header: tc.h}, now); got != tc.want {
			t.Errorf("%d %v: wait %s, want %s", tc.status, tc.h, got, tc.want)
		}
	}
}

func TestRetries408409425ThenSucceeds(t *testing.T) {
	for _, code := range []int{408, 409, 425} {
		var n atomic.Int32
		c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				w.WriteHeader(code)
				return
			}
			fmt.Fprint(w, `{"type":"list","data":[{"id":"1"}]}`)
		})
		if _, err := c.GetList(context.Background(), "/tags", nil, "data"); err != nil || n.Load() != 2 {
			t.Errorf("%d: %v after %d requests", code, err, n.Load())
		}
		if !(&APIError{StatusCode: code}).Temporary() {
			t.Errorf("%d is not Temporary", code)
		}
	}
	// Still failing after the retries: the last answer, Temporary.
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(408) })
	_, err := c.Get(context.Background(), "/x", nil)
	var api *APIError
	if !errors.As(err, &api) || api.StatusCode != 408 || !api.Temporary() {
		t.Errorf("err = %v", err)
	}
}

// TestFakeRateLimitStylesGiveBoundedWaits: each way the fake (standing in
// for a gateway) states a 429's reset, and a 503's Retry-After date, gives
// a wait between the floor and one window, never endless nor instant.
func TestFakeRateLimitStylesGiveBoundedWaits(t *testing.T) {
	clk := fakeintercom.NewClock(time.Unix(1_700_000_000, 0))
	for _, tc := range []struct {
		style         fakeintercom.ResetStyle
		kind          fakeintercom.Fault
		status        int
		least, atMost time.Duration
	}{
		{"", fakeintercom.TooManyRequests, 429, 2 * time.Second, 3 * time.Second},
		{fakeintercom.ResetMillis, fakeintercom.TooManyRequests, 429, RateWindow, RateWindow + time.Second},
		{fakeintercom.ResetPast, fakeintercom.TooManyRequests, 429, RateWindow, RateWindow + time.Second},
		{fakeintercom.ResetFarAhead, fakeintercom.TooManyRequests, 429, RateWindow, RateWindow + time.Second},
		{fakeintercom.ResetRetryAfterDate, fakeintercom.TooManyRequests, 429, 2 * time.Second, 3 * time.Second},
		{fakeintercom.ResetRetryAfterDate, fakeintercom.ServerError, 503, 2 * time.Second, 2 * time.Second},
	} {
		fake := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Clock: clk.Now, Token: "tok-secret"})
		fake.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{tc.kind}, Status: 503, RetryAfter: 2 * time.Second, ResetAs: tc.style})
		srv := httptest.NewServer(fake)
		resp, err := http.Get(srv.URL + "/admins")
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		// The local clock is an hour off the fake's: waits must not depend on it.
		d := Backoff(time.Second, time.Minute, 0, resp, clk.Now().Add(time.Hour))
		if resp.StatusCode != tc.status || d < tc.least || d > tc.atMost {
			t.Errorf("%s %s: HTTP %d, wait %s, want [%s, %s]", tc.kind, tc.style, resp.StatusCode, d, tc.least, tc.atMost)
		}
	}
}
