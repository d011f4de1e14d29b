package integration_tests

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// airbyteSchemas are the stream schemas Airbyte's source-intercom declares
// (manifest.yaml of airbytehq/airbyte at commit 0606872664e2, see the
// directory's README).
const airbyteSchemas = "testdata/airbyte-0606872"

// airbyteExceptions are the fields where Airbyte's declared schema
// contradicts what Intercom returns in every API version, so no connector
// can match it; docs/switching.md lists them with what a destination does.
var airbyteExceptions = map[string]string{
	"contacts.avatar":                               "an object {type, image_url} in 2.11 and 2.16; Airbyte declares a string",
	"contacts.android_last_seen_at":                 "a unix timestamp (integer) in 2.11 and 2.16; Airbyte declares a date-time string",
	"conversations.statistics.last_closed_by_id":    "an admin id, a string in 2.11 and 2.16; Airbyte declares an integer",
	"conversations.conversation_rating.teammate.id": "a reference id, a string in 2.11 and 2.16; Airbyte declares an integer",
}

// TestRecordsMatchAirbyteSchemasWithVersion211 reads every stream of the
// fake with intercom_version 2.11, as Airbyte's source-intercom does, and
// validates each record against the schema Airbyte declares for its
// stream: every field a switching user's tables have keeps its type,
// except the documented exceptions. It also checks every field Airbyte
// declares is declared by our discovered schema.
func TestRecordsMatchAirbyteSchemasWithVersion211(t *testing.T) {
	t.Parallel()
	w := readWhole(t, "2.11")
	ours := w.schemas
	out, err := parseOutput(w.run)
	if err != nil {
		t.Fatal(err)
	}
	excepted := map[string]bool{}
	defer func() {
		for field := range airbyteExceptions {
			if !excepted[field] && !t.Failed() {
				t.Errorf("exception %s is no longer needed: remove it here and in docs/switching.md", field)
			}
		}
	}()
	files, _ := filepath.Glob(filepath.Join(airbyteSchemas, "*.json"))
	if len(files) != 13 {
		t.Fatalf("%d vendored schemas, want Airbyte's 13 streams", len(files))
	}
	for _, f := range files {
		stream := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(stream, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := compileSchema("airbyte_"+stream, raw)
			if err != nil {
				t.Fatal(err)
			}
			declaredByUs(t, stream, theirs.doc, ours[stream])
			recs := out.records[stream]
			if len(recs) == 0 {
				t.Fatal("no records read")
			}
			failures := map[string]int{}
			for _, rec := range recs {
				for _, field := range violations(theirs, rec.data) {
					if _, ok := airbyteExceptions[stream+"."+field]; ok {
						excepted[stream+"."+field] = true
						continue
					}
					failures[field]++
				}
			}
			for field, n := range failures {
				t.Errorf("%s.%s: %d of %d records do not match Airbyte's declared type", stream, field, n, len(recs))
			}
		})
	}
}

// declaredByUs checks each top-level field Airbyte declares is declared in
// our schema too, with the same column type, so a switching user's columns
// all keep filling and keep their types (the exceptions excepted).
func declaredByUs(t *testing.T, stream string, theirs map[string]any, ours json.RawMessage) {
	t.Helper()
	var doc struct {
		Properties map[string]map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(ours, &doc); err != nil {
		t.Fatalf("our %s schema: %v", stream, err)
	}
	var missing []string
	for field, p := range theirs["properties"].(map[string]any) {
		our, ok := doc.Properties[field]
		if !ok {
			missing = append(missing, field)
			continue
		}
		if _, excepted := airbyteExceptions[stream+"."+field]; excepted {
			continue
		}
		if a, b := columnType(p.(map[string]any)), columnType(our); a != b {
			t.Errorf("%s: Airbyte's column type is %s, ours %s", field, a, b)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("fields Airbyte declares that we do not: %v", missing)
	}
}

// columnType is the type a destination gives a top-level field: its one
// non-null JSON type, and for a union, object if it allows one (a JSON
// column) else its first non-null type.
func columnType(p map[string]any) string {
	switch ty := p["type"].(type) {
	case string:
		return ty
	case []any:
		for _, x := range ty {
			if x != "null" {
				return fmt.Sprint(x)
			}
		}
	}
	var first string
	for _, k := range []string{"anyOf", "oneOf"} {
		alts, _ := p[k].([]any)
		for _, a := range alts {
			switch ty := columnType(a.(map[string]any)); {
			case ty == "object":
				return ty
			case first == "" && ty != "null":
				first = ty
			}
		}
	}
	if first == "" {
		return "null"
	}
	return first
}

// violations names the fields of a record that fail a schema, as dotted
// paths without array indices (statistics.last_closed_by_id).
func violations(s *recordSchema, data json.RawMessage) []string {
	v, err := decodeExact(data)
	if err != nil {
		return []string{"(not JSON)"}
	}
	err = s.compiled.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{fmt.Sprint(err)}
	}
	seen := map[string]bool{}
	var fields []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			var path []string
			for _, p := range e.InstanceLocation {
				if _, err := strconv.Atoi(p); err != nil {
					path = append(path, p)
				}
			}
			f := strings.Join(path, ".")
			if f == "" {
				f = "(root)"
			}
			if !seen[f] {
				seen[f] = true
				fields = append(fields, f)
			}
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return fields
}
