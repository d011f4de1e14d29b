package engine

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
)

// columnsSchema declares custom_attributes with plan and seats (and
// note, declared but not lifted), and columns for plan, seats, "café"
// and "Issue type".
const columnsSchema = `{
  "type": "object", "additionalProperties": true,
  "properties": {
    "id": {"type": "string"},
    "custom_attributes": {"type": ["null", "object"], "additionalProperties": true, "properties": {
      "plan": {"type": ["null", "string"]}, "seats": {"type": ["null", "integer"]}, "note": {"type": ["null", "string"]},
      "café": {"type": ["null", "string"]}, "Issue type": {"type": ["null", "object"]}}},
    "custom_plan": {"type": ["null", "string"], "x-copied-from": ["custom_attributes", "plan"]},
    "custom_seats": {"type": ["null", "integer"], "x-copied-from": ["custom_attributes", "seats"]},
    "custom_cafe": {"type": ["null", "string"], "x-copied-from": ["custom_attributes", "café"]},
    "custom_issue_type": {"type": ["null", "object"], "x-copied-from": ["custom_attributes", "Issue type"]}
  }
}`

func mustColumns(t *testing.T, schema string, object string) *columns {
	t.Helper()
	c, err := parseColumns(json.RawMessage(schema), object)
	if err != nil || c == nil {
		t.Fatalf("parseColumns: %v, %v", c, err)
	}
	return c
}

// written writes rec with its copies as the read does and returns the
// record's data.
func written(t *testing.T, c *columns, rec string, pageExtra []byte) map[string]any {
	t.Helper()
	var out bytes.Buffer
	w := airbyte.NewWriter(&out)
	if err := w.RecordWith("contacts", json.RawMessage(rec), c.extra(json.RawMessage(rec), pageExtra)); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	line, _, _ := bytes.Cut(out.Bytes(), []byte("\n")) // then, maybe, the WARN about invalid UTF-8
	var m struct {
		Record struct {
			Data json.RawMessage `json:"data"`
		} `json:"record"`
	}
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatalf("invalid output %s: %v", out.Bytes(), err)
	}
	var data map[string]any
	dec := json.NewDecoder(bytes.NewReader(m.Record.Data))
	if err := dec.Decode(&data); err != nil {
		t.Fatal(err)
	}
	if keys := topKeys(t, m.Record.Data); len(keys) != len(data) {
		t.Errorf("a field is written twice: %s", m.Record.Data)
	}
	return data
}

func topKeys(t *testing.T, obj []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.Token()
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	return keys
}

func TestColumnsCopyAttributeValues(t *testing.T) {
	c := mustColumns(t, columnsSchema, "custom_attributes")
	for _, tc := range []struct {
		name, rec string
		extra     string
		want      map[string]any // the copies
	}{
		{"values", `{"id":"1","custom_attributes":{"plan":"pro","seats":3,"note":"x"}}`, "",
			map[string]any{"custom_plan": "pro", "custom_seats": 3.0}},
		{"null and absent", `{"id":"1","custom_attributes":{"plan":null}}`, "",
			map[string]any{"custom_plan": nil}},
		{"no attributes", `{"id":"1"}`, "", map[string]any{}},
		{"attributes null", `{"id":"1","custom_attributes":null}`, "", map[string]any{}},
		{"attributes empty", `{"id":"1","custom_attributes":{}}`, "", map[string]any{}},
		{"a field twice", `{"id":"1","custom_attributes":{"plan":"a","plan":"b"}}`, "", map[string]any{"custom_plan": "a"}},
		{"escaped key", `{"id":"1","custom_attributes":{"caf\u00e9":"oui"}}`, "", map[string]any{"custom_cafe": "oui"}},
		{"value over lines", "{\"id\":\"1\",\"custom_attributes\":{\"Issue type\":{\n  \"a\": [1,\n 2]\n}}}", "",
			map[string]any{"custom_issue_type": map[string]any{"a": []any{1.0, 2.0}}}},
		{"invalid UTF-8", "{\"id\":\"1\",\"custom_attributes\":{\"plan\":\"p\xffro\"}}", "", map[string]any{"custom_plan": "p\uFFFDro"}},
		{"with the page's extra field", `{"id":"1","custom_attributes":{"seats":7}}`, `"company_id":"c9"`,
			map[string]any{"custom_seats": 7.0, "company_id": "c9"}},
		{"only the page's extra field", `{"id":"1","custom_attributes":{}}`, `"company_id":"c9"`,
			map[string]any{"company_id": "c9"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var extra []byte
			if tc.extra != "" {
				extra = []byte(tc.extra)
			}
			data := written(t, c, tc.rec, extra)
			got := map[string]any{}
			for k, v := range data {
				if k != "id" && k != "custom_attributes" {
					got[k] = v
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("copies %v, want %v", got, tc.want)
			}
		})
	}
	if len(c.report("contacts")) != 0 {
		t.Errorf("unexpected warnings: %q", c.report("contacts"))
	}
}

// TestColumnsNeverDuplicateAField: a record that already has a top-level
// field named like a column (a field Intercom added) keeps Intercom's
// value, the copy is left out, and the read warns; a record that merely
// mentions the name elsewhere gets its copy.
func TestColumnsNeverDuplicateAField(t *testing.T) {
	c := mustColumns(t, columnsSchema, "custom_attributes")
	data := written(t, c, `{"custom_plan":"intercom's","id":"1","custom_attributes":{"plan":"pro","seats":2}}`, []byte(`"p":1`))
	if data["custom_plan"] != "intercom's" || data["custom_seats"] != 2.0 || data["p"] != 1.0 {
		t.Errorf("data %v", data)
	}
	data = written(t, c, `{"id":"1","custom_attributes":{"plan":"pro"},"x":{"custom_plan":1},"note":"custom_plan"}`, nil)
	if data["custom_plan"] != "pro" {
		t.Errorf("data %v", data)
	}
	r := c.report("contacts")
	if len(r) != 1 || !strings.Contains(r[0], "custom_plan: 1") {
		t.Errorf("report %q", r)
	}
}

// TestColumnsReport: attributes the catalog does not declare (created
// after discover) and values of another type than declared are counted
// and reported once at the stream's end; declared attributes without a
// column (deselected) are not.
func TestColumnsReport(t *testing.T) {
	c := mustColumns(t, columnsSchema, "custom_attributes")
	for _, rec := range []string{
		`{"custom_attributes":{"plan":"a","note":"declared, not lifted","new one":1}}`,
		`{"custom_attributes":{"seats":1.5,"new one":2,"another":true}}`,
		`{"custom_attributes":{"seats":"12"}}`,
	} {
		written(t, c, rec, nil)
	}
	r := c.report("contacts")
	if len(r) != 2 {
		t.Fatalf("report %q", r)
	}
	if !strings.HasPrefix(r[0], "Stream contacts: 2 records hold attributes the catalog does not declare (\"new one\": 2, \"another\": 1)") || !strings.Contains(r[0], "refresh") {
		t.Errorf("undeclared: %q", r[0])
	}
	if !strings.Contains(r[1], "custom_seats: 2") {
		t.Errorf("mismatched: %q", r[1])
	}
}

func TestJSONTypesAccept(t *testing.T) {
	for _, tc := range []struct {
		types string
		value string
		ok    bool
	}{
		{`["null","integer"]`, `12`, true}, {`["null","integer"]`, `-3`, true}, {`["null","integer"]`, `1.5`, false},
		{`["null","integer"]`, `1e3`, false}, {`["null","integer"]`, `null`, true}, {`["null","integer"]`, `"1"`, false},
		{`["null","number"]`, `12`, true}, {`["null","number"]`, `1.5`, true}, {`"string"`, `"x"`, true},
		{`"string"`, `null`, false}, {`["null","boolean"]`, `false`, true}, {`["null","object"]`, `{}`, true},
		{`["null","array"]`, `[]`, true}, {`["null","array"]`, `{}`, false}, {`["null","string","integer"]`, `5`, true},
		{``, `5`, true}, {`{}`, `"x"`, true},
	} {
		if got := parseJSONTypes(json.RawMessage(tc.types)).accept([]byte(tc.value)); got != tc.ok {
			t.Errorf("%s accepts %s: %v, want %v", tc.types, tc.value, got, tc.ok)
		}
	}
}

func TestCopyColumns(t *testing.T) {
	cat := func(schema string) *airbyte.ConfiguredCatalog {
		return &airbyte.ConfiguredCatalog{Streams: []airbyte.ConfiguredStream{
			{Stream: airbyte.Stream{Name: "contacts", JSONSchema: json.RawMessage(schema)}, SyncMode: airbyte.FullRefresh},
			{Stream: airbyte.Stream{Name: "admins", JSONSchema: json.RawMessage(`{}`)}, SyncMode: airbyte.FullRefresh},
		}}
	}
	plan := func(schema string, enabled bool) ([]Job, []string, error) {
		c := cat(schema)
		jobs, err := Plan(testStreams(), c, nil)
		if err != nil {
			t.Fatal(err)
		}
		warnings, err := CopyColumns(jobs, c, map[string]string{"contacts": "custom_attributes"}, enabled)
		return jobs, warnings, err
	}
	jobs, warnings, err := plan(columnsSchema, true)
	if err != nil || len(warnings) != 0 || jobs[0].columns == nil || len(jobs[0].columns.byName) != 4 || jobs[1].columns != nil {
		t.Errorf("enabled: %v %q %+v", err, warnings, jobs)
	}
	jobs, warnings, err = plan(columnsSchema, false)
	if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], "stream contacts 4 columns") || jobs[0].columns != nil {
		t.Errorf("disabled: %v %q", err, warnings)
	}
	// Enabled on a catalog discovered before: nothing to copy, but new
	// attributes are still reported.
	jobs, _, err = plan(`{"properties":{"custom_attributes":{"type":"object"}}}`, true)
	if err != nil || jobs[0].columns == nil || len(jobs[0].columns.byName) != 0 {
		t.Errorf("no columns: %v %+v", err, jobs[0].columns)
	}
	if got := jobs[0].columns.extra(json.RawMessage(`{"custom_attributes":{"a":1}}`), nil); got != nil {
		t.Errorf("extra %s", got)
	}
	if r := jobs[0].columns.report("contacts"); len(r) != 1 {
		t.Errorf("report %q", r)
	}
	for _, bad := range []string{
		`{"properties":{"c":{"x-copied-from":"custom_attributes.plan"}}}`,
		`{"properties":{"c":{"x-copied-from":["custom_attributes"]}}}`,
		`{"properties":{"c":{"x-copied-from":["c","plan"]}}}`,
		`{"properties":{"c":{"x-copied-from":["custom_attributes","plan"]},"d":{"x-copied-from":["custom_attributes","plan"]}}}`,
	} {
		if _, _, err := plan(bad, true); err == nil {
			t.Errorf("%s: accepted", bad)
		}
		// Off, the catalog's schemas play no part in the read.
		if _, warnings, err := plan(bad, false); err != nil || len(warnings) != 0 {
			t.Errorf("%s, off: %v %q", bad, err, warnings)
		}
	}
	// A json_schema that is no object declares no copy.
	if jobs, _, err := plan(`[1]`, true); err != nil || jobs[0].columns == nil || len(jobs[0].columns.byName) != 0 {
		t.Errorf("[1]: %v", err)
	}
}

// BenchmarkHotPathContactsColumns is BenchmarkHotPathContacts with every
// custom attribute of the contacts copied to a column.
func BenchmarkHotPathContactsColumns(b *testing.B) {
	body := contactsPage(b)
	srv := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Small})
	props := map[string]any{"custom_attributes": map[string]any{"type": "object"}}
	for _, a := range srv.Records("contact_attributes") {
		if a["custom"] == true {
			name := a["name"].(string)
			props["custom_"+name] = map[string]any{"type": []string{"null", "string", "number", "boolean"}, CopiedFrom: []string{"custom_attributes", name}}
		}
	}
	schema, _ := json.Marshal(map[string]any{"properties": props})
	c, err := parseColumns(schema, "custom_attributes")
	if err != nil {
		b.Fatal(err)
	}
	w := airbyte.NewWriter(io.Discard)
	perRecord(b, 150, body, func() {
		l, err := intercom.DecodeList(body, "data")
		if err != nil {
			b.Fatal(err)
		}
		for _, rec := range l.Items {
			CursorOf(rec, "updated_at")
			if err := w.RecordWith("contacts", rec, c.extra(rec, nil)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
