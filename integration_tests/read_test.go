package integration_tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// fullRefreshStreams are the streams Intercom serves as plain lists.
var fullRefreshStreams = []string{
	"admins", "teams", "tags", "segments", "company_attributes", "contact_attributes",
	"conversation_attributes", "subscription_types", "help_centers", "help_center_collections",
	"articles", "news_items",
	"ticket_types", "ticket_states", "newsfeeds", "macros", "away_status_reasons", "office_hours_schedules",
	"content_snippets", "internal_articles", "brands", "email_settings", "calls", "data_connectors",
	"audiences", "content_import_sources", "external_pages", "activity_log_event_types",
}

func TestFullRefreshEmitsExactlyTheFakesRecords(t *testing.T) {
	t.Parallel()
	srv, url := fake(t, fakeintercom.Options{Seed: 7, Size: fakeintercom.Tiny})
	r := connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("full_refresh", fullRefreshStreams...)}, "read")
	if r.code != 0 {
		t.Fatalf("exit %d\nstderr: %s\nerrors: %v", r.code, r.stderr, r.errors())
	}
	recs, states, statuses := r.records(), r.states(), r.statuses()
	for _, name := range fullRefreshStreams {
		s, _ := streams.Lookup(name)
		want := keys(srv.Records(name), s.PrimaryKey)
		got := keys(recs[name], s.PrimaryKey)
		if len(want) == 0 {
			t.Errorf("%s: the fake has no records; the test would prove nothing", name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: emitted %d keys %v\nwant %d keys %v", name, len(got), got, len(want), want)
		}
		if got := statuses[name]; !slices.Equal(got, []string{"STARTED", "RUNNING", "COMPLETE"}) {
			t.Errorf("%s: statuses %v", name, got)
		}
		if len(states[name]) == 0 {
			t.Fatalf("%s: no state", name)
		}
		count := 0.0
		for _, st := range states[name] {
			count += st["sourceStats"].(map[string]any)["recordCount"].(float64)
		}
		if int(count) != len(want) {
			t.Errorf("%s: recordCounts add up to %v, want %d", name, count, len(want))
		}
	}
	// Records carry the API's JSON as returned: compare whole objects.
	for _, name := range fullRefreshStreams {
		s, _ := streams.Lookup(name)
		byKey := map[string]map[string]any{}
		for _, rec := range recs[name] {
			byKey[key(rec, s.PrimaryKey)] = rec
		}
		for _, want := range srv.Records(name) {
			got := byKey[key(want, s.PrimaryKey)]
			wb, _ := json.Marshal(want)
			gb, _ := json.Marshal(got)
			if !bytes.Equal(wb, gb) {
				t.Errorf("%s %s: record differs from the API's\n got %s\nwant %s", name, key(want, s.PrimaryKey), gb, wb)
				break
			}
		}
	}
}

func TestReadSendsPinnedHeadersAndPagesThrough(t *testing.T) {
	t.Parallel()
	srv, url := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny})
	r := connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("full_refresh", "articles", "admins")}, "read")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []string
	for _, req := range srv.Requests() {
		if req.Version != "2.16" || !req.Authorized || req.Accept != "application/json" {
			t.Errorf("request %s %s: version %q authorized %v accept %q", req.Method, req.Path, req.Version, req.Authorized, req.Accept)
		}
		got = append(got, req.Method+" "+req.Path+"?"+req.RawQuery)
	}
	pages := (len(srv.Records("articles")) + 149) / 150
	var want []string
	for p := 1; p <= pages; p++ {
		want = append(want, fmt.Sprintf("GET /articles?page=%d&per_page=150", p))
	}
	want = append(want, "GET /admins?")
	// Streams read concurrently: compare the requests, not their order.
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("requests:\n got %v\nwant %v", got, want)
	}
}

func TestBadTokenFailsCheckAndRead(t *testing.T) {
	t.Parallel()
	_, url := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny})
	cfg := config(url, map[string]any{"access_token": "wrong-token-77c1"})
	r := connector(t, map[string]any{"config": cfg}, "check")
	if r.code != 0 {
		t.Errorf("check exit %d, want 0", r.code)
	}
	cs := r.ofType("CONNECTION_STATUS")
	if len(cs) != 1 || cs[0]["connectionStatus"].(map[string]any)["status"] != "FAILED" {
		t.Fatalf("connection status = %v", cs)
	}
	if msg := cs[0]["connectionStatus"].(map[string]any)["message"].(string); !strings.Contains(msg, "401") || !strings.Contains(msg, "access_token") {
		t.Errorf("message not actionable: %q", msg)
	}
	r = connector(t, map[string]any{"config": cfg, "catalog": catalog("full_refresh", "admins", "tags")}, "read")
	if r.code == 0 {
		t.Error("read with a bad token exited 0")
	}
	errs := r.errors()
	if len(errs) < 2 || errs[0]["failure_type"] != "config_error" {
		t.Fatalf("errors = %v", errs)
	}
	if st := r.statuses(); !slices.Equal(st["admins"], []string{"STARTED", "INCOMPLETE"}) || !slices.Equal(st["tags"], []string{"STARTED", "INCOMPLETE"}) {
		t.Errorf("statuses = %v", st)
	}
	for _, out := range [][]byte{r.stdout, r.stderr} {
		if bytes.Contains(out, []byte("wrong-token-77c1")) {
			t.Error("token appears in output")
		}
	}
}

func TestCheckSucceedsAndNamesWorkspace(t *testing.T) {
	t.Parallel()
	_, url := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny})
	r := connector(t, map[string]any{"config": config(url, nil)}, "check")
	cs := r.ofType("CONNECTION_STATUS")
	if r.code != 0 || len(cs) != 1 || cs[0]["connectionStatus"].(map[string]any)["status"] != "SUCCEEDED" {
		t.Fatalf("exit %d, status %v, stderr %s", r.code, cs, r.stderr)
	}
	logs := r.ofType("LOG")
	if len(logs) == 0 || !strings.Contains(logs[0]["log"].(map[string]any)["message"].(string), "workspace") {
		t.Errorf("logs = %v", logs)
	}
}
