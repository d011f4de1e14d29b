package fakeintercom

import (
	"encoding/json"
	"strconv"
	"time"
)

// number reads a JSON or stored number; numeric strings count, as
// Intercom's own examples send timestamps as strings.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(n, 64)
		return f, err == nil
	}
	return 0, false
}

func boolValue(v any) (bool, bool) {
	switch b := v.(type) {
	case bool:
		return b, true
	case string:
		p, err := strconv.ParseBool(b)
		return p, err == nil
	}
	return false, false
}

// text spells a filter value as the string fields compare it.
func text(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	}
	return ""
}

// dayTest matches dates by whole calendar day in loc, as contact search
// does: = matches the day of t, > matches from the start of the next day,
// < matches before the start of t's day.
func dayTest(op string, t int64, loc *time.Location) func(any) bool {
	start, next := dayBounds(t, loc)
	return func(x any) bool {
		f, ok := number(x)
		if !ok {
			return false
		}
		n := int64(f)
		switch op {
		case "=":
			return n >= start && n < next
		case ">":
			return n >= next
		case "<":
			return n < start
		}
		return false
	}
}

// dayBounds returns the start of t's day in loc and of the day after,
// which differ by 23 or 25 hours on daylight saving changes.
func dayBounds(t int64, loc *time.Location) (start, next int64) {
	y, m, d := time.Unix(t, 0).In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc).Unix(), time.Date(y, m, d+1, 0, 0, 0, 0, loc).Unix()
}
