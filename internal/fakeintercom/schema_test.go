package fakeintercom

import (
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestResponsesMatchSpecSchemas validates every 200 response (records of
// page-numbered lists individually, their envelope being checked in the
// pagination tests) and an error body against the 2.16 components.
func TestResponsesMatchSpecSchemas(t *testing.T) {
	t.Parallel()
	c := loadComponents(t)
	for _, size := range []Size{Tiny, Small} {
		s := New(Options{Seed: 7, Size: size})
		for path, component := range map[string]string{
			"/me": "admin_with_app", "/admins": "admin_list", "/admins?display_avatar=true": "admin_list",
			"/teams": "team_list", "/tags": "tag_list", "/segments?include_count=true": "segment_list",
			"/data_attributes?include_archived=true":          "data_attribute_list",
			"/conversations/attributes?include_archived=true": "conversation_attribute_list",
			"/subscription_types":                             "subscription_type_list",
		} {
			wantValid(t, c, component, get(t, s, path), path)
		}
		for path, component := range map[string]string{
			"/help_center/help_centers?per_page=150": "help_center", "/help_center/collections?per_page=150": "collection",
			"/articles?per_page=150": "article_list_item", "/news/news_items?per_page=150": "news_item",
		} {
			for _, r := range items(t, get(t, s, path), "data") {
				wantValid(t, c, component, r, path)
			}
		}
		wantValid(t, c, "error", decode(t, call(t, s, http.MethodGet, "/me", "Authorization", "")), "401")
		// The smaller collections: whole envelopes, and every record.
		for path, component := range map[string]string{
			"/ticket_types": "ticket_type_list", "/ticket_states": "ticket_state_list",
			"/news/newsfeeds?per_page=150": "paginated_response", "/macros?per_page=150": "macro_list",
			"/macros?per_page=3": "macro_list", "/away_status_reasons": "away_status_reason_list",
			"/office_hours_schedules": "office_hours_schedule_list", "/content_snippets?per_page=50": "content_snippet_list",
			"/internal_articles?per_page=150": "internal_article_list", "/brands": "brand_list", "/emails": "email_list",
			"/calls": "call_list", "/data_connectors?per_page=50": "data_connector_list", "/data_connectors?per_page=2": "data_connector_list",
			"/audiences?per_page=50": "audience_list", "/ai/content_import_sources": "content_import_sources_list",
			"/ai/external_pages": "external_pages_list", "/admins/activity_log_event_types": "activity_log_event_type_list",
		} {
			wantValid(t, c, component, get(t, s, path), path)
		}
		for stream, component := range collectionComponents() {
			for _, r := range asJSON(t, s.Records(stream)) {
				wantValid(t, c, component, r, stream)
			}
		}
	}
}

// collectionComponents are the smaller collections' item components.
func collectionComponents() map[string]string {
	return map[string]string{
		"ticket_types": "ticket_type", "ticket_states": "ticket_state_detailed", "newsfeeds": "newsfeed",
		"macros": "macro", "away_status_reasons": "away_status_reason", "office_hours_schedules": "office_hours_schedule",
		"content_snippets": "content_snippet", "internal_articles": "internal_article_list_item", "brands": "brand",
		"email_settings": "email_setting", "calls": "call", "data_connectors": "data_connector", "audiences": "audience",
		"content_import_sources": "content_import_source", "external_pages": "external_page",
	}
}

// asJSON is records as a client decodes them.
func asJSON(t *testing.T, rs []map[string]any) []map[string]any {
	t.Helper()
	b, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRecordsUseEveryDeclaredField guards against silently dropping spec
// fields: across a stream, each property of its component appears.
func TestRecordsUseEveryDeclaredField(t *testing.T) {
	t.Parallel()
	c := loadComponents(t)
	s := New(Options{Seed: 7, Size: Small})
	notListed := map[string]bool{"applied_at": true, "applied_by": true, "avatar": true, "count": true}
	streams := map[string]string{
		"admins": "admin", "teams": "team", "tags": "tag", "segments": "segment",
		"contact_attributes": "data_attribute", "subscription_types": "subscription_type",
		"help_centers": "help_center", "help_center_collections": "collection",
		"articles": "article_list_item", "news_items": "news_item",
	}
	maps.Copy(streams, collectionComponents())
	for stream, component := range streams {
		seen := map[string]bool{}
		for _, r := range s.Records(stream) {
			for k := range r {
				seen[k] = true
			}
		}
		for name := range c.props(c[component]) {
			if !seen[name] && !notListed[name] {
				t.Errorf("%s: no record has %s", stream, name)
			}
		}
	}
}

func wantValid(t *testing.T, c components, component string, v any, where string) {
	t.Helper()
	errs := c.check(&schema{Ref: component}, v, component)
	for i, e := range errs {
		if i == 5 {
			t.Errorf("%s: ... %d more", where, len(errs)-5)
			break
		}
		t.Errorf("%s: %s", where, e)
	}
}

func loadComponents(t *testing.T) components {
	t.Helper()
	raw, err := os.ReadFile("testdata/openapi_components.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Schemas components }
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Schemas
}

// description is Intercom's 2.16 OpenAPI description, vendored unchanged
// with the connector's request tests.
const description = "../../source/testdata/intercom-openapi-2.16.yaml"

// TestComponentsAreTheDescriptions: testdata/openapi_components.json holds
// the description's components reduced as its "source" says (type,
// properties, items, nullable, enum, $ref as a bare name, allOf, oneOf,
// anyOf), each exactly, and every component one of them refers to. To add
// one, copy it from the description so reduced; a failure shows the
// reduction.
func TestComponentsAreTheDescriptions(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(description)
	if err != nil {
		t.Fatal(err)
	}
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct{ Schemas map[string]any }
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	kept, err := os.ReadFile("testdata/openapi_components.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Schemas map[string]any }
	if err := json.Unmarshal(kept, &file); err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(file.Schemas)) {
		spec, ok := doc.Components.Schemas[name]
		if !ok {
			t.Errorf("%s: not a component of the description", name)
			continue
		}
		if want := reduced(spec); !reflect.DeepEqual(file.Schemas[name], want) {
			b, _ := json.MarshalIndent(want, "", " ")
			t.Errorf("%s differs from the description's, which reduces to:\n%s", name, b)
		}
		for _, ref := range refsOf(file.Schemas[name]) {
			if _, ok := file.Schemas[ref]; !ok {
				t.Errorf("%s refers to %s, which is not kept", name, ref)
			}
		}
	}
}

// reduced keeps of a schema what the checker reads.
func reduced(v any) any {
	s, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := map[string]any{}
	for k, x := range s {
		switch k {
		case "type", "nullable", "enum":
			out[k] = x
		case "$ref":
			ref := x.(string)
			out[k] = ref[strings.LastIndex(ref, "/")+1:]
		case "items":
			out[k] = reduced(x)
		case "properties":
			props := map[string]any{}
			for name, p := range x.(map[string]any) {
				props[name] = reduced(p)
			}
			out[k] = props
		case "allOf", "oneOf", "anyOf":
			var alts []any
			for _, a := range x.([]any) {
				alts = append(alts, reduced(a))
			}
			out[k] = alts
		}
	}
	return out
}

// refsOf lists the components a reduced schema refers to.
func refsOf(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			if ref, ok := y.(string); ok && k == "$ref" {
				out = append(out, ref)
				continue
			}
			out = append(out, refsOf(y)...)
		}
	case []any:
		for _, y := range x {
			out = append(out, refsOf(y)...)
		}
	}
	return out
}
