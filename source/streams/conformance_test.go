package streams_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/schemas"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// TestConformance holds every declared stream to what Airbyte relies on:
// a unique name with a schema, a source, and key and cursor fields that
// the schema declares as non-null scalars (Airbyte dedupes and
// checkpoints on them), in every API version that has the stream; a
// stream an older version lacks is Versioned, so a read with that version
// skips it. Every schema belongs to a stream.
func TestConformance(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, s := range streams.All() {
		t.Run(s.Name, func(t *testing.T) {
			if seen[s.Name] {
				t.Fatal("declared twice")
			}
			seen[s.Name] = true
			if s.Source == nil || len(s.PrimaryKey) == 0 {
				t.Fatalf("no source or no primary key: %+v", s)
			}
			if got, ok := streams.Lookup(s.Name); !ok || got.Name != s.Name {
				t.Error("Lookup does not find it")
			}
			var fields []string
			for _, k := range s.PrimaryKey {
				if len(k) != 1 {
					t.Fatalf("key path %v: nested keys are not used", k)
				}
				fields = append(fields, k[0])
			}
			if s.Cursor != "" {
				fields = append(fields, s.Cursor)
			}
			if s.Parent != "" {
				if _, ok := streams.Lookup(s.Parent); !ok || s.Cursor == "" {
					t.Errorf("parent %q is not a stream, or the child has no cursor", s.Parent)
				}
			}
			for _, v := range schemas.Versions() {
				if !schemas.InVersion(s.Name, v) {
					// A read with that version must not ask for it.
					if _, ok := s.Source.(engine.Versioned); !ok {
						t.Errorf("API %s lacks it, but its source is not Versioned", v)
					}
					continue
				}
				checkSchema(t, s, v, fields)
			}
			if !schemas.InVersion(s.Name, schemas.Latest) {
				t.Errorf("no schema in the latest API version %s", schemas.Latest)
			}
		})
	}
	for _, name := range schemas.Names() {
		if !seen[name] {
			t.Errorf("schema %s.json belongs to no stream", name)
		}
	}
}

// checkSchema holds one version's schema of s to its keys and cursor.
func checkSchema(t *testing.T, s engine.Stream, version string, fields []string) {
	t.Helper()
	doc := schemaOf(t, s.Name, version)
	props, _ := doc["properties"].(map[string]any)
	for _, f := range fields {
		p, ok := props[f].(map[string]any)
		if !ok {
			t.Errorf("%s %s: not in the schema's properties", version, f)
			continue
		}
		if typ, _ := p["type"].(string); typ != "string" && typ != "integer" {
			t.Errorf("%s %s: type %v, want one non-null scalar type", version, f, p["type"])
		}
	}
	if s.Cursor != "" {
		if p, _ := props[s.Cursor].(map[string]any); p == nil || p["type"] != "integer" {
			t.Errorf("%s: cursor %s is not an integer (unix seconds)", version, s.Cursor)
		}
	}
	checkMinimalRecord(t, s.Name, doc, fields)
	checkShape(t, doc, fields)
}

// checkMinimalRecord: a record carrying only its keys, every other field
// null, validates; one with a null key does not.
func checkMinimalRecord(t *testing.T, name string, doc map[string]any, keys []string) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource("mem:///"+name, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("mem:///" + name)
	if err != nil {
		t.Fatal(err)
	}
	props := doc["properties"].(map[string]any)
	rec := map[string]any{}
	for f := range props {
		rec[f] = nil
	}
	for _, f := range keys {
		rec[f] = "x"
		if props[f].(map[string]any)["type"] == "integer" {
			rec[f] = json.Number("1700000000")
		}
	}
	if err := sch.Validate(rec); err != nil {
		t.Errorf("a record of keys only is rejected: %v", err)
	}
	rec[keys[0]] = nil
	if sch.Validate(rec) == nil {
		t.Error("a record with a null key is accepted")
	}
}

func schemaOf(t *testing.T, name, version string) map[string]any {
	t.Helper()
	raw, err := schemas.GetVersion(name, version)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("schema of %s is not an object", name)
	}
	return doc
}
