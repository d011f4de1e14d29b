package source

import (
	"bytes"
	"encoding/json"

	"github.com/buger/jsonparser"
)

func compact(b []byte) json.RawMessage {
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return b
	}
	return out.Bytes()
}

// nestedOrEmpty returns the object under key, or an empty list object when
// the body has none (a conversation without parts).
func nestedOrEmpty(body []byte, key string) []byte {
	v, typ, _, err := jsonparser.Get(body, key)
	if err != nil || typ != jsonparser.Object {
		return []byte(`{"` + key + `":[]}`)
	}
	return v
}
