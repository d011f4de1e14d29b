package fakeintercom

import (
	"net/http"
	"strings"
	"testing"
)

func TestDataAttributes(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	all := items(t, get(t, s, "/data_attributes"), "data")
	contact := items(t, get(t, s, "/data_attributes?model=contact"), "data")
	company := items(t, get(t, s, "/data_attributes?model=company"), "data")
	if len(all) != len(contact)+len(company) {
		t.Errorf("no model: %d attributes, want %d", len(all), len(contact)+len(company))
	}
	archived := items(t, get(t, s, "/data_attributes?model=contact&include_archived=true"), "data")
	if len(archived) <= len(contact) {
		t.Errorf("include_archived added nothing")
	}
	for _, a := range archived {
		_, hasID := a["id"]
		custom := a["custom"] == true
		if a["model"] != "contact" || hasID != custom {
			t.Errorf("attribute %v: model or id presence wrong", a)
		}
		if custom && a["full_name"] != "custom_attributes."+a["name"].(string) {
			t.Errorf("custom full_name = %v", a["full_name"])
		}
	}
	for _, a := range contact {
		if a["archived"] != false {
			t.Errorf("archived attribute listed by default: %v", a["name"])
		}
	}
	wantError(t, call(t, s, http.MethodGet, "/data_attributes?model=ticket"), http.StatusBadRequest, "parameter_invalid")
	wantError(t, call(t, s, http.MethodGet, "/data_attributes?model=conversation"), http.StatusUnprocessableEntity, "parameter_invalid")
}

func TestConversationAttributesCoverEveryDataType(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	shown := items(t, get(t, s, "/conversations/attributes"), "data")
	all := items(t, get(t, s, "/conversations/attributes?include_archived=true"), "data")
	if len(all) <= len(shown) {
		t.Errorf("include_archived added nothing")
	}
	extra := map[string]string{"string": "multiline", "list": "options", "relationship": "reference"}
	seen := map[string]bool{}
	for _, a := range all {
		dt := a["data_type"].(string)
		seen[dt] = true
		if f, ok := extra[dt]; ok && a[f] == nil {
			t.Errorf("%s attribute lacks %s", dt, f)
		}
	}
	for _, dt := range []string{"string", "integer", "list", "decimal", "boolean", "datetime", "relationship", "files"} {
		if !seen[dt] {
			t.Errorf("no %s attribute", dt)
		}
	}
}

func TestCollectionsIncludeSections(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	byID := map[string]map[string]any{}
	rs := s.Records("help_center_collections")
	for _, c := range rs {
		byID[c["id"].(string)] = c
	}
	var sections int
	for _, c := range rs {
		parent, ok := c["parent_id"].(string)
		if !ok {
			if c["help_center_id"] == nil {
				t.Errorf("top-level collection %v has no help center", c["id"])
			}
			continue
		}
		sections++
		if byID[parent] == nil || c["help_center_id"] != nil || c["description"] != nil {
			t.Errorf("section %v: parent %v, help_center_id %v", c["id"], parent, c["help_center_id"])
		}
	}
	if sections == 0 || sections == len(rs) {
		t.Errorf("%d sections of %d collections", sections, len(rs))
	}
	if url, _ := rs[0]["url"].(string); url != "" && !strings.Contains(url, "/collections/") {
		t.Errorf("collection url %q", url)
	}
}
