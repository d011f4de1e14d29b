package fakeintercom

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Fault is a failure the server injects into an answer, to test what a
// client promises when the network or Intercom misbehave.
type Fault string

// Faults the server can inject. Unless a fault says otherwise the request
// never reaches the API: nothing it would have changed (a scroll's
// position) changes.
const (
	// ServerError answers 500 or 503 with Intercom's error.list, or 502 or
	// 504 with a gateway's HTML page; Faults.Status picks one.
	ServerError Fault = "server_error"
	// TooManyRequests answers 429 with rate-limit headers whose window
	// resets after Faults.RetryAfter.
	TooManyRequests Fault = "too_many_requests"
	// ConnectionReset drops the connection without an answer (TCP RST).
	ConnectionReset Fault = "connection_reset"
	// TruncatedBody serves the request, then sends the first half of the
	// body, announced at full length, and closes the connection: the API
	// did the work (a scroll moved on) and the client lost the answer.
	TruncatedBody Fault = "truncated_body"
	// NonJSONBody answers 200 with an HTML page, as a broken proxy does.
	NonJSONBody Fault = "non_json_body"
	// SlowResponse serves the request after Faults.Delay; a client that
	// gives up first leaves it unserved.
	SlowResponse Fault = "slow_response"
	// HugeBody answers 200 with a JSON list of Faults.HugeBytes, streamed
	// until the client hangs up.
	HugeBody Fault = "huge_body"
	// ScrollHeld answers the opening request of a scroll 400
	// scroll_exists, as if another client of the app held the scroll.
	ScrollHeld Fault = "scroll_held"
	// ScrollExpired lets the open scroll expire just before a request for
	// its next page, which then answers 404 as for any expired param.
	ScrollExpired Fault = "scroll_expired"
	// ScrollFailed ends the open scroll with a 500 on a request for its
	// next page, as Intercom does after an internal error mid-scroll.
	ScrollFailed Fault = "scroll_failed"
	// EchoAuthorization answers 400 with an error message quoting the
	// request's Authorization header, as some servers and proxies do.
	EchoAuthorization Fault = "echo_authorization"
	// IgnorePaging serves a request as if it asked for the first page: page
	// and starting_after (query or search body) are dropped, and a scroll
	// serves its last page again, as a server or proxy that ignores paging
	// does. It applies to GET and search requests.
	IgnorePaging Fault = "ignore_paging"
	// Redirect answers 307 to the same path and query on
	// Faults.RedirectTo, as a load balancer or proxy may.
	Redirect Fault = "redirect"
)

// Faults configures fault injection; the zero value injects nothing.
type Faults struct {
	// Rate is the chance that a matching request starts a fault; 1 makes
	// a fault that never clears.
	Rate float64
	// Kinds are drawn uniformly among those that apply to the request
	// (scroll faults apply only to scroll requests); empty means
	// ServerError.
	Kinds []Fault
	// Match selects the requests faults may hit; nil means all. See
	// PathPrefix.
	Match func(*http.Request) bool
	// Burst is how many matching requests in a row a fault lasts once it
	// starts (a 5xx burst, a 429 storm); 0 means one.
	Burst int
	// Max stops injection after this many faults; 0 means no limit.
	Max int
	// Seed seeds the draws: a given sequence of requests meets the same
	// faults on every run.
	Seed uint64
	// Status is the ServerError status; 0 draws one of 500, 502, 503, 504.
	Status int
	// Delay is how long SlowResponse waits; default 2s.
	Delay time.Duration
	// RetryAfter is when TooManyRequests says the window resets; default 1s.
	RetryAfter time.Duration
	// HugeBytes is the size of a HugeBody; default 1 GiB.
	HugeBytes int64
	// ResetAs is how TooManyRequests states when its window resets; the
	// zero value says it as Intercom does.
	ResetAs ResetStyle
	// RedirectTo is the scheme://host[:port] a Redirect points at.
	RedirectTo string
	// NoDate strips the Date header from every answer to a matching
	// request, faulty or not, as some proxies do; Rate does not apply.
	NoDate bool
}

// ResetStyle is a way a server or gateway may state a rate-limit reset.
type ResetStyle string

const (
	// ResetMillis sends X-RateLimit-Reset in unix milliseconds.
	ResetMillis ResetStyle = "millis"
	// ResetPast sends an X-RateLimit-Reset 5 minutes in the past (a
	// server clock behind, a Date header stripped).
	ResetPast ResetStyle = "past"
	// ResetFarAhead sends an X-RateLimit-Reset 5 minutes ahead.
	ResetFarAhead ResetStyle = "far_ahead"
	// ResetRetryAfterDate sends no X-RateLimit-Reset but a Retry-After
	// HTTP-date, on 429 and on a ServerError 503 alike.
	ResetRetryAfterDate ResetStyle = "retry_after_date"
)

// PathPrefix matches requests whose path starts with one of prefixes.
func PathPrefix(prefixes ...string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(r.URL.Path, p) })
	}
}

// FaultCounts counts injected faults by kind.
type FaultCounts map[Fault]int

// Total is the number of faults injected.
func (c FaultCounts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

func (c FaultCounts) String() string {
	kinds := make([]string, 0, len(c))
	for k := range c {
		kinds = append(kinds, string(k))
	}
	slices.Sort(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, c[Fault(k)])
	}
	return fmt.Sprintf("%d faults (%s)", c.Total(), strings.Join(parts, ", "))
}

// faultInjector holds the current Faults, their draws and what was injected.
type faultInjector struct {
	mu       sync.Mutex
	cfg      Faults
	rng      *rand.Rand
	burst    int   // requests left in the current burst
	kind     Fault // kind of the current burst
	injected int   // under cfg, for Max
	counts   FaultCounts
	inflight atomic.Int64
}

// SetFaults replaces the fault configuration; Faults{} turns injection off.
// Counts of injected faults are kept.
func (s *Server) SetFaults(f Faults) {
	fi := &s.faults
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if len(f.Kinds) == 0 {
		f.Kinds = []Fault{ServerError}
	}
	if f.Delay <= 0 {
		f.Delay = 2 * time.Second
	}
	if f.RetryAfter <= 0 {
		f.RetryAfter = time.Second
	}
	if f.HugeBytes <= 0 {
		f.HugeBytes = 1 << 30
	}
	fi.cfg, fi.rng = f, rand.New(rand.NewPCG(f.Seed, 0x1badf00d))
	fi.burst, fi.injected = 0, 0
}

// FaultsInjected returns how many faults of each kind the server has
// injected since it started.
func (s *Server) FaultsInjected() FaultCounts {
	fi := &s.faults
	fi.mu.Lock()
	defer fi.mu.Unlock()
	out := FaultCounts{}
	for k, v := range fi.counts {
		out[k] = v
	}
	return out
}

// WaitIdle waits until no request is being served, at most timeout, and
// reports whether it got there. After a client is killed, the requests it
// left in flight may still be changing state (opening a scroll).
func (s *Server) WaitIdle(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for s.faults.inflight.Load() > 0 {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// enter counts a request in flight until the returned func runs.
func (fi *faultInjector) enter() func() {
	fi.inflight.Add(1)
	return func() { fi.inflight.Add(-1) }
}

// noDate reports whether the answer to r goes without a Date header.
func (fi *faultInjector) noDate(r *http.Request) bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.cfg.NoDate && (fi.cfg.Match == nil || fi.cfg.Match(r))
}

// draw decides whether r gets a fault, and which.
func (fi *faultInjector) draw(r *http.Request) (Fault, Faults, bool) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	cfg := fi.cfg
	if cfg.Rate <= 0 || (cfg.Match != nil && !cfg.Match(r)) || (cfg.Max > 0 && fi.injected >= cfg.Max) {
		return "", cfg, false
	}
	var kind Fault
	if fi.burst > 0 && applies(fi.kind, r) {
		fi.burst--
		kind = fi.kind
	} else {
		if fi.rng.Float64() >= cfg.Rate {
			return "", cfg, false
		}
		var ok []Fault
		for _, k := range cfg.Kinds {
			if applies(k, r) {
				ok = append(ok, k)
			}
		}
		if len(ok) == 0 {
			return "", cfg, false
		}
		kind = ok[fi.rng.IntN(len(ok))]
		fi.kind, fi.burst = kind, max(cfg.Burst-1, 0)
	}
	fi.injected++
	if fi.counts == nil {
		fi.counts = FaultCounts{}
	}
	fi.counts[kind]++
	if kind == ServerError && cfg.Status == 0 {
		cfg.Status = []int{500, 502, 503, 504}[fi.rng.IntN(4)]
	}
	return kind, cfg, true
}

// applies reports whether kind can hit r: scroll faults need a scroll
// request of the right sort.
func applies(kind Fault, r *http.Request) bool {
	scroll := r.URL.Path == "/companies/scroll"
	next := r.URL.Query().Get("scroll_param") != ""
	switch kind {
	case ScrollHeld:
		return scroll && !next
	case ScrollExpired, ScrollFailed:
		return scroll && next
	}
	return true
}

// injectFault applies a drawn fault to r. It reports whether the answer
// is complete; if not, serving goes on (possibly through a writer that
// will cut the answer short).
func (s *Server) injectFault(sw *statusWriter, r *http.Request) bool {
	kind, cfg, ok := s.faults.draw(r)
	if !ok {
		return false
	}
	switch kind {
	case ServerError:
		if cfg.ResetAs == ResetRetryAfterDate && cfg.Status == http.StatusServiceUnavailable {
			sw.Header().Set("Retry-After", s.opts.Clock().Add(cfg.RetryAfter).UTC().Format(http.TimeFormat))
		}
		serverError(sw, r, cfg.Status)
	case TooManyRequests:
		s.tooManyRequests(sw, r, cfg.RetryAfter, cfg.ResetAs)
	case ConnectionReset:
		resetConnection(sw)
	case TruncatedBody:
		sw.ResponseWriter = &cutShort{ResponseWriter: sw.ResponseWriter}
		return false
	case NonJSONBody:
		sw.Header().Set("Content-Type", "text/html; charset=utf-8")
		sw.WriteHeader(http.StatusOK)
		_, _ = sw.Write([]byte("<!DOCTYPE html>\n<html><head><title>Service update</title></head><body><h1>We'll be right back</h1></body></html>\n"))
	case SlowResponse:
		return !sleep(r.Context(), cfg.Delay)
	case HugeBody:
		hugeBody(sw, cfg.HugeBytes)
	case Redirect:
		http.Redirect(sw, r, cfg.RedirectTo+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	case IgnorePaging:
		s.ignorePaging(r)
		return false
	case EchoAuthorization:
		writeError(sw, r, http.StatusBadRequest, "header_invalid", "Unexpected Authorization header: "+r.Header.Get("Authorization"))
	default:
		return s.scrollFault(sw, r, kind)
	}
	return true
}

func serverError(w http.ResponseWriter, r *http.Request, status int) {
	switch status {
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center></body></html>\n",
			status, http.StatusText(status), status, http.StatusText(status))
	case http.StatusServiceUnavailable:
		writeError(w, r, status, "service_unavailable", "Sorry, the API service is temporarily unavailable")
	default:
		writeError(w, r, status, "server_error", "Server Error")
	}
}

func (s *Server) tooManyRequests(w http.ResponseWriter, r *http.Request, after time.Duration, style ResetStyle) {
	limit := 1000
	if s.limiter != nil {
		limit = s.limiter.limit
	}
	now := s.opts.Clock()
	reset := now.Add(after)
	h := w.Header()
	h.Set("X-RateLimit-Limit", fmt.Sprint(limit))
	h.Set("X-RateLimit-Remaining", "0")
	sec := func(t time.Time) string {
		return fmt.Sprint((t.UnixNano() + int64(time.Second) - 1) / int64(time.Second))
	}
	switch style {
	case ResetMillis:
		h.Set("X-RateLimit-Reset", fmt.Sprint(reset.UnixMilli()))
	case ResetPast:
		h.Set("X-RateLimit-Reset", sec(now.Add(-5*time.Minute)))
	case ResetFarAhead:
		h.Set("X-RateLimit-Reset", sec(now.Add(5*time.Minute)))
	case ResetRetryAfterDate:
		h.Set("Retry-After", reset.UTC().Format(http.TimeFormat))
	default:
		h.Set("X-RateLimit-Reset", sec(reset))
	}
	writeError(w, r, http.StatusTooManyRequests, "rate_limit_exceeded",
		fmt.Sprintf("Exceeded rate limit of %d in %s", limit, windowName(s.opts.RateWindow)))
}
