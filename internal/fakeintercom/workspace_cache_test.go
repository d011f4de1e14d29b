package fakeintercom

import (
	"testing"
	"time"
)

// Servers for one seed share a pristine workspace's records. A change in
// one must not show in another, and a clone must go on as a workspace
// built afresh does: the same ids and values for what is created later.
func TestClonedWorkspacesAreIndependent(t *testing.T) {
	t.Parallel()
	clk := NewClock(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	opts := Options{Seed: 77, Clock: clk.Now}.withDefaults()
	fresh := func() *Server { return newServer(opts, buildWorkspace(opts)) }
	built, cloned, other := fresh(), New(opts), New(opts)
	if cloned.ws.gen == other.ws.gen || cloned.ws.tables["contacts"] == other.ws.tables["contacts"] {
		t.Fatal("two servers share their workspace's containers")
	}
	for _, s := range []*Server{built, cloned} {
		changeEverything(t, s)
	}
	untouched := fresh()
	changed := 0
	for _, e := range endpoints() {
		if e.stream == "" {
			continue
		}
		if !sameJSON(t, cloned.view(e.stream), built.view(e.stream)) {
			t.Errorf("%s: a cloned workspace changed differs from a fresh one changed alike", e.stream)
		}
		if !sameJSON(t, other.view(e.stream), untouched.view(e.stream)) {
			t.Errorf("%s: another server's changes show in this one", e.stream)
		}
		if !sameJSON(t, cloned.view(e.stream), other.view(e.stream)) {
			changed++
		}
	}
	// Contacts, companies, conversations, parts, tickets, activity logs,
	// deleted conversations, notes, company contacts, attributes...
	if changed < 10 {
		t.Errorf("the changes reached only %d streams; the test proves little", changed)
	}
}

// view is what Records returns, uncopied.
func (s *Server) view(stream string) []record {
	v, _ := oracle(stream)
	return v(s)
}

// changeEverything calls every mutation the fake has, twice where a second
// call continues a sequence.
func changeEverything(t *testing.T, s *Server) {
	t.Helper()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	first := func(stream string, i int) string { return s.view(stream)[i]["id"].(string) }
	for range 2 {
		for _, stream := range []string{"contacts", "companies", "conversations", "tickets"} {
			must(s.Create(stream))
			must(nil, s.Update(stream, first(stream, 1), func(r map[string]any) { r["name"] = "changed" }))
		}
		must(s.AddConversationPart(first("conversations", 0)))
		must(s.AddContactNote(first("contacts", 0)))
		s.AddActivityLog()
	}
	must(nil, s.DeleteConversation(first("conversations", 2)))
	companies := s.view("companies")
	must(nil, s.AttachContact(first("contacts", 3), companies[len(companies)-1]["id"].(string)))
	for _, a := range [][2]string{{"contacts", "string"}, {"companies", "integer"}, {"conversations", "list"}, {"tickets", "boolean"}} {
		must(s.AddCustomAttribute(a[0], "added_"+a[1], a[1], 3))
	}
}
