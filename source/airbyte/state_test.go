package airbyte

import (
	"strings"
	"testing"
)

func TestParseState(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string
		err      string
	}{
		{name: "empty", in: "", want: map[string]string{}},
		{name: "empty list", in: "[]", want: map[string]string{}},
		{name: "stream", in: `[{"type":"STREAM","stream":{"stream_descriptor":{"name":"contacts"},"stream_state":{"updated_at":1700000000}}}]`,
			want: map[string]string{"contacts": `{"updated_at":1700000000}`}},
		{name: "legacy object", in: `{"contacts":{"updated_at":"2024-01-01T00:00:00Z"},"companies":{"updated_at":1}}`,
			want: map[string]string{"contacts": `{"updated_at":"2024-01-01T00:00:00Z"}`, "companies": `{"updated_at":1}`}},
		{name: "legacy message", in: `[{"type":"LEGACY","data":{"teams":{}}}]`, want: map[string]string{"teams": `{}`}},
		{name: "global", in: `[{"type":"GLOBAL","global":{}}]`, err: "GLOBAL is not supported"},
		{name: "unknown type", in: `[{"type":"WHAT"}]`, err: `unknown type "WHAT"`},
		{name: "stream without name", in: `[{"type":"STREAM","stream":{"stream_descriptor":{}}}]`, err: "no stream.stream_descriptor.name"},
		{name: "malformed", in: `[{"type":`, err: "not a valid list"},
		{name: "scalar", in: `42`, err: "must be a JSON list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseState([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d streams, want %d", len(got), len(tt.want))
			}
			for k, v := range tt.want {
				if string(got[k]) != v {
					t.Errorf("%s = %s, want %s", k, got[k], v)
				}
			}
		})
	}
}

func TestParseConfiguredCatalog(t *testing.T) {
	bad := map[string]string{
		"malformed":    `{"streams":[`,
		"no streams":   `{}`,
		"no name":      `{"streams":[{"stream":{},"sync_mode":"full_refresh","destination_sync_mode":"append"}]}`,
		"bad mode":     `{"streams":[{"stream":{"name":"a"},"sync_mode":"cdc","destination_sync_mode":"append"}]}`,
		"missing mode": `{"streams":[{"stream":{"name":"a"},"destination_sync_mode":"append"}]}`,
		"twice":        `{"streams":[{"stream":{"name":"a"},"sync_mode":"full_refresh"},{"stream":{"name":"a"},"sync_mode":"full_refresh"}]}`,
	}
	for name, in := range bad {
		if _, err := ParseConfiguredCatalog([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	c, err := ParseConfiguredCatalog([]byte(`{"streams":[{"stream":{"name":"admins","json_schema":{}},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}]}`))
	if err != nil || len(c.Streams) != 1 || c.Streams[0].Stream.Name != "admins" {
		t.Errorf("good catalog: %v %+v", err, c)
	}
}
