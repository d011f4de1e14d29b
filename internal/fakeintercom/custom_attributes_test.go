package fakeintercom

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// jsonKind is the JSON type of a value as stored or decoded, integers apart.
func jsonKind(v any) string {
	switch x := v.(type) {
	case int, int64:
		return "integer"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case map[string]any:
		return "object"
	case []any, []map[string]any:
		return "array"
	case nil:
		return "null"
	}
	return "?"
}

// valueKinds are the JSON types Intercom sends each data type's values as.
var valueKinds = map[string][]string{
	"string": {"string"}, "options": {"string"}, "list": {"string"},
	"integer": {"integer"}, "float": {"number", "integer"}, "decimal": {"number", "integer"},
	"boolean": {"boolean"}, "date": {"integer"}, "datetime": {"integer"},
	"relationship": {"object"}, "files": {"array"},
}

// liveAttributes lists, per stream, the live attributes of the workspace
// by name, with their data type ("options" for a string with options).
func liveAttributes(t *testing.T, s *Server) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{"contacts": {}, "companies": {}, "conversations": {}, "tickets": {}}
	for stream, model := range map[string]string{"contacts": "contact", "companies": "company"} {
		for _, a := range items(t, get(t, s, "/data_attributes?model="+model), "data") {
			if a["custom"] == true {
				dt := a["data_type"].(string)
				if a["options"] != nil && dt == "string" {
					dt = "options"
				}
				out[stream][a["name"].(string)] = dt
			}
		}
	}
	for _, a := range items(t, get(t, s, "/conversations/attributes"), "data") {
		out["conversations"][a["name"].(string)] = a["data_type"].(string)
	}
	for _, tt := range items(t, get(t, s, "/ticket_types"), "data") {
		for _, a := range tt["ticket_type_attributes"].(map[string]any)["ticket_type_attributes"].([]any) {
			a := a.(map[string]any)
			out["tickets"][a["name"].(string)] = a["data_type"].(string)
		}
	}
	return out
}

// TestCustomAttributesOfEveryType: in every size, contacts, companies,
// conversations and tickets have live attributes of every data type their
// model has, and records carry values of each, of the JSON type Intercom
// sends; no record carries a value of an attribute the workspace does not
// define (but Intercom's own CX Score on conversations).
func TestCustomAttributesOfEveryType(t *testing.T) {
	t.Parallel()
	every := map[string][]string{
		"contacts":      {"string", "options", "integer", "float", "boolean", "date"},
		"companies":     {"string", "options", "integer", "float", "boolean", "date"},
		"conversations": {"string", "list", "integer", "decimal", "boolean", "datetime", "relationship", "files"},
		"tickets":       {"string", "list", "integer", "decimal", "boolean", "datetime", "files"},
	}
	object := map[string]string{"contacts": "custom_attributes", "companies": "custom_attributes", "conversations": "custom_attributes", "tickets": "ticket_attributes"}
	for _, size := range []Size{Tiny, Small} {
		s := New(Options{Seed: 3, Size: size})
		live := liveAttributes(t, s)
		for stream, types := range every {
			valued := map[string]bool{}
			for _, r := range s.Records(stream) {
				for name, v := range r[object[stream]].(map[string]any) {
					dt, ok := live[stream][name]
					if !ok {
						if stream == "conversations" && strings.HasPrefix(name, "CX Score ") {
							continue
						}
						t.Fatalf("%v %s: a record has %q, which the workspace does not define", size, stream, name)
					}
					if k := jsonKind(v); k != "null" && !slices.Contains(valueKinds[dt], k) {
						t.Errorf("%v %s: %q (%s) = %v, a JSON %s", size, stream, name, dt, v, k)
					}
					valued[dt] = true
				}
			}
			for _, dt := range types {
				if !valued[dt] {
					t.Errorf("%v %s: no record has a value of a %s attribute", size, stream, dt)
				}
			}
		}
	}
}

// TestTicketTypes: GET /ticket_types lists the ticket types the tickets
// embed, valid against the description, and needs the tickets scope.
func TestTicketTypes(t *testing.T) {
	t.Parallel()
	c := loadComponents(t)
	s := New(Options{Seed: 4, Size: Tiny, LimitedToken: "limited", LimitedScopes: []string{ScopeReadUsersCompanies}})
	body := get(t, s, "/ticket_types")
	types := items(t, body, "data")
	if body["type"] != "list" || len(types) < 3 {
		t.Fatalf("body %v", body)
	}
	ids := map[any]bool{}
	for _, tt := range types {
		wantValid(t, c, "ticket_type", tt, "ticket type")
		ids[tt["id"]] = true
	}
	for _, tk := range s.Records("tickets") {
		if !ids[tk["ticket_type"].(map[string]any)["id"]] {
			t.Errorf("ticket %v has a ticket type not listed", tk["id"])
		}
	}
	wantError(t, call(t, s, http.MethodGet, "/ticket_types", "Authorization", "Bearer limited"), http.StatusForbidden, "token_unauthorized")
}

// TestAddCustomAttribute: a custom attribute created on each stream is
// listed where Intercom lists its kind, and the records given a value
// carry it, updated at the server's clock.
func TestAddCustomAttribute(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := New(Options{Seed: 5, Size: Tiny, Clock: clock.Now})
	clock.Advance(3600e9)
	for stream, dt := range map[string]string{"contacts": "options", "companies": "date", "conversations": "relationship", "tickets": "files"} {
		ids, err := s.AddCustomAttribute(stream, "Added later", dt, 4)
		if err != nil || len(ids) != 4 {
			t.Fatalf("%s: %v %v", stream, ids, err)
		}
		want := map[string]string{"options": "options", "date": "date", "relationship": "relationship", "files": "files"}[dt]
		if got := liveAttributes(t, s)[stream]["Added later"]; got != want {
			t.Errorf("%s: listed as %q, want %q", stream, got, want)
		}
		object := "custom_attributes"
		if stream == "tickets" {
			object = "ticket_attributes"
		}
		n := 0
		for _, r := range s.Records(stream) {
			v, has := r[object].(map[string]any)["Added later"]
			if has != slices.Contains(ids, r["id"].(string)) {
				t.Errorf("%s %v: has the value %v", stream, r["id"], has)
			}
			if has {
				n++
				if asInt(r["updated_at"]) != clock.Now().Unix() {
					t.Errorf("%s %v: updated_at %v", stream, r["id"], r["updated_at"])
				}
				if k := jsonKind(v); !slices.Contains(valueKinds[dt], k) {
					t.Errorf("%s: value %v", stream, v)
				}
			}
		}
		if n != 4 {
			t.Errorf("%s: %d records with a value, want 4", stream, n)
		}
		if _, err := s.AddCustomAttribute(stream, "Added later", dt, 1); err == nil {
			t.Errorf("%s: the same attribute added twice", stream)
		}
	}
	if _, err := s.AddCustomAttribute("contacts", "x", "relationship", 1); err == nil {
		t.Error("a data type contacts do not have was accepted")
	}
	if _, err := s.AddCustomAttribute("admins", "x", "string", 1); err == nil {
		t.Error("a stream without attributes was accepted")
	}
}
