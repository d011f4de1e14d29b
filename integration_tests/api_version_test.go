package integration_tests

import (
	"cmp"
	"encoding/json"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// discoverSchemas runs discover with cfg and returns each stream's schema.
func discoverSchemas(t *testing.T, cfg map[string]any) map[string]json.RawMessage {
	t.Helper()
	r := connector(t, map[string]any{"config": cfg}, "discover")
	lines := rawLines(r, "CATALOG")
	if r.code != 0 || len(lines) != 1 {
		t.Fatalf("discover: exit %d, %d catalogs, errors %v", r.code, len(lines), r.errors())
	}
	var m struct {
		Catalog struct {
			Streams []discoveredStream `json:"streams"`
		} `json:"catalog"`
	}
	if err := json.Unmarshal(lines[0], &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]json.RawMessage{}
	for _, s := range m.Catalog.Streams {
		out[s.Name] = s.JSONSchema
	}
	return out
}

// TestIntercomVersionShapesRecordsAndSchemas reads every stream of the fake
// with each supported intercom_version: every request carries the version,
// the records come in its shapes, and they validate against the schemas
// discover gives for that version.
func TestIntercomVersionShapesRecordsAndSchemas(t *testing.T) {
	t.Parallel()
	shapes := map[string]map[string]string{ // version: tickets field: JSON type
		"2.11": {"ticket_state": "string", "admin_assignee_id": "string"},
		"2.16": {"ticket_state": "object", "admin_assignee_id": "number"},
		"":     {"ticket_state": "object", "admin_assignee_id": "number"}, // the default is 2.16
	}
	for version, fields := range shapes {
		t.Run("version "+version, func(t *testing.T) {
			t.Parallel()
			want := cmp.Or(version, "2.16")
			var srv *fakeintercom.Server
			var r run
			var schemas map[string]json.RawMessage
			if version == "" {
				// The default only has to be 2.16's: its requests and its
				// tickets, not a second whole read at 2.16.
				var url string
				srv, url = fake(t, fakeintercom.Options{Seed: 8, Size: fakeintercom.Tiny})
				cfg := config(url, nil)
				schemas = discoverSchemas(t, cfg)
				if r = connector(t, map[string]any{"config": cfg, "catalog": catalog("full_refresh", "tickets")}, "read"); r.code != 0 {
					t.Fatalf("read: exit %d %v", r.code, r.errors())
				}
			} else {
				w := readWhole(t, version)
				srv, r, schemas = w.srv, w.run, w.schemas
			}
			for _, req := range srv.Requests() {
				if req.Version != want {
					t.Fatalf("%s %s sent Intercom-Version %q, want %q", req.Method, req.Path, req.Version, want)
				}
			}
			out, err := parseOutput(r)
			if err != nil {
				t.Fatal(err)
			}
			for stream, recs := range out.records {
				sch, err := compileSchema(stream, schemas[stream])
				if err != nil {
					t.Fatal(err)
				}
				bad := 0
				for _, rec := range recs {
					if err := sch.validate(rec.data, true); err != nil {
						if bad++; bad <= 3 {
							t.Errorf("%s: record does not match the discovered %s schema: %v", stream, want, err)
						}
					}
				}
			}
			tickets := r.records()["tickets"]
			if len(tickets) == 0 {
				t.Fatal("no tickets read")
			}
			for _, rec := range tickets {
				for f, ty := range fields {
					if got := jsonKind(rec[f]); got != ty && got != "null" {
						t.Fatalf("tickets.%s is %s, want %s in %s", f, got, ty, want)
					}
				}
			}
		})
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case bool:
		return "boolean"
	}
	return "?"
}
