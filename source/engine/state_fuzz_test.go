package engine

import (
	"encoding/json"
	"testing"

	"github.com/intercom-connector/source-intercom/source/airbyte"
)

// FuzzParseCursorState: any stream state blob gives a cursor or an error;
// a cursor is never negative, and the state written from it reads back
// the same.
func FuzzParseCursorState(f *testing.F) {
	f.Add(uint8(0), []byte(`{"updated_at":1700000000}`))
	f.Add(uint8(4), []byte(`{"updated_at":1700000000,"conversations":{"updated_at":1700000500}}`))
	f.Add(uint8(6), []byte(`{"created_at":"2024-01-01T00:00:00Z"}`))
	f.Add(uint8(1), []byte(`{"updated_at":1700000000000}`))
	f.Add(uint8(6), []byte(`{"created_at":"0000-01-01 0:00:00Z"}`))
	f.Add(uint8(6), []byte(`{"created_at":"9999-12-31T23:59:59Z"}`))
	f.Add(uint8(0), []byte(`{"__ab_no_cursor_state_message":true}`))
	f.Add(uint8(4), []byte(`{"use_global_cursor":true,"state":{"updated_at":"1717000000"},"lookback_window":0,"parent_state":{"conversations":{"updated_at":"1717000000"}}}`))
	f.Add(uint8(4), []byte(`{"states":[{"partition":{"id":"1"},"cursor":{"updated_at":1717000000}}],"parent_state":{"conversations":{"state_type":"date-range","slices":[{"start":1,"end":2}]}}}`))
	f.Add(uint8(0), []byte(`{"state_type":"date-range","slices":[{"start":1700000000,"end":1717000000,"most_recent_cursor_value":1716000000}],"legacy":{"updated_at":1}}`))
	var streams []Stream
	for _, s := range testStreams() {
		if s.Cursor != "" {
			streams = append(streams, s)
		}
	}
	f.Fuzz(func(t *testing.T, i uint8, raw []byte) {
		s := streams[int(i)%len(streams)]
		st, err := parseCursorState(s, raw)
		if err != nil {
			return
		}
		if st.Resume < 0 {
			t.Fatalf("%s: negative cursor %+v from %s", s.Name, st, raw)
		}
		out := st.JSON(s)
		if !json.Valid(out) {
			t.Fatalf("%s: state %s is not JSON", s.Name, out)
		}
		back, err := parseCursorState(s, out)
		if err != nil {
			t.Fatalf("%s: the state written, %s, is refused: %v", s.Name, out, err)
		}
		if back.Resume != st.Resume {
			t.Errorf("%s: %s read back resumes at %d, not %d", s.Name, out, back.Resume, st.Resume)
		}
	})
}

// FuzzPlan: a configured catalog and a state, parsed and matched to the
// streams, give jobs or an error, never a panic.
func FuzzPlan(f *testing.F) {
	f.Add([]byte(`{"streams":[{"stream":{"name":"contacts"},"sync_mode":"incremental","destination_sync_mode":"append"}]}`),
		[]byte(`[{"type":"STREAM","stream":{"stream_descriptor":{"name":"contacts"},"stream_state":{"updated_at":1700000000}}}]`))
	f.Add([]byte(`{"streams":[{"stream":{"name":"admins"},"sync_mode":"full_refresh"}]}`), []byte(`{"admins":{}}`))
	f.Add([]byte(`{"streams":[]}`), []byte(``))
	f.Fuzz(func(t *testing.T, catalog, state []byte) {
		cat, err := airbyte.ParseConfiguredCatalog(catalog)
		if err != nil {
			return
		}
		states, err := airbyte.ParseState(state)
		if err != nil {
			return
		}
		jobs, err := Plan(testStreams(), cat, states)
		if err != nil {
			return
		}
		if len(jobs) != len(cat.Streams) {
			t.Fatalf("%d jobs for %d streams", len(jobs), len(cat.Streams))
		}
		for i, j := range jobs {
			if j.stream.Name != cat.Streams[i].Stream.Name {
				t.Errorf("job %d is %q for %q", i, j.stream.Name, cat.Streams[i].Stream.Name)
			}
			if j.mode == airbyte.Incremental && j.stream.Cursor == "" {
				t.Errorf("%s: incremental without a cursor", j.stream.Name)
			}
			if j.state.Resume < 0 {
				t.Errorf("%s: negative cursor", j.stream.Name)
			}
		}
	})
}
