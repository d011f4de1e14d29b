package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// cursorState is the checkpoint of an incremental stream, kept in a shape
// Airbyte's own Intercom source reads too, so users can switch either way
// with their state: {"updated_at": <unix seconds>}, and for a child stream
// the parent's cursor as well: {"updated_at": R, "conversations":
// {"updated_at": R}}. A child's own cursor is written as R, not as the
// newest child written: Airbyte skips children older than it, and a
// child of a parent not read yet may be older than the newest written.
//
// Guarantee: every record whose cursor is below Resume has been written
// before the STATE carrying it. A read resumed from it re-reads the records
// at or after Resume (minus the lookback window) and loses nothing.
type cursorState struct {
	// Resume is where a resumed read starts: the stream's own cursor, or the
	// parent's for a child stream. It never moves backwards.
	Resume int64
}

// parseCursorState reads a stream's incoming state. Accepted: our own form,
// and every form Airbyte's source-intercom (0.10 to 0.13) writes or has
// written: plain, legacy substream, prior_state / parent_state, the
// concurrent CDK's per-partition and global substream forms, and its
// date-range form (see state_airbyte.go). Cursor values may be integers
// (seconds or milliseconds), numeric strings or RFC 3339 strings. An empty
// object means no state.
func parseCursorState(s Stream, raw json.RawMessage) (cursorState, error) {
	var st cursorState
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return st, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return st, fmt.Errorf("state of stream %q is not a JSON object: %s", s.Name, snippet(raw))
	}
	delete(m, "__ab_no_cursor_state_message")
	if len(m) == 0 {
		return st, nil
	}
	p, err := resumePoint(s.Cursor, s.Parent, m, 0)
	if err != nil {
		return st, fmt.Errorf("state of stream %q (%s): %w", s.Name, shapeOf(m), err)
	}
	if p.empty {
		return st, nil
	}
	if !p.found {
		return st, fmt.Errorf("state of stream %q (%s) has no %q cursor: %s; expected e.g. {%q: 1700000000}", s.Name, shapeOf(m), s.Cursor, snippet(raw), s.Cursor)
	}
	st.Resume = p.resume
	return st, nil
}

func cursorIn(m map[string]json.RawMessage, field string) (int64, bool, error) {
	v, ok := m[field]
	if !ok || bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
		return 0, false, nil
	}
	t, err := parseTimestamp(v)
	if err != nil {
		return 0, false, fmt.Errorf("%q: %w", field, err)
	}
	return t, true, nil
}

// parseTimestamp reads a cursor value as unix seconds.
func parseTimestamp(v json.RawMessage) (int64, error) {
	var n float64
	if err := json.Unmarshal(v, &n); err == nil {
		return fromNumber(n)
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return 0, fmt.Errorf("%s is neither a unix timestamp nor a date-time string", snippet(v))
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return fromNumber(n)
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return fromDate(t)
		}
	}
	return 0, fmt.Errorf("%q is not a unix timestamp or an RFC 3339 date-time", s)
}

// fromDate takes a parsed date-time. One before 1970 (such as Go's or
// .NET's zero date, which some tools write for "no cursor yet") resumes
// from the start: that reads everything and loses nothing. One beyond the
// year 5138 would read back as milliseconds, so it is refused.
func fromDate(t time.Time) (int64, error) {
	switch u := t.Unix(); {
	case u < 0:
		return 0, nil
	case u > 1e11:
		return 0, fmt.Errorf("%s is not a valid timestamp", t.Format(time.RFC3339))
	default:
		return u, nil
	}
}

// fromNumber takes seconds, or milliseconds when the value is too large to
// be seconds (beyond the year 5138). Larger values are no timestamp: they
// would not read back as the state written from them.
func fromNumber(n float64) (int64, error) {
	if n < 0 || n > 1e14 || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("%v is not a valid timestamp", n)
	}
	if n > 1e11 {
		n /= 1000
	}
	return int64(n), nil
}

// JSON renders the state for a STATE message.
func (st cursorState) JSON(s Stream) json.RawMessage {
	var b []byte
	if s.Parent == "" {
		b, _ = json.Marshal(map[string]int64{s.Cursor: st.Resume})
	} else {
		b, _ = json.Marshal(map[string]any{s.Cursor: st.Resume, s.Parent: map[string]int64{"updated_at": st.Resume}})
	}
	return b
}

func snippet(b []byte) string {
	s := string(b)
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}
