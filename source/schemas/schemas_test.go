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

// versioned names every stream's schema in every API version that has
// the stream, as "<version>/<stream>".
func versioned(names []string) []string {
	var out []string
	for _, v := range Versions() {
		for _, n := range names {
			if InVersion(n, v) {
				out = append(out, v+"/"+n)
			}
		}
	}
	return out
}

// TestStreamsAnOlderVersionLacks: the collections the 2.11 description
// lacks have no schema in 2.11 (ErrNotInVersion), and a schema in every
// later version; 2.11's ticket types have no ticket_states. The version
// files name only streams that have a schema.
func TestStreamsAnOlderVersionLacks(t *testing.T) {
	lacks := []string{"ticket_states", "macros", "away_status_reasons", "office_hours_schedules", "content_snippets",
		"internal_articles", "brands", "email_settings", "calls", "data_connectors", "audiences",
		"content_import_sources", "external_pages", "activity_log_event_types"}
	for _, name := range Names() {
		_, err := GetVersion(name, "2.11")
		if want := slices.Contains(lacks, name); errors.Is(err, ErrNotInVersion) != want || InVersion(name, "2.11") == want {
			t.Errorf("%s in 2.11: %v, want absent %v", name, err, want)
		}
		if !InVersion(name, Latest) {
			t.Errorf("%s: not in %s", name, Latest)
		}
	}
	if props := load(t, "2.11/ticket_types")["properties"].(map[string]any); props["ticket_states"] != nil || props["ticket_type_attributes"] == nil {
		t.Error("2.11 ticket types declare ticket_states, which 2.11 lacks, or lost their attributes")
	}
	if _, err := GetVersion("no_such_stream", "2.11"); !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrNotInVersion) {
		t.Errorf("unknown stream in 2.11: %v", err)
	}
	for _, v := range Versions()[:len(Versions())-1] {
		b, err := versionFiles.ReadFile("versions/" + v + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var patch map[string]any
		if err := json.Unmarshal(b, &patch); err != nil {
			t.Fatal(err)
		}
		for name := range patch {
			if !slices.Contains(Names(), name) {
				t.Errorf("versions/%s.json names %s, which has no schema", v, name)
			}
		}
	}
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
			"tickets.ticket_state_internal_label": "string", "admins.avatar": "object", "contacts.owner_id": "integer",
			"company_contacts.owner_id": "integer"},
		"2.16": {"tickets.ticket_state": "object", "tickets.admin_assignee_id": "integer", "tickets.team_assignee_id": "integer",
			"tickets.previous_ticket_state_id": "string", "admins.avatar": "string", "contacts.owner_id": "string",
			"company_contacts.owner_id": "string", "contact_notes.company": "object"},
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
	if props := load(t, "2.11/contact_notes")["properties"].(map[string]any); props["company"] != nil {
		t.Error("2.11 contact notes declare company, which 2.11 lacks")
	}
	// A note's author is an admin: its avatar has the admin's shape of each version.
	for v, ty := range map[string]string{"2.11": "object", "2.16": "string"} {
		author := load(t, v+"/contact_notes")["properties"].(map[string]any)["author"].(map[string]any)
		avatar := author["properties"].(map[string]any)["avatar"].(map[string]any)
		if types, _ := avatar["type"].([]any); !slices.Contains(types, any(ty)) {
			t.Errorf("%s contact_notes.author.avatar: type %v, want %s", v, avatar["type"], ty)
		}
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
