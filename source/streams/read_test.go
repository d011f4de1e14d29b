package streams_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/protocoltest"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/engine/enginetest"
	"github.com/intercom-connector/source-intercom/source/streams"
)

const token = "tok-streams-7d2"

// readResult is what one in-process read wrote, decoded.
type readResult struct {
	records  []map[string]any
	statuses []string
	states   []map[string]any // stream_state of each STATE, in order
	counts   float64          // sum of sourceStats.recordCount
	failed   []engine.StreamFailure
	logs     []string
}

// read runs one stream through the engine in-process against srv, as the
// read command does, from state if not nil.
func read(t *testing.T, srv *fakeintercom.Server, s engine.Stream, mode airbyte.SyncMode, state json.RawMessage, tweak ...func(*engine.Env)) readResult {
	t.Helper()
	o := enginetest.Options{Mode: mode}
	if state != nil {
		o.States = map[string]json.RawMessage{s.Name: state}
	}
	if len(tweak) > 0 {
		o.Tweak = tweak[0]
	}
	res := enginetest.Read(t, srv, token, o, s)
	r := readResult{records: res.Records(s.Name), statuses: res.Statuses(s.Name), failed: res.Failed, logs: res.Logs()}
	r.states, r.counts = res.States(s.Name)
	return r
}

// change makes one change to the fake that an incremental read of stream
// must pick up, and returns the key of a record that shows it.
var change = map[string]func(t *testing.T, srv *fakeintercom.Server) string{
	"contacts":      func(t *testing.T, srv *fakeintercom.Server) string { return update(t, srv, "contacts") },
	"companies":     func(t *testing.T, srv *fakeintercom.Server) string { return update(t, srv, "companies") },
	"conversations": func(t *testing.T, srv *fakeintercom.Server) string { return update(t, srv, "conversations") },
	"tickets":       func(t *testing.T, srv *fakeintercom.Server) string { return update(t, srv, "tickets") },
	"conversation_parts": func(t *testing.T, srv *fakeintercom.Server) string {
		id, err := srv.AddConversationPart(firstID(t, srv, "conversations"))
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint([]any{id})
	},
	"company_segments": func(t *testing.T, srv *fakeintercom.Server) string {
		for _, c := range decoded(t, srv, "companies") {
			if segs := c["segments"].(map[string]any)["segments"].([]any); len(segs) > 0 {
				if err := srv.Update("companies", c["id"].(string), nil); err != nil {
					t.Fatal(err)
				}
				return fmt.Sprint([]any{segs[0].(map[string]any)["id"], c["id"]})
			}
		}
		t.Fatal("no company has segments")
		return ""
	},
	"contact_notes": func(t *testing.T, srv *fakeintercom.Server) string {
		id, err := srv.AddContactNote(firstID(t, srv, "contacts"))
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint([]any{id})
	},
	"activity_logs":          func(t *testing.T, srv *fakeintercom.Server) string { return fmt.Sprint([]any{srv.AddActivityLog()}) },
	"contact_tags":           linkChange("contacts", "tags", "data"),
	"contact_companies":      linkChange("contacts", "companies", "data"),
	"company_tags":           linkChange("companies", "tags", "tags"),
	"conversation_contacts":  linkChange("conversations", "contacts", "contacts"),
	"conversation_tags":      linkChange("conversations", "tags", "tags"),
	"conversation_teammates": linkChange("conversations", "teammates", "teammates"),
	"ticket_contacts":        linkChange("tickets", "contacts", "contacts"),
	"deleted_conversations": func(t *testing.T, srv *fakeintercom.Server) string {
		id := firstID(t, srv, "conversations")
		if err := srv.DeleteConversation(id); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint([]any{id})
	},
}

// TestEveryStreamReadsTheFakesData runs every declared stream in-process
// against the fake: its records are the fake's own (by key), its statuses
// STARTED, RUNNING, COMPLETE, its record counts add up, its states never
// move back; an incremental stream, resumed from its last state after a
// change, emits that change.
func TestEveryStreamReadsTheFakesData(t *testing.T) {
	t.Parallel()
	for _, s := range streams.All() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			srv := fakeintercom.New(fakeintercom.Options{Seed: 21, Size: fakeintercom.Tiny, Token: token})
			mode := airbyte.FullRefresh
			if s.Cursor != "" {
				mode = airbyte.Incremental
			}
			r := read(t, srv, s, mode, nil)
			if len(r.failed) > 0 {
				t.Fatalf("failed: %v", r.failed[0].Failure)
			}
			want := keysOf(decoded(t, srv, s.Name), s.PrimaryKey)
			if got := keysOf(r.records, s.PrimaryKey); len(want) == 0 || !slices.Equal(got, want) {
				t.Fatalf("read %d records, the fake holds %d (keys differ: %v)", len(got), len(want), firstDiff(got, want))
			}
			if !slices.Equal(r.statuses, []string{"STARTED", "RUNNING", "COMPLETE"}) {
				t.Errorf("statuses %v", r.statuses)
			}
			if int(r.counts) != len(r.records) {
				t.Errorf("recordCounts add up to %v, %d records were written", r.counts, len(r.records))
			}
			for _, l := range r.logs {
				if strings.Contains(l, "contradict the declared schema") {
					t.Errorf("the fake's records do not match the declared schema: %s", l)
				}
			}
			last := int64(0)
			for _, st := range r.states {
				c := resumeOf(s, st)
				if c < last {
					t.Errorf("state moved back from %d to %d", last, c)
				}
				last = c
			}
			mk, ok := change[s.Name]
			if !ok {
				return
			}
			key := mk(t, srv)
			state, _ := json.Marshal(r.states[len(r.states)-1])
			again := read(t, srv, s, airbyte.Incremental, state)
			got := keysOf(again.records, s.PrimaryKey)
			if !slices.Contains(got, key) {
				t.Errorf("the incremental read emitted %d records, not the changed %s", len(got), key)
			}
			if len(got) >= len(want) && len(want) > 20 {
				t.Errorf("the incremental read re-read everything (%d records)", len(got))
			}
		})
	}
}

// resumeOf is where a state resumes: the parent's cursor for a child.
func resumeOf(s engine.Stream, st map[string]any) int64 {
	if s.Parent != "" {
		if p, ok := st[s.Parent].(map[string]any); ok {
			st = p
		}
		v, _ := st["updated_at"].(float64)
		return int64(v)
	}
	if s.Cursor == "" {
		return 0
	}
	v, _ := st[s.Cursor].(float64)
	return int64(v)
}

func update(t *testing.T, srv *fakeintercom.Server, stream string) string {
	t.Helper()
	id := firstID(t, srv, stream)
	if err := srv.Update(stream, id, nil); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint([]any{id})
}

func firstID(t *testing.T, srv *fakeintercom.Server, stream string) string {
	t.Helper()
	recs := decoded(t, srv, stream)
	if len(recs) == 0 {
		t.Fatalf("the fake has no %s", stream)
	}
	return recs[0]["id"].(string)
}

// decoded is the fake's records of a stream as a client decodes them.
func decoded(t *testing.T, srv *fakeintercom.Server, stream string) []map[string]any {
	t.Helper()
	b, err := json.Marshal(srv.Records(stream))
	if err != nil {
		t.Fatal(err)
	}
	v, err := protocoltest.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, 0, len(v.([]any)))
	for _, r := range v.([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}

func keysOf(recs []map[string]any, pk [][]string) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		var parts []any
		for _, p := range pk {
			parts = append(parts, r[p[0]])
		}
		out = append(out, fmt.Sprint(parts))
	}
	slices.Sort(out)
	return out
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("got %s, want %s", got[i], want[i])
		}
	}
	return "one is a prefix of the other"
}

// TestNoDateHeaderNeverCheckpointsAhead: through a proxy that strips Date,
// activity_logs' checkpoint stays at the newest log read (its last window
// ends in the future), so a log added later is read next time.
func TestNoDateHeaderNeverCheckpointsAhead(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 5, Size: fakeintercom.Tiny, Token: token})
	srv.SetFaults(fakeintercom.Faults{NoDate: true})
	s, _ := streams.Lookup("activity_logs")
	r := read(t, srv, s, airbyte.Incremental, nil)
	newest := 0.0
	for _, rec := range r.records {
		newest = max(newest, rec["created_at"].(float64))
	}
	final := r.states[len(r.states)-1]["created_at"].(float64)
	if len(r.failed) > 0 || final > newest || final == 0 {
		t.Fatalf("final state %v, newest log read %v, failures %v", final, newest, r.failed)
	}
	id := srv.AddActivityLog()
	state, _ := json.Marshal(r.states[len(r.states)-1])
	again := read(t, srv, s, airbyte.Incremental, state)
	if !slices.Contains(keysOf(again.records, s.PrimaryKey), fmt.Sprint([]any{id})) {
		t.Errorf("the log added after the read was not read next time (%d records)", len(again.records))
	}
}

// TestStateInTheFutureIsNeverSilent: a state past now reads nothing (as
// Airbyte's acceptance tests require of an abnormally large state), with a
// WARN that says so and how to read the stream again.
func TestStateInTheFutureIsNeverSilent(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 6, Size: fakeintercom.Tiny, Token: token})
	s, _ := streams.Lookup("conversations")
	r := read(t, srv, s, airbyte.Incremental, json.RawMessage(`{"updated_at": 4070908800}`))
	if len(r.records) != 0 || len(r.failed) != 0 {
		t.Errorf("%d conversations read, failures %v", len(r.records), r.failed)
	}
	if !slices.ContainsFunc(r.logs, func(l string) bool {
		return strings.Contains(l, "The state of stream conversations is at 2099-01-01T00:00:00Z, in the future") && strings.Contains(l, "reset the stream")
	}) {
		t.Errorf("no WARN about the future state: %q", r.logs)
	}
}

// linkChange updates a parent that lists an item at field.list, and
// returns the key of that link's row: a changed parent's links are all
// written again.
func linkChange(parent, field, list string) func(t *testing.T, srv *fakeintercom.Server) string {
	return func(t *testing.T, srv *fakeintercom.Server) string {
		t.Helper()
		for _, p := range decoded(t, srv, parent) {
			l, _ := p[field].(map[string]any)
			if items, _ := l[list].([]any); len(items) > 0 {
				if err := srv.Update(parent, p["id"].(string), nil); err != nil {
					t.Fatal(err)
				}
				return fmt.Sprint([]any{p["id"], items[0].(map[string]any)["id"]})
			}
		}
		t.Fatalf("no %s lists %s", parent, field)
		return ""
	}
}
