package fakeintercom

import (
	"errors"
	"net/http"
	"testing"
)

func TestUpdateStampsTheClock(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 3, Clock: clk.Now})
	now := float64(clk.Now().Unix())
	for stream, key := range map[string]string{
		"contacts": "data", "conversations": "conversations", "tickets": "tickets", "companies": "",
	} {
		id := s.Records(stream)[4]["id"].(string)
		err := s.Update(stream, id, func(r map[string]any) { r["updated_at"] = int64(1); r["id"] = "hijacked" })
		if err != nil {
			t.Fatalf("%s: %v", stream, err)
		}
		var got map[string]any
		if key == "" {
			got = get(t, s, "/companies/"+id)
		} else {
			body := search(t, s, "/"+stream+"/search", searchBody(filterQ("id", "=", id), "", "", 0, ""))
			got = items(t, body, key)[0]
		}
		if got["updated_at"] != now || got["id"] != id {
			t.Errorf("%s: updated_at %v id %v after Update, want %v %s", stream, got["updated_at"], got["id"], now, id)
		}
	}
	if err := s.Update("contacts", "nope", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if err := s.Update("articles", "1", nil); err == nil {
		t.Error("updating articles succeeded")
	}
}

func TestUpdateChangesFields(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3, Clock: newFakeClock().Now})
	c := s.Records("contacts")[0]
	id := c["id"].(string)
	if err := s.Update("contacts", id, func(r map[string]any) { r["name"] = "Renamed Person" }); err != nil {
		t.Fatal(err)
	}
	got := items(t, search(t, s, "/contacts/search", searchBody(filterQ("name", "=", "Renamed Person"), "", "", 0, "")), "data")
	if len(got) != 1 || got[0]["id"] != id {
		t.Errorf("search by the new name found %v", ids(got))
	}
	if c["name"] == "Renamed Person" {
		t.Error("Update changed a record returned earlier")
	}
}

func TestCreate(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 3, Clock: clk.Now})
	now := clk.Now().Unix()
	for _, stream := range []string{"contacts", "companies", "conversations", "tickets"} {
		before := len(s.Records(stream))
		id, err := s.Create(stream)
		if err != nil {
			t.Fatalf("%s: %v", stream, err)
		}
		rs := s.Records(stream)
		if len(rs) != before+1 {
			t.Fatalf("%s: %d records after Create, want %d", stream, len(rs), before+1)
		}
		for _, r := range rs {
			if r["id"] == id && (asInt(r["created_at"]) != now || asInt(r["updated_at"]) != now) {
				t.Errorf("%s %s: created_at %v updated_at %v, want %d", stream, id, r["created_at"], r["updated_at"], now)
			}
		}
		if stream == "conversations" {
			body := get(t, s, "/conversations/"+id)
			parts := items(t, body["conversation_parts"].(map[string]any), "conversation_parts")
			if len(parts) == 0 || asFloat(parts[0]["created_at"]) != float64(now) {
				t.Errorf("new conversation parts = %v", parts)
			}
		}
	}
	id, _ := s.Create("contacts")
	if got := get(t, s, "/contacts/"+id+"/tags"); len(items(t, got, "data")) != 0 {
		t.Errorf("new contact has tags %v", got)
	}
	if _, err := s.Create("notes"); err == nil {
		t.Error("creating notes succeeded")
	}
}

func TestAddConversationPart(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 3, Clock: clk.Now})
	id := s.Records("conversations")[2]["id"].(string)
	total := s.PartsTotal(id)
	partID, err := s.AddConversationPart(id)
	if err != nil {
		t.Fatal(err)
	}
	body := get(t, s, "/conversations/"+id)
	parts := items(t, body["conversation_parts"].(map[string]any), "conversation_parts")
	last := parts[len(parts)-1]
	now := float64(clk.Now().Unix())
	if s.PartsTotal(id) != total+1 || last["id"] != partID || last["created_at"] != now || body["updated_at"] != now {
		t.Errorf("after AddConversationPart: total %d, last part %v, updated_at %v", s.PartsTotal(id), last, body["updated_at"])
	}
	if body["statistics"].(map[string]any)["count_conversation_parts"] != float64(total+1) {
		t.Error("statistics do not count the new part")
	}
	if _, err := s.AddConversationPart("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown conversation: %v", err)
	}
}

func TestDeleteConversation(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 3, Clock: clk.Now})
	id := s.Records("conversations")[0]["id"].(string)
	if err := s.DeleteConversation(id); err != nil {
		t.Fatal(err)
	}
	wantError(t, call(t, s, http.MethodGet, "/conversations/"+id), http.StatusNotFound, "not_found")
	if containsID(s.Records("conversations"), id) || s.PartsTotal(id) != 0 {
		t.Error("deleted conversation is still served")
	}
	first := items(t, get(t, s, "/conversations/deleted"), "conversations")[0]
	if first["id"] != id || first["deleted_at"] != float64(clk.Now().Unix()) {
		t.Errorf("newest deleted entry = %v", first)
	}
	if err := s.DeleteConversation(id); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestAddActivityLog(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 3, Clock: clk.Now})
	id := s.AddActivityLog()
	after := clk.Now().Unix() - 1
	got := items(t, get(t, s, "/admins/activity_logs?created_at_after="+idString(after)), "activity_logs")
	if len(got) != 1 || got[0]["id"] != id {
		t.Errorf("logs after the clock = %v, want only %s", ids(got), id)
	}
}

// TestMutationsDoNotDisturbAnOpenScroll: a scroll serves the snapshot
// taken when it opened.
func TestMutationsDoNotDisturbAnOpenScroll(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3, Clock: newFakeClock().Now})
	want := s.Records("companies")
	_, body := scrollPage(t, s, "")
	got := items(t, body, "data")
	if _, err := s.Create("companies"); err != nil {
		t.Fatal(err)
	}
	for param := body["scroll_param"].(string); ; {
		_, body = scrollPage(t, s, param)
		page := items(t, body, "data")
		if len(page) == 0 {
			break
		}
		got = append(got, page...)
	}
	wantSameRecords(t, "scroll", got, want)
}
