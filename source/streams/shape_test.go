package streams_test

import (
	"slices"
	"testing"
)

// forbidden keywords would either break Airbyte's schema handling
// (composition, references) or reject values Intercom legitimately sends
// (enum, format on unix timestamps).
var forbidden = []string{
	"$ref", "allOf", "oneOf", "anyOf", "not", "definitions", "$defs",
	"enum", "format", "example", "nullable", "readOnly", "discriminator",
}

// checkShape walks a stream's schema: no forbidden keywords, every object
// open, and every field nullable except the stream's keys and cursor.
func checkShape(t *testing.T, doc map[string]any, exempt []string) {
	t.Helper()
	if doc["type"] != "object" {
		t.Errorf("root type = %v, want object", doc["type"])
	}
	walk(t, "", doc, func(path string, node map[string]any) {
		for _, kw := range forbidden {
			if _, ok := node[kw]; ok {
				t.Errorf("%s: has %s", path, kw)
			}
		}
		if isObject(node) && node["additionalProperties"] != true {
			t.Errorf("%s: object without additionalProperties true", path)
		}
		if path == "" || slices.Contains(exempt, path[1:]) {
			return
		}
		types, ok := node["type"].([]any)
		if !ok || !slices.Contains(types, any("null")) {
			t.Errorf("%s: type %v is not a list including null", path, node["type"])
		}
	})
}

// walk visits every subschema reachable through properties and items; those
// are the only places the flattened schemas nest.
func walk(t *testing.T, path string, node map[string]any, visit func(string, map[string]any)) {
	t.Helper()
	visit(path, node)
	if props, ok := node["properties"].(map[string]any); ok {
		for k, v := range props {
			sub, ok := v.(map[string]any)
			if !ok {
				t.Errorf("%s.%s: not a schema object", path, k)
				continue
			}
			walk(t, path+"."+k, sub, visit)
		}
	}
	if items, ok := node["items"]; ok {
		sub, ok := items.(map[string]any)
		if !ok {
			t.Errorf("%s[]: items is not a single schema", path)
			return
		}
		walk(t, path+"[]", sub, visit)
	}
}

func isObject(node map[string]any) bool {
	if _, ok := node["properties"]; ok {
		return true
	}
	switch ty := node["type"].(type) {
	case string:
		return ty == "object"
	case []any:
		return slices.Contains(ty, any("object"))
	}
	return false
}
