package engine

import (
	"encoding/json"
	"slices"
	"strings"
)

// shapeOf names a state's form in error messages.
func shapeOf(m map[string]json.RawMessage) string {
	switch {
	case m["state_type"] != nil:
		return "Airbyte concurrent date-range form"
	case isSubstreamForm(m):
		return "Airbyte substream form with keys " + strings.Join(sortedKeys(m), ", ")
	}
	return "per-stream cursor form with keys " + strings.Join(sortedKeys(m), ", ")
}

func isSubstreamForm(m map[string]json.RawMessage) bool {
	for _, k := range []string{"states", "state", "use_global_cursor", "lookback_window", "parent_state"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// hasProgressKeys reports whether a substream state carries anything that
// should have held a cursor.
func hasProgressKeys(m map[string]json.RawMessage) bool {
	for k, v := range m {
		switch k {
		case "use_global_cursor", "lookback_window":
		case "states", "parent_state", "state":
			if s := strings.TrimSpace(string(v)); s != "[]" && s != "{}" && s != "null" {
				return true
			}
		default:
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func isNull(raw json.RawMessage) bool {
	return strings.TrimSpace(string(raw)) == "null" || len(raw) == 0
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
