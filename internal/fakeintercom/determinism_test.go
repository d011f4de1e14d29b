package fakeintercom

import (
	"bytes"
	"net/http"
	"testing"
)

func TestSameSeedSameBytes(t *testing.T) {
	t.Parallel()
	a, b := New(Options{Seed: 42, Size: Small}), New(Options{Seed: 42, Size: Small})
	for _, path := range append(endpointPaths(), "/me", "/admins?display_avatar=true", "/segments?include_count=true",
		"/calls?page=2", "/content_snippets?page=2", "/admins/activity_log_event_types") {
		x, y := call(t, a, http.MethodGet, path), call(t, b, http.MethodGet, path)
		if !bytes.Equal(x.Body.Bytes(), y.Body.Bytes()) {
			t.Errorf("%s differs between servers with the same seed", path)
		}
		if x.Header().Get("X-Request-Id") != y.Header().Get("X-Request-Id") {
			t.Errorf("%s: request ids differ for the same seed", path)
		}
	}
}

func TestSameSeedSameCustomers(t *testing.T) {
	t.Parallel()
	a, b := New(Options{Seed: 42}), New(Options{Seed: 42})
	for _, stream := range []string{"contacts", "companies", "company_segments", "conversations",
		"conversation_parts", "tickets", "activity_logs", "deleted_conversations",
		"contact_notes", "contact_segments", "contact_subscriptions", "company_contacts"} {
		if !sameJSON(t, a.Records(stream), b.Records(stream)) {
			t.Errorf("%s differs between servers with the same seed", stream)
		}
	}
	body := searchBody(everything(), "updated_at", "ascending", 25, "")
	for _, path := range []string{"/contacts/search", "/conversations/search", "/tickets/search"} {
		if !bytes.Equal(postJSON(t, a, path, body).Body.Bytes(), postJSON(t, b, path, body).Body.Bytes()) {
			t.Errorf("%s differs between servers with the same seed", path)
		}
	}
	if !bytes.Equal(call(t, a, http.MethodGet, "/companies/scroll").Body.Bytes(), call(t, b, http.MethodGet, "/companies/scroll").Body.Bytes()) {
		t.Error("scroll differs between servers with the same seed")
	}
}

func TestDifferentSeedDifferentData(t *testing.T) {
	t.Parallel()
	a, b := New(Options{Seed: 1}), New(Options{Seed: 2})
	for _, path := range []string{"/me", "/admins", "/tags", "/articles", "/news/news_items", "/macros", "/calls", "/ai/external_pages"} {
		if bytes.Equal(call(t, a, http.MethodGet, path).Body.Bytes(), call(t, b, http.MethodGet, path).Body.Bytes()) {
			t.Errorf("%s is identical for seeds 1 and 2", path)
		}
	}
}

func TestRecordsIsACopy(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	rs := s.Records("articles")
	rs[0]["title"] = "changed"
	rs[0]["tags"].(map[string]any)["type"] = "changed"
	again := s.Records("articles")
	if again[0]["title"] == "changed" || again[0]["tags"].(map[string]any)["type"] == "changed" {
		t.Fatal("mutating Records output changed the server's data")
	}
	if s.Records("nope") != nil {
		t.Error("unknown stream returned records")
	}
}

func endpointPaths() []string {
	var out []string
	for _, tc := range endpointCases() {
		out = append(out, tc.path)
	}
	return out
}
