package intercom

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// listKeys are the keys Intercom's list envelopes hold their items under.
var listKeys = []string{"data", "admins", "teams", "segments", "conversations", "tickets", "activity_logs", "conversation_parts"}

// FuzzDecodeList checks the page decoder against encoding/json: whatever
// the body, DecodeList returns an error or exactly the items the body
// holds under the key, each a JSON object, never fewer, never more.
func FuzzDecodeList(f *testing.F) {
	f.Add([]byte(`{"type":"list","data":[{"id":"1"},{"id":"2"}],"total_count":2,"pages":{"page":1,"total_pages":1,"next":null}}`), uint8(0))
	f.Add([]byte(`{"type":"conversation.list","conversations":[],"pages":{"next":{"starting_after":"WzE3MDAwMDAwMDAsIjEiXQ=="}}}`), uint8(4))
	f.Add([]byte(`{"type":"list","data":[{"id":"1"}],"scroll_param":"abc"}`), uint8(0))
	f.Add([]byte(`{"data":null}`), uint8(0))
	f.Add([]byte(`{"data":[1]}`), uint8(0))
	f.Add([]byte(`<html>`), uint8(0))
	f.Add([]byte(`{"type":"list","data":[{"id":"1"}],"total_count":60,"page":1,"per_page":50,"total_pages":2}`), uint8(0))
	f.Fuzz(func(t *testing.T, body []byte, k uint8) {
		key := listKeys[int(k)%len(listKeys)]
		l, err := DecodeList(body, key)
		if err != nil {
			return
		}
		for _, it := range l.Items {
			if !json.Valid(it) || len(it) == 0 || it[0] != '{' {
				t.Fatalf("item %q is not a JSON object", it)
			}
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(body, &top); err != nil {
			t.Fatalf("accepted a body encoding/json refuses: %v", err)
		}
		if occurrences(body, key) != 1 {
			return // a key given twice: which one counts is the decoder's choice
		}
		var want []json.RawMessage
		if err := json.Unmarshal(top[key], &want); err != nil {
			t.Fatalf("accepted %q holding %s: %v", key, top[key], err)
		}
		if len(want) != len(l.Items) {
			t.Fatalf("%d items, the body holds %d", len(l.Items), len(want))
		}
		for i := range want {
			if !bytes.Equal(bytes.TrimSpace(want[i]), bytes.TrimSpace(l.Items[i])) {
				t.Fatalf("item %d is %s, the body holds %s", i, l.Items[i], want[i])
			}
		}
		_, _ = l.Pages.NextURL(), l.Pages.StartingAfter()
	})
}

// FuzzDecodeValues checks the decoder of lists of values against
// encoding/json: whatever the body, DecodeValues returns an error or
// exactly the body's non-null values under the key, none an object or a
// list.
func FuzzDecodeValues(f *testing.F) {
	f.Add([]byte(`{"type":"activity_log_event_type.list","event_types":["admin_logout","app_name_change"]}`))
	f.Add([]byte(`{"event_types":[null,"a",1,true]}`))
	f.Add([]byte(`{"event_types":[{"a":1}]}`))
	f.Add([]byte(`{"other":["x"],"event_types":[]}`))
	f.Add([]byte(`{"event_types":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		l, err := DecodeValues(body, "event_types")
		if err != nil {
			return
		}
		for _, it := range l.Items {
			if !json.Valid(it) || len(it) == 0 || it[0] == '{' || it[0] == '[' || bytes.Equal(it, []byte("null")) {
				t.Fatalf("item %q is not a JSON scalar", it)
			}
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(body, &top); err != nil {
			t.Fatalf("accepted a body encoding/json refuses: %v", err)
		}
		if occurrences(body, "event_types") != 1 {
			return
		}
		var all []json.RawMessage
		if err := json.Unmarshal(top["event_types"], &all); err != nil {
			t.Fatalf("accepted event_types holding %s: %v", top["event_types"], err)
		}
		var want []json.RawMessage
		for _, v := range all {
			if !bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
				want = append(want, v)
			}
		}
		if len(want) != len(l.Items) || len(all)-len(want) != l.Nulls {
			t.Fatalf("%d values and %d nulls, the body holds %d and %d", len(l.Items), l.Nulls, len(want), len(all)-len(want))
		}
		for i := range want {
			if !bytes.Equal(bytes.TrimSpace(want[i]), bytes.TrimSpace(l.Items[i])) {
				t.Fatalf("value %d is %s, the body holds %s", i, l.Items[i], want[i])
			}
		}
	})
}

// occurrences counts the top-level keys of a JSON object equal to key.
func occurrences(body []byte, key string) int {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return 0
	}
	n := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0
		}
		if tok == key {
			n++
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return 0
		}
	}
	return n
}

// FuzzParseAPIError: any error body gives a typed error whose code and
// message are short enough for a trace, however long the body's.
func FuzzParseAPIError(f *testing.F) {
	f.Add(503, []byte(`{"type":"error.list","request_id":"r1","errors":[{"code":"service_unavailable","message":"try later"}]}`))
	f.Add(502, []byte("<html><body>502 Bad Gateway</body></html>"))
	f.Add(429, []byte{0xff, 0xfe, 0x00})
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
		e := parseAPIError(http.MethodGet, "/x", resp, body)
		if e.StatusCode != status || len(e.Message) > 1024 || len(e.Code) > 1024 || e.Error() == "" {
			t.Errorf("status %d, code of %d bytes, message of %d bytes", e.StatusCode, len(e.Code), len(e.Message))
		}
	})
}
