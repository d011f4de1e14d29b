package intercom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// RetryOptions configures the retrying HTTP client.
type RetryOptions struct {
	MaxRetries int           // retries after the first attempt; default 8
	MinWait    time.Duration // first backoff; default 1s
	MaxWait    time.Duration // cap of one backoff; default 60s
	Timeout    time.Duration // per attempt; default 60s
	// Log receives one line per retry (level "WARN"). It never sees headers.
	Log func(level, msg string)
	// Now is the clock used to turn X-RateLimit-Reset into a wait.
	Now func() time.Time
	// Wait, if set, is handed each retry's backoff.
	Wait WaitFunc
	// Governor, if set, paces every attempt and applies the timeout.
	Governor *Governor
	// MaxBodyBytes caps a response body; default DefaultMaxBodyBytes.
	MaxBodyBytes int64
}

// NewHTTPClient returns an *http.Client that retries connection errors,
// timeouts, 408, 409, 425, 429 and 5xx (but not 501), never a cancelled
// context. A 429 waits until X-RateLimit-Reset (Intercom's window end, unix
// seconds); anything else waits for its Retry-After, if any, or backs off
// exponentially with full jitter, capped at MaxWait.
func NewHTTPClient(o RetryOptions) *http.Client {
	if o.MaxRetries == 0 {
		o.MaxRetries = 8
	}
	if o.MinWait == 0 {
		o.MinWait = time.Second
	}
	if o.MaxWait == 0 {
		o.MaxWait = 60 * time.Second
	}
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	hc := cleanhttp.DefaultPooledClient()
	if t, ok := hc.Transport.(*http.Transport); ok {
		t.MaxIdleConnsPerHost = 64
	}
	// The per-attempt timeout is applied below http.Client (whose own
	// Timeout would wrap the body and hide that it was read and checked):
	// by the governor once a request leaves its queue, else by wholeBody.
	whole := wholeBody{base: hc.Transport, timeout: o.Timeout, limit: o.MaxBodyBytes}
	if o.Governor != nil {
		o.Governor.base = hc.Transport
		whole = wholeBody{base: o.Governor, limit: o.MaxBodyBytes}
	}
	hc.Transport = whole
	// Redirects come back to the client New wraps, whose policy keeps the
	// token on the API's origin; each hop is then retried and paced too.
	hc.CheckRedirect = stopRedirects
	rc := retryablehttp.NewClient()
	rc.HTTPClient = hc
	rc.Logger = nil
	rc.RetryMax = o.MaxRetries
	rc.RetryWaitMin, rc.RetryWaitMax = o.MinWait, o.MaxWait
	rc.CheckRetry = func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if ctx.Value(onceKey{}) != nil && (resp == nil || resp.StatusCode != http.StatusTooManyRequests) {
			return false, nil
		}
		if err == nil && ctx.Err() == nil && retriedStatus(resp.StatusCode) {
			return true, nil
		}
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.Backoff = func(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
		d := Backoff(min, max, attempt, resp, o.Now())
		if o.Log != nil {
			o.Log("WARN", retryLine(resp, attempt, d))
		}
		if o.Wait != nil {
			d = o.Wait(d)
		}
		return d
	}
	return rc.StandardClient()
}

// wholeBody reads each answer within its attempt, so that a body cut off
// midway, or a 2xx that is not JSON (a proxy's page), fails the attempt and
// is retried like a lost connection. A body over the limit is not kept: the
// answer passes through marked too large, for the client to refuse.
type wholeBody struct {
	base    http.RoundTripper
	timeout time.Duration // per attempt, if not applied below
	limit   int64
}

func (t wholeBody) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.timeout > 0 {
		ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
		defer cancel()
		req = req.WithContext(ctx)
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := readCapped(resp.Body, resp.ContentLength, t.limit)
	resp.Body.Close()
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		resp.Body = readBody{Reader: bytes.NewReader(nil), tooLarge: true}
		return resp, nil
	case err != nil:
		return nil, fmt.Errorf("read response body: %w", err)
	case resp.StatusCode/100 == 2 && !json.Valid(body):
		return nil, fmt.Errorf("HTTP %d with a body that is not JSON: %s", resp.StatusCode, snippet(body))
	}
	resp.Body = readBody{Reader: bytes.NewReader(body), data: body, json: resp.StatusCode/100 == 2}
	return resp, nil
}

// readBody is an answer wholeBody read whole; json means it was checked to
// be JSON, so the client neither copies nor validates it again; tooLarge
// means it was over the limit and dropped.
type readBody struct {
	*bytes.Reader
	data     []byte
	json     bool
	tooLarge bool
}

func (readBody) Close() error { return nil }

// retriedStatus are the 4xx answers worth retrying: a proxy's timeout
// (408), a conflict with a concurrent change (409), too early (425).
func retriedStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusConflict, http.StatusTooEarly:
		return true
	}
	return false
}

// onceKey marks a request that must not be repeated blindly (a scroll page:
// Intercom may have served it though its answer was lost). Only a 429,
// refused before it was served, is retried.
type onceKey struct{}

func sendOnce(ctx context.Context) context.Context { return context.WithValue(ctx, onceKey{}, true) }

// tooManyFloor is the shortest wait after a 429: the default 8 retries
// then outlast a whole rate-limit window, whatever the reset header says
// (a 429 burst of several seconds, from another app sharing the budget).
const tooManyFloor = RateWindow / 8

// Backoff is the wait before retry number attempt+1. On 429 it honours
// Intercom's X-RateLimit-Reset (or Retry-After), at least tooManyFloor; a
// Retry-After (seconds or HTTP-date) is honoured on any other answer too;
// otherwise it is capped exponential with full jitter. No wait exceeds max.
func Backoff(min, max time.Duration, attempt int, resp *http.Response, now time.Time) time.Duration {
	sent := sentAt(resp, now)
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		d, ok := resetIn(resp.Header, sent, now)
		if !ok {
			d, ok = retryAfter(resp.Header, sent, now)
		}
		if !ok {
			d = RateWindow
		}
		// A margin so the retry lands in the new window.
		return min2(max2(d+100*time.Millisecond, tooManyFloor), max)
	}
	if resp != nil {
		if d, ok := retryAfter(resp.Header, sent, now); ok {
			return min2(max2(d, min), max)
		}
	}
	ceil := min << min2(uint(attempt), 20)
	if ceil <= 0 || ceil > max {
		ceil = max
	}
	return min/2 + rand.N(ceil-min/2+1)
}

func retryLine(resp *http.Response, attempt int, d time.Duration) string {
	what := "connection error or timeout"
	path := ""
	if resp != nil {
		what = "HTTP " + strconv.Itoa(resp.StatusCode)
		if resp.Request != nil {
			path = resp.Request.Method + " " + resp.Request.URL.Path + " "
		}
	}
	return fmt.Sprintf("%sgot %s; retry %d in %s", path, what, attempt+1, d.Round(time.Millisecond))
}

func min2[T int64 | uint | time.Duration](a, b T) T {
	if a < b {
		return a
	}
	return b
}

func max2(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}
