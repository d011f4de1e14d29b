package airbyte

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/intercom-connector/source-intercom/internal/protocoltest"
)

func fixedClock() time.Time { return time.UnixMilli(1_700_000_000_123) }

// lines decodes stdout and validates every line against the Airbyte protocol.
func lines(t *testing.T, out *bytes.Buffer) []map[string]any {
	t.Helper()
	v, err := protocoltest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := v.ValidateStream(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatalf("invalid protocol output: %v\n%s", err, out)
	}
	return msgs
}

func TestEveryMessageKindValidates(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, WithClock(fixedClock))
	w.Spec(json.RawMessage(`{"documentationUrl":"https://example.com/docs","connectionSpecification":{"type":"object"}}`))
	w.ConnectionStatus(true, "")
	w.ConnectionStatus(false, "bad token")
	w.Catalog(&Catalog{Streams: []Stream{{Name: "admins", JSONSchema: json.RawMessage(`{"type":"object"}`), SupportedSyncModes: []SyncMode{FullRefresh}, SourceDefinedPrimaryKey: [][]string{{"id"}}}}})
	w.Log(LevelInfo, "hello")
	w.Record("admins", json.RawMessage(`{"id":"1"}`))
	w.State("admins", json.RawMessage(`{"updated_at":1}`))
	for _, st := range []StreamStatus{Started, Running, Complete, Incomplete} {
		w.StreamStatus("admins", st)
	}
	w.Estimate("admins", 10)
	for _, ft := range []FailureType{ConfigError, SystemError, TransientError} {
		w.Error(ft, "admins", "msg", "internal", "")
	}
	w.Error(SystemError, "", "sync-wide", "", "stack")
	w.Flush()
	msgs := lines(t, &out)
	if len(msgs) != 16 {
		t.Fatalf("got %d messages, want 16", len(msgs))
	}
	if strings.Contains(out.String(), `"namespace"`) {
		t.Error("empty namespace written; it must be omitted")
	}
	rec := msgs[5]["record"].(map[string]any)
	if rec["emitted_at"] != float64(1_700_000_000_123) || rec["stream"] != "admins" {
		t.Errorf("record = %v", rec)
	}
}

func TestStateCountsRecordsSincePreviousState(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, WithClock(fixedClock))
	for range 3 {
		w.Record("a", json.RawMessage(`{"id":"x"}`))
	}
	w.Record("b", json.RawMessage(`{"id":"y"}`))
	w.State("a", json.RawMessage(`{}`))
	w.Record("a", json.RawMessage(`{"id":"z"}`))
	w.State("a", json.RawMessage(`{}`))
	w.State("b", json.RawMessage(`{}`))
	w.Flush()
	var counts []float64
	for _, m := range lines(t, &out) {
		if m["type"] == "STATE" {
			counts = append(counts, m["state"].(map[string]any)["sourceStats"].(map[string]any)["recordCount"].(float64))
		}
	}
	if len(counts) != 3 || counts[0] != 3 || counts[1] != 1 || counts[2] != 1 {
		t.Errorf("recordCounts = %v, want [3 1 1]", counts)
	}
}

func TestStateFlushesBufferedRecords(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Record("a", json.RawMessage(`{"id":"1"}`))
	if out.Len() != 0 {
		t.Fatal("record reached stdout before any flush; expected buffering")
	}
	w.State("a", json.RawMessage(`{}`))
	if got := strings.Count(out.String(), "\n"); got != 2 {
		t.Errorf("after STATE stdout has %d lines, want record and state", got)
	}
}

func TestMultiLineRecordIsCompacted(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, WithClock(fixedClock))
	w.Record("a", json.RawMessage("{\n  \"id\": \"1\",\n  \"body\": \"line\\nbreak\"\n}"))
	w.Flush()
	got := out.String()
	if strings.Count(got, "\n") != 1 || !strings.Contains(got, `"data":{"id":"1","body":"line\nbreak"}`) {
		t.Errorf("got %q", got)
	}
	if err := w.Record("a", json.RawMessage("{\n bad")); err == nil {
		t.Error("invalid multi-line JSON accepted")
	}
}

func TestSecretsRedacted(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Redact("tok-SECRET-123")
	w.Log(LevelWarn, "calling with tok-SECRET-123")
	w.Error(ConfigError, "", "bad tok-SECRET-123", "internal tok-SECRET-123", "stack tok-SECRET-123")
	w.ConnectionStatus(false, "FAILED tok-SECRET-123")
	w.Flush()
	if strings.Contains(out.String(), "SECRET") {
		t.Errorf("secret leaked: %s", out.String())
	}
}

func TestConcurrentWritesStayWholeLines(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, WithClock(fixedClock))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := string(rune('a' + g))
			for range 200 {
				w.Record(name, json.RawMessage(`{"id":"1"}`))
			}
			w.State(name, json.RawMessage(`{}`))
		}()
	}
	wg.Wait()
	w.Flush()
	msgs := lines(t, &out)
	if len(msgs) != 8*201 {
		t.Errorf("got %d messages, want %d", len(msgs), 8*201)
	}
	for _, m := range msgs {
		if m["type"] == "STATE" {
			if n := m["state"].(map[string]any)["sourceStats"].(map[string]any)["recordCount"]; n != float64(200) {
				t.Errorf("recordCount = %v, want 200", n)
			}
		}
	}
}

func TestRecordWithAddsAField(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, WithClock(fixedClock))
	w.RecordWith("parts", json.RawMessage(`{"id":"1"}`), []byte(`"conversation_id":"9"`))
	w.RecordWith("parts", json.RawMessage(`{}`), []byte(`"conversation_id":"9"`))
	w.RecordWith("parts", json.RawMessage("{\n \"id\": \"2\"\n}"), []byte(`"conversation_id":"9"`))
	w.Flush()
	msgs := lines(t, &out)
	want := []string{`{"conversation_id":"9","id":"1"}`, `{"conversation_id":"9"}`, `{"conversation_id":"9","id":"2"}`}
	for i, m := range msgs {
		got, _ := json.Marshal(m["record"].(map[string]any)["data"])
		if string(got) != want[i] {
			t.Errorf("record %d = %s, want %s", i, got, want[i])
		}
	}
}

func TestSecretsRedactedInEchoedForms(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, WithClock(fixedClock))
	w.Redact(" s3cr/et+1<2>\t", "ab") // pasted with spaces; too short a secret is not masked
	for _, echo := range []string{"Bearer s3cr/et+1<2>", "token=s3cr%2Fet%2B1%3C2%3E", `{"auth":"s3cr\/et+1\u003c2\u003e"}`, `"s3cr/et+1\u003c2\u003e"`} {
		w.Log(LevelWarn, "server said: "+echo)
	}
	w.Flush()
	if s := out.String(); strings.Contains(s, "s3cr") || strings.Count(s, "****") != 4 {
		t.Errorf("a form of the secret leaked:\n%s", s)
	}
}

// lockedBuffer is an output the flusher goroutine and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Count(l.b.Bytes(), []byte("\n"))
}

func TestPendingOutputIsFlushedEveryTick(t *testing.T) {
	var out lockedBuffer
	tick := make(chan time.Time)
	var every time.Duration
	w := NewWriter(&out, WithClock(fixedClock), WithTicker(func(d time.Duration) (<-chan time.Time, func()) {
		every = d
		return tick, func() {}
	}))
	stop := w.FlushEvery(time.Second)
	defer stop()
	if every != time.Second {
		t.Errorf("ticks every %s", every)
	}
	w.Log(LevelInfo, "waiting for the rate limit")
	w.Estimate("contacts", 10)
	w.Record("contacts", json.RawMessage(`{"id":"1"}`))
	if n := out.lines(); n != 0 {
		t.Fatalf("%d lines out before any tick or state", n)
	}
	tick <- time.Time{}
	tick <- time.Time{} // the first tick was handled once the second is taken
	if n := out.lines(); n != 3 {
		t.Errorf("%d lines out after a tick, want 3", n)
	}
}

func TestStreamStatusAndErrorAreFlushedAtOnce(t *testing.T) {
	var out lockedBuffer
	w := NewWriter(&out, WithClock(fixedClock))
	w.Log(LevelInfo, "before")
	w.StreamStatus("admins", Complete)
	if n := out.lines(); n != 2 {
		t.Errorf("%d lines after COMPLETE, want 2", n)
	}
	w.Error(SystemError, "teams", "boom", "", "")
	if n := out.lines(); n != 3 {
		t.Errorf("%d lines after an ERROR trace, want 3", n)
	}
}

func TestInvalidUTF8IsReplacedAndCounted(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, WithClock(fixedClock))
	w.Record("admins", json.RawMessage("{\"id\":\"1\",\"name\":\"Ann\xff\xfe\"}"))
	w.Record("admins", json.RawMessage(`{"id":"2","name":"Bob"}`))
	w.RecordWith("admins", json.RawMessage("{\"id\":\"3\",\"name\":\"C\xc3\"}"), []byte(`"x":1`))
	w.State("admins", json.RawMessage(`{}`))
	w.Record("teams", json.RawMessage("{\"id\":\"1\",\"name\":\"\xe2\x82\"}"))
	w.Flush()
	if !utf8.Valid(out.Bytes()) {
		t.Fatalf("stdout holds invalid UTF-8:\n%q", out.String())
	}
	msgs := lines(t, &out)
	var warns []string
	for _, m := range msgs {
		if l, ok := m["log"].(map[string]any); ok {
			warns = append(warns, l["message"].(string))
		}
	}
	if len(msgs) != 7 || msgs[0]["record"].(map[string]any)["data"].(map[string]any)["name"] != "Ann\uFFFD" ||
		len(warns) != 2 || !strings.HasPrefix(warns[0], "2 records of admins") || !strings.HasPrefix(warns[1], "1 records of teams") {
		t.Errorf("messages %v", msgs)
	}
	if msgs[3]["type"] != "LOG" || msgs[4]["type"] != "STATE" {
		t.Errorf("the WARN does not come just before the stream's STATE: %v", msgs)
	}
}
