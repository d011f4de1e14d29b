package engine

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
)

// dateRange reads the concurrent CDK's date-range form as the CDK itself
// converts it back: the first run of contiguous slices holds every record
// up to its most recent cursor value, or else only up to its start.
// Without slices the legacy state, if any, stands; else nothing was read.
func dateRange(field string, m map[string]json.RawMessage, depth int) (point, error) {
	var kind string
	if err := json.Unmarshal(m["state_type"], &kind); err != nil || (kind != "date-range" && kind != "integer") {
		return point{}, fmt.Errorf(`"state_type" %s is not "date-range"`, snippet(m["state_type"]))
	}
	var raws []map[string]json.RawMessage
	if raw, ok := m["slices"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &raws); err != nil {
			return point{}, fmt.Errorf(`"slices" is not a list of {"start", "end"}: %s`, snippet(raw))
		}
	}
	if len(raws) == 0 {
		var legacy map[string]json.RawMessage
		if raw, ok := m["legacy"]; ok && json.Unmarshal(raw, &legacy) == nil && len(legacy) > 0 {
			return resumePoint(field, "", legacy, depth+1)
		}
		return point{empty: true}, nil
	}
	ivs := make([]interval, 0, len(raws))
	for i, sl := range raws {
		iv, err := readInterval(sl)
		if err != nil {
			return point{}, fmt.Errorf(`"slices"[%d]: %w`, i, err)
		}
		ivs = append(ivs, iv)
	}
	first := firstRun(ivs)
	r := first.start
	if first.hasRecent {
		r = first.recent
	}
	return point{resume: r, found: true}, nil
}

type interval struct {
	start, end, recent int64
	hasRecent          bool
}

func readInterval(sl map[string]json.RawMessage) (interval, error) {
	var iv interval
	var ok bool
	var err error
	if iv.start, ok, err = cursorIn(sl, "start"); err != nil || !ok {
		return iv, orMissing(err, "start")
	}
	if iv.end, ok, err = cursorIn(sl, "end"); err != nil || !ok {
		return iv, orMissing(err, "end")
	}
	iv.recent, iv.hasRecent, err = cursorIn(sl, "most_recent_cursor_value")
	return iv, err
}

func orMissing(err error, field string) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("has no %q", field)
}

// firstRun merges the intervals that touch (one second apart or less)
// from the earliest on, as the CDK's merge_intervals does.
func firstRun(ivs []interval) interval {
	slices.SortFunc(ivs, func(a, b interval) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	run := ivs[0]
	for _, iv := range ivs[1:] {
		if run.end+1 < iv.start {
			break
		}
		run.end = max(run.end, iv.end)
		if iv.hasRecent && (!run.hasRecent || iv.recent > run.recent) {
			run.recent, run.hasRecent = iv.recent, true
		}
	}
	return run
}
