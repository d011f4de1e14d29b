package integration_tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// TestCustomAttributeColumnsValidateStrictly: with custom_attributes_as_columns,
// the built binary's discover declares a typed column for every custom
// attribute, in either API version, and a read of the discovered catalog
// (as the acceptance tests build it) writes records that validate against
// it with the acceptance suite's strictness: no undeclared column, integers
// that are integers. Every column is filled in some record.
func TestCustomAttributeColumnsValidateStrictly(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"2.11", "2.16"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			_, url := fake(t, fakeintercom.Options{Seed: 12, Size: fakeintercom.Tiny})
			cfg := config(url, map[string]any{"custom_attributes_as_columns": true, "intercom_version": version})
			r := connector(t, map[string]any{"config": cfg}, "discover")
			lines := rawLines(r, "CATALOG")
			if r.code != 0 || len(lines) != 1 {
				t.Fatalf("discover: exit %d, errors %v", r.code, r.errors())
			}
			var m struct {
				Catalog struct {
					Streams []discoveredStream `json:"streams"`
				} `json:"catalog"`
			}
			if err := json.Unmarshal(lines[0], &m); err != nil {
				t.Fatal(err)
			}
			columns := map[string][]string{}
			for _, st := range m.Catalog.Streams {
				var doc struct {
					Properties map[string]map[string]any `json:"properties"`
				}
				json.Unmarshal(st.JSONSchema, &doc)
				for name, p := range doc.Properties {
					if _, ok := p["x-copied-from"]; ok {
						columns[st.Name] = append(columns[st.Name], name)
					}
				}
			}
			names := []string{"contacts", "companies", "conversations", "tickets"}
			for _, n := range names {
				if len(columns[n]) < 6 {
					t.Errorf("%s: %d columns lifted: %v", n, len(columns[n]), columns[n])
				}
			}
			cat := catalogFromDiscovered(m.Catalog.Streams, nil).only(names...)
			r = connector(t, map[string]any{"config": cfg, "catalog": cat}, "read")
			if r.code != 0 {
				t.Fatalf("read: exit %d, errors %v", r.code, r.errors())
			}
			for _, l := range r.ofType("LOG") {
				if lg := l["log"].(map[string]any); lg["level"] == "WARN" && strings.Contains(lg["message"].(string), "attribute") {
					t.Errorf("WARN: %s", lg["message"])
				}
			}
			out, err := parseOutput(r)
			if err != nil {
				t.Fatal(err)
			}
			checkRecordsValid(t, out, m.Catalog.Streams, true)
			for _, n := range names {
				filled := map[string]bool{}
				for _, rec := range out.records[n] {
					var data map[string]any
					json.Unmarshal(rec.data, &data)
					for _, c := range columns[n] {
						if data[c] != nil {
							filled[c] = true
						}
					}
				}
				for _, c := range columns[n] {
					if !filled[c] && !strings.HasPrefix(c, "custom_cx_score") {
						t.Errorf("%s: no record fills %s", n, c)
					}
				}
			}
		})
	}
}
