package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"

	"github.com/buger/jsonparser"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/internal/jsonscan"
)

// ChildList fetches a child list as a page whose records carry their
// parent's id.
func ChildList(ctx context.Context, env *Env, path, key, parentField, parentID string) (Page, error) {
	l, err := env.Client.GetList(ctx, path, nil, key)
	if err != nil {
		return Page{}, err
	}
	return WithParent(l.Items, parentField, JSONString(parentID))
}

// JSONString is s as a JSON string.
func JSONString(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

// JSONID is an Intercom id as a JSON integer when it is one (conversation
// ids are decimal strings), else as a string.
func JSONID(id string) []byte {
	// Only digits without a leading zero read back as the same id.
	if n, err := strconv.ParseInt(id, 10, 64); err == nil && n >= 0 && strconv.FormatInt(n, 10) == id {
		return []byte(id)
	}
	return JSONString(id)
}

// WithParent makes a page of recs that carry parentField set to the JSON
// value v. The field is normally added as the records are written
// (Page.Extra), without copying them; records that already have it get
// it set instead.
func WithParent(recs []json.RawMessage, parentField string, v []byte) (Page, error) {
	quoted := []byte(`"` + parentField + `"`)
	for _, rec := range recs {
		if bytes.Contains(rec, quoted) {
			return setParent(recs, parentField, v)
		}
	}
	return Page{Records: recs, Extra: append(append(quoted, ':'), v...)}, nil
}

func setParent(recs []json.RawMessage, field string, v []byte) (Page, error) {
	for i, rec := range recs {
		out, err := setField(rec, field, v)
		if err != nil {
			return Page{}, &intercom.DecodeError{Path: field, Err: err}
		}
		recs[i] = out
	}
	return Page{Records: recs}, nil
}

// setField sets a top-level field of a JSON object to the JSON value v.
func setField(rec json.RawMessage, field string, v []byte) (json.RawMessage, error) {
	if len(rec) < 2 || rec[0] != '{' {
		return nil, fmt.Errorf("record is not a JSON object")
	}
	// A quick substring test spares the full parse for records without the field.
	if bytes.Contains(rec, []byte(`"`+field+`"`)) {
		if _, _, _, err := jsonparser.Get(rec, field); err == nil {
			return jsonparser.Set(rec, v, field)
		}
	}
	out := make([]byte, 0, len(rec)+len(field)+len(v)+4)
	out = append(out, '{', '"')
	out = append(out, field...)
	out = append(out, '"', ':')
	out = append(out, v...)
	rest := bytes.TrimLeft(rec[1:], " \t\r\n")
	if len(rest) > 0 && rest[0] != '}' {
		out = append(out, ',')
	}
	return append(out, rest...), nil
}

// CursorOf reads a record's cursor (unix seconds) without decoding the rest.
func CursorOf(rec json.RawMessage, field string) (int64, bool) {
	if field == "" {
		return 0, false
	}
	return jsonscan.Int(rec, field)
}

// IDSet remembers records by a 128-bit hash of their id: enough to never
// collide in practice while costing 16 bytes a company.
type IDSet map[[16]byte]struct{}

// add reports whether rec's id was new. Records without id are always new.
func (s IDSet) Add(rec json.RawMessage) bool {
	id, _, _, err := jsonparser.Get(rec, "id")
	if err != nil {
		return true
	}
	h := fnv.New128a()
	h.Write(id)
	var k [16]byte
	h.Sum(k[:0])
	if _, ok := s[k]; ok {
		return false
	}
	s[k] = struct{}{}
	return true
}

// CountArray counts the elements of the array at path in rec; 0 if absent.
func CountArray(rec json.RawMessage, path ...string) int64 {
	n := int64(0)
	jsonparser.ArrayEach(rec, func([]byte, jsonparser.ValueType, int, error) { n++ }, path...)
	return n
}
