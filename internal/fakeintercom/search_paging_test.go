package fakeintercom

import (
	"cmp"
	"slices"
	"testing"
)

// TestSearchPagesCoverEveryRecordInOrder walks starting_after cursors over
// records with many shared updated_at seconds.
func TestSearchPagesCoverEveryRecordInOrder(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 9})
	for _, tc := range []struct{ path, key, stream string }{
		{"/contacts/search", "data", "contacts"},
		{"/conversations/search", "conversations", "conversations"},
		{"/tickets/search", "tickets", "tickets"},
	} {
		for _, order := range []string{"ascending", "descending"} {
			got, pages := searchPages(t, s, tc.path, tc.key, everything(), "updated_at", order, 7)
			want := s.Records(tc.stream)
			slices.SortStableFunc(want, func(a, b map[string]any) int {
				c := cmp.Compare(asInt(a["updated_at"]), asInt(b["updated_at"]))
				if c == 0 {
					c = compareIDs(a["id"], b["id"])
				}
				if order == "descending" {
					return -c
				}
				return c
			})
			wantSameRecords(t, tc.stream+" "+order, got, want)
			totalPages := float64((len(want) + 6) / 7)
			for i, p := range pages {
				if p["page"] != float64(i+1) || p["total_pages"] != totalPages || p["per_page"] != 7.0 || p["type"] != "pages" {
					t.Fatalf("%s page %d: pages = %v", tc.stream, i+1, p)
				}
			}
		}
	}
}

func TestSearchDefaults(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 9})
	for path, want := range map[string]int{"/contacts/search": 50, "/conversations/search": 20, "/tickets/search": 20} {
		body := search(t, s, path, searchBody(everything(), "", "", 0, ""))
		p := body["pages"].(map[string]any)
		if p["per_page"] != float64(want) || p["page"] != 1.0 {
			t.Errorf("%s: pages %v, want per_page %d", path, p, want)
		}
		next := p["next"].(map[string]any)
		if next["per_page"] != float64(want) || next["starting_after"] == "" {
			t.Errorf("%s: next = %v", path, next)
		}
	}
	got, _ := searchPages(t, s, "/contacts/search", "data", everything(), "", "", 150)
	for i := 1; i < len(got); i++ {
		a, b := asFloat(got[i-1]["created_at"]), asFloat(got[i]["created_at"])
		if a < b || a == b && compareIDs(got[i-1]["id"], got[i]["id"]) < 0 {
			t.Fatalf("default order is not created_at descending at %d", i)
		}
	}
	last := search(t, s, "/tickets/search", searchBody(filterQ("id", "=", "nope"), "", "", 0, ""))
	if p := last["pages"].(map[string]any); p["next"] != nil || p["total_pages"] != 0.0 || last["total_count"] != 0.0 || len(items(t, last, "tickets")) != 0 {
		t.Errorf("empty result = %v", last)
	}
}

// TestSearchPaginationIsLive updates records between two page requests of
// a search sorted by updated_at ascending: one already returned comes
// back at the end, one not yet returned moves to the end and still comes
// once.
func TestSearchPaginationIsLive(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 9, Clock: clk.Now})
	first := search(t, s, "/contacts/search", searchBody(everything(), "updated_at", "ascending", 20, ""))
	page := items(t, first, "data")
	seen, unseen := page[3]["id"].(string), ""
	for _, c := range s.Records("contacts") {
		if !containsID(page, c["id"].(string)) {
			unseen = c["id"].(string)
			break
		}
	}
	for _, id := range []string{seen, unseen} {
		if err := s.Update("contacts", id, nil); err != nil {
			t.Fatal(err)
		}
	}
	got := page
	after := first["pages"].(map[string]any)["next"].(map[string]any)["starting_after"].(string)
	for after != "" {
		body := search(t, s, "/contacts/search", searchBody(everything(), "updated_at", "ascending", 20, after))
		got = append(got, items(t, body, "data")...)
		after = ""
		if next, ok := body["pages"].(map[string]any)["next"].(map[string]any); ok {
			after = next["starting_after"].(string)
		}
	}
	count := map[string]int{}
	for _, c := range got {
		count[c["id"].(string)]++
	}
	n := len(got)
	if count[seen] != 2 || count[unseen] != 1 || n != len(s.Records("contacts"))+1 {
		t.Fatalf("seen %d times, unseen %d times, %d records in all", count[seen], count[unseen], n)
	}
	tail := ids(got[n-2:])
	slices.Sort(tail)
	want := []string{seen, unseen}
	slices.Sort(want)
	if !slices.Equal(tail, want) {
		t.Errorf("last two records %v, want the updated ones %v", tail, want)
	}
}

func asFloat(v any) float64 {
	f, _ := number(v)
	return f
}
