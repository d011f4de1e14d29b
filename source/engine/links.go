package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/buger/jsonparser"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// LinkRows makes a link table's rows from a parent record: one
// {parentField, itemField} per item of the list at path, with the parent's
// updated_at if withCursor; an item is an object with an id, or an id
// itself. Ids are JSON strings in every link table, as in their streams.
// A parent or an item without an id is a DecodeError.
func LinkRows(parentField, itemField string, withCursor bool, path ...string) func(parent json.RawMessage) ([]json.RawMessage, error) {
	return func(rec json.RawMessage) ([]json.RawMessage, error) {
		pid, ok := idOf(rec)
		if !ok {
			return nil, &intercom.DecodeError{Err: fmt.Errorf("a record without id lists %s", path[0])}
		}
		var head bytes.Buffer
		fmt.Fprintf(&head, `{%q:%s`, parentField, pid)
		if v, typ, _, err := jsonparser.Get(rec, "updated_at"); withCursor && err == nil && typ == jsonparser.Number {
			fmt.Fprintf(&head, `,"updated_at":%s`, v)
		}
		fmt.Fprintf(&head, `,%q:`, itemField)
		var rows []json.RawMessage
		var bad error
		jsonparser.ArrayEach(rec, func(item []byte, typ jsonparser.ValueType, _ int, _ error) {
			id, ok := asID(item, typ)
			if typ == jsonparser.Object {
				id, ok = idOf(item)
			}
			if !ok {
				bad = &intercom.DecodeError{Err: fmt.Errorf("record %s lists in %s an item without id", pid, path[0])}
				return
			}
			rows = append(rows, append(append(bytes.Clone(head.Bytes()), id...), '}'))
		}, path...)
		return rows, bad
	}
}

// idOf is the id of a JSON object as a JSON string.
func idOf(obj []byte) ([]byte, bool) {
	v, typ, _, err := jsonparser.Get(obj, "id")
	if err != nil {
		return nil, false
	}
	return asID(v, typ)
}

// asID is a JSON value as an id, a JSON string: a non-empty string, or an
// integer in decimal; false for anything else.
func asID(v []byte, typ jsonparser.ValueType) ([]byte, bool) {
	switch typ {
	case jsonparser.String:
		s, err := jsonparser.ParseString(v)
		if err != nil || s == "" {
			return nil, false
		}
		return JSONString(s), true
	case jsonparser.Number:
		if _, err := strconv.ParseInt(string(v), 10, 64); err != nil {
			return nil, false
		}
		return []byte(strconv.Quote(string(v))), true
	}
	return nil, false
}
