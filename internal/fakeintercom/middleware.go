package fakeintercom

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// tokenKind classifies the bearer token of a request.
type tokenKind int

const (
	tokenNone tokenKind = iota
	tokenFull
	tokenLimited
)

type tokenKindKey struct{}

// ServeHTTP runs the protocol checks in Intercom's order (authentication,
// version, rate limit) before routing, and records every request. Every
// response carries a Date header from the server's clock.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveOAuth(w, r) {
		return
	}
	defer s.faults.enter()()
	sw := &statusWriter{ResponseWriter: w}
	id := s.ids.uuid()
	sw.Header().Set("X-Request-Id", id)
	// The Date header follows the fake's clock, so clients learn the
	// server's time from it as they would from Intercom.
	sw.Header().Set("Date", s.opts.Clock().UTC().Format(http.TimeFormat))
	if s.faults.noDate(r) {
		sw.Header()["Date"] = nil // a nil value keeps net/http from adding its own
	}
	kind := s.tokenKind(r)
	r = r.WithContext(context.WithValue(withRequestID(r.Context(), id), tokenKindKey{}, kind))
	entry := s.log.add(r, s.opts.Clock(), kind != tokenNone)
	defer func() { s.log.setStatus(entry, sw.status) }()
	defer s.lat.enter()()
	if !sleep(r.Context(), s.lat.of(r, s.opts.Latency)) {
		return
	}
	if s.injectFault(sw, r) {
		return
	}
	if kind == tokenNone {
		writeError(sw, r, http.StatusUnauthorized, "unauthorized", "Access Token Invalid")
		return
	}
	if v := r.Header.Get("Intercom-Version"); v != "" && !knownVersion(v) {
		writeError(sw, r, http.StatusBadRequest, "intercom_version_invalid",
			"Intercom-Version header value "+strconv.Quote(v)+" is not a supported API version")
		return
	}
	if !s.admit(sw, r) {
		return
	}
	s.mux.ServeHTTP(sw, r)
	if f := s.served.Load(); f != nil {
		req := *entry
		req.Status = sw.status
		(*f)(req)
	}
}

// OnServed calls f after each request an endpoint has answered, before the
// response is complete: a test changes the workspace between two pages of
// a read this way. nil stops it.
func (s *Server) OnServed(f func(Request)) {
	if f == nil {
		s.served.Store(nil)
		return
	}
	s.served.Store(&f)
}

func (s *Server) tokenKind(r *http.Request) tokenKind {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "Bearer ") {
		return tokenNone
	}
	switch tok := strings.TrimSpace(h[7:]); {
	case tok == s.opts.Token:
		return tokenFull
	case tok != "" && tok == s.opts.LimitedToken:
		return tokenLimited
	}
	return tokenNone
}

// admit applies the rate limit, setting Intercom's headers either way.
func (s *Server) admit(w http.ResponseWriter, r *http.Request) bool {
	if s.limiter == nil {
		return true
	}
	d := s.limiter.take(s.opts.Clock())
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(d.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(d.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(d.reset, 10))
	if !d.allowed {
		writeError(w, r, http.StatusTooManyRequests, "rate_limit_exceeded",
			"Exceeded rate limit of "+strconv.Itoa(d.limit)+" in "+windowName(s.opts.RateWindow))
	}
	return d.allowed
}

// windowName spells a window the way Intercom's message does: "10_seconds".
func windowName(d time.Duration) string {
	return strconv.FormatInt(int64(d/time.Second), 10) + "_seconds"
}

// sleep waits d unless ctx ends first; it reports whether to go on.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// handle registers one endpoint, guarded by the scope a limited token needs.
func (s *Server) handle(pattern, scope string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		kind, _ := r.Context().Value(tokenKindKey{}).(tokenKind)
		if kind == tokenLimited && !hasScope(s.opts.LimitedScopes, scope) {
			writeError(w, r, http.StatusForbidden, "token_unauthorized", "Not authorized to access resource")
			return
		}
		h(w, r)
	})
}
