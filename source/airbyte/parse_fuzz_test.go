package airbyte

import (
	"encoding/json"
	"testing"
)

// FuzzParseConfiguredCatalog: any bytes give a catalog or an error; a
// catalog that passes names each stream once with a sync mode it knows.
func FuzzParseConfiguredCatalog(f *testing.F) {
	f.Add([]byte(`{"streams":[{"stream":{"name":"contacts","json_schema":{}},"sync_mode":"incremental","cursor_field":["updated_at"],"destination_sync_mode":"append"}]}`))
	f.Add([]byte(`{"streams":[{"stream":{"name":"a"},"sync_mode":"full_refresh"},{"stream":{"name":"a"},"sync_mode":"full_refresh"}]}`))
	f.Add([]byte(`{"streams":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConfiguredCatalog(b)
		if err != nil {
			return
		}
		if c.Streams == nil {
			t.Fatal("accepted a catalog without streams")
		}
		seen := map[string]bool{}
		for _, s := range c.Streams {
			if s.Stream.Name == "" || seen[s.Stream.Name] {
				t.Errorf("stream name %q empty or repeated", s.Stream.Name)
			}
			seen[s.Stream.Name] = true
			if s.SyncMode != FullRefresh && s.SyncMode != Incremental {
				t.Errorf("%s: sync mode %q", s.Stream.Name, s.SyncMode)
			}
		}
		again, _ := json.Marshal(c)
		if c2, err := ParseConfiguredCatalog(again); err != nil || len(c2.Streams) != len(c.Streams) {
			t.Errorf("re-encoded catalog: %v", err)
		}
	})
}

// FuzzParseState: any bytes give per-stream states or an error; every
// state handed on is JSON.
func FuzzParseState(f *testing.F) {
	f.Add([]byte(`[{"type":"STREAM","stream":{"stream_descriptor":{"name":"contacts"},"stream_state":{"updated_at":1700000000}}}]`))
	f.Add([]byte(`[{"type":"LEGACY","data":{"contacts":{"updated_at":1}}}]`))
	f.Add([]byte(`{"contacts":{"updated_at":"2024-01-01T00:00:00Z"}}`))
	f.Add([]byte(`[{"type":"GLOBAL","global":{}}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		states, err := ParseState(b)
		if err != nil {
			return
		}
		for name, st := range states {
			if len(st) > 0 && !json.Valid(st) {
				t.Errorf("%q: state %q is not JSON", name, st)
			}
		}
	})
}
