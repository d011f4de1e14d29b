package intercom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// setup starts a test server with mux and returns a client on it that
// retries quickly.
func setup(t *testing.T, h http.HandlerFunc, opts ...Option) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	hc := NewHTTPClient(RetryOptions{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond, Timeout: 2 * time.Second})
	c, err := New("tok-secret", append([]Option{WithBaseURL(srv.URL), WithHTTPClient(hc)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func TestRequestHeaders(t *testing.T) {
	var got http.Header
	var path string
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		got, path = r.Header.Clone(), r.URL.RequestURI()
		fmt.Fprint(w, `{"type":"admin","id":"1","app":{"name":"Acme","timezone":"Europe/Dublin"}}`)
	})
	me, err := c.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.App.Name != "Acme" || me.App.Timezone != "Europe/Dublin" {
		t.Errorf("me = %+v", me)
	}
	want := map[string]string{"Authorization": "Bearer tok-secret", "Accept": "application/json", "Intercom-Version": "2.16"}
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("header %s = %q, want %q", k, got.Get(k), v)
		}
	}
	if path != "/me" {
		t.Errorf("path = %q", path)
	}
}

func TestWithVersionPinsTheHeader(t *testing.T) {
	var got string
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Intercom-Version")
		fmt.Fprint(w, `{"type":"admin","id":"1","app":{}}`)
	}, WithVersion("2.11"))
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got != "2.11" {
		t.Errorf("Intercom-Version = %q, want 2.11", got)
	}
}

func TestAPIErrorParsed(t *testing.T) {
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"type":"error.list","request_id":"req-1","errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}`)
	})
	_, err := c.Get(context.Background(), "/admins", nil)
	var api *APIError
	if !errors.As(err, &api) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if !api.Unauthorized() || api.Code != "unauthorized" || api.Message != "Access Token Invalid" || api.RequestID != "req-1" || api.Path != "/admins" {
		t.Errorf("api error = %+v", api)
	}
	if strings.Contains(err.Error(), "tok-secret") {
		t.Error("token leaked into error")
	}
}

func TestRetriesServerErrorsThenSucceeds(t *testing.T) {
	var n atomic.Int32
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			w.WriteHeader(503)
			return
		}
		fmt.Fprint(w, `{"type":"list","data":[{"id":"1"}]}`)
	})
	l, err := c.GetList(context.Background(), "/tags", nil, "data")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != 1 || n.Load() != 3 {
		t.Errorf("items %d after %d requests, want 1 after 3", len(l.Items), n.Load())
	}
}

func TestNoRetryOn501And400(t *testing.T) {
	for _, code := range []int{501, 400, 404} {
		var n atomic.Int32
		c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			w.WriteHeader(code)
		})
		_, err := c.Get(context.Background(), "/x", nil)
		var api *APIError
		if !errors.As(err, &api) || api.StatusCode != code {
			t.Errorf("%d: err = %v", code, err)
		}
		if n.Load() != 1 {
			t.Errorf("%d: %d requests, want 1", code, n.Load())
		}
	}
}

func TestRetriesGiveUpWithLastAnswer(t *testing.T) {
	var n atomic.Int32
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(502)
		fmt.Fprint(w, `{"type":"error.list","errors":[{"code":"server_error","message":"boom"}]}`)
	})
	_, err := c.Get(context.Background(), "/x", nil)
	var api *APIError
	if !errors.As(err, &api) || api.StatusCode != 502 || !api.Temporary() || api.Code != "server_error" {
		t.Fatalf("err = %v", err)
	}
	if n.Load() != 4 {
		t.Errorf("%d requests, want 1 + 3 retries", n.Load())
	}
}

func TestNoRetryAfterCancel(t *testing.T) {
	var n atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		cancel()
		w.WriteHeader(503)
	})
	_, err := c.Get(ctx, "/x", nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests after cancel, want 1", n.Load())
	}
}

func TestBackoffHonoursRateLimitReset(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	resp := &http.Response{StatusCode: 429, Header: http.Header{}}
	resp.Header.Set("X-RateLimit-Reset", fmt.Sprint(now.Unix()+7))
	d := Backoff(time.Second, time.Minute, 0, resp, now)
	if d < 7*time.Second || d > 8*time.Second {
		t.Errorf("wait = %s, want about 7s (until the window resets)", d)
	}
	// Without the header: exponential, capped.
	for attempt := range 30 {
		d := Backoff(time.Second, 10*time.Second, attempt, &http.Response{StatusCode: 503}, now)
		if d < 500*time.Millisecond || d > 10*time.Second {
			t.Fatalf("attempt %d: wait %s outside [0.5s, 10s]", attempt, d)
		}
	}
}

func TestRateLimitedRequestWaitsForReset(t *testing.T) {
	var n atomic.Int32
	var first time.Time
	var waited time.Duration
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			first = time.Now()
			w.Header().Set("X-RateLimit-Reset", fmt.Sprint(time.Now().Add(time.Second).Unix()))
			w.WriteHeader(429)
			fmt.Fprint(w, `{"type":"error.list","errors":[{"code":"rate_limit_exceeded"}]}`)
			return
		}
		waited = time.Since(first)
		fmt.Fprint(w, `{}`)
	})
	// MaxWait of the test client is 5ms, so the wait is capped: what matters
	// is that the 429 was retried and succeeded.
	if _, err := c.Get(context.Background(), "/x", nil); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 2 || waited <= 0 {
		t.Errorf("requests = %d", n.Load())
	}
}

func TestBodyCap(t *testing.T) {
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"data":"%s"}`, strings.Repeat("x", 2048))
	})
	c.maxBody = 1024
	_, err := c.Get(context.Background(), "/x", nil)
	if !errors.Is(err, ErrBodyTooLarge) || !strings.Contains(err.Error(), "1024 bytes") {
		t.Errorf("err = %v", err)
	}
}

func TestRefusesForeignNextLink(t *testing.T) {
	var hits atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer evil.Close()
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"type": "list", "data": []any{map[string]any{"id": "1"}}, "pages": map[string]any{"next": evil.URL + "/x"}})
	})
	var errs int
	for _, err := range c.NextLinks(context.Background(), "/x", nil, "data") {
		if err != nil {
			errs++
		}
	}
	if errs != 1 || hits.Load() != 0 {
		t.Errorf("errors = %d, foreign hits = %d; want the link refused", errs, hits.Load())
	}
}

func TestParseBaseURL(t *testing.T) {
	ok := []string{"https://api.intercom.io", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:80", "https://proxy.example.com/intercom"}
	for _, u := range ok {
		if _, err := ParseBaseURL(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	bad := []string{"http://api.intercom.io", "http://10.0.0.1", "ftp://x", "api.intercom.io", "https://x/?a=b", ""}
	for _, u := range bad {
		if _, err := ParseBaseURL(u); err == nil {
			t.Errorf("%s: accepted", u)
		}
	}
}

func TestBodyReadOnceAndValidatedOnce(t *testing.T) {
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"type":"list","data":[{"id":"1"}]}`)
	})
	r, err := c.do(context.Background(), http.MethodGet, "/x", nil, nil)
	if err != nil || !r.valid {
		t.Fatalf("through the retrying client: valid = %v, err %v; the body would be validated twice", r.valid, err)
	}
	plain, _ := New("tok", WithBaseURL(c.BaseURL()), WithHTTPClient(http.DefaultClient))
	r, err = plain.do(context.Background(), http.MethodGet, "/x", nil, nil)
	if err != nil || r.valid {
		t.Errorf("through a plain client: valid = %v, err %v; nothing checked it", r.valid, err)
	}
	if l, err := decodeResponse(r, "/x", "data"); err != nil || len(l.Items) != 1 {
		t.Errorf("decode: %v %v", l, err)
	}
}
