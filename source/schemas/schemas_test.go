package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const draft07 = "http://json-schema.org/draft-07/schema#"

// keys is the primary key and cursor of every stream. They must be present,
// scalar and non-null, because Airbyte dedupes and checkpoints on them.
var keys = map[string]struct {
	primaryKey []string
	cursor     string
}{
	"activity_logs":           {[]string{"id"}, "created_at"},
	"admins":                  {[]string{"id"}, ""},
	"articles":                {[]string{"id"}, ""},
	"companies":               {[]string{"id"}, "updated_at"},
	"company_attributes":      {[]string{"full_name"}, ""},
	"company_segments":        {[]string{"id", "company_id"}, "updated_at"},
	"contact_attributes":      {[]string{"full_name"}, ""},
	"contacts":                {[]string{"id"}, "updated_at"},
	"conversation_attributes": {[]string{"id"}, ""},
	"conversation_parts":      {[]string{"id"}, "updated_at"},
	"conversations":           {[]string{"id"}, "updated_at"},
	"deleted_conversations":   {[]string{"id"}, "deleted_at"},
	"help_center_collections": {[]string{"id"}, ""},
	"help_centers":            {[]string{"id"}, ""},
	"news_items":              {[]string{"id"}, ""},
	"segments":                {[]string{"id"}, "updated_at"},
	"subscription_types":      {[]string{"id"}, ""},
	"tags":                    {[]string{"id"}, ""},
	"teams":                   {[]string{"id"}, ""},
	"tickets":                 {[]string{"id"}, "updated_at"},
}

// integerKeys are the key fields Intercom types as integers rather than strings.
var integerKeys = map[string]bool{"conversation_attributes.id": true}

func TestNamesMatchKeyTable(t *testing.T) {
	var want []string
	for name := range keys {
		want = append(want, name)
	}
	slices.Sort(want)
	if got := Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
}

func TestGetUnknown(t *testing.T) {
	if _, err := Get("no_such_stream"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Get(unknown) error = %v, want fs.ErrNotExist", err)
	}
}

func TestSchemasCompile(t *testing.T) {
	for _, name := range versioned(Names()) {
		t.Run(name, func(t *testing.T) {
			doc := load(t, name)
			if doc["$schema"] != draft07 {
				t.Errorf("$schema = %v, want %s", doc["$schema"], draft07)
			}
			compile(t, name, doc)
		})
	}
}

func TestKeysAreScalarAndNonNull(t *testing.T) {
	for _, vname := range versioned(Names()) {
		name, k := vname, keys[streamOf(vname)]
		t.Run(name, func(t *testing.T) {
			props, _ := load(t, name)["properties"].(map[string]any)
			fields := k.primaryKey
			if k.cursor != "" {
				fields = append(slices.Clone(fields), k.cursor)
			}
			for _, f := range fields {
				want := "string"
				if f == k.cursor || integerKeys[streamOf(name)+"."+f] {
					want = "integer"
				}
				p, ok := props[f].(map[string]any)
				if !ok {
					t.Errorf("%s: missing from properties", f)
					continue
				}
				if p["type"] != want {
					t.Errorf("%s: type = %v, want %q", f, p["type"], want)
				}
			}
		})
	}
}

// TestMinimalRecords checks that a record carrying only its keys, with every
// other field null, validates, and that a null key does not.
func TestMinimalRecords(t *testing.T) {
	for _, vname := range versioned(Names()) {
		name, k := vname, keys[streamOf(vname)]
		t.Run(name, func(t *testing.T) {
			doc := load(t, name)
			sch := compile(t, name, doc)
			rec := map[string]any{}
			for f := range doc["properties"].(map[string]any) {
				rec[f] = nil
			}
			for _, f := range k.primaryKey {
				rec[f] = "x"
				if integerKeys[streamOf(name)+"."+f] {
					rec[f] = json.Number("7")
				}
			}
			if k.cursor != "" {
				rec[k.cursor] = json.Number("1700000000")
			}
			if err := sch.Validate(rec); err != nil {
				t.Fatalf("minimal record rejected: %v", err)
			}
			rec[k.primaryKey[0]] = nil
			if err := sch.Validate(rec); err == nil {
				t.Fatal("record with null primary key accepted")
			}
		})
	}
}

// versioned names every stream's schema in every API version, as
// "<version>/<stream>".
func versioned(names []string) []string {
	var out []string
	for _, v := range Versions() {
		for _, n := range names {
			out = append(out, v+"/"+n)
		}
	}
	return out
}

func streamOf(vname string) string {
	_, name, _ := strings.Cut(vname, "/")
	return name
}

// load reads a schema by stream name, or by "<version>/<stream>".
func load(t *testing.T, name string) map[string]any {
	t.Helper()
	v, stream, ok := strings.Cut(name, "/")
	if !ok {
		v, stream = Latest, name
	}
	raw, err := GetVersion(stream, v)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	doc, ok := parsed.(map[string]any)
	if !ok {
		t.Fatalf("%s: schema is not an object", name)
	}
	return doc
}

func compile(t *testing.T, name string, doc map[string]any) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	url := "mem:///" + strings.ReplaceAll(name, "/", "_") + ".json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return sch
}

// TestVersionSchemasDescribeTheirShapes pins the fields whose type differs
// between the 2.11 and 2.16 descriptions of Intercom's API.
func TestVersionSchemasDescribeTheirShapes(t *testing.T) {
	want := map[string]map[string]string{
		"2.11": {"tickets.ticket_state": "string", "tickets.admin_assignee_id": "string", "tickets.team_assignee_id": "string",
			"tickets.ticket_state_internal_label": "string", "admins.avatar": "object", "contacts.owner_id": "integer"},
		"2.16": {"tickets.ticket_state": "object", "tickets.admin_assignee_id": "integer", "tickets.team_assignee_id": "integer",
			"tickets.previous_ticket_state_id": "string", "admins.avatar": "string", "contacts.owner_id": "string"},
	}
	for v, fields := range want {
		for path, ty := range fields {
			stream, field, _ := strings.Cut(path, ".")
			props := load(t, v+"/"+stream)["properties"].(map[string]any)
			p, ok := props[field].(map[string]any)
			if !ok {
				t.Errorf("%s %s: not declared", v, path)
				continue
			}
			if types, _ := p["type"].([]any); !slices.Contains(types, any(ty)) {
				t.Errorf("%s %s: type %v, want %s", v, path, p["type"], ty)
			}
		}
	}
	if _, err := GetVersion("tickets", "2.12"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("unknown version: %v", err)
	}
	if props := load(t, "2.11/tickets")["properties"].(map[string]any); props["previous_ticket_state_id"] != nil {
		t.Error("2.11 tickets declare previous_ticket_state_id, which 2.11 lacks")
	}
}

// TestRealAPIFieldsDeclared: fields Intercom's API returns though its
// OpenAPI description lacks them (Airbyte's connector declares them from
// real responses) are declared in every version, with Airbyte's types.
func TestRealAPIFieldsDeclared(t *testing.T) {
	fields := map[string]string{
		"contacts.opted_in_subscription_types": "object", "contacts.opted_out_subscription_types": "object",
		"contacts.referrer": "string", "contacts.sms_consent": "boolean", "contacts.unsubscribed_from_sms": "boolean",
		"contacts.utm_campaign": "string", "contacts.utm_content": "string", "contacts.utm_medium": "string",
		"contacts.utm_source": "string", "contacts.utm_term": "string",
		"conversations.topics": "object", "articles.parent_id": "integer", "articles.parent_type": "string",
		"companies.monthly_spend": "number", "conversation_parts.conversation_id": "integer",
	}
	for _, v := range Versions() {
		for path, ty := range fields {
			stream, field, _ := strings.Cut(path, ".")
			p, ok := load(t, v+"/"+stream)["properties"].(map[string]any)[field].(map[string]any)
			if !ok {
				t.Errorf("%s: %s not declared", v, path)
				continue
			}
			if types, _ := p["type"].([]any); !slices.Contains(types, any(ty)) {
				t.Errorf("%s: %s has type %v, want %s", v, path, p["type"], ty)
			}
		}
	}
}
