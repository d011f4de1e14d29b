package source

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// readInProcess runs read against the fake in-process and returns its
// validated messages.
func readInProcess(t *testing.T, srv *fakeintercom.Server, token string, modes map[string]string, ticks <-chan time.Time, now ...func() time.Time) []map[string]any {
	t.Helper()
	return readInProcessFrom(t, srv, token, modes, nil, ticks, now...)
}

// readInProcessFrom is readInProcess resuming from state (a JSON array of
// state messages), or from nothing when state is nil.
func readInProcessFrom(t *testing.T, srv *fakeintercom.Server, token string, modes map[string]string, state []byte, ticks <-chan time.Time, now ...func() time.Time) []map[string]any {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg, _ := json.Marshal(map[string]any{"access_token": token, "start_date": "2015-01-01T00:00:00Z", "api_url": ts.URL})
	var cs []any
	for name, mode := range modes {
		cs = append(cs, map[string]any{"stream": map[string]any{"name": name, "json_schema": map[string]any{}, "supported_sync_modes": []string{"full_refresh", "incremental"}},
			"sync_mode": mode, "destination_sync_mode": "append"})
	}
	cat, _ := json.Marshal(map[string]any{"streams": cs})
	files := map[string]string{"c.json": string(cfg), "cat.json": string(cat)}
	args := []string{"read", "--config", "c.json", "--catalog", "cat.json"}
	if state != nil {
		files["state.json"] = string(state)
		args = append(args, "--state", "state.json")
	}
	code, msgs, stderr := callWith(t, Deps{ProgressTicks: ticks, Now: append(now, nil)[0]}, files, args...)
	if code != 0 {
		t.Fatalf("read exit %d: %s\n%v", code, stderr, msgs)
	}
	return msgs
}

// TestReadIsFollowable: a read says, per stream, when it ends and with how
// many records; it reports progress on each tick; its summary names every
// stream's records; and it estimates every stream whose size Intercom
// gives or the connector can derive without extra requests.
func TestReadIsFollowable(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 5, Size: fakeintercom.Tiny, Token: "tok"})
	modes := map[string]string{}
	for _, s := range streams.All() {
		modes[s.Name] = "full_refresh"
	}
	ticks := make(chan time.Time, 1)
	ticks <- time.Now()
	msgs := readInProcess(t, srv, "tok", modes, ticks)
	records, estimates := map[string]int64{}, map[string]int64{}
	var logs []string
	for _, m := range msgs {
		switch m["type"] {
		case "RECORD":
			records[m["record"].(map[string]any)["stream"].(string)]++
		case "LOG":
			logs = append(logs, m["log"].(map[string]any)["message"].(string))
		case "TRACE":
			if e, ok := m["trace"].(map[string]any)["estimate"].(map[string]any); ok {
				estimates[e["name"].(string)] = int64(e["row_estimate"].(float64))
			}
		}
	}
	all := strings.Join(logs, "\n")
	if !strings.Contains(all, "Progress after ") {
		t.Error("no progress LOG on the tick")
	}
	var summary string
	for _, l := range logs {
		if strings.HasPrefix(l, "Read ") {
			summary = l
		}
	}
	for _, s := range streams.All() {
		if records[s.Name] == 0 {
			t.Errorf("%s: no records; the test proves nothing for it", s.Name)
		}
		want := fmt.Sprintf("Stream %s finished: %s records, ", s.Name, engine.Thousands(records[s.Name]))
		if !strings.Contains(all, want) {
			t.Errorf("no LOG %q", want)
		}
		if !strings.Contains(summary, fmt.Sprintf("%s %s", s.Name, engine.Thousands(records[s.Name]))) {
			t.Errorf("summary %q lacks %s's %d records", summary, s.Name, records[s.Name])
		}
	}
	for _, name := range []string{"contacts", "conversations", "tickets", "company_segments", "company_contacts", "articles", "help_center_collections", "help_centers", "news_items", "deleted_conversations",
		"newsfeeds", "content_snippets", "internal_articles", "calls", "audiences", "content_import_sources", "external_pages"} {
		if estimates[name] != records[name] {
			t.Errorf("%s: ESTIMATE %d, read %d", name, estimates[name], records[name])
		}
	}
	for _, name := range []string{"conversation_parts", "contact_notes"} {
		if e, n := estimates[name], records[name]; e < n/2 || e > n*2 {
			t.Errorf("%s: ESTIMATE %d, read %d", name, e, n)
		}
	}
}

// TestCompanySegmentsCheckpointsAsItGoes: company_segments moves its state
// while it reads, and every STATE covers what was written before it: the
// segments of every company updated before the state's parent cursor.
func TestCompanySegmentsCheckpointsAsItGoes(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 9, Size: fakeintercom.Small, Token: "tok"})
	var companies []map[string]any
	b, _ := json.Marshal(srv.Records("companies"))
	if err := json.Unmarshal(b, &companies); err != nil {
		t.Fatal(err)
	}
	msgs := readInProcess(t, srv, "tok", map[string]string{"company_segments": "incremental"}, nil)
	written := map[string]bool{} // company ids whose segments were written
	states := 0
	last := int64(0)
	for _, m := range msgs {
		switch m["type"] {
		case "RECORD":
			written[m["record"].(map[string]any)["data"].(map[string]any)["company_id"].(string)] = true
		case "STATE":
			states++
			st := m["state"].(map[string]any)["stream"].(map[string]any)["stream_state"].(map[string]any)
			cursor := int64(st["companies"].(map[string]any)["updated_at"].(float64))
			if cursor < last {
				t.Errorf("state moved back from %d to %d", last, cursor)
			}
			last = cursor
			for _, c := range companies {
				segs := c["segments"].(map[string]any)["segments"].([]any)
				if int64(c["updated_at"].(float64)) < cursor && len(segs) > 0 && !written[c["id"].(string)] {
					t.Fatalf("STATE at %d before the segments of company %s (updated %v) were written", cursor, c["id"], c["updated_at"])
				}
			}
		}
	}
	if want := len(companies)/streams.SegmentsCheckpointEvery + 1; states < want {
		t.Errorf("%d STATEs for %d companies, want at least %d", states, len(companies), want)
	}
}

// steppingClock is a clock that every look moves on by step.
func steppingClock(step time.Duration) func() time.Time {
	var mu sync.Mutex
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(step)
		return clock
	}
}

// TestLongScanRepeatsItsState: a scan that cannot checkpoint midway still
// writes its (unchanged) state at least every engine.StateEvery while it writes
// records, and never a state past where it started.
func TestLongScanRepeatsItsState(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 2, Size: fakeintercom.Tiny, Token: "tok"})
	now := steppingClock(engine.StateEvery + time.Second)
	msgs := readInProcess(t, srv, "tok", map[string]string{"companies": "incremental"}, nil, now)
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	var cursors []int64 // of the STATEs that records follow: mid-scan
	recordsBefore := 0
	for _, m := range msgs {
		switch m["type"] {
		case "RECORD":
			if recordsBefore == 0 && len(cursors) > 0 && cursors[len(cursors)-1] < 0 {
				cursors[len(cursors)-1] = -cursors[len(cursors)-1]
			}
			recordsBefore++
		case "STATE":
			st := m["state"].(map[string]any)["stream"].(map[string]any)["stream_state"].(map[string]any)
			cursors = append(cursors, -int64(st["updated_at"].(float64))) // negative until a record follows
			if n := m["state"].(map[string]any)["sourceStats"].(map[string]any)["recordCount"].(float64); int(n) != recordsBefore {
				t.Errorf("STATE counts %v records, %d were written since the last", n, recordsBefore)
			}
			recordsBefore = 0
		}
	}
	mid := 0
	for _, c := range cursors {
		if c < 0 {
			continue // the end of the scan
		}
		mid++
		if c != start {
			t.Errorf("mid-scan STATE at %d, want the start %d: a scroll cannot resume midway", c, start)
		}
	}
	if mid < 2 {
		t.Errorf("%d mid-scan STATEs in a scan of several pages, want one per page while the clock runs", mid)
	}
}

// TestLongFullRefreshStreamCheckpointsAsItGoes: a stream without a cursor
// (company_contacts: a request per company) writes an empty STATE at least
// every engine.StateEvery while it writes records, so the platform can
// commit them, and the CDK's no-cursor mark once, at its end.
func TestLongFullRefreshStreamCheckpointsAsItGoes(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 2, Size: fakeintercom.Tiny, Token: "tok"})
	now := steppingClock(engine.StateEvery + time.Second)
	msgs := readInProcess(t, srv, "tok", map[string]string{"company_contacts": "full_refresh"}, nil, now)
	var states []string
	records, recordsBefore := 0, 0
	for _, m := range msgs {
		switch m["type"] {
		case "RECORD":
			records++
			recordsBefore++
		case "STATE":
			st, _ := json.Marshal(m["state"].(map[string]any)["stream"].(map[string]any)["stream_state"])
			states = append(states, string(st))
			if n := m["state"].(map[string]any)["sourceStats"].(map[string]any)["recordCount"].(float64); int(n) != recordsBefore {
				t.Errorf("STATE counts %v records, %d were written since the last", n, recordsBefore)
			}
			recordsBefore = 0
		}
	}
	if records != len(srv.Records("company_contacts")) || records == 0 {
		t.Fatalf("%d records, the fake has %d", records, len(srv.Records("company_contacts")))
	}
	if len(states) < 3 || states[len(states)-1] != `{"__ab_no_cursor_state_message":true}` {
		t.Fatalf("states %v: want empty ones as it goes, the no-cursor mark at the end", states)
	}
	for _, st := range states[:len(states)-1] {
		if st != `{}` {
			t.Errorf("mid-stream state %s, want {}", st)
		}
	}
}

// TestWorkspaceWithoutOptionalProductsSyncs: a token (or plan) without the
// Help Center, News or tickets answers 403 on their endpoints; those
// streams are skipped with a WARN each, complete and empty, and the read
// succeeds.
func TestWorkspaceWithoutOptionalProductsSyncs(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 3, Size: fakeintercom.Tiny, Token: "tok", LimitedToken: "limited",
		LimitedScopes: []string{fakeintercom.ScopeReadAdmins, fakeintercom.ScopeReadUsersCompanies, fakeintercom.ScopeReadConversations}})
	optional := []string{"help_centers", "help_center_collections", "articles", "news_items", "tickets"}
	modes := map[string]string{"admins": "full_refresh", "conversations": "incremental"}
	for _, name := range optional {
		modes[name] = "full_refresh"
	}
	msgs := readInProcess(t, srv, "limited", modes, nil)
	records, complete, warned := map[string]int{}, map[string]bool{}, map[string]bool{}
	for _, m := range msgs {
		switch m["type"] {
		case "RECORD":
			records[m["record"].(map[string]any)["stream"].(string)]++
		case "TRACE":
			if ss, ok := m["trace"].(map[string]any)["stream_status"].(map[string]any); ok && ss["status"] == "COMPLETE" {
				complete[ss["stream_descriptor"].(map[string]any)["name"].(string)] = true
			}
		case "LOG":
			l := m["log"].(map[string]any)
			for _, name := range optional {
				if l["level"] == "WARN" && strings.HasPrefix(l["message"].(string), "Stream "+name+" is skipped") {
					warned[name] = true
				}
			}
		}
	}
	for _, name := range optional {
		if !complete[name] || !warned[name] || records[name] != 0 {
			t.Errorf("%s: complete %v, warned %v, %d records", name, complete[name], warned[name], records[name])
		}
	}
	if records["admins"] == 0 || records["conversations"] == 0 {
		t.Errorf("the streams the token may read emitted %v", records)
	}
}
