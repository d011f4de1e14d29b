package fakeintercom

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const testToken = "fake-token"

// newFakeClock returns a manual clock at a fixed instant after the data.
func newFakeClock() *Clock {
	return NewClock(time.Date(2026, 3, 2, 10, 0, 3, 0, time.UTC))
}

// call sends one request straight to the handler; header pairs follow the
// target. A valid bearer token is added unless an Authorization pair is given.
func call(t *testing.T, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// get is call for an authorized GET that must succeed.
func get(t *testing.T, h http.Handler, target string) map[string]any {
	t.Helper()
	rec := call(t, h, http.MethodGet, target)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", target, rec.Code, rec.Body)
	}
	return decode(t, rec)
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("decode %q: %v", rec.Body, err)
	}
	return out
}

// items returns the array under key of a decoded body as objects.
func items(t *testing.T, body map[string]any, key string) []map[string]any {
	t.Helper()
	raw, ok := body[key].([]any)
	if !ok {
		t.Fatalf("body has no array %q: %v", key, body)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i] = x.(map[string]any)
	}
	return out
}

// wantError checks an Intercom error.list response.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) map[string]any {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	body := decode(t, rec)
	errs := items(t, body, "errors")
	if body["type"] != "error.list" || len(errs) != 1 || errs[0]["code"] != code {
		t.Fatalf("body = %s, want one %q error", rec.Body, code)
	}
	if id := rec.Header().Get("X-Request-Id"); id == "" || body["request_id"] != id {
		t.Fatalf("request_id %v does not match X-Request-Id %q", body["request_id"], id)
	}
	return body
}

// postJSON sends an authorized POST with a JSON body.
func postJSON(t *testing.T, h http.Handler, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	return postJSONAs(t, h, target, body, testToken)
}

// postJSONAs is postJSON with another bearer token.
func postJSONAs(t *testing.T, h http.Handler, target, body, token string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// search is postJSON for a search that must succeed.
func search(t *testing.T, h http.Handler, target, body string) map[string]any {
	t.Helper()
	rec := postJSON(t, h, target, body)
	if rec.Code != http.StatusOK {
		t.Fatalf("POST %s %s: status %d, body %s", target, body, rec.Code, rec.Body)
	}
	return decode(t, rec)
}

// searchBody builds a search request body.
func searchBody(query any, sortField, order string, perPage int, after string) string {
	body := map[string]any{"query": query}
	if sortField != "" || order != "" {
		body["sort"] = map[string]any{"field": sortField, "order": order}
	}
	p := map[string]any{}
	if perPage > 0 {
		p["per_page"] = perPage
	}
	if after != "" {
		p["starting_after"] = after
	}
	if len(p) > 0 {
		body["pagination"] = p
	}
	raw, _ := json.Marshal(body)
	return string(raw)
}

// filterQ is one search filter.
func filterQ(field, op string, value any) map[string]any {
	return map[string]any{"field": field, "operator": op, "value": value}
}

// groupQ is an AND or OR group of filters.
func groupQ(op string, filters ...any) map[string]any {
	return map[string]any{"operator": op, "value": filters}
}

// searchPages follows starting_after to the end and returns every record
// and the pages objects seen.
func searchPages(t *testing.T, h http.Handler, target, key string, query any, sortField, order string, perPage int) ([]map[string]any, []map[string]any) {
	t.Helper()
	var got, pages []map[string]any
	after := ""
	for range 10_000 {
		body := search(t, h, target, searchBody(query, sortField, order, perPage, after))
		got = append(got, items(t, body, key)...)
		p := body["pages"].(map[string]any)
		pages = append(pages, p)
		next, ok := p["next"].(map[string]any)
		if !ok {
			return got, pages
		}
		after = next["starting_after"].(string)
	}
	t.Fatal("search did not end")
	return nil, nil
}

func ids(rs []map[string]any) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r["id"].(string)
	}
	return out
}

// everything is a query matching every record.
func everything() map[string]any { return filterQ("id", "!=", "none") }
