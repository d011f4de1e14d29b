package integration_tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// allStreams is every stream the connector declares.
func allStreams() []string {
	var names []string
	for _, s := range streams.All() {
		names = append(names, s.Name)
	}
	return names
}

// incrementalStreams are the streams that support incremental sync.
func incrementalStreams() []string {
	var names []string
	for _, s := range streams.All() {
		if s.Cursor != "" {
			names = append(names, s.Name)
		}
	}
	return names
}

// newClock is a fake's clock (which tests may set back, to stamp a change
// in a second the connector already passed) stopped at unix second t.
func newClock(t int64) *fakeintercom.Clock { return fakeintercom.NewClock(unix(t)) }

// unix is the time at unix second t, in UTC.
func unix(t int64) time.Time { return time.Unix(t, 0).UTC() }

func num(v any) int64 {
	switch n := v.(type) {
	case float64:
		return int64(n)
	case int64:
		return n
	case int:
		return int64(n)
	case json.Number:
		i, _ := n.Int64()
		return i
	}
	return 0
}
func str(v any) string { s, _ := v.(string); return s }

// idString reads an id written as a string or, like conversation_parts'
// conversation_id, as a JSON integer.
func idString(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return str(v)
}
func cursorOf(st map[string]any) int64 {
	return num(st["stream"].(map[string]any)["stream_state"].(map[string]any)["updated_at"])
}

// latestData is the newest updated_at in the fake's seeded workspace.
func latestData(srv *fakeintercom.Server) int64 {
	var latest int64
	for _, name := range []string{"contacts", "companies", "conversations", "tickets"} {
		for _, r := range srv.Records(name) {
			latest = max(latest, num(r["updated_at"]))
		}
	}
	return latest
}

// lastStates turns a run's final STATE per stream into a state file.
func lastStates(runs ...run) []any {
	last := map[string]any{}
	var order []string
	for _, r := range runs {
		for _, m := range r.ofType("STATE") {
			st := m["state"].(map[string]any)
			name := st["stream"].(map[string]any)["stream_descriptor"].(map[string]any)["name"].(string)
			if _, ok := last[name]; !ok {
				order = append(order, name)
			}
			last[name] = map[string]any{"type": "STREAM", "stream": st["stream"]}
		}
	}
	var out []any
	for _, n := range order {
		out = append(out, last[n])
	}
	return out
}

func TestFullReadOfEveryStreamEmitsExactlyTheFakesRecords(t *testing.T) {
	t.Parallel()
	w := readWhole(t, "2.16")
	srv, r := w.srv, w.run
	recs := r.records()
	for _, name := range allStreams() {
		s, _ := streams.Lookup(name)
		want, got := keys(srv.Records(name), s.PrimaryKey), keys(recs[name], s.PrimaryKey)
		if len(want) == 0 {
			t.Errorf("%s: the fake has no records", name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: emitted %d keys, want %d; first difference near %v", name, len(got), len(want), firstDiff(got, want))
		}
		if st := r.statuses()[name]; !slices.Equal(st, []string{"STARTED", "RUNNING", "COMPLETE"}) {
			t.Errorf("%s: statuses %v", name, st)
		}
	}
	// Contacts carry their whole nested lists, not the first 10.
	completed := 0
	for _, c := range recs["contacts"] {
		for _, list := range []string{"tags", "companies", "notes"} {
			nested, _ := c[list].(map[string]any)
			var ids []string
			for _, it := range nested["data"].([]any) {
				ids = append(ids, str(it.(map[string]any)["id"]))
			}
			want := srv.NestedIDs(str(c["id"]), list)
			slices.Sort(ids)
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Fatalf("contact %s %s: %d ids, want %d", c["id"], list, len(ids), len(want))
			}
			if len(want) > 10 {
				completed++
			}
		}
	}
	if completed == 0 {
		t.Error("no contact had a nested list over 10 items; the completion is untested")
	}
	// The 500-part cap is reported.
	warned := false
	for _, m := range r.ofType("LOG") {
		l := m["log"].(map[string]any)
		warned = warned || (l["level"] == "WARN" && strings.Contains(str(l["message"]), "500 most recent"))
	}
	if !warned {
		t.Error("no WARN about a conversation over 500 parts")
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("%q vs %q", a[i], b[i])
		}
	}
	return "the end"
}

func TestIncrementalReadCatchesEveryChange(t *testing.T) {
	t.Parallel()
	probe := fakeintercom.New(fakeintercom.Options{Seed: 5, Size: fakeintercom.Tiny})
	t0 := latestData(probe) + 3600
	clk := newClock(t0)
	srv, url := fake(t, fakeintercom.Options{Seed: 5, Size: fakeintercom.Tiny, Clock: clk.Now})
	files := map[string]any{"config": config(url, nil), "catalog": catalog("incremental", incrementalStreams()...)}
	first := connector(t, files, "read")
	if first.code != 0 {
		t.Fatalf("first read: exit %d %v", first.code, first.errors())
	}
	states := lastStates(first)
	stateOf := func(stream string) int64 {
		for _, s := range states {
			st := s.(map[string]any)
			if st["stream"].(map[string]any)["stream_descriptor"].(map[string]any)["name"] == stream {
				return cursorOf(map[string]any{"stream": st["stream"]})
			}
		}
		t.Fatalf("no state for %s", stream)
		return 0
	}
	for _, s := range incrementalStreams() {
		if len(first.states()[s]) == 0 {
			t.Errorf("%s: no state after the first read", s)
		}
	}

	// Changes a careless connector misses:
	// a contact updated later on the day of the contacts cursor (contact
	// search matches dates by whole day),
	contactCursor := stateOf("contacts")
	clk.Set(unix(contactCursor + 60))
	contacts := srv.Records("contacts")
	lateContact := str(contacts[len(contacts)/2]["id"])
	if err := srv.Update("contacts", lateContact, func(map[string]any) {}); err != nil {
		t.Fatal(err)
	}
	// a conversation updated in the very second of the conversations cursor,
	convCursor := stateOf("conversations")
	clk.Set(unix(convCursor))
	convs := srv.Records("conversations")
	sameSecond := str(convs[len(convs)/3]["id"])
	if err := srv.Update("conversations", sameSecond, func(map[string]any) {}); err != nil {
		t.Fatal(err)
	}
	// and, an hour after the first read, a new ticket, a new part, a
	// deleted conversation, a changed company, a new activity log and a
	// new note on a contact.
	clk.Set(unix(t0 + 3600))
	newTicket, err := srv.Create("tickets")
	if err != nil {
		t.Fatal(err)
	}
	partConv := str(convs[1]["id"])
	newPart, err := srv.AddConversationPart(partConv)
	if err != nil {
		t.Fatal(err)
	}
	deleted := str(convs[2]["id"])
	if err := srv.DeleteConversation(deleted); err != nil {
		t.Fatal(err)
	}
	companies := srv.Records("companies")
	changedCompany := str(companies[7]["id"])
	if err := srv.Update("companies", changedCompany, func(map[string]any) {}); err != nil {
		t.Fatal(err)
	}
	newLog := srv.AddActivityLog()
	newNote, err := srv.AddContactNote(str(contacts[len(contacts)/4]["id"]))
	if err != nil {
		t.Fatal(err)
	}
	clk.Set(unix(t0 + 7200))

	files["state"] = states
	second := connector(t, files, "read")
	if second.code != 0 {
		t.Fatalf("second read: exit %d %v", second.code, second.errors())
	}
	got := map[string][]string{}
	for stream, recs := range second.records() {
		for _, r := range recs {
			got[stream] = append(got[stream], str(r["id"]))
		}
	}
	mustHave := map[string]string{
		"contacts": lateContact, "conversations": sameSecond, "tickets": newTicket,
		"conversation_parts": newPart, "deleted_conversations": deleted,
		"companies": changedCompany, "activity_logs": newLog, "contact_notes": newNote,
	}
	for stream, id := range mustHave {
		if !slices.Contains(got[stream], id) {
			t.Errorf("%s: the second read missed %s", stream, id)
		}
	}
	if !slices.Contains(got["company_segments"], firstSegmentOf(srv, changedCompany)) && firstSegmentOf(srv, changedCompany) != "" {
		t.Errorf("company_segments: the changed company's segments were not re-read")
	}
	// Few unchanged records come again: at most the cursor's own day of
	// contacts, the cursor's second of conversations, and the settle margin.
	total, unchanged := 0, 0
	for stream, ids := range got {
		total += len(ids)
		for _, id := range ids {
			if id != mustHave[stream] {
				unchanged++
			}
		}
	}
	t.Logf("second read: %d records, %d of them beyond the changed ones (first read: %d records)", total, unchanged, len(first.ofType("RECORD")))
	if unchanged > len(first.ofType("RECORD"))/10 {
		t.Errorf("second read re-emitted %d records; want a small fraction of %d", unchanged, len(first.ofType("RECORD")))
	}
	// State never moves backwards.
	for _, s := range incrementalStreams() {
		before := first.states()[s]
		after := second.states()[s]
		if len(after) == 0 {
			t.Errorf("%s: no state in the second read", s)
			continue
		}
		b, _ := json.Marshal(before[len(before)-1]["stream"].(map[string]any)["stream_state"])
		a, _ := json.Marshal(after[len(after)-1]["stream"].(map[string]any)["stream_state"])
		if resumeCursor(s, after[len(after)-1]) < resumeCursor(s, before[len(before)-1]) {
			t.Errorf("%s: state moved backwards from %s to %s", s, b, a)
		}
	}
}

func firstSegmentOf(srv *fakeintercom.Server, companyID string) string {
	for _, r := range srv.Records("company_segments") {
		if r["company_id"] == companyID {
			return str(r["id"])
		}
	}
	return ""
}

func TestCompanyUpdatedMidScrollIsCaughtNextTime(t *testing.T) {
	t.Parallel()
	clk := newClock(0)
	probe := fakeintercom.New(fakeintercom.Options{Seed: 9, Size: fakeintercom.Tiny})
	clk.Set(unix(latestData(probe) + 3600))
	srv := fakeintercom.New(fakeintercom.Options{Seed: 9, Size: fakeintercom.Tiny, Token: token, Clock: clk.Now})
	companies := srv.Records("companies")
	early := str(companies[0]["id"]) // in the scroll's first page
	var once atomic.Bool
	url := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/companies/scroll" && r.URL.Query().Get("scroll_param") != "" && once.CompareAndSwap(false, true) {
			clk.Advance(10 * time.Second)
			srv.Update("companies", early, func(map[string]any) {})
		}
		srv.ServeHTTP(w, r)
	}))
	files := map[string]any{"config": config(url, nil), "catalog": catalog("incremental", "companies")}
	first := connector(t, files, "read")
	if first.code != 0 || len(first.records()["companies"]) != len(companies) {
		t.Fatalf("first read: exit %d, %d companies", first.code, len(first.records()["companies"]))
	}
	clk.Advance(10 * time.Minute)
	files["state"] = lastStates(first)
	second := connector(t, files, "read")
	var ids []string
	for _, r := range second.records()["companies"] {
		ids = append(ids, str(r["id"]))
	}
	if !slices.Contains(ids, early) {
		t.Errorf("the company updated mid-scroll was not re-read; second read emitted %v", ids)
	}
}

func TestTicketsWithoutPermissionWarnAndComplete(t *testing.T) {
	t.Parallel()
	const limited = "limited-token-3c9e"
	scopes := []string{fakeintercom.ScopeReadUsersCompanies, fakeintercom.ScopeReadConversations, fakeintercom.ScopeReadAdmins}
	_, url := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, LimitedToken: limited, LimitedScopes: scopes})
	r := connector(t, map[string]any{"config": config(url, map[string]any{"access_token": limited}), "catalog": catalog("incremental", "tickets", "conversations")}, "read")
	if r.code != 0 {
		t.Fatalf("exit %d %v", r.code, r.errors())
	}
	if n := len(r.records()["tickets"]); n != 0 {
		t.Errorf("%d tickets emitted without the permission", n)
	}
	if len(r.records()["conversations"]) == 0 {
		t.Error("the other stream emitted nothing")
	}
	if st := r.statuses()["tickets"]; !slices.Equal(st, []string{"STARTED", "RUNNING", "COMPLETE"}) {
		t.Errorf("tickets statuses %v", st)
	}
	warned := false
	for _, m := range r.ofType("LOG") {
		l := m["log"].(map[string]any)
		warned = warned || (l["level"] == "WARN" && strings.Contains(str(l["message"]), "read tickets"))
	}
	if !warned {
		t.Error("no WARN naming the missing permission")
	}
}

func TestFullRefreshIgnoresStateAndEstimates(t *testing.T) {
	t.Parallel()
	srv, url := fake(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Tiny})
	future := []any{map[string]any{"type": "STREAM", "stream": map[string]any{
		"stream_descriptor": map[string]any{"name": "contacts"}, "stream_state": map[string]any{"updated_at": 4102444800}}}}
	r := connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("full_refresh", "contacts"), "state": future}, "read")
	if r.code != 0 || len(r.records()["contacts"]) != len(srv.Records("contacts")) {
		t.Fatalf("exit %d, %d contacts of %d", r.code, len(r.records()["contacts"]), len(srv.Records("contacts")))
	}
	var estimate float64
	for _, m := range r.ofType("TRACE") {
		if e, ok := m["trace"].(map[string]any)["estimate"].(map[string]any); ok && e["name"] == "contacts" {
			estimate = e["row_estimate"].(float64)
		}
	}
	if int(estimate) != len(srv.Records("contacts")) {
		t.Errorf("estimate %v, want %d", estimate, len(srv.Records("contacts")))
	}
	// The same state in incremental mode reads nothing and keeps the state.
	r = connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("incremental", "contacts"), "state": future}, "read")
	states := r.states()["contacts"]
	if r.code != 0 || len(r.records()["contacts"]) != 0 || len(states) == 0 || cursorOf(states[len(states)-1]) != 4102444800 {
		t.Errorf("future state: exit %d, %d records, states %v", r.code, len(r.records()["contacts"]), states)
	}
}
