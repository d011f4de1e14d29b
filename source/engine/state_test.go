package engine

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/source/config"
)

func TestParseCursorState(t *testing.T) {
	contacts, _ := lookup("contacts")
	parts, _ := lookup("conversation_parts")
	tests := []struct {
		name   string
		stream Stream
		in     string
		resume int64
		err    string
	}{
		{"none", contacts, ``, 0, ""},
		{"empty object", contacts, `{}`, 0, ""},
		{"full refresh marker", contacts, `{"__ab_no_cursor_state_message":true}`, 0, ""},
		{"seconds", contacts, `{"updated_at":1700000000}`, 1700000000, ""},
		{"milliseconds", contacts, `{"updated_at":1700000000123}`, 1700000000, ""},
		{"float", contacts, `{"updated_at":1700000000.5}`, 1700000000, ""},
		{"numeric string", contacts, `{"updated_at":"1700000000"}`, 1700000000, ""},
		{"rfc3339", contacts, `{"updated_at":"2023-11-14T22:13:20Z"}`, 1700000000, ""},
		{"rfc3339 offset", contacts, `{"updated_at":"2023-11-14T23:13:20+01:00"}`, 1700000000, ""},
		{"child with parent", parts, `{"updated_at":1600000000,"conversations":{"updated_at":1700000000}}`, 1700000000, ""},
		{"child legacy", parts, `{"updated_at":1700000000}`, 1700000000, ""},
		{"unknown shape", contacts, `{"cursor":5}`, 0, `has no "updated_at" cursor`},
		{"bad value", contacts, `{"updated_at":true}`, 0, "neither a unix timestamp"},
		{"bad string", contacts, `{"updated_at":"yesterday"}`, 0, "not a unix timestamp"},
		{"negative", contacts, `{"updated_at":-5}`, 0, "not a valid timestamp"},
		{"zero date", contacts, `{"updated_at":"0001-01-01T00:00:00Z"}`, 0, ""},
		{"before 1970", contacts, `{"updated_at":"0000-01-01 0:00:00Z"}`, 0, ""},
		{"beyond 5138", contacts, `{"updated_at":"9999-12-31T23:59:59Z"}`, 0, "not a valid timestamp"},
		{"not object", contacts, `[1]`, 0, "not a JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := parseCursorState(tc.stream, json.RawMessage(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || st.Resume != tc.resume {
				t.Fatalf("resume = %d err = %v, want %d", st.Resume, err, tc.resume)
			}
		})
	}
}

func TestCursorStateJSONRoundTrips(t *testing.T) {
	parts, _ := lookup("conversation_parts")
	st := cursorState{Resume: 1700000000}
	b := st.JSON(parts)
	if string(b) != `{"conversations":{"updated_at":1700000000},"updated_at":1700000000}` {
		t.Errorf("json = %s", b)
	}
	back, err := parseCursorState(parts, b)
	if err != nil || back.Resume != st.Resume {
		t.Errorf("round trip = %+v %v", back, err)
	}
}

func TestSinceAppliesLookbackButNotBeforeStart(t *testing.T) {
	cfg, _ := config.ParseConfig([]byte(`{"access_token":"x","start_date":"2023-01-01T00:00:00Z","lookback_window":2}`))
	start := cfg.StartTime().Unix()
	if got := sinceOf(cfg, cursorState{}); got != start {
		t.Errorf("no state: %d, want start %d", got, start)
	}
	if got := sinceOf(cfg, cursorState{Resume: 1700000000}); got != 1700000000-2*86400 {
		t.Errorf("with state: %d", got)
	}
	if got := sinceOf(cfg, cursorState{Resume: start + 10}); got != start {
		t.Errorf("lookback before start: %d", got)
	}
	// Airbyte has no maximum: any number of days, without overflow.
	for _, days := range []string{"3650", "2000000000", "9223372036854775807"} {
		cfg, err := config.ParseConfig([]byte(`{"access_token":"x","start_date":"2023-01-01T00:00:00Z","lookback_window":` + days + `}`))
		if err != nil {
			t.Fatalf("lookback_window %s refused: %v", days, err)
		}
		if got := sinceOf(cfg, cursorState{Resume: 1700000000}); got != start {
			t.Errorf("lookback_window %s: since %d, want start_date %d", days, got, start)
		}
	}
}

// TestParseAirbyteStateForms feeds every state form Airbyte's
// source-intercom 0.10 to 0.13 writes or wrote and checks the resume point
// is the earliest its writer guarantees.
func TestParseAirbyteStateForms(t *testing.T) {
	parts, _ := lookup("conversation_parts")
	segs, _ := lookup("company_segments")
	contacts, _ := lookup("contacts")
	tests := []struct {
		name   string
		stream Stream
		in     string
		resume int64
	}{
		// The CDK's substream cursors (0.11 to 0.13).
		{"global substream, string cursors", parts, `{"use_global_cursor": true, "state": {"updated_at": "1717000000"}, "lookback_window": 0, "parent_state": {"conversations": {"updated_at": "1717000000"}}}`, 1717000000},
		{"global substream, integer cursors", parts, `{"use_global_cursor": true, "state": {"updated_at": 1717000000}, "lookback_window": 0, "parent_state": {"conversations": {"updated_at": 1717000000}}}`, 1717000000},
		{"global substream without use_global_cursor", parts, `{"state": {"updated_at": 1717000000}, "parent_state": {"conversations": {"updated_at": 1717000100}}}`, 1717000000},
		{"global cursor less its lookback seconds", parts, `{"state": {"updated_at": 1717000000}, "lookback_window": 600, "parent_state": {"conversations": {"updated_at": 1717000000}}}`, 1716999400},
		{"parent cursor earlier than global", segs, `{"use_global_cursor": true, "state": {"updated_at": 1717000000}, "lookback_window": 5, "parent_state": {"companies": {"updated_at": 1716000000}}}`, 1716000000},
		{"global only", parts, `{"use_global_cursor": true, "state": {"updated_at": 1717000000}, "lookback_window": 0}`, 1717000000},
		{"per-partition with parent: parent decides", parts, `{"use_global_cursor": false, "states": [{"partition": {"id": "215", "parent_slice": {}}, "cursor": {"updated_at": 1600000000}}, {"partition": {"id": "216", "parent_slice": {}}, "cursor": {"updated_at": "1717000000"}}], "state": {"updated_at": 1717000000}, "lookback_window": 0, "parent_state": {"conversations": {"updated_at": 1716990000}}}`, 1716990000},
		{"per-partition without parent: minimum", parts, `{"states": [{"partition": {"id": "215"}, "cursor": {"updated_at": "1717000000"}}, {"partition": {"id": "216"}, "cursor": {"updated_at": 1716000000}}]}`, 1716000000},
		{"per-partition and global without parent: minimum", segs, `{"states": [{"partition": {"id": "a"}, "cursor": {"updated_at": 1717000000}}], "state": {"updated_at": 1716500000}, "lookback_window": 0}`, 1716500000},
		{"per-partition with date-range cursors", parts, `{"states": [{"partition": {"id": "1"}, "cursor": {"state_type": "date-range", "slices": [{"start": 1716000000, "end": 1717000000, "most_recent_cursor_value": 1716900000}]}}]}`, 1716900000},
		{"parent state in date-range form", parts, `{"use_global_cursor": true, "state": {"updated_at": 1717000000}, "parent_state": {"conversations": {"state_type": "date-range", "slices": [{"start": "1716000000", "end": "1717000000", "most_recent_cursor_value": "1716950000"}], "legacy": {}}}}`, 1716950000},
		{"empty per-partition list: start over", parts, `{"use_global_cursor": false, "states": [], "lookback_window": 0}`, 0},
		{"rfc3339 global cursor", parts, `{"state": {"updated_at": "2024-05-29T16:26:40Z"}, "parent_state": {"conversations": {"updated_at": "2024-05-29T16:26:40+00:00"}}}`, 1717000000},
		// The legacy and migrated substream forms (0.3 to 0.10).
		{"legacy substream", parts, `{"updated_at": 1717000500, "conversations": {"updated_at": 1717000000}}`, 1717000000},
		{"migrated: prior_state and parent_state", parts, `{"updated_at": 1717000500, "prior_state": {"updated_at": 1716000000, "conversations": {"updated_at": 1716000000}}, "conversations": {"updated_at": 1717000000}, "parent_state": {"conversations": {"updated_at": 1717000000}}}`, 1717000000},
		{"migrated: parent_state older than legacy key", segs, `{"updated_at": 1717000500, "companies": {"updated_at": 1717000000}, "parent_state": {"companies": {"updated_at": 1716000000}}}`, 1716000000},
		{"child with only its own cursor", segs, `{"updated_at": "1717000000"}`, 1717000000},
		// The concurrent date-range form.
		{"date-range, most recent value", contacts, `{"state_type": "date-range", "slices": [{"start": 1700000000, "end": 1717000000, "most_recent_cursor_value": 1716999000}], "legacy": {"updated_at": 1600000000}}`, 1716999000},
		{"date-range, string values", contacts, `{"state_type": "date-range", "slices": [{"start": "1700000000", "end": "1717000000", "most_recent_cursor_value": "1716999000"}]}`, 1716999000},
		{"date-range, no record: its start", contacts, `{"state_type": "date-range", "slices": [{"start": 1700000000, "end": 1717000000}]}`, 1700000000},
		{"date-range, contiguous slices merge", contacts, `{"state_type": "date-range", "slices": [{"start": 1710000001, "end": 1717000000, "most_recent_cursor_value": 1716000000}, {"start": 1700000000, "end": 1710000000, "most_recent_cursor_value": 1709000000}]}`, 1716000000},
		{"date-range, a gap stops at the first run", contacts, `{"state_type": "date-range", "slices": [{"start": 1700000000, "end": 1705000000, "most_recent_cursor_value": 1704000000}, {"start": 1710000000, "end": 1717000000, "most_recent_cursor_value": 1716000000}]}`, 1704000000},
		{"date-range, no slices: legacy", contacts, `{"state_type": "date-range", "slices": [], "legacy": {"updated_at": 1716000000}}`, 1716000000},
		{"date-range, no slices nor legacy: start over", contacts, `{"state_type": "date-range", "slices": []}`, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := parseCursorState(tc.stream, json.RawMessage(tc.in))
			if err != nil || st.Resume != tc.resume {
				t.Fatalf("resume = %d err = %v, want %d", st.Resume, err, tc.resume)
			}
		})
	}
}

// TestEveryStreamAcceptsAirbyteForms: each generic form is read for every
// incremental stream, on its own cursor field.
func TestEveryStreamAcceptsAirbyteForms(t *testing.T) {
	forms := []string{
		`{"%s": 1717000000}`,
		`{"%s": "1717000000"}`,
		`{"use_global_cursor": true, "state": {"%s": "1717000000"}, "lookback_window": 0}`,
		`{"use_global_cursor": false, "states": [{"partition": {"id": "1"}, "cursor": {"%s": 1717000000}}]}`,
		`{"state_type": "date-range", "slices": [{"start": 1, "end": 1717000900, "most_recent_cursor_value": "1717000000"}], "legacy": {}}`,
	}
	for _, s := range testStreams() {
		if s.Cursor == "" {
			continue
		}
		for _, f := range forms {
			in := f
			if strings.Contains(f, "%s") {
				in = strings.ReplaceAll(f, "%s", s.Cursor)
			}
			st, err := parseCursorState(s, json.RawMessage(in))
			if err != nil || st.Resume != 1717000000 {
				t.Errorf("%s: %s: resume = %d err = %v", s.Name, in, st.Resume, err)
			}
		}
	}
}

// TestUnreadableStateNamesStreamAndShape: a state no form explains is a
// config error naming the stream and the shape seen.
func TestUnreadableStateNamesStreamAndShape(t *testing.T) {
	parts, _ := lookup("conversation_parts")
	contacts, _ := lookup("contacts")
	tests := []struct {
		stream Stream
		in     string
		want   []string
	}{
		{parts, `{"use_global_cursor": true, "state": {"cursor": 5}}`, []string{`"conversation_parts"`, "substream form", `no "updated_at"`}},
		{parts, `{"parent_state": {"companies": {"updated_at": 1}}}`, []string{`"conversation_parts"`, "parent_state"}},
		{parts, `{"states": [{"partition": {"id": "1"}, "cursor": {"x": 1}}]}`, []string{`"states"[0].cursor has no "updated_at"`}},
		{parts, `{"states": {"id": 1}}`, []string{`"states" is not a list`}},
		{contacts, `{"state_type": "date-range", "slices": [{"end": 5}]}`, []string{`"contacts"`, "date-range form", `"slices"[0]: has no "start"`}},
		{contacts, `{"state_type": "date-range", "slices": [{"start": "soon", "end": 5}]}`, []string{"date-range form", "not a unix timestamp"}},
		{contacts, `{"state_type": "weird"}`, []string{`"state_type" "weird"`}},
		{contacts, `{"state": {"updated_at": 5}, "lookback_window": "many"}`, []string{`"lookback_window"`}},
	}
	for _, tc := range tests {
		_, err := parseCursorState(tc.stream, json.RawMessage(tc.in))
		if err == nil {
			t.Errorf("%s: accepted", tc.in)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tc.in, err, w)
			}
		}
	}
}
