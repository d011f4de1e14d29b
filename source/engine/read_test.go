package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/internal/protocoltest"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/config"
)

// harness reads declared streams in-process against a fake Intercom.
type harness struct {
	t   *testing.T
	srv *fakeintercom.Server
	env *Env
	out bytes.Buffer
	w   *airbyte.Writer
	gov *intercom.Governor
}

func newHarness(t *testing.T, opts fakeintercom.Options) *harness {
	t.Helper()
	opts.Token = "tok"
	h := &harness{t: t, srv: fakeintercom.New(opts)}
	ts := httptest.NewServer(h.srv)
	t.Cleanup(ts.Close)
	cfg, err := config.ParseConfig([]byte(fmt.Sprintf(`{"access_token":"tok","start_date":"2015-01-01T00:00:00Z","api_url":%q,"num_workers":4}`, ts.URL)))
	if err != nil {
		t.Fatal(err)
	}
	h.w = airbyte.NewWriter(&h.out)
	h.gov = intercom.NewGovernor(intercom.GovernorOptions{Concurrency: 4})
	c, err := intercom.New("tok", intercom.WithBaseURL(ts.URL), intercom.WithHTTPClient(intercom.NewHTTPClient(intercom.RetryOptions{Governor: h.gov, MaxRetries: 1, MinWait: time.Millisecond})))
	if err != nil {
		t.Fatal(err)
	}
	h.env = &Env{Client: c, Config: cfg, Workers: 4,
		Log:       func(level, msg string) { h.w.Log(level, msg) },
		Estimator: func(stream string, rows int64) { h.w.Estimate(stream, rows) },
	}
	return h
}

// read reads the streams, each incremental when it has a cursor, and
// returns the validated messages and the failures.
func (h *harness) read(ss ...Stream) ([]map[string]any, []StreamFailure) {
	h.t.Helper()
	cat := &airbyte.ConfiguredCatalog{}
	for _, s := range ss {
		mode := airbyte.FullRefresh
		if s.Cursor != "" {
			mode = airbyte.Incremental
		}
		cat.Streams = append(cat.Streams, airbyte.ConfiguredStream{Stream: airbyte.Stream{Name: s.Name}, SyncMode: mode})
	}
	jobs, err := Plan(ss, cat, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	h.out.Reset()
	failed := Read(context.Background(), h.w, h.env, jobs, h.gov.Stats, make(chan time.Time))
	h.w.Flush()
	v, err := protocoltest.NewValidator()
	if err != nil {
		h.t.Fatal(err)
	}
	msgs, err := v.ValidateStream(&h.out)
	if err != nil {
		h.t.Fatal(err)
	}
	return msgs, failed
}

func ofType(msgs []map[string]any, typ string) []map[string]any {
	var out []map[string]any
	for _, m := range msgs {
		if m["type"] == typ {
			out = append(out, m)
		}
	}
	return out
}

func logs(msgs []map[string]any) string {
	var b strings.Builder
	for _, m := range ofType(msgs, "LOG") {
		b.WriteString(m["log"].(map[string]any)["message"].(string) + "\n")
	}
	return b.String()
}

func TestSourcesReadTheFake(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Tiny})
	ss := []Stream{
		{Name: "admins", PrimaryKey: [][]string{{"id"}}, Source: List{Path: intercom.PathAdmins, Key: "admins"}},
		{Name: "segments", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: Snapshot{Path: intercom.PathSegments, Key: "segments"}},
		{Name: "articles", PrimaryKey: [][]string{{"id"}}, Source: Paged{Path: intercom.PathArticles, PerPage: 10}},
		{Name: "conversations", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: Search{Path: intercom.PathConversationsSearch, Key: "conversations",
			Query: func(lo, hi int64) intercom.Filter {
				from := intercom.Filter{Field: "updated_at", Operator: ">", Value: lo - 1}
				if hi == 0 {
					return from
				}
				return intercom.And(from, intercom.Filter{Field: "updated_at", Operator: "<", Value: hi})
			}}},
		{Name: "activity_logs", PrimaryKey: [][]string{{"id"}}, Cursor: "created_at", Source: Windows{Cursor: "created_at",
			Step: func(*Env) int64 { return 30 * 86400 },
			Window: func(ctx context.Context, env *Env, lo, hi int64) iter.Seq2[*intercom.List, error] {
				q := map[string][]string{"created_at_after": {fmt.Sprint(lo - 1)}, "created_at_before": {fmt.Sprint(hi)}}
				return env.Client.NextLinks(ctx, intercom.PathActivityLogs, q, "activity_logs")
			}}},
	}
	msgs, failed := h.read(ss...)
	if len(failed) > 0 {
		t.Fatalf("failed: %v", failed[0].Failure)
	}
	got := map[string]map[string]bool{}
	for _, m := range ofType(msgs, "RECORD") {
		r := m["record"].(map[string]any)
		if got[r["stream"].(string)] == nil {
			got[r["stream"].(string)] = map[string]bool{}
		}
		got[r["stream"].(string)][fmt.Sprint(r["data"].(map[string]any)["id"])] = true
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
	for _, m := range ofType(msgs, "TRACE") {
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
	s := Stream{Name: "conversations", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: Search{Path: intercom.PathConversationsSearch, Key: "conversations",
		Query: func(lo, hi int64) intercom.Filter {
			from := intercom.Filter{Field: "updated_at", Operator: ">", Value: lo - 1}
			if hi == 0 {
				return from
			}
			return intercom.And(from, intercom.Filter{Field: "updated_at", Operator: "<", Value: hi})
		}}}
	msgs, failed := h.read(s)
	if len(failed) > 0 {
		t.Fatal(failed[0].Failure)
	}
	ids := map[string]int{}
	for _, m := range ofType(msgs, "RECORD") {
		ids[m["record"].(map[string]any)["data"].(map[string]any)["id"].(string)]++
	}
	if len(ids) != len(h.srv.Records("conversations")) {
		t.Errorf("%d distinct conversations, the fake holds %d", len(ids), len(h.srv.Records("conversations")))
	}
	bounded := 0
	for _, r := range h.srv.Requests() {
		if strings.Contains(string(r.Body), `"operator":"\u003c"`) || strings.Contains(string(r.Body), `"operator":"<"`) {
			bounded++
		}
	}
	if bounded == 0 {
		t.Error("no window was bounded: the search was not cut")
	}
	last := 0.0
	for _, m := range ofType(msgs, "STATE") {
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
	forbidden := Func(func(context.Context, *Env, int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			yield(Page{}, &intercom.APIError{Method: "POST", Path: "/tickets/search", StatusCode: 403, Code: "token_unauthorized"})
		}
	})
	three := Func(func(context.Context, *Env, int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			yield(Page{Records: []json.RawMessage{json.RawMessage(`{"id":"a"}`), json.RawMessage(`{"id":"b"}`)}}, nil)
			yield(Page{Records: []json.RawMessage{json.RawMessage(`{"id":"c"}`)}}, nil)
		}
	})
	missing := Func(func(context.Context, *Env, int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			yield(Page{}, &intercom.APIError{Method: "GET", Path: "/news/news_items", StatusCode: 404, Code: "not_found"})
		}
	})
	failing := Func(func(context.Context, *Env, int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			yield(Page{}, errors.New("boom"))
		}
	})
	panicking := Func(func(context.Context, *Env, int64) iter.Seq2[Page, error] { panic("kaboom") })
	ss := []Stream{
		{Name: "tickets", PrimaryKey: [][]string{{"id"}}, Source: forbidden, Permission: "read tickets"},
		Stream{Name: "news_items", PrimaryKey: [][]string{{"id"}}, Source: missing}.Needs("News"),
		{Name: "admins", PrimaryKey: [][]string{{"id"}}, Source: three,
			Complete: func(_ context.Context, _ *Env, rec json.RawMessage) (json.RawMessage, error) {
				return append(rec[:len(rec)-1:len(rec)-1], `,"done":true}`...), nil
			}},
		{Name: "teams", PrimaryKey: [][]string{{"id"}}, Source: failing},
		{Name: "tags", PrimaryKey: [][]string{{"id"}}, Source: panicking},
	}
	msgs, failed := h.read(ss...)
	if len(failed) != 2 || failed[0].Stream != "teams" || failed[1].Stream != "tags" || failed[1].Failure.Type != airbyte.SystemError {
		t.Fatalf("failures %+v", failed)
	}
	var recs []string
	for _, m := range ofType(msgs, "RECORD") {
		b, _ := json.Marshal(m["record"].(map[string]any)["data"])
		recs = append(recs, string(b))
	}
	if strings.Join(recs, " ") != `{"done":true,"id":"a"} {"done":true,"id":"b"} {"done":true,"id":"c"}` {
		t.Errorf("completed records %v", recs)
	}
	if l := logs(msgs); !strings.Contains(l, `Stream tickets is skipped: the access token or the workspace's plan lacks "read tickets" (HTTP 403`) ||
		!strings.Contains(l, `Stream news_items is skipped: Intercom answered 404 not_found on /news/news_items, as for a workspace without "News"`) {
		t.Errorf("no WARN for a skipped stream:\n%s", l)
	}
	status := map[string]string{}
	for _, m := range ofType(msgs, "TRACE") {
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
	src := Func(func(context.Context, *Env, int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			yield(Page{Records: []json.RawMessage{
				json.RawMessage(`{"id":"a","updated_at":1700000000}`),
				json.RawMessage(`{"id":"b","updated_at":"1700000001"}`),
				json.RawMessage(`{"id":"c","updated_at":null}`),
			}, Checkpoint: 1700000000}, nil)
		}
	})
	msgs, failed := h.read(Stream{Name: "contacts", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: src})
	if len(failed) > 0 || len(ofType(msgs, "RECORD")) != 3 {
		t.Fatalf("%d records, failures %v", len(ofType(msgs, "RECORD")), failed)
	}
	if !strings.Contains(logs(msgs), "Stream contacts: 2 records had no integer updated_at") {
		t.Errorf("no WARN counting them:\n%s", logs(msgs))
	}
}

// TestRecordsThatContradictTheSchemaAreAnnounced: a record whose shape
// contradicts the declared schema (an admin avatar as an object where 2.16
// declares a URL, updated_at as a string) is written as sent, and the read
// names the fields in a WARN.
func TestRecordsThatContradictTheSchemaAreAnnounced(t *testing.T) {
	h := newHarness(t, fakeintercom.Options{Seed: 4, Size: fakeintercom.Tiny})
	src := Func(func(context.Context, *Env, int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			yield(Page{Records: []json.RawMessage{json.RawMessage(`{"type":"admin","id":"1","avatar":{"image_url":"https://x"}}`)}}, nil)
			yield(Page{Records: []json.RawMessage{json.RawMessage(`{"type":"admin","id":"2","avatar":"https://y"}`)}}, nil)
		}
	})
	msgs, failed := h.read(Stream{Name: "admins", PrimaryKey: [][]string{{"id"}}, Source: src})
	if len(failed) > 0 || len(ofType(msgs, "RECORD")) != 2 {
		t.Fatalf("%d records, failures %v", len(ofType(msgs, "RECORD")), failed)
	}
	if l := logs(msgs); !strings.Contains(l, "Stream admins: of 2 records sampled") || !strings.Contains(l, "/avatar (1)") {
		t.Errorf("no WARN naming the field:\n%s", l)
	}
}
