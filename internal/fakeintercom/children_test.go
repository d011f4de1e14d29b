package fakeintercom

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// byParent groups a per-parent oracle's records by their parent id field,
// which it removes, as the parent's endpoint serves them.
func byParent(rs []map[string]any, field string) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for _, r := range rs {
		id := r[field].(string)
		delete(r, field)
		out[id] = append(out[id], r)
	}
	return out
}

// pageThrough reads a page-numbered list whole, perPage at a time, and
// checks each page's numbers.
func pageThrough(t *testing.T, s *Server, path string, perPage int) []map[string]any {
	t.Helper()
	var out []map[string]any
	for page := 1; ; page++ {
		body := get(t, s, fmt.Sprintf("%s?page=%d&per_page=%d", path, page, perPage))
		out = append(out, items(t, body, "data")...)
		pages := body["pages"].(map[string]any)
		total := int(body["total_count"].(float64))
		if pages["page"] != float64(page) || pages["per_page"] != float64(perPage) || pages["total_pages"] != float64((total+perPage-1)/perPage) {
			t.Fatalf("%s page %d: pages %v for %d records", path, page, pages, total)
		}
		if page >= int(pages["total_pages"].(float64)) {
			if len(out) != total {
				t.Fatalf("%s: %d records over the pages, total_count %d", path, len(out), total)
			}
			return out
		}
	}
}

// TestContactListsServeTheirOracles: each contact's notes (paged), segments
// and subscription preferences are its records of contact_notes,
// contact_segments and contact_subscriptions; segments match the
// contact's role, subscriptions are workspace types; some contacts have
// each list and some have none.
func TestContactListsServeTheirOracles(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 6, Size: Tiny})
	notes := byParent(s.Records("contact_notes"), "contact_id")
	segs := byParent(s.Records("contact_segments"), "contact_id")
	subs := byParent(s.Records("contact_subscriptions"), "contact_id")
	personType := map[any]any{}
	for _, seg := range s.Records("segments") {
		personType[seg["id"]] = seg["person_type"]
	}
	types := map[any]map[string]any{}
	for _, st := range s.Records("subscription_types") {
		types[st["id"]] = st
	}
	have := map[string]int{}
	for _, c := range s.Records("contacts") {
		id := c["id"].(string)
		if got := pageThrough(t, s, "/contacts/"+id+"/notes", 2); !sameJSON(t, nonNilMaps(got), nonNilMaps(notes[id])) {
			t.Fatalf("contact %s: notes %v, want %v", id, ids(got), ids(notes[id]))
		}
		body := get(t, s, "/contacts/"+id+"/segments")
		got := items(t, body, "data")
		if body["type"] != "list" || !sameJSON(t, nonNilMaps(got), nonNilMaps(segs[id])) {
			t.Fatalf("contact %s: segments %v, want %v", id, ids(got), ids(segs[id]))
		}
		for _, seg := range got {
			if want := map[any]string{"user": "user", "lead": "contact"}[c["role"]]; personType[seg["id"]] != want || seg["count"] != nil {
				t.Errorf("contact %s (%v) is in segment %v of person_type %v, or it has a count", id, c["role"], seg["id"], personType[seg["id"]])
			}
		}
		body = get(t, s, "/contacts/"+id+"/subscriptions")
		got = items(t, body, "data")
		if body["type"] != "list" || !sameJSON(t, nonNilMaps(got), nonNilMaps(subs[id])) {
			t.Fatalf("contact %s: subscriptions %v, want %v", id, ids(got), ids(subs[id]))
		}
		for _, st := range got {
			if !sameJSON(t, st, types[st["id"]]) {
				t.Errorf("contact %s: subscription %v is not the workspace's type", id, st["id"])
			}
		}
		for list, n := range map[string]int{"notes": len(notes[id]), "segments": len(segs[id]), "subscriptions": len(subs[id])} {
			if n > 0 {
				have[list]++
			}
		}
	}
	contacts := len(s.Records("contacts"))
	for _, list := range []string{"notes", "segments", "subscriptions"} {
		if have[list] == 0 || have[list] == contacts {
			t.Errorf("%d of %d contacts have %s, want some but not all", have[list], contacts, list)
		}
	}
	for _, sub := range []string{"/segments", "/subscriptions"} {
		wantError(t, call(t, s, http.MethodGet, "/contacts/000000000000000000000000"+sub), http.StatusNotFound, "not_found")
	}
}

func nonNilMaps(rs []map[string]any) []map[string]any {
	if rs == nil {
		return []map[string]any{}
	}
	return rs
}

// TestCompanyContactsServeTheirOracle: a company's contacts, paged by
// number without next, are the contacts whose full companies list holds
// it, as search returns them; their count is the company's user_count.
func TestCompanyContactsServeTheirOracle(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 6, Size: Tiny})
	want := byParent(s.Records("company_contacts"), "company_id")
	contacts := map[string]map[string]any{}
	for _, c := range s.Records("contacts") {
		contacts[c["id"].(string)] = c
	}
	many := 0
	for _, co := range s.Records("companies") {
		id := co["id"].(string)
		got := pageThrough(t, s, "/companies/"+id+"/contacts", 3)
		if !sameJSON(t, nonNilMaps(got), nonNilMaps(want[id])) {
			t.Fatalf("company %s: contacts %v, want %v", id, ids(got), ids(want[id]))
		}
		for _, c := range got {
			if !slices.Contains(s.NestedIDs(c["id"].(string), "companies"), id) || !sameJSON(t, c, contacts[c["id"].(string)]) {
				t.Errorf("company %s lists contact %v, which is not attached to it or differs from search", id, c["id"])
			}
		}
		if asInt(co["user_count"]) != int64(len(got)) {
			t.Errorf("company %s: user_count %v, %d contacts", id, co["user_count"], len(got))
		}
		if len(got) > 3 {
			many++
		}
		if _, ok := get(t, s, "/companies/"+id+"/contacts")["pages"].(map[string]any)["next"]; ok {
			t.Errorf("company %s: pages carry a next, which the description's example lacks", id)
		}
	}
	if many == 0 {
		t.Error("no company has more contacts than a page of 3")
	}
	attached := 0
	for id := range contacts {
		attached += len(s.NestedIDs(id, "companies"))
	}
	if n := len(s.Records("company_contacts")); n != attached {
		t.Errorf("company_contacts holds %d records, contacts are attached %d times", n, attached)
	}
	wantError(t, call(t, s, http.MethodGet, "/companies/nope/contacts"), http.StatusNotFound, "company_not_found")
	wantError(t, call(t, s, http.MethodGet, "/companies/nope/contacts?per_page=151"), http.StatusNotFound, "company_not_found")
	co := s.Records("companies")[0]["id"].(string)
	wantError(t, call(t, s, http.MethodGet, "/companies/"+co+"/contacts?per_page=0"), http.StatusBadRequest, "parameter_invalid")
}

// TestCompanyContactsFollowTheVersion: with Intercom-Version 2.11 a
// company's contacts come in 2.11 shapes (owner_id an integer), as search
// serves them.
func TestCompanyContactsFollowTheVersion(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 6, Size: Tiny})
	for _, cc := range s.Records("company_contacts") {
		if cc["owner_id"] == nil {
			continue
		}
		rec := call(t, s, http.MethodGet, "/companies/"+cc["company_id"].(string)+"/contacts?per_page=150", "Intercom-Version", "2.11")
		for _, c := range items(t, decode(t, rec), "data") {
			if _, isString := c["owner_id"].(string); isString {
				t.Fatalf("2.11: contact %v has owner_id %q, want an integer", c["id"], c["owner_id"])
			}
		}
		return
	}
	t.Fatal("no attached contact has an owner")
}

func TestAddContactNote(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 3, Size: Tiny, Clock: clk.Now})
	c := s.Records("contacts")[5]
	id := c["id"].(string)
	before := len(s.NestedIDs(id, "notes"))
	noteID, err := s.AddContactNote(id)
	if err != nil {
		t.Fatal(err)
	}
	notes := items(t, get(t, s, "/contacts/"+id+"/notes"), "data")
	now := float64(clk.Now().Unix())
	if len(notes) != before+1 || notes[0]["id"] != noteID || notes[0]["created_at"] != now || notes[0]["body"] == "" {
		t.Fatalf("notes after adding %s: %v", noteID, notes)
	}
	got := get(t, s, "/contacts/"+id)
	if got["updated_at"] != now || got["notes"].(map[string]any)["total_count"] != float64(before+1) {
		t.Errorf("contact after a new note: updated_at %v, notes %v", got["updated_at"], got["notes"])
	}
	if asInt(c["notes"].(map[string]any)["total_count"]) != int64(before) {
		t.Error("AddContactNote changed a record returned earlier")
	}
	if _, err := s.AddContactNote("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown contact: %v", err)
	}
}

func TestAttachContact(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 3, Size: Tiny, Clock: clk.Now})
	co := s.Records("companies")[0]
	coID := co["id"].(string)
	var contactID string
	for _, c := range s.Records("contacts") {
		if !slices.Contains(s.NestedIDs(c["id"].(string), "companies"), coID) {
			contactID = c["id"].(string)
			break
		}
	}
	before := items(t, get(t, s, "/companies/"+coID+"/contacts?per_page=150"), "data")
	for range 2 {
		if err := s.AttachContact(contactID, coID); err != nil {
			t.Fatal(err)
		}
	}
	after := items(t, get(t, s, "/companies/"+coID+"/contacts?per_page=150"), "data")
	if len(after) != len(before)+1 || after[len(after)-1]["id"] != contactID {
		t.Fatalf("company contacts %v after attaching %s (before %v)", ids(after), contactID, ids(before))
	}
	if after[len(after)-1]["updated_at"] != float64(clk.Now().Unix()) || !slices.Contains(s.NestedIDs(contactID, "companies"), coID) {
		t.Errorf("the attached contact: updated_at %v, companies %v", after[len(after)-1]["updated_at"], s.NestedIDs(contactID, "companies"))
	}
	got := get(t, s, "/companies/"+coID)
	if got["user_count"] != float64(asInt(co["user_count"])+1) || got["updated_at"] != float64(asInt(co["updated_at"])) {
		t.Errorf("company after attaching: user_count %v (was %v), updated_at %v (was %v)", got["user_count"], co["user_count"], got["updated_at"], co["updated_at"])
	}
	if err := s.AttachContact(contactID, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown company: %v", err)
	}
	if err := s.AttachContact("nope", coID); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown contact: %v", err)
	}
}

// TestContactSearchBySegment: searching contacts by segment_id finds the
// contacts whose segments list holds it.
func TestContactSearchBySegment(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 6, Size: Tiny})
	members := map[string][]string{}
	for _, r := range s.Records("contact_segments") {
		members[r["id"].(string)] = append(members[r["id"].(string)], r["contact_id"].(string))
	}
	if len(members) == 0 {
		t.Fatal("no contact is in a segment")
	}
	for seg, want := range members {
		body := search(t, s, "/contacts/search", searchBody(filterQ("segment_id", "=", seg), "", "", 150, ""))
		got := ids(items(t, body, "data"))
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("segment %s: search finds %v, its members are %v", seg, got, want)
		}
	}
}
