package fakeintercom

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"
)

// TestResponsesMatchSpecSchemas validates every 200 response (records of
// page-numbered lists individually, their envelope being checked in the
// pagination tests) and an error body against the 2.16 components.
func TestResponsesMatchSpecSchemas(t *testing.T) {
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
	}
}

// TestRecordsUseEveryDeclaredField guards against silently dropping spec
// fields: across a stream, each property of its component appears.
func TestRecordsUseEveryDeclaredField(t *testing.T) {
	c := loadComponents(t)
	s := New(Options{Seed: 7, Size: Small})
	notListed := map[string]bool{"applied_at": true, "applied_by": true, "avatar": true, "count": true}
	for stream, component := range map[string]string{
		"admins": "admin", "teams": "team", "tags": "tag", "segments": "segment",
		"contact_attributes": "data_attribute", "subscription_types": "subscription_type",
		"help_centers": "help_center", "help_center_collections": "collection",
		"articles": "article_list_item", "news_items": "news_item",
	} {
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
