package fakeintercom

import (
	"net/http"
	"slices"
	"testing"
)

// TestNestedListsShowTenAndLinkTheRest checks the contact record's tags,
// companies and notes against the full lists behind their urls.
func TestNestedListsShowTenAndLinkTheRest(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 6})
	overflow := map[string]bool{}
	for _, c := range s.Records("contacts") {
		id := c["id"].(string)
		for _, list := range []string{"tags", "companies", "notes"} {
			nested := c[list].(map[string]any)
			all := s.NestedIDs(id, list)
			shown := items(t, nested, "data")
			if nested["total_count"] != len(all) || nested["has_more"] != (len(all) > 10) ||
				nested["url"] != "/contacts/"+id+"/"+list || len(shown) != min(10, len(all)) {
				t.Fatalf("contact %s %s: %v for %d items", id, list, nested, len(all))
			}
			if !slices.Equal(ids(shown), all[:len(shown)]) {
				t.Fatalf("contact %s %s: shown %v are not the first of %v", id, list, ids(shown), all)
			}
			if len(all) > 10 {
				overflow[list] = true
				wantSameIDs(t, list, fetchNested(t, s, id, list), all)
			}
		}
	}
	if len(overflow) != 3 {
		t.Errorf("lists with more than ten items: %v, want tags, companies and notes", overflow)
	}
}

// fetchNested reads a contact's full list from its endpoint, following
// next links.
func fetchNested(t *testing.T, s *Server, id, list string) []string {
	t.Helper()
	target := "/contacts/" + id + "/" + list
	if list != "tags" {
		target += "?per_page=4"
	}
	var out []string
	for target != "" {
		body := get(t, s, target)
		out = append(out, ids(items(t, body, "data"))...)
		target = ""
		if p, ok := body["pages"].(map[string]any); ok && p["next"] != nil {
			target = p["next"].(string)[len("http://example.com"):]
		}
	}
	return out
}

func wantSameIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func TestSingleContact(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 6})
	c := s.Records("contacts")[7]
	got := get(t, s, "/contacts/"+c["id"].(string))
	if _, ok := got["enabled_push_messaging"]; !ok {
		t.Error("no enabled_push_messaging")
	}
	delete(got, "enabled_push_messaging")
	if !sameJSON(t, got, c) {
		t.Error("GET /contacts/{id} differs from the searched record")
	}
	for _, sub := range []string{"", "/tags", "/companies", "/notes"} {
		wantError(t, call(t, s, http.MethodGet, "/contacts/000000000000000000000000"+sub), http.StatusNotFound, "not_found")
	}
}

func TestCompanyEndpoints(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 6})
	byCompany := map[any][]map[string]any{}
	for _, seg := range s.Records("company_segments") {
		byCompany[seg["company_id"]] = append(byCompany[seg["company_id"]], seg)
	}
	withSegments := 0
	for _, c := range s.Records("companies") {
		id := c["id"].(string)
		if !sameJSON(t, get(t, s, "/companies/"+id), c) {
			t.Fatalf("GET /companies/%s differs from Records", id)
		}
		body := get(t, s, "/companies/"+id+"/segments")
		segs := items(t, body, "data")
		want := byCompany[id]
		for _, w := range want {
			delete(w, "company_id")
		}
		if body["type"] != "list" || len(segs) != len(want) || len(want) > 0 && !sameJSON(t, segs, want) {
			t.Fatalf("company %s segments = %v, want %v", id, segs, want)
		}
		if len(segs) > 0 {
			withSegments++
		}
	}
	if withSegments == 0 {
		t.Error("no company has segments")
	}
	for _, p := range []string{"/companies/nope", "/companies/nope/segments"} {
		wantError(t, call(t, s, http.MethodGet, p), http.StatusNotFound, "company_not_found")
	}
	if !slices.IsSortedFunc(s.Records("companies"), func(a, b map[string]any) int { return compareIDs(a["id"], b["id"]) }) {
		t.Error("companies are not in scroll (id) order")
	}
}
