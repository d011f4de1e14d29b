package source

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/buger/jsonparser"

	"github.com/intercom-connector/source-intercom/source/intercom"
)

// childRecords fetches a child list and stamps each item with its parent's id.
func childRecords(ctx context.Context, env *Env, path, key, parentField, parentID string) ([]json.RawMessage, error) {
	l, err := env.Client.GetList(ctx, path, nil, key)
	if err != nil {
		return nil, err
	}
	return withParent(l.Items, parentField, parentID)
}

// withParent sets parentField to parentID in every record. Records rarely
// carry the field already, so it is usually prepended without re-encoding.
func withParent(recs []json.RawMessage, parentField, parentID string) ([]json.RawMessage, error) {
	v, _ := json.Marshal(parentID)
	for i, rec := range recs {
		out, err := setField(rec, parentField, v)
		if err != nil {
			return nil, &intercom.DecodeError{Path: parentField, Err: err}
		}
		recs[i] = out
	}
	return recs, nil
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
