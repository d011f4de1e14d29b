package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The state forms Airbyte's source-intercom has written, all read by
// resumePoint so a connection can switch to this source with its state:
//
//   - plain (0.x to 0.13, every stream): {"updated_at": 1717000000}
//   - legacy substream (low-code 0.3 to 0.10): {"updated_at": C,
//     "conversations": {"updated_at": P}}, and after its SubstreamStateMigration
//     also "prior_state": {...} and "parent_state": {"conversations": {...}}
//   - the CDK's substream cursors (0.11 to 0.13): GlobalSubstreamCursor and
//     ConcurrentPerPartitionCursor write {"use_global_cursor": b,
//     "state": {"updated_at": G}, "lookback_window": L (seconds),
//     "states": [{"partition": {...}, "cursor": {"updated_at": C}}],
//     "parent_state": {"conversations": {"updated_at": P}}}, each key optional
//   - the concurrent CDK's date-range form: {"state_type": "date-range",
//     "slices": [{"start", "end", "most_recent_cursor_value"}], "legacy": {...}}
//
// Each is read conservatively: the resume point is the earliest one its
// writer guarantees, so nothing changed after it is lost (a few records
// before it may be read again).

// point is what one state object says.
type point struct {
	resume int64 // where a read resumes
	found  bool
	// empty: a valid state that records no progress yet; a read starts over.
	empty bool
}

// maxStateDepth bounds how deep forms may nest (a parent's state inside a
// child's, a partition's cursor inside a list): Airbyte nests two levels.
const maxStateDepth = 4

// resumePoint reads one state object of a stream whose cursor is field and
// whose parent stream, if any, is parent.
//
// For a child stream the parent's cursor decides, as it selects the parents
// whose children are read: Airbyte's parent_state only advances once every
// child of the parents before it was written. The global child cursor,
// less the CDK's lookback window (the previous sync's duration), bounds it
// further. Without a parent cursor, the global cursor and every partition's
// cursor bound it: the earliest wins.
func resumePoint(field, parent string, m map[string]json.RawMessage, depth int) (point, error) {
	if depth > maxStateDepth {
		return point{}, errors.New("is nested too deeply")
	}
	if _, ok := m["state_type"]; ok {
		return dateRange(field, m, depth)
	}
	var p point
	own, hasOwn, err := cursorIn(m, field)
	if err != nil {
		return p, err
	}
	global, hasGlobal, err := globalCursor(field, m, depth)
	if err != nil {
		return p, err
	}
	var candidates []int64
	if parent != "" {
		if candidates, err = parentCursors(parent, m, depth); err != nil {
			return p, err
		}
	}
	if len(candidates) == 0 {
		parts, err := partitionCursors(field, m, depth)
		if err != nil {
			return p, err
		}
		candidates = parts
		if hasOwn {
			candidates = append(candidates, own)
		}
	}
	if hasGlobal {
		candidates = append(candidates, global)
	}
	if len(candidates) == 0 {
		// An empty CDK substream state ({"states": []}, a bare
		// use_global_cursor) records no progress: nothing is skipped by
		// starting over. Anything else is a shape we cannot read.
		if isSubstreamForm(m) && !hasProgressKeys(m) {
			return point{empty: true}, nil
		}
		return p, nil
	}
	p.resume, p.found = slices.Min(candidates), true
	return p, nil
}

// globalCursor reads the CDK's "state" (the global child cursor) less its
// lookback_window in seconds.
func globalCursor(field string, m map[string]json.RawMessage, depth int) (int64, bool, error) {
	raw, ok := m["state"]
	if !ok || isNull(raw) {
		return 0, false, nil
	}
	var gm map[string]json.RawMessage
	if err := json.Unmarshal(raw, &gm); err != nil {
		return 0, false, fmt.Errorf(`"state" is not an object: %s`, snippet(raw))
	}
	g, err := resumePoint(field, "", gm, depth+1)
	if err != nil {
		return 0, false, fmt.Errorf(`"state": %w`, err)
	}
	if !g.found {
		return 0, false, nil
	}
	lookback, err := lookbackSeconds(m)
	if err != nil {
		return 0, false, err
	}
	return max(0, g.resume-lookback), true, nil
}

func lookbackSeconds(m map[string]json.RawMessage) (int64, error) {
	raw, ok := m["lookback_window"]
	if !ok || isNull(raw) {
		return 0, nil
	}
	var n float64
	if err := json.Unmarshal(raw, &n); err != nil {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0, fmt.Errorf(`"lookback_window" %s is not a number of seconds`, snippet(raw))
		}
		if _, err := fmt.Sscan(strings.TrimSpace(s), &n); err != nil {
			return 0, fmt.Errorf(`"lookback_window" %q is not a number of seconds`, s)
		}
	}
	if n < 0 || n > 1e10 {
		return 0, fmt.Errorf(`"lookback_window" %v is not a number of seconds`, n)
	}
	return int64(n), nil
}

// parentCursors reads the parent's cursor from the legacy key (the
// parent's name) and from parent_state; both are candidates.
func parentCursors(parent string, m map[string]json.RawMessage, depth int) ([]int64, error) {
	var out []int64
	read := func(where string, raw json.RawMessage) error {
		var pm map[string]json.RawMessage
		if isNull(raw) || json.Unmarshal(raw, &pm) != nil {
			return nil // not a parent state: the legacy key may be anything
		}
		p, err := resumePoint("updated_at", "", pm, depth+1)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if p.found {
			out = append(out, p.resume)
		}
		return nil
	}
	if raw, ok := m[parent]; ok {
		if err := read(fmt.Sprintf("parent %q", parent), raw); err != nil {
			return nil, err
		}
	}
	if raw, ok := m["parent_state"]; ok && !isNull(raw) {
		var ps map[string]json.RawMessage
		if err := json.Unmarshal(raw, &ps); err != nil {
			return nil, fmt.Errorf(`"parent_state" is not an object: %s`, snippet(raw))
		}
		if err := read(fmt.Sprintf("parent_state.%s", parent), ps[parent]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// partitionCursors reads every cursor of a per-partition "states" list.
func partitionCursors(field string, m map[string]json.RawMessage, depth int) ([]int64, error) {
	raw, ok := m["states"]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var list []struct {
		Partition json.RawMessage            `json:"partition"`
		Cursor    map[string]json.RawMessage `json:"cursor"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf(`"states" is not a list of {"partition": {...}, "cursor": {...}}: %s`, snippet(raw))
	}
	var out []int64
	for i, e := range list {
		if len(e.Cursor) == 0 {
			continue
		}
		p, err := resumePoint(field, "", e.Cursor, depth+1)
		if err != nil {
			return nil, fmt.Errorf(`"states"[%d].cursor: %w`, i, err)
		}
		if p.empty {
			continue
		}
		if !p.found {
			return nil, fmt.Errorf(`"states"[%d].cursor has no %q: %s`, i, field, snippet(mustJSON(e.Cursor)))
		}
		out = append(out, p.resume)
	}
	return out, nil
}
