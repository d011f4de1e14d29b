package fakeintercom

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// fieldTypes are the JSON types of the fields whose type differs between
// the 2.11 and 2.16 descriptions (components ticket, admin, contact).
var fieldTypes = []struct {
	path, stream, key, field string
	v211, v216               string
}{
	{"/tickets/search", "tickets", "tickets", "ticket_state", "string", "object"},
	{"/tickets/search", "tickets", "tickets", "admin_assignee_id", "string", "number"},
	{"/tickets/search", "tickets", "tickets", "team_assignee_id", "string", "number"},
	{"/tickets/search", "tickets", "tickets", "ticket_state_internal_label", "string", "absent"},
	{"/admins?display_avatar=true", "admins", "admins", "avatar", "object", "string"},
	{"/contacts/search", "contacts", "data", "owner_id", "number", "string"},
	{"/articles?per_page=150", "articles", "data", "parent_type", "string", "absent"},
}

func TestVersionShapesOfResolutionStates(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 7, Size: Small, Token: testToken})
	allowed := map[string][]string{
		"2.11": {"assumed_resolution", "confirmed_resolution", "routed_to_team", "abandoned"},
		"2.16": {"assumed_resolution", "confirmed_resolution", "escalated", "negative_feedback", "procedure_handoff"},
	}
	for v, states := range allowed {
		seen := 0
		for _, c := range items(t, fetchAs(t, s, "/conversations/search", v), "conversations") {
			ai, _ := c["ai_agent"].(map[string]any)
			if st, ok := ai["resolution_state"].(string); ok {
				seen++
				if !slices.Contains(states, st) {
					t.Errorf("%s: resolution_state %q is not one of %v", v, st, states)
				}
			}
		}
		if seen == 0 {
			t.Errorf("%s: no conversation with a resolution_state", v)
		}
	}
}

func TestVersionShapes(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 7, Size: Tiny, Token: testToken})
	for _, version := range []string{"2.11", "2.16", "2.9", "2.14", ""} {
		old := shapes211(version)
		for _, ft := range fieldTypes {
			want := ft.v216
			if old {
				want = ft.v211
			}
			seen := map[string]int{}
			for _, r := range items(t, fetchAs(t, s, ft.path, version), ft.key) {
				seen[jsonType(r, ft.field)]++
			}
			if seen[want] == 0 || len(seen) > 1+boolInt(seen["null"] > 0) {
				t.Errorf("version %q %s.%s: types %v, want %s (or null)", version, ft.stream, ft.field, seen, want)
			}
		}
	}
}

func TestVersionShapesKeepStoredRecords(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 7, Size: Tiny, Token: testToken})
	fetchAs(t, s, "/tickets/search", "2.11")
	for _, r := range s.Records("tickets") {
		if _, ok := r["ticket_state"].(map[string]any); !ok {
			t.Fatalf("a 2.11 request changed the stored ticket: %v", r["ticket_state"])
		}
	}
}

func fetchAs(t *testing.T, h http.Handler, path, version string) map[string]any {
	t.Helper()
	method, body := http.MethodGet, ""
	if strings.HasSuffix(path, "/search") {
		method, body = http.MethodPost, searchBody(everything(), "updated_at", "ascending", 150, "")
	}
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	if version != "" {
		req.Header.Set("Intercom-Version", version)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
	return decode(t, rec)
}

func jsonType(r map[string]any, field string) string {
	v, ok := r[field]
	if !ok {
		return "absent"
	}
	b, _ := json.Marshal(v)
	switch b[0] {
	case '{':
		return "object"
	case '"':
		return "string"
	case 'n':
		return "null"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	}
	return "number"
}
