package fakeintercom

import (
	"context"
	"net/http"
	"sync"
)

// requestIDKey carries the request id from the outermost middleware to
// every error body, because Intercom echoes it in each error.list.
type requestIDKey struct{}

func withRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey{}).(string)
	return id
}

// writeJSON writes v with Intercom's content type. HTML in message bodies
// is sent as is, as Intercom sends it, not escaped as \u003c.
func writeJSON(w http.ResponseWriter, status int, v any) {
	bp := bodyPool.Get().(*[]byte)
	defer bodyPool.Put(bp)
	body, err := appendJSON((*bp)[:0], v)
	*bp = body
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"type":"error.list","errors":[{"code":"server_error","message":"encoding failed"}]}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// bodyPool holds the buffers answers are encoded into.
var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// apiError is one entry of an Intercom error.list.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type errorList struct {
	Type      string     `json:"type"`
	RequestID string     `json:"request_id"`
	Errors    []apiError `json:"errors"`
}

// writeError answers with Intercom's error.list envelope.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	writeJSON(w, status, errorList{
		Type:      "error.list",
		RequestID: requestID(r),
		Errors:    []apiError{{Code: code, Message: message}},
	})
}

func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, http.StatusNotFound, "not_found", "Resource Not Found")
}

func badParameter(w http.ResponseWriter, r *http.Request, message string) {
	writeError(w, r, http.StatusBadRequest, "parameter_invalid", message)
}
