package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/engine/enginetest"
)

// harness reads declared streams through enginetest against its fake.
type harness struct {
	t   *testing.T
	srv *fakeintercom.Server
}

func newHarness(t *testing.T, opts fakeintercom.Options) *harness {
	opts.Token = "tok"
	return &harness{t: t, srv: fakeintercom.New(opts)}
}

// read reads the streams, each incremental when it has a cursor.
func (h *harness) read(ss ...engine.Stream) enginetest.Result {
	h.t.Helper()
	return enginetest.Read(h.t, h.srv, "tok", enginetest.Options{}, ss...)
}

func logs(r enginetest.Result) string { return strings.Join(r.Logs(), "\n") }

func TestSourcesReadTheFake(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Tiny})
	ss := []engine.Stream{
		{Name: "admins", PrimaryKey: [][]string{{"id"}}, Source: engine.List{Path: intercom.PathAdmins, Key: "admins"}},
		{Name: "segments", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: engine.Snapshot{Path: intercom.PathSegments, Key: "segments"}},
		{Name: "articles", PrimaryKey: [][]string{{"id"}}, Source: engine.Paged{Path: intercom.PathArticles, PerPage: 10}},
		{Name: "conversations", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: engine.Search{Path: intercom.PathConversationsSearch, Key: "conversations",
			Query: func(lo, hi int64) intercom.Filter {
				from := intercom.Filter{Field: "updated_at", Operator: ">", Value: lo - 1}
				if hi == 0 {
					return from
				}
				return intercom.And(from, intercom.Filter{Field: "updated_at", Operator: "<", Value: hi})
			}}},
		{Name: "activity_logs", PrimaryKey: [][]string{{"id"}}, Cursor: "created_at", Source: engine.Windows{Cursor: "created_at",
			Step: func(*engine.Env) int64 { return 30 * 86400 },
			Window: func(ctx context.Context, env *engine.Env, lo, hi int64) iter.Seq2[*intercom.List, error] {
				q := map[string][]string{"created_at_after": {fmt.Sprint(lo - 1)}, "created_at_before": {fmt.Sprint(hi)}}
				return env.Client.NextLinks(ctx, intercom.PathActivityLogs, q, "activity_logs")
			}}},
	}
	r := h.read(ss...)
	if len(r.Failed) > 0 {
		t.Fatalf("r.Failed: %v", r.Failed[0].Failure)
	}
	got := map[string]map[string]bool{}
	for _, m := range r.OfType("RECORD") {
		rec := m["record"].(map[string]any)
		if got[rec["stream"].(string)] == nil {
			got[rec["stream"].(string)] = map[string]bool{}
		}
		got[rec["stream"].(string)][fmt.Sprint(rec["data"].(map[string]any)["id"])] = true
	}
	for _, s := range ss {
		want := h.srv.Records(s.Name)
		if len(got[s.Name]) != len(want) || len(want) == 0 {
			t.Errorf("%s: %d distinct records, the fake holds %d", s.Name, len(got[s.Name]), len(want))
		}
		for _, rec := range want {
			if !got[s.Name][fmt.Sprint(rec["id"])] {
				t.Errorf("%s: %v not read", s.Name, rec["id"])
				break
			}
		}
	}
	estimates := map[string]float64{}
	for _, m := range r.OfType("TRACE") {
		if e, ok := m["trace"].(map[string]any)["estimate"].(map[string]any); ok {
			estimates[e["name"].(string)] = e["row_estimate"].(float64)
		}
	}
	if int(estimates["articles"]) != len(h.srv.Records("articles")) || int(estimates["conversations"]) != len(h.srv.Records("conversations")) {
		t.Errorf("estimates %v", estimates)
	}
}

// TestLongSearchIsCutIntoWindows: a search longer than splitPages pages
// is read in parallel windows, and still yields every record once with
// checkpoints that never move back.
func TestLongSearchIsCutIntoWindows(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Small})
	s := engine.Stream{Name: "conversations", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: engine.Search{Path: intercom.PathConversationsSearch, Key: "conversations",
		Query: func(lo, hi int64) intercom.Filter {
			from := intercom.Filter{Field: "updated_at", Operator: ">", Value: lo - 1}
			if hi == 0 {
				return from
			}
			return intercom.And(from, intercom.Filter{Field: "updated_at", Operator: "<", Value: hi})
		}}}
	r := h.read(s)
	if len(r.Failed) > 0 {
		t.Fatal(r.Failed[0].Failure)
	}
	ids := map[string]int{}
	for _, m := range r.OfType("RECORD") {
		ids[m["record"].(map[string]any)["data"].(map[string]any)["id"].(string)]++
	}
	if len(ids) != len(h.srv.Records("conversations")) {
		t.Errorf("%d distinct conversations, the fake holds %d", len(ids), len(h.srv.Records("conversations")))
	}
	bounded := 0
	for _, req := range h.srv.Requests() {
		if strings.Contains(string(req.Body), `"operator":"\u003c"`) || strings.Contains(string(req.Body), `"operator":"<"`) {
			bounded++
		}
	}
	if bounded == 0 {
		t.Error("no window was bounded: the search was not cut")
	}
	last := 0.0
	for _, m := range r.OfType("STATE") {
		c := m["state"].(map[string]any)["stream"].(map[string]any)["stream_state"].(map[string]any)["updated_at"].(float64)
		if c < last {
			t.Fatalf("state moved back from %v to %v", last, c)
		}
		last = c
	}
}

// TestPermissionSkipsAndCompleteCompletes: a stream with Permission ends
// complete and empty, with a WARN, on a 403; Complete runs on every record
// in order; a failing stream ends INCOMPLETE with an ERROR and the others
// complete; a panic becomes a system_error.
func TestPermissionSkipsAndCompleteCompletes(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Tiny, LimitedToken: "", LimitedScopes: nil})
	forbidden := engine.Func(func(context.Context, *engine.Env, int64) iter.Seq2[engine.Page, error] {
		return func(yield func(engine.Page, error) bool) {
			yield(engine.Page{}, &intercom.APIError{Method: "POST", Path: "/tickets/search", StatusCode: 403, Code: "token_unauthorized"})
		}
	})
	three := engine.Func(func(context.Context, *engine.Env, int64) iter.Seq2[engine.Page, error] {
		return func(yield func(engine.Page, error) bool) {
			yield(engine.Page{Records: []json.RawMessage{json.RawMessage(`{"id":"a"}`), json.RawMessage(`{"id":"b"}`)}}, nil)
			yield(engine.Page{Records: []json.RawMessage{json.RawMessage(`{"id":"c"}`)}}, nil)
		}
	})
	missing := engine.Func(func(context.Context, *engine.Env, int64) iter.Seq2[engine.Page, error] {
		return func(yield func(engine.Page, error) bool) {
			yield(engine.Page{}, &intercom.APIError{Method: "GET", Path: "/news/news_items", StatusCode: 404, Code: "not_found"})
		}
	})
	failing := engine.Func(func(context.Context, *engine.Env, int64) iter.Seq2[engine.Page, error] {
		return func(yield func(engine.Page, error) bool) {
			yield(engine.Page{}, errors.New("boom"))
		}
	})
	panicking := engine.Func(func(context.Context, *engine.Env, int64) iter.Seq2[engine.Page, error] { panic("kaboom") })
	ss := []engine.Stream{
		{Name: "tickets", PrimaryKey: [][]string{{"id"}}, Source: forbidden, Permission: "read tickets"},
		engine.Stream{Name: "news_items", PrimaryKey: [][]string{{"id"}}, Source: missing}.Needs("News"),
		{Name: "admins", PrimaryKey: [][]string{{"id"}}, Source: three,
			Complete: func(_ context.Context, _ *engine.Env, rec json.RawMessage) (json.RawMessage, error) {
				return append(rec[:len(rec)-1:len(rec)-1], `,"done":true}`...), nil
			}},
		{Name: "teams", PrimaryKey: [][]string{{"id"}}, Source: failing},
		{Name: "tags", PrimaryKey: [][]string{{"id"}}, Source: panicking},
	}
	r := h.read(ss...)
	if len(r.Failed) != 2 || r.Failed[0].Stream != "teams" || r.Failed[1].Stream != "tags" || r.Failed[1].Failure.Type != airbyte.SystemError {
		t.Fatalf("failures %+v", r.Failed)
	}
	var recs []string
	for _, m := range r.OfType("RECORD") {
		b, _ := json.Marshal(m["record"].(map[string]any)["data"])
		recs = append(recs, string(b))
	}
	if strings.Join(recs, " ") != `{"done":true,"id":"a"} {"done":true,"id":"b"} {"done":true,"id":"c"}` {
		t.Errorf("completed records %v", recs)
	}
	if l := logs(r); !strings.Contains(l, `Stream tickets is skipped: the access token or the workspace's plan lacks "read tickets" (HTTP 403`) ||
		!strings.Contains(l, `Stream news_items is skipped: Intercom answered 404 not_found on /news/news_items, as for a workspace without "News"`) {
		t.Errorf("no WARN for a skipped stream:\n%s", l)
	}
	status := map[string]string{}
	for _, m := range r.OfType("TRACE") {
		if ss, ok := m["trace"].(map[string]any)["stream_status"].(map[string]any); ok {
			status[ss["stream_descriptor"].(map[string]any)["name"].(string)] = ss["status"].(string)
		}
	}
	if status["tickets"] != "COMPLETE" || status["news_items"] != "COMPLETE" || status["admins"] != "COMPLETE" || status["teams"] != "INCOMPLETE" || status["tags"] != "INCOMPLETE" {
		t.Errorf("statuses %v", status)
	}
}

// TestRecordsWithoutAnIntegerCursorAreWrittenAndReported: a record whose
// cursor is null or a string is written (never dropped) and counted in a
// WARN; it does not move the checkpoint.
func TestRecordsWithoutAnIntegerCursorAreWrittenAndReported(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Tiny})
	src := engine.Func(func(context.Context, *engine.Env, int64) iter.Seq2[engine.Page, error] {
		return func(yield func(engine.Page, error) bool) {
			yield(engine.Page{Records: []json.RawMessage{
				json.RawMessage(`{"id":"a","updated_at":1700000000}`),
				json.RawMessage(`{"id":"b","updated_at":"1700000001"}`),
				json.RawMessage(`{"id":"c","updated_at":null}`),
			}, Checkpoint: 1700000000}, nil)
		}
	})
	r := h.read(engine.Stream{Name: "contacts", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: src})
	if len(r.Failed) > 0 || len(r.OfType("RECORD")) != 3 {
		t.Fatalf("%d records, failures %v", len(r.OfType("RECORD")), r.Failed)
	}
	if !strings.Contains(logs(r), "Stream contacts: 2 records had no integer updated_at") {
		t.Errorf("no WARN counting them:\n%s", logs(r))
	}
}

// TestRecordsThatContradictTheSchemaAreAnnounced: a record whose shape
// contradicts the declared schema (an admin avatar as an object where 2.16
// declares a URL, updated_at as a string) is written as sent, and the read
// names the fields in a WARN.
func TestRecordsThatContradictTheSchemaAreAnnounced(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Tiny})
	src := engine.Func(func(context.Context, *engine.Env, int64) iter.Seq2[engine.Page, error] {
		return func(yield func(engine.Page, error) bool) {
			yield(engine.Page{Records: []json.RawMessage{json.RawMessage(`{"type":"admin","id":"1","avatar":{"image_url":"https://x"}}`)}}, nil)
			yield(engine.Page{Records: []json.RawMessage{json.RawMessage(`{"type":"admin","id":"2","avatar":"https://y"}`)}}, nil)
		}
	})
	r := h.read(engine.Stream{Name: "admins", PrimaryKey: [][]string{{"id"}}, Source: src})
	if len(r.Failed) > 0 || len(r.OfType("RECORD")) != 2 {
		t.Fatalf("%d records, failures %v", len(r.OfType("RECORD")), r.Failed)
	}
	if l := logs(r); !strings.Contains(l, "Stream admins: of 2 records sampled") || !strings.Contains(l, "/avatar (1)") {
		t.Errorf("no WARN naming the field:\n%s", l)
	}
}

// TestFailingChildLeavesItsParentWhole: a child that fails midway, read
// with its parent, ends INCOMPLETE with a state no further than what it
// wrote, while the parent reads on to COMPLETE.
func TestFailingChildLeavesItsParentWhole(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Tiny})
	parent := engine.Stream{Name: "parents", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at",
		Source: engine.Func(func(ctx context.Context, env *engine.Env, since int64) iter.Seq2[engine.Page, error] {
			return func(yield func(engine.Page, error) bool) {
				for i := range 400 {
					rec := json.RawMessage(fmt.Sprintf(`{"id":"%d","updated_at":%d}`, i, 1700000000+i))
					if !yield(engine.Page{Records: []json.RawMessage{rec}, Checkpoint: int64(1700000000 + i)}, nil) {
						return
					}
				}
			}
		})}
	child := engine.Stream{Name: "children", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Parent: "parents",
		Source: engine.Child{Of: parent, From: engine.PerParent(func(ctx context.Context, env *engine.Env, rec json.RawMessage) (engine.Page, error) {
			if strings.Contains(string(rec), `"id":"300"`) {
				return engine.Page{}, errors.New("child fetch failed")
			}
			return engine.Page{Records: []json.RawMessage{rec}}, nil
		})}}
	r := h.read(parent, child)
	if got := r.Statuses("parents"); strings.Join(got, " ") != "STARTED RUNNING COMPLETE" || len(r.Records("parents")) != 400 {
		t.Errorf("parents: %v, %d records", got, len(r.Records("parents")))
	}
	if got := r.Statuses("children"); got[len(got)-1] != "INCOMPLETE" || len(r.Failed) != 1 || r.Failed[0].Stream != "children" {
		t.Errorf("children: %v, failures %v", got, r.Failed)
	}
	states, _ := r.States("children")
	last := states[len(states)-1]["parents"].(map[string]any)["updated_at"].(float64)
	if n := len(r.Records("children")); n != 300 || last > float64(1700000000+n) {
		t.Errorf("children: %d records written, state at %v", n, last)
	}
}
