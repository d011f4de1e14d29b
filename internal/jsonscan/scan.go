// Package jsonscan walks JSON that is already known to be valid (checked
// once with json.Valid) without decoding it: it finds where values end,
// the fields of an object and the items of an array, as sub-slices of the
// input. It is the hot path of every read, so strings, which hold most of
// Intercom's bytes, are skipped with a vectorised search for their closing
// quote rather than byte by byte.
//
// On input that is not valid JSON the results are unspecified but safe:
// indexes stay within the input and nothing panics.
package jsonscan

import (
	"bytes"
	"strconv"
)

// skipSpace returns the index of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just past the string whose opening quote is at b[i].
func skipString(b []byte, i int) int {
	i++
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return len(b)
		}
		i += j
		backslashes := 0
		for k := i - 1; k >= 0 && b[k] == '\\'; k-- {
			backslashes++
		}
		i++
		if backslashes%2 == 0 {
			return i
		}
	}
	return len(b)
}

// skipValue returns the index just past the value that starts at or after
// b[i] (leading space skipped).
func skipValue(b []byte, i int) int {
	i = skipSpace(b, i)
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// ObjectEach calls fn with the raw key (without quotes, still escaped) and
// raw value of each field of the object b, in order, until fn returns
// false. It reports whether b is an object.
func ObjectEach(b []byte, fn func(key, value []byte) bool) bool {
	return fields(b, func(key []byte, vs int) int {
		ve := skipValue(b, vs)
		if !fn(key, b[vs:ve]) {
			return -1
		}
		return ve
	})
}

// fields walks the object b: for each field, next gets the raw key and
// where the value starts, and returns where the value ends, or -1 to stop.
func fields(b []byte, next func(key []byte, valueStart int) int) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != '"' {
			return true // '}' or the end
		}
		ke := skipString(b, i)
		key := b[i+1 : max(ke-1, i+1)]
		i = skipSpace(b, ke)
		if i < len(b) && b[i] == ':' {
			i++
		}
		ve := next(key, skipSpace(b, i))
		if ve < 0 {
			return true
		}
		i = skipSpace(b, ve)
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
}

// ArrayEach calls fn with the raw value of each item of the array b, in
// order, until fn returns false. It reports whether b is an array.
func ArrayEach(b []byte, fn func(item []byte) bool) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return false
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] == ']' {
			return true
		}
		ve := skipValue(b, i)
		if ve <= i || !fn(b[i:ve]) {
			return true
		}
		i = skipSpace(b, ve)
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
}

// Field returns the raw value of the top-level field key of the object b.
func Field(b []byte, key string) ([]byte, bool) {
	var out []byte
	found := false
	ObjectEach(b, func(k, v []byte) bool {
		if string(k) == key {
			out, found = v, true
			return false
		}
		return true
	})
	return out, found
}

// Int returns the top-level field key of the object b as an integer.
func Int(b []byte, key string) (int64, bool) {
	v, ok := Field(b, key)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}

// Tail returns the object b from the value of its top-level field key to
// the end of b, without finding where that value ends: a caller walking the
// value (ObjectEach, ArrayEach) stops at its close on its own, so a large
// value is not scanned twice.
func Tail(b []byte, key string) ([]byte, bool) {
	var out []byte
	found := false
	fields(b, func(k []byte, vs int) int {
		if string(k) == key {
			out, found = b[vs:], true
			return -1
		}
		return skipValue(b, vs)
	})
	return out, found
}
