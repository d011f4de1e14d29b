package engine_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/engine/enginetest"
)

// TestListSourcesFollowTheirPaging: each way Intercom pages a list is
// followed to its end with pages small enough to take many requests: by
// cursor (macros, data connectors), by link (external pages), by number
// with the paging at the envelope's top level (audiences); a list of
// values (event types) becomes records of one field. Every record of the
// fake is read once, in its order, and total_count estimates the stream.
func TestListSourcesFollowTheirPaging(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Small})
	ss := []engine.Stream{
		{Name: "macros", PrimaryKey: [][]string{{"id"}}, Source: engine.StartingAfter{Path: intercom.PathMacros, PerPage: 7}},
		{Name: "data_connectors", PrimaryKey: [][]string{{"id"}}, Source: engine.StartingAfter{Path: intercom.PathDataConnectors, PerPage: 3}},
		{Name: "external_pages", PrimaryKey: [][]string{{"id"}}, Source: engine.Linked{Path: intercom.PathExternalPages}},
		{Name: "audiences", PrimaryKey: [][]string{{"id"}}, Source: engine.Paged{Path: intercom.PathAudiences, PerPage: 4}},
		{Name: "activity_log_event_types", PrimaryKey: [][]string{{"event_type"}},
			Source: engine.Values{Path: intercom.PathActivityLogEventTypes, Key: "event_types", Field: "event_type"}},
	}
	r := h.read(ss...)
	if len(r.Failed) > 0 {
		t.Fatalf("failed: %v", r.Failed[0].Failure)
	}
	requests := map[string]int{}
	for _, req := range h.srv.Requests() {
		requests[req.Path]++
	}
	estimates := r.Estimates()
	for _, s := range ss {
		key := s.PrimaryKey[0][0]
		var got, want []string
		for _, rec := range r.Records(s.Name) {
			got = append(got, fmt.Sprint(rec[key]))
		}
		for _, rec := range h.srv.Records(s.Name) {
			want = append(want, fmt.Sprint(rec[key]))
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: read %d records, the fake holds %d, or in another order", s.Name, len(got), len(want))
		}
	}
	for path, atLeast := range map[string]int{intercom.PathMacros: 20, intercom.PathDataConnectors: 5, intercom.PathExternalPages: 5, intercom.PathAudiences: 5} {
		if requests[path] < atLeast {
			t.Errorf("%s: %d requests, want %d at least: the paging was not followed", path, requests[path], atLeast)
		}
	}
	for _, name := range []string{"external_pages", "audiences"} {
		if int(estimates[name]) != len(h.srv.Records(name)) {
			t.Errorf("%s: estimate %d, %d records", name, estimates[name], len(h.srv.Records(name)))
		}
	}
	if got := r.Records("activity_log_event_types"); len(got) == 0 || len(got[0]) != 1 {
		t.Errorf("event type records %v", got[:min(len(got), 2)])
	}
}

// TestVersionedSkipsWhatTheVersionLacks: with intercom_version 2.11, a
// Versioned stream the 2.11 API lacks is skipped with a WARN, complete and
// empty, without a request; one 2.11 has is read.
func TestVersionedSkipsWhatTheVersionLacks(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Tiny})
	lacking := engine.Stream{Name: "macros", PrimaryKey: [][]string{{"id"}}, Source: engine.Versioned{Source: engine.StartingAfter{Path: intercom.PathMacros}}}
	having := engine.Stream{Name: "ticket_types", PrimaryKey: [][]string{{"id"}}, Source: engine.Versioned{Source: engine.List{Path: intercom.PathTicketTypes, Key: "data"}}}
	r := enginetest.Read(t, h.srv, "tok", enginetest.Options{Tweak: func(env *engine.Env) { env.Config.IntercomVersion = "2.11" }}, lacking, having)
	if len(r.Failed) > 0 {
		t.Fatalf("failed: %v", r.Failed[0].Failure)
	}
	for _, req := range h.srv.Requests() {
		if req.Path == intercom.PathMacros {
			t.Fatalf("%s was requested", req.Path)
		}
	}
	if len(r.Records("macros")) != 0 || !slices.Equal(r.Statuses("macros"), []string{"STARTED", "RUNNING", "COMPLETE"}) {
		t.Errorf("macros: %d records, statuses %v", len(r.Records("macros")), r.Statuses("macros"))
	}
	if l := logs(r); !strings.Contains(l, "Stream macros is skipped: Intercom's API 2.11 (intercom_version) does not have it. Set intercom_version to 2.16 to sync macros.") {
		t.Errorf("no WARN:\n%s", l)
	}
	if len(r.Records("ticket_types")) != len(h.srv.Records("ticket_types")) {
		t.Errorf("ticket_types: %d records of %d", len(r.Records("ticket_types")), len(h.srv.Records("ticket_types")))
	}
}
