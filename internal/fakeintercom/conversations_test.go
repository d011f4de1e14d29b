package fakeintercom

import (
	"net/http"
	"testing"
)

// TestConversationPartsCap checks that only the 500 most recent parts are
// returned while total_count stays the true total.
func TestConversationPartsCap(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 4})
	var big string
	for _, c := range s.Records("conversations") {
		if s.PartsTotal(c["id"].(string)) > maxParts {
			big = c["id"].(string)
		}
	}
	if big == "" {
		t.Fatal("no conversation has more than 500 parts")
	}
	body := get(t, s, "/conversations/"+big)
	list := body["conversation_parts"].(map[string]any)
	parts := items(t, list, "conversation_parts")
	total := s.PartsTotal(big)
	if len(parts) != maxParts || list["total_count"] != float64(total) || list["type"] != "conversation_part.list" {
		t.Fatalf("%d parts, total_count %v, want 500 of %d", len(parts), list["total_count"], total)
	}
	s.ws.mu.RLock()
	all := s.ws.parts[big]
	s.ws.mu.RUnlock()
	if parts[0]["id"] != all[total-maxParts]["id"] || parts[maxParts-1]["id"] != all[total-1]["id"] {
		t.Error("the returned parts are not the most recent ones, oldest first")
	}
}

// TestConversationTimesAreConsistent checks every conversation is at
// least as recent as its parts, and parts are in time order.
func TestConversationTimesAreConsistent(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 4})
	parts := map[any][]map[string]any{}
	for _, p := range s.Records("conversation_parts") {
		parts[p["conversation_id"]] = append(parts[p["conversation_id"]], p)
	}
	kinds := map[any]bool{}
	n := 0
	for _, c := range s.Records("conversations") {
		updated := asInt(c["updated_at"])
		ps := parts[c["id"]]
		n += min(maxParts, s.PartsTotal(c["id"].(string)))
		for i, p := range ps {
			kinds[p["part_type"]] = true
			if asInt(p["updated_at"]) > updated || asInt(p["created_at"]) < asInt(c["created_at"]) {
				t.Fatalf("conversation %v: part %v outside [created_at, updated_at]", c["id"], p["id"])
			}
			if i > 0 && asInt(p["created_at"]) < asInt(ps[i-1]["created_at"]) {
				t.Fatalf("conversation %v: parts out of order", c["id"])
			}
		}
		if asInt(c["statistics"].(map[string]any)["count_conversation_parts"]) == 0 && len(ps) > 0 {
			t.Errorf("conversation %v: statistics do not count its parts", c["id"])
		}
	}
	if len(parts) == 0 || n != len(s.Records("conversation_parts")) {
		t.Errorf("conversation_parts holds %d records, want %d", len(s.Records("conversation_parts")), n)
	}
	for _, k := range []string{"comment", "note", "assignment", "default_assignment", "close", "snoozed"} {
		if !kinds[k] {
			t.Errorf("no %s part", k)
		}
	}
}

func TestUnknownConversationIsNotFound(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 4})
	wantError(t, call(t, s, http.MethodGet, "/conversations/1"), http.StatusNotFound, "not_found")
}

func TestDeletedConversations(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 4})
	first := get(t, s, "/conversations/deleted")
	list := items(t, first, "conversations")
	pages := first["pages"].(map[string]any)
	if first["type"] != "conversations.list" || first["total_count"] != 30.0 || len(list) != 20 || pages["per_page"] != 20.0 {
		t.Fatalf("first page: type %v total %v, %d items, pages %v", first["type"], first["total_count"], len(list), pages)
	}
	if pages["next"] != "http://example.com/conversations/deleted?page=2&per_page=20" {
		t.Errorf("next = %v", pages["next"])
	}
	if last := get(t, s, "/conversations/deleted?page=2"); last["pages"].(map[string]any)["next"] != nil {
		t.Errorf("last page has next %v", last["pages"])
	}
	for _, tc := range []struct {
		query  string
		newest bool
	}{{"", true}, {"?order=desc&per_page=60", true}, {"?order=asc&per_page=60", false}} {
		got := items(t, get(t, s, "/conversations/deleted"+tc.query), "conversations")
		for i := 1; i < len(got); i++ {
			a, b := asFloat(got[i-1]["deleted_at"]), asFloat(got[i]["deleted_at"])
			if tc.newest && a < b || !tc.newest && a > b {
				t.Fatalf("%q: not ordered by deleted_at at %d", tc.query, i)
			}
		}
	}
	for _, q := range []string{"per_page=61", "per_page=0", "order=newest", "page=0"} {
		wantError(t, call(t, s, http.MethodGet, "/conversations/deleted?"+q), http.StatusBadRequest, "parameter_invalid")
	}
	live := map[string]bool{}
	for _, c := range s.Records("conversations") {
		live[c["id"].(string)] = true
	}
	for _, d := range s.Records("deleted_conversations") {
		if live[d["id"].(string)] {
			t.Errorf("deleted conversation %v is still listed", d["id"])
		}
	}
}
