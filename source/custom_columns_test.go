package source

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/source/engine"
)

func TestNormalizeName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plan":              "plan",
		"Issue type":        "issue_type",
		"Follow-up date":    "follow_up_date",
		"_default_title_":   "default_title",
		"MRR (USD) -- 2024": "mrr_usd_2024",
		"Seats affected 2":  "seats_affected_2",
		"Café crème":        "café_crème",
		"優先度":               "優先度",
		"💰":                 "attribute",
		"":                  "attribute",
		"a__b":              "a_b",
	} {
		if got := normalizeName(in); got != want {
			t.Errorf("normalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestColumnNames: a column is custom_ and the normalized name; a name
// taken by a field of the stream or by an older attribute gets the
// attribute's id; and a name stays with its attribute whatever is
// created after it.
func TestColumnNames(t *testing.T) {
	t.Parallel()
	attrs := []customAttribute{
		{Name: "Plan", ID: "12", CreatedAt: 100},
		{Name: "plan", ID: "15", CreatedAt: 200},
		{Name: "attributes", ID: "17", CreatedAt: 300},
		{Name: "id", ID: "20", CreatedAt: 400},
		{Name: "plan_15", ID: "21", CreatedAt: 500},
		{Name: "CX Score rating"},
		{Name: "PLAN"},
	}
	taken := map[string]bool{"custom_attributes": true, "id": true, "custom_id": true}
	got := columnNames(attrs, taken)
	want := []string{"custom_plan", "custom_plan_15", "custom_attributes_17", "custom_id_20", "custom_plan_15_21", "custom_cx_score_rating", "custom_plan_2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columnNames = %q, want %q", got, want)
	}
	// A newer attribute does not take an older one's column.
	sorted := append([]customAttribute{{Name: "PLAN ", ID: "99", CreatedAt: 900}}, attrs...)
	byAge(sorted)
	again := columnNames(sorted, map[string]bool{"custom_attributes": true})
	if again[0] != "custom_plan" || sorted[0].ID != "12" {
		t.Errorf("after a newer attribute: %q (oldest %v)", again, sorted[0])
	}
}

func TestAttributeSchemas(t *testing.T) {
	t.Parallel()
	for dt, want := range map[string]string{
		"string":       `{"type":["null","string"]}`,
		"list":         `{"type":["null","string"]}`,
		"options":      `{"type":["null","string"]}`,
		"integer":      `{"type":["null","integer"]}`,
		"float":        `{"type":["null","number"]}`,
		"decimal":      `{"type":["null","number"]}`,
		"boolean":      `{"type":["null","boolean"]}`,
		"date":         `{"type":["null","integer"]}`,
		"datetime":     `{"type":["null","string","integer"]}`,
		"relationship": `{"type":["null","object"],"additionalProperties":true}`,
		"files":        `{"type":["null","array"],"items":{"type":["null","object"],"additionalProperties":true}}`,
		"hologram":     `{}`,
	} {
		got, _ := marshal(typesOf(dt).schema(""))
		if string(got) != want {
			t.Errorf("%s: %s, want %s", dt, got, want)
		}
	}
	if got, _ := marshal(typesOf("integer").union(typesOf("decimal")).schema("")); string(got) != `{"type":["null","number"]}` {
		t.Errorf("integer or decimal: %s", got)
	}
	b, _ := marshal(&propertySchema{CopiedFrom: []string{"a", "b"}})
	if !strings.Contains(string(b), `"`+engine.CopiedFrom+`"`) {
		t.Errorf("propertySchema writes %s, not %s", b, engine.CopiedFrom)
	}
}

// TestTicketAttributesMerge: ticket types that define an attribute of the
// same name make one attribute, of every type they give it, oldest first.
func TestTicketAttributesMerge(t *testing.T) {
	t.Parallel()
	items := []json.RawMessage{
		json.RawMessage(`{"name":"Bug","ticket_type_attributes":{"type":"list","ticket_type_attributes":[
			{"id":"5","name":"_default_title_","data_type":"string","default":true,"created_at":10},
			{"id":"7","name":"Severity","data_type":"list","input_options":{"list":[{"label":"Low"},{"label":"High"}]},"created_at":20},
			{"id":"8","name":"Gone","data_type":"string","archived":true,"created_at":20}]}}`),
		json.RawMessage(`{"name":"Incident","ticket_type_attributes":{"type":"list","data":[
			{"id":"3","name":"Severity","data_type":"integer","created_at":15},
			{"id":"9","name":"_default_title_","data_type":"string","default":true,"created_at":30}]}}`),
	}
	got, err := ticketTypeAttributes(items)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("attributes %+v", got)
	}
	sev := got[1]
	if sev.Name != "Severity" || sev.DataType != "list or integer" || sev.ID != "3" || sev.CreatedAt != 15 ||
		!reflect.DeepEqual(sev.TicketTypes, []string{"Bug", "Incident"}) || !reflect.DeepEqual(sev.Options, []string{"Low", "High"}) {
		t.Errorf("Severity: %+v", sev)
	}
	if b, _ := marshal(sev.types.schema("")); string(b) != `{"type":["null","string","integer"]}` {
		t.Errorf("Severity's schema %s", b)
	}
}

// TestDeclareAttributes: the attributes go under the object's properties,
// the columns at the end of the top-level properties; a stream without
// attributes keeps its schema byte for byte.
func TestDeclareAttributes(t *testing.T) {
	t.Parallel()
	schema := json.RawMessage(`{"type":"object","properties":{"id":{"type":"string"},"custom_attributes":{"type":["null","object"],"additionalProperties":true},"custom_x":{}}}`)
	sa := &streamAttributes{Stream: "contacts", Object: "custom_attributes", Attrs: []customAttribute{
		{Name: "x", DataType: "integer", ID: "2", CreatedAt: 2, types: typesOf("integer")},
		{Name: `Quote "and" <tag>`, DataType: "string", ID: "1", CreatedAt: 1, types: typesOf("string")},
	}}
	for _, asColumns := range []bool{false, true} {
		out, err := declareAttributes(schema, sa, asColumns)
		if err != nil || !json.Valid(out) {
			t.Fatalf("%v: %s %v", asColumns, out, err)
		}
		var doc struct {
			Properties map[string]struct {
				Type       any                        `json:"type"`
				Properties map[string]json.RawMessage `json:"properties"`
				CopiedFrom []string                   `json:"x-copied-from"`
			} `json:"properties"`
		}
		json.Unmarshal(out, &doc)
		if len(doc.Properties["custom_attributes"].Properties) != 2 {
			t.Errorf("%v: %s", asColumns, out)
		}
		q, x := doc.Properties["custom_quote_and_tag"], doc.Properties["custom_x_2"]
		if asColumns != (len(doc.Properties) == 5) ||
			asColumns && (!reflect.DeepEqual(q.CopiedFrom, []string{"custom_attributes", `Quote "and" <tag>`}) || !reflect.DeepEqual(x.CopiedFrom, []string{"custom_attributes", "x"})) {
			t.Errorf("%v: %s", asColumns, out)
		}
	}
	for _, sa := range []*streamAttributes{nil, {Object: "custom_attributes"}} {
		if out, err := declareAttributes(schema, sa, true); err != nil || string(out) != string(schema) {
			t.Errorf("no attributes: %s %v", out, err)
		}
	}
	if _, err := declareAttributes(json.RawMessage(`{"properties":{"id":{}}}`), sa, false); err == nil {
		t.Error("a schema without the object was accepted")
	}
}
