package fakeintercom

import (
	"strings"
	"testing"
)

// endpointCases are the collections served by one GET, from the endpoint
// table: the request that lists each whole, its envelope type, the key
// holding its records and the stream whose Records it must match.
func endpointCases() []struct{ path, typ, key, stream string } {
	var out []struct{ path, typ, key, stream string }
	for _, e := range endpoints() {
		if e.list != nil {
			out = append(out, struct{ path, typ, key, stream string }{e.list.probe, e.list.typ, e.list.key, e.stream})
		}
	}
	return out
}

func TestEndpointsServeRecords(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	for _, tc := range endpointCases() {
		body := get(t, s, tc.path)
		if body["type"] != tc.typ {
			t.Errorf("%s: type %v, want %s", tc.path, body["type"], tc.typ)
		}
		got := items(t, body, tc.key)
		want := s.Records(tc.stream)
		if len(got) < 3 {
			t.Errorf("%s: only %d records", tc.path, len(got))
		}
		if !sameJSON(t, got, want) {
			t.Errorf("%s: response records differ from Records(%q)", tc.path, tc.stream)
		}
		for _, r := range got {
			if r["id"] == nil && !strings.HasSuffix(tc.stream, "_attributes") {
				t.Errorf("%s: record without id: %v", tc.path, r)
			}
		}
	}
}

func TestMe(t *testing.T) {
	t.Parallel()
	me := get(t, New(Options{Seed: 1}), "/me")
	app := me["app"].(map[string]any)
	if me["type"] != "admin" || app["timezone"] != "America/Los_Angeles" || app["name"] != "Acme Demo Workspace" {
		t.Errorf("me = %v", me)
	}
	if avatar := me["avatar"].(map[string]any); avatar["type"] != "avatar" {
		t.Errorf("avatar = %v", avatar)
	}
	app = get(t, New(Options{Seed: 1, Timezone: "Europe/Dublin", WorkspaceName: "Globex"}), "/me")["app"].(map[string]any)
	if app["timezone"] != "Europe/Dublin" || app["name"] != "Globex" {
		t.Errorf("configured app = %v", app)
	}
}

func TestOptionalFields(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	for path, field := range map[string]string{"/admins": "avatar", "/segments": "count"} {
		key := map[string]string{"/admins": "admins", "/segments": "segments"}[path]
		for _, r := range items(t, get(t, s, path), key) {
			if _, ok := r[field]; ok {
				t.Errorf("%s returned %s without asking", path, field)
			}
		}
		flag := map[string]string{"/admins": "?display_avatar=true", "/segments": "?include_count=true"}[path]
		for _, r := range items(t, get(t, s, path+flag), key) {
			if _, ok := r[field]; !ok {
				t.Errorf("%s%s lacks %s", path, flag, field)
			}
		}
	}
}

func sameJSON(t *testing.T, a, b any) bool {
	t.Helper()
	x, err := appendJSON(nil, a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := appendJSON(nil, b)
	if err != nil {
		t.Fatal(err)
	}
	return string(x) == string(y)
}

// TestEndpointTableIsWhole: every stream the table serves has exactly
// one oracle, and it holds records (the streams' tests check that every
// stream the connector declares has one).
func TestEndpointTableIsWhole(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1, Size: Tiny})
	streams := map[string]int{}
	for _, e := range endpoints() {
		if e.stream != "" {
			streams[e.stream]++
			if len(s.Records(e.stream)) == 0 {
				t.Errorf("%s: the oracle of %s is empty", e.pattern, e.stream)
			}
		}
	}
	for name, n := range streams {
		if n != 1 {
			t.Errorf("stream %s has %d oracles", name, n)
		}
	}
}
