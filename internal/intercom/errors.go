package intercom

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// APIError is a non-2xx answer of the API, parsed from Intercom's error.list
// when the body is one.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Code       string // first error's code, e.g. "unauthorized"
	Message    string // first error's message
	RequestID  string
	Errors     []ErrorItem
}

// ErrorItem is one entry of an error.list.
type ErrorItem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request_id %s)", e.RequestID)
	}
	return b.String()
}

// Unauthorized reports a bad or revoked token (401).
func (e *APIError) Unauthorized() bool { return e.StatusCode == http.StatusUnauthorized }

// Forbidden reports a token lacking a permission (403).
func (e *APIError) Forbidden() bool { return e.StatusCode == http.StatusForbidden }

// Temporary reports an error worth retrying later: rate limits, server
// errors and the 4xx a retry may clear (408, 409, 425).
func (e *APIError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || retriedStatus(e.StatusCode) || (e.StatusCode >= 500 && e.StatusCode != http.StatusNotImplemented)
}

func parseAPIError(method, path string, resp *http.Response, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id")}
	var el struct {
		Type      string      `json:"type"`
		RequestID string      `json:"request_id"`
		Errors    []ErrorItem `json:"errors"`
	}
	if json.Unmarshal(body, &el) == nil && el.Type == "error.list" && len(el.Errors) > 0 {
		e.Errors = el.Errors
		e.Code, e.Message = snippet([]byte(el.Errors[0].Code)), snippet([]byte(el.Errors[0].Message))
		if el.RequestID != "" {
			e.RequestID = el.RequestID
		}
		return e
	}
	e.Message = snippet(body)
	return e
}

// snippet keeps an unparseable body short and printable in an error message.
func snippet(b []byte) string {
	const max = 200
	s := strings.TrimSpace(string(b))
	if !utf8.ValidString(s) {
		return fmt.Sprintf("(%d bytes of non-text body)", len(b))
	}
	if len(s) > max {
		s = s[:max] + "..."
	}
	return s
}

// ErrBodyTooLarge is an answer refused for its size, to keep memory bounded.
var ErrBodyTooLarge = errors.New("response body too large")

// RequestError is a request that got no HTTP answer (network, timeout,
// cancellation, oversized body) even after the HTTP client's retries.
type RequestError struct {
	Method string
	Path   string
	Err    error
}

func (e *RequestError) Error() string { return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err) }
func (e *RequestError) Unwrap() error { return e.Err }

// DecodeError is a 2xx answer whose body is not what the API describes.
type DecodeError struct {
	Path string
	Err  error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: unexpected response body: %v", e.Path, e.Err)
}
func (e *DecodeError) Unwrap() error { return e.Err }
