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
	st := cursorState{Resume: 1700000000, Own: 1690000000}
	b := st.JSON(parts)
	if string(b) != `{"conversations":{"updated_at":1700000000},"updated_at":1690000000}` {
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
}
