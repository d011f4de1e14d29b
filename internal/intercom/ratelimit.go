package intercom

import (
	"net/http"
	"strconv"
	"time"
)

// RateWindow is the length of Intercom's rate-limit window: a per-minute
// limit is enforced over 10-second windows. It is also the wait assumed
// when the server's reset time cannot be believed.
const RateWindow = 10 * time.Second

const (
	// maxResetAhead is the furthest ahead a believable X-RateLimit-Reset
	// lies: a per-minute window at most.
	maxResetAhead = time.Minute
	// skewTolerance is how far the local clock may be from the server's
	// Date before waits are counted from the server's clock instead, and
	// how far in the past a reset may lie (a window that just ended).
	skewTolerance = 2 * time.Second
)

// resetIn reads how long until the rate-limit window resets, from
// X-RateLimit-Reset (unix seconds). It counts from the local clock, or
// from the server's Date when the two disagree (clock skew). A reset that
// cannot be a window's end (in milliseconds, long past, far ahead: a
// gateway's own convention or a wrong clock) means one window's length, so
// a wait is never endless nor zero. ok is false without the header.
func resetIn(h http.Header, sent, now time.Time) (d time.Duration, ok bool) {
	sec, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		return 0, false
	}
	return untilServerTime(h, sent, now, time.Unix(sec, 0)), true
}

// serverNow is the time of an answer, now, on the server's clock. The
// answer's Date (whole seconds) was stamped while its request was in
// flight, between sent and now: when the clocks agree it lies there, give
// or take skewTolerance, however slow the answer was. Outside, the clocks
// disagree, and the server's time is its Date.
func serverNow(h http.Header, sent, now time.Time) time.Time {
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return now
	}
	if date.Before(sent.Add(-time.Second-skewTolerance)) || date.After(now.Add(skewTolerance)) {
		return date
	}
	return now
}

// sentKey carries, in the context of a request the governor sent, when it
// was sent: an answer's Date is judged against the request's lifetime.
type sentKey struct{}

// sentAt is when resp's request was sent, or now if that is not known.
func sentAt(resp *http.Response, now time.Time) time.Time {
	if resp != nil && resp.Request != nil {
		if t, ok := resp.Request.Context().Value(sentKey{}).(time.Time); ok {
			return t
		}
	}
	return now
}

// untilServerTime is how long until t on the server's clock, bounded to
// [0, maxResetAhead]; an implausible t gives RateWindow.
func untilServerTime(h http.Header, sent, now, t time.Time) time.Duration {
	d := t.Sub(serverNow(h, sent, now))
	switch {
	case d < -skewTolerance || d > maxResetAhead:
		return RateWindow
	case d < 0:
		return 0
	}
	return d
}

// retryAfter reads Retry-After in either form, seconds or an HTTP-date.
func retryAfter(h http.Header, sent, now time.Time) (time.Duration, bool) {
	s := h.Get("Retry-After")
	if s == "" {
		return 0, false
	}
	if sec, err := strconv.Atoi(s); err == nil && sec >= 0 {
		return min(time.Duration(sec)*time.Second, maxResetAhead), true
	}
	if t, err := http.ParseTime(s); err == nil {
		return untilServerTime(h, sent, now, t), true
	}
	return 0, false
}
