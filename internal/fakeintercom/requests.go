package fakeintercom

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Request is what the server saw of one incoming request, so tests can
// assert the exact calls a client made.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Body     []byte
	// Authorized is true when the bearer token was valid (full or limited).
	Authorized bool
	// Version is the Intercom-Version header as sent; empty if absent.
	Version string
	Accept  string
	// Status is the response status, 0 if the client gave up first.
	Status int
	// At is the server clock when the request arrived.
	At time.Time
}

// requestLog records requests in arrival order; entries are pointers so the
// status can be filled in when the response is written.
type requestLog struct {
	mu      sync.Mutex
	entries []*Request
}

func (l *requestLog) add(r *http.Request, at time.Time, authorized bool) *Request {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	e := &Request{
		Method:     r.Method,
		Path:       r.URL.Path,
		RawQuery:   r.URL.RawQuery,
		Body:       body,
		Authorized: authorized,
		Version:    r.Header.Get("Intercom-Version"),
		Accept:     r.Header.Get("Accept"),
		At:         at,
	}
	l.mu.Lock()
	l.entries = append(l.entries, e)
	l.mu.Unlock()
	return e
}

func (l *requestLog) setStatus(e *Request, status int) {
	l.mu.Lock()
	e.Status = status
	l.mu.Unlock()
}

func (l *requestLog) snapshot() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, len(l.entries))
	for i, e := range l.entries {
		out[i] = *e
		out[i].Body = slices.Clone(e.Body)
	}
	return out
}

func (l *requestLog) reset() {
	l.mu.Lock()
	l.entries = nil
	l.mu.Unlock()
}

// statusWriter remembers the status code for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
