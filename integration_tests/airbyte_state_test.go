package integration_tests

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// TestAirbyteStateFormsResumeWithoutLoss feeds `read --state` every state
// form Airbyte's source-intercom 0.10 to 0.13 writes or wrote, for the
// streams that carry it, with changes made after the state's point T, and
// compares what is emitted with what changed: every change is emitted, and
// the read does start from the state (it re-reads little of what is older).
func TestAirbyteStateFormsResumeWithoutLoss(t *testing.T) {
	t.Parallel()
	probe := fakeintercom.New(fakeintercom.Options{Seed: 11, Size: fakeintercom.Tiny})
	T := latestData(probe) + 3600
	clk := newClock(T + 3600)
	srv, url := fake(t, fakeintercom.Options{Seed: 11, Size: fakeintercom.Tiny, Clock: clk.Now})

	// Changes after T, one per stream.
	convs := srv.Records("conversations")
	partConv := str(convs[3]["id"])
	newPart, err := srv.AddConversationPart(partConv)
	if err != nil {
		t.Fatal(err)
	}
	companies := srv.Records("companies")
	changedCompany := ""
	for _, c := range companies {
		if firstSegmentOf(srv, str(c["id"])) != "" {
			changedCompany = str(c["id"])
			break
		}
	}
	if err := srv.Update("companies", changedCompany, nil); err != nil {
		t.Fatal(err)
	}
	contact := str(srv.Records("contacts")[5]["id"])
	if err := srv.Update("contacts", contact, nil); err != nil {
		t.Fatal(err)
	}
	ticket, err := srv.Create("tickets")
	if err != nil {
		t.Fatal(err)
	}
	convChanged := str(convs[7]["id"])
	if err := srv.Update("conversations", convChanged, nil); err != nil {
		t.Fatal(err)
	}
	deleted := str(convs[9]["id"])
	if err := srv.DeleteConversation(deleted); err != nil {
		t.Fatal(err)
	}
	newLog := srv.AddActivityLog()
	newNote, err := srv.AddContactNote(str(srv.Records("contacts")[8]["id"]))
	if err != nil {
		t.Fatal(err)
	}
	clk.Set(unix(T + 7200))

	changed := map[string]string{
		"conversation_parts": newPart, "company_segments": firstSegmentOf(srv, changedCompany),
		"companies": changedCompany, "contacts": contact, "tickets": ticket,
		"conversations": convChanged, "deleted_conversations": deleted, "activity_logs": newLog,
		"contact_notes": newNote,
	}
	// The child's own cursor is cursor (updated_at for Airbyte's child
	// streams); its parent's is updated_at.
	substream := func(parent, cursor string) map[string]string {
		tt := fmt.Sprint(T)
		c, p := `"`+cursor+`"`, `"`+parent+`"`
		return map[string]string{
			"global, string cursors":            `{"use_global_cursor": true, "state": {` + c + `: "` + tt + `"}, "lookback_window": 0, "parent_state": {` + p + `: {"updated_at": "` + tt + `"}}}`,
			"global, integer cursors, lookback": `{"use_global_cursor": true, "state": {` + c + `: ` + fmt.Sprint(T+60) + `}, "lookback_window": 60, "parent_state": {` + p + `: {"updated_at": ` + tt + `}}}`,
			"no use_global_cursor":              `{"state": {` + c + `: ` + tt + `}, "parent_state": {` + p + `: {"updated_at": ` + tt + `}}}`,
			"per-partition states list":         `{"use_global_cursor": false, "states": [{"partition": {"id": "1", "parent_slice": {}}, "cursor": {` + c + `: "` + tt + `"}}], "state": {` + c + `: ` + tt + `}, "lookback_window": 0, "parent_state": {` + p + `: {"updated_at": ` + tt + `}}}`,
			"per-partition, no parent state":    `{"states": [{"partition": {"id": "1"}, "cursor": {` + c + `: ` + tt + `}}, {"partition": {"id": "2"}, "cursor": {` + c + `: ` + fmt.Sprint(T+100) + `}}]}`,
			"parent state in date-range form":   `{"use_global_cursor": true, "state": {` + c + `: ` + tt + `}, "parent_state": {` + p + `: {"state_type": "date-range", "slices": [{"start": 0, "end": ` + fmt.Sprint(T+900) + `, "most_recent_cursor_value": ` + tt + `}]}}}`,
			"migrated prior_state":              `{` + c + `: ` + fmt.Sprint(T+50) + `, "prior_state": {` + c + `: ` + tt + `}, ` + p + `: {"updated_at": ` + tt + `}, "parent_state": {` + p + `: {"updated_at": ` + tt + `}}}`,
			"legacy substream":                  `{` + c + `: ` + fmt.Sprint(T+50) + `, ` + p + `: {"updated_at": ` + tt + `}}`,
		}
	}
	plain := func(cursor string) map[string]string {
		tt := fmt.Sprint(T)
		return map[string]string{
			"plain integer":             `{"` + cursor + `": ` + tt + `}`,
			"plain string":              `{"` + cursor + `": "` + tt + `"}`,
			"date-range":                `{"state_type": "date-range", "slices": [{"start": 1420070400, "end": ` + fmt.Sprint(T+900) + `, "most_recent_cursor_value": ` + tt + `}], "legacy": {}}`,
			"date-range, string values": `{"state_type": "date-range", "slices": [{"start": "1420070400", "end": "` + fmt.Sprint(T+900) + `", "most_recent_cursor_value": "` + tt + `"}], "legacy": {"` + cursor + `": 1}}`,
		}
	}
	for _, stream := range incrementalStreams() {
		s, _ := streams.Lookup(stream)
		forms := plain(s.Cursor)
		if s.Parent != "" {
			forms = substream(s.Parent, s.Cursor)
		}
		total := len(srv.Records(stream))
		for name, form := range forms {
			t.Run(stream+"/"+name, func(t *testing.T) {
				state := []any{map[string]any{"type": "STREAM", "stream": map[string]any{
					"stream_descriptor": map[string]any{"name": stream}, "stream_state": rawJSON(t, form)}}}
				r := connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("incremental", stream), "state": state}, "read")
				if r.code != 0 {
					t.Fatalf("exit %d: %v", r.code, r.errors())
				}
				recs := r.records()[stream]
				var ids []string
				for _, rec := range recs {
					ids = append(ids, str(rec["id"]))
				}
				if want := changed[stream]; want != "" && !slices.Contains(ids, want) {
					t.Errorf("the change %s made after the state's point was not emitted (emitted %d records)", want, len(ids))
				}
				// Exactly what changed since T is emitted, each at least once.
				got, want := uniq(keys(recs, s.PrimaryKey)), uniq(keys(changedSince(srv, s, T), s.PrimaryKey))
				if !slices.Equal(got, want) {
					t.Errorf("emitted %d records (of %d), want the %d changed since the state's point; first difference near %v", len(got), total, len(want), firstDiff(got, want))
				}
				if st := r.states()[stream]; len(st) == 0 {
					t.Error("no STATE emitted")
				}
			})
		}
	}
}

// changedSince is what a read resumed at T must emit: the records whose
// cursor is at or after T, and for a child stream every child of a parent
// changed since T.
func changedSince(srv *fakeintercom.Server, s engine.Stream, T int64) []map[string]any {
	if s.Parent == "" {
		var out []map[string]any
		for _, r := range srv.Records(s.Name) {
			if num(r[s.Cursor]) >= T {
				out = append(out, r)
			}
		}
		return out
	}
	parents := map[string]bool{}
	for _, p := range srv.Records(s.Parent) {
		if num(p["updated_at"]) >= T {
			parents[str(p["id"])] = true
		}
	}
	var out []map[string]any
	for _, r := range srv.Records(s.Name) {
		if parents[idString(r[parentLink(s)])] {
			out = append(out, r)
		}
	}
	return out
}

// uniq drops repeated keys of a sorted list: delivery is at least once.
func uniq(sorted []string) []string { return slices.Compact(sorted) }

func rawJSON(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test state %s: %v", s, err)
	}
	return v
}

// TestUnreadableAirbyteStateIsAConfigError: a state in none of the forms is
// refused before any request, with a config_error naming the stream and the
// shape seen.
func TestUnreadableAirbyteStateIsAConfigError(t *testing.T) {
	t.Parallel()
	srv, url := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny})
	state := []any{map[string]any{"type": "STREAM", "stream": map[string]any{
		"stream_descriptor": map[string]any{"name": "conversation_parts"},
		"stream_state":      rawJSON(t, `{"use_global_cursor": false, "states": [{"partition": {"id": "1"}, "cursor": {"created": 5}}]}`)}}}
	r := connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("incremental", "conversation_parts"), "state": state}, "read")
	errs := r.errors()
	if r.code != 1 || len(errs) != 1 || errs[0]["failure_type"] != "config_error" {
		t.Fatalf("exit %d, errors %v; want one config_error", r.code, errs)
	}
	for _, want := range []string{`"conversation_parts"`, "Airbyte substream form", `"states"[0].cursor has no "updated_at"`} {
		if !strings.Contains(str(errs[0]["message"]), want) {
			t.Errorf("message %q lacks %s", errs[0]["message"], want)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent before the state was refused", n)
	}
}
