package fakeintercom

import (
	"net/http"
	"strings"
	"testing"
)

// TestSearchRejects covers the documented limits of the query language and
// the operator rules of each search endpoint.
func TestSearchRejects(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	f := filterQ("role", "=", "user")
	sixteen := make([]any, 16)
	for i := range sixteen {
		sixteen[i] = f
	}
	for _, tc := range []struct {
		name, path, body, code string
	}{
		{"three levels of groups", "/contacts/search", searchBody(groupQ("AND", groupQ("OR", groupQ("AND", f))), "", "", 0, ""), "invalid_query"},
		{"sixteen filters in a group", "/contacts/search", searchBody(groupQ("AND", sixteen...), "", "", 0, ""), "invalid_query"},
		{"empty group", "/contacts/search", searchBody(groupQ("OR"), "", "", 0, ""), "invalid_query"},
		{"a group mixing filters and groups", "/contacts/search", searchBody(groupQ("AND", groupQ("OR", f, f), f), "", "", 0, ""), "invalid_query"},
		{"group operator", "/contacts/search", searchBody(groupQ("XOR", f), "", "", 0, ""), "invalid_query"},
		{"unknown field", "/contacts/search", searchBody(filterQ("shoe_size", "=", "9"), "", "", 0, ""), "invalid_query"},
		{"unknown operator", "/contacts/search", searchBody(filterQ("name", "==", "x"), "", "", 0, ""), "invalid_query"},
		{"> on a string", "/contacts/search", searchBody(filterQ("email", ">", "a"), "", "", 0, ""), "invalid_query"},
		{"~ on a boolean", "/contacts/search", searchBody(filterQ("has_hard_bounced", "~", "t"), "", "", 0, ""), "invalid_query"},
		{"IN on tag_id", "/contacts/search", searchBody(filterQ("tag_id", "IN", []any{"1"}), "", "", 0, ""), "invalid_query"},
		{">= on a contact date", "/contacts/search", searchBody(filterQ("updated_at", ">=", 1767225600), "", "", 0, ""), "invalid_query"},
		{"<= on a contact date", "/contacts/search", searchBody(filterQ("created_at", "<=", 1767225600), "", "", 0, ""), "invalid_query"},
		{"!= on a contact date", "/contacts/search", searchBody(filterQ("last_seen_at", "!=", 1767225600), "", "", 0, ""), "invalid_query"},
		{"IN on a contact date", "/contacts/search", searchBody(filterQ("signed_up_at", "IN", []any{1767225600}), "", "", 0, ""), "invalid_query"},
		{"NIN on a contact date", "/contacts/search", searchBody(filterQ("updated_at", "NIN", []any{1767225600}), "", "", 0, ""), "invalid_query"},
		{"text for a date", "/contacts/search", searchBody(filterQ("created_at", ">", "foobar"), "", "", 0, ""), "invalid_query"},
		{"list for =", "/contacts/search", searchBody(filterQ("role", "=", []any{"user"}), "", "", 0, ""), "invalid_query"},
		{"scalar for IN", "/contacts/search", searchBody(filterQ("role", "IN", "user"), "", "", 0, ""), "invalid_query"},
		{">= on a conversation date", "/conversations/search", searchBody(filterQ("updated_at", ">=", 1), "", "", 0, ""), "invalid_query"},
		{"<= on a conversation integer", "/conversations/search", searchBody(filterQ("admin_assignee_id", "<=", 1), "", "", 0, ""), "invalid_query"},
		{">= on ticket updated_at", "/tickets/search", searchBody(filterQ("updated_at", ">=", 1), "", "", 0, ""), "invalid_query"},
		{"sort order desc", "/contacts/search", searchBody(f, "updated_at", "desc", 0, ""), "invalid_sort_order"},
		{"sort order on conversations", "/conversations/search", searchBody(everything(), "updated_at", "up", 0, ""), "invalid_sort_order"},
		{"sort by unknown field", "/contacts/search", searchBody(f, "shoe_size", "ascending", 0, ""), "parameter_invalid"},
		{"per_page above 150", "/contacts/search", searchBody(f, "", "", 151, ""), "parameter_invalid"},
		{"per_page above 150 on tickets", "/tickets/search", searchBody(everything(), "", "", 500, ""), "parameter_invalid"},
		{"negative per_page", "/conversations/search", `{"query":{"field":"id","operator":"=","value":"1"},"pagination":{"per_page":-1}}`, "parameter_invalid"},
		{"forged cursor", "/contacts/search", searchBody(f, "", "", 0, "bm90IGEgY3Vyc29y"), "parameter_invalid"},
		{"no query", "/contacts/search", `{"pagination":{"per_page":5}}`, "parameter_not_found"},
		{"not JSON", "/contacts/search", `query=role`, "parameter_invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, postJSON(t, s, tc.path, tc.body), http.StatusBadRequest, tc.code)
		})
	}
}

func TestSearchAccepts(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	f := filterQ("role", "=", "user")
	fifteen := make([]any, 15)
	for i := range fifteen {
		fifteen[i] = f
	}
	for _, tc := range []struct {
		name, path string
		query      any
	}{
		{"two levels of groups", "/contacts/search", groupQ("AND", groupQ("OR", f, f), groupQ("OR", f))},
		{"fifteen filters", "/contacts/search", groupQ("OR", fifteen...)},
		{">= on a contact integer", "/contacts/search", filterQ("custom_attributes.seats", ">=", 10)},
		{"date as a string", "/contacts/search", filterQ("created_at", ">", "1306054154")},
		{"tag_id !=", "/contacts/search", filterQ("tag_id", "!=", "1")},
		{"null", "/contacts/search", filterQ("phone", "=", nil)},
		{"!= on a conversation date", "/conversations/search", filterQ("updated_at", "!=", 1)},
		{"IN on a conversation date", "/conversations/search", filterQ("created_at", "IN", []any{1, 2})},
		{">= on ticket created_at", "/tickets/search", filterQ("created_at", ">=", 1)},
		{"<= on ticket created_at", "/tickets/search", filterQ("created_at", "<=", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			search(t, s, tc.path, searchBody(tc.query, "", "", 0, ""))
		})
	}
	body := search(t, s, "/contacts/search", searchBody(f, "updated_at", "ascending", 150, ""))
	if n := len(items(t, body, "data")); n != 150 {
		t.Errorf("per_page 150 returned %d contacts", n)
	}
}

// TestSearchFilters compares filtered results with the same filter
// applied to Records.
func TestSearchFilters(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3})
	contacts := s.Records("contacts")
	email := contacts[5]["email"].(string)
	for _, tc := range []struct {
		name  string
		query any
		keep  func(map[string]any) bool
	}{
		{"=", filterQ("role", "=", "lead"), func(c map[string]any) bool { return c["role"] == "lead" }},
		{"!=", filterQ("role", "!=", "lead"), func(c map[string]any) bool { return c["role"] != "lead" }},
		{"IN", filterQ("email", "IN", []any{email, "nobody@x.example"}), func(c map[string]any) bool { return c["email"] == email }},
		{"NIN", filterQ("browser", "NIN", []any{"chrome", "safari"}), func(c map[string]any) bool { return c["browser"] != "chrome" && c["browser"] != "safari" }},
		{"~", filterQ("email", "~", "GMAIL"), func(c map[string]any) bool { return strings.Contains(c["email"].(string), "gmail") }},
		{"!~", filterQ("email", "!~", "gmail"), func(c map[string]any) bool { return !strings.Contains(c["email"].(string), "gmail") }},
		{"^", filterQ("name", "^", "ben "), func(c map[string]any) bool { n, _ := c["name"].(string); return strings.HasPrefix(n, "Ben ") }},
		{"$", filterQ("email", "$", ".example"), func(c map[string]any) bool { return strings.HasSuffix(c["email"].(string), ".example") }},
		{"= null", filterQ("phone", "=", nil), func(c map[string]any) bool { return c["phone"] == nil }},
		{"boolean", filterQ("unsubscribed_from_emails", "=", true), func(c map[string]any) bool { return c["unsubscribed_from_emails"] == true }},
		{"integer >", filterQ("custom_attributes.seats", ">", 250), func(c map[string]any) bool {
			n, ok := c["custom_attributes"].(map[string]any)["seats"].(int64)
			return ok && n > 250
		}},
		{"AND of ORs", groupQ("AND", groupQ("OR", filterQ("role", "=", "user"), filterQ("phone", "=", nil)), groupQ("OR", filterQ("location.country", "=", "Ireland"))),
			func(c map[string]any) bool {
				return (c["role"] == "user" || c["phone"] == nil) && c["location"].(map[string]any)["country"] == "Ireland"
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := searchPages(t, s, "/contacts/search", "data", tc.query, "", "", 150)
			want := filter(contacts, tc.keep)
			if len(want) == 0 || len(want) == len(contacts) {
				t.Fatalf("filter keeps %d of %d contacts: not a useful case", len(want), len(contacts))
			}
			wantSameRecords(t, tc.name, got, want)
		})
	}
}

// TestSearchTagIDUsesTheFullList finds contacts by a tag that is not among
// the ten their record embeds.
func TestSearchTagIDUsesTheFullList(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	for _, c := range s.Records("contacts") {
		all := s.NestedIDs(c["id"].(string), "tags")
		if len(all) <= nestedCap {
			continue
		}
		hidden := all[len(all)-1]
		got, _ := searchPages(t, s, "/contacts/search", "data", filterQ("tag_id", "=", hidden), "", "", 150)
		if !containsID(got, c["id"].(string)) {
			t.Fatalf("tag_id = %s does not find contact %s", hidden, c["id"])
		}
		return
	}
	t.Fatal("no contact with more than ten tags")
}

func TestConversationAndTicketFilters(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 2})
	conv := s.Records("conversations")[3]
	contact := conv["contacts"].(map[string]any)["contacts"].([]any)[0].(map[string]any)["id"].(string)
	got, _ := searchPages(t, s, "/conversations/search", "conversations", filterQ("contact_ids", "=", contact), "", "", 150)
	if !containsID(got, conv["id"].(string)) {
		t.Errorf("contact_ids = %s misses conversation %s", contact, conv["id"])
	}
	word := strings.Fields(stripTags(conv["source"].(map[string]any)["body"].(string)))[1]
	got, _ = searchPages(t, s, "/conversations/search", "conversations", filterQ("source.body", "=", word), "", "", 150)
	if !containsID(got, conv["id"].(string)) {
		t.Errorf("source.body = %q misses conversation %s", word, conv["id"])
	}
	tickets, _ := searchPages(t, s, "/tickets/search", "tickets", filterQ("category", "=", "request"), "", "", 150)
	want := filter(s.Records("tickets"), func(r map[string]any) bool { return r["category"] == "Customer" })
	wantSameRecords(t, "tickets", tickets, want)
}

func containsID(rs []map[string]any, id string) bool {
	for _, r := range rs {
		if r["id"] == id {
			return true
		}
	}
	return false
}
