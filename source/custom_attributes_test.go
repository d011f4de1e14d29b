package source

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/protocoltest"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/schemas"
)

// attributeStreams are the streams whose records carry the workspace's
// attributes, and the object that holds them.
var attributeStreams = []struct{ stream, object string }{
	{"contacts", "custom_attributes"}, {"companies", "custom_attributes"},
	{"conversations", "custom_attributes"}, {"tickets", "ticket_attributes"},
}

// run runs Main in-process with files served from memory and returns the
// exit code and stdout, checked line by line against the protocol.
func run(t *testing.T, files map[string]string, args ...string) (int, []byte, []map[string]any) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, Deps{
		Stdout: &out, Stderr: &errb, Version: "test",
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[p]; ok {
				return []byte(s), nil
			}
			return nil, &os.PathError{Op: "open", Path: p, Err: os.ErrNotExist}
		},
	})
	if errb.Len() > 0 {
		t.Errorf("stderr: %s", errb.String())
	}
	v, err := protocoltest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := v.ValidateStream(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatalf("stdout invalid: %v", err)
	}
	return code, out.Bytes(), msgs
}

// workspaceConfig serves srv and returns a config for it, with extra fields.
func workspaceConfig(t *testing.T, srv *fakeintercom.Server, token string, extra map[string]any) string {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg := map[string]any{"access_token": token, "start_date": "2015-01-01T00:00:00Z", "api_url": ts.URL}
	for k, v := range extra {
		cfg[k] = v
	}
	b, _ := json.Marshal(cfg)
	return string(b)
}

// discovered is a catalog as discover wrote it: each stream's JSON as is.
type discovered struct {
	streams map[string]json.RawMessage // the stream objects
	schemas map[string]map[string]any  // their json_schema, decoded
	logs    []string
}

func discoverWith(t *testing.T, cfg string) discovered {
	t.Helper()
	code, out, msgs := run(t, map[string]string{"c.json": cfg}, "discover", "--config", "c.json")
	if code != 0 {
		t.Fatalf("discover exit %d: %s", code, out)
	}
	d := discovered{streams: map[string]json.RawMessage{}, schemas: map[string]map[string]any{}}
	for _, m := range msgs {
		if m["type"] == "LOG" {
			d.logs = append(d.logs, m["log"].(map[string]any)["message"].(string))
		}
	}
	for _, line := range bytes.Split(out, []byte("\n")) {
		var m struct {
			Type    string `json:"type"`
			Catalog struct {
				Streams []json.RawMessage `json:"streams"`
			} `json:"catalog"`
		}
		if json.Unmarshal(line, &m) != nil || m.Type != "CATALOG" {
			continue
		}
		for _, s := range m.Catalog.Streams {
			var st struct {
				Name       string         `json:"name"`
				JSONSchema map[string]any `json:"json_schema"`
			}
			if err := json.Unmarshal(s, &st); err != nil {
				t.Fatal(err)
			}
			d.streams[st.Name], d.schemas[st.Name] = s, st.JSONSchema
		}
	}
	if len(d.streams) == 0 {
		t.Fatalf("discover wrote no catalog: %s", out)
	}
	return d
}

// configured is a configured catalog of the discovered streams, as the
// platform builds it: each stream as discover described it.
func (d discovered) configured(t *testing.T, names ...string) string {
	t.Helper()
	var cs []string
	for _, n := range names {
		cs = append(cs, fmt.Sprintf(`{"stream":%s,"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}`, d.streams[n]))
	}
	return `{"streams":[` + strings.Join(cs, ",") + `]}`
}

func props(schema map[string]any, path ...string) map[string]any {
	cur := schema
	for _, p := range path {
		next, _ := cur["properties"].(map[string]any)[p].(map[string]any)
		cur = next
	}
	out, _ := cur["properties"].(map[string]any)
	return out
}

// fakeDefinitions lists, per stream, the live attributes the fake
// workspace defines, by name, with their Intercom data type.
func fakeDefinitions(t *testing.T, srv *fakeintercom.Server) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{"contacts": {}, "companies": {}, "conversations": {}, "tickets": {}}
	for stream, list := range map[string]string{"contacts": "contact_attributes", "companies": "company_attributes"} {
		for _, a := range srv.Records(list) {
			if a["custom"] == true && a["archived"] == false {
				dt := a["data_type"].(string)
				if a["options"] != nil && dt == "string" {
					dt = "options"
				}
				out[stream][a["name"].(string)] = dt
			}
		}
	}
	for _, a := range srv.Records("conversation_attributes") {
		out["conversations"][a["name"].(string)] = a["data_type"].(string)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/ticket_types", nil)
	req.Header.Set("Authorization", "Bearer tok")
	srv.ServeHTTP(rec, req)
	var types struct {
		Data []struct {
			Attrs struct {
				List []map[string]any `json:"ticket_type_attributes"`
			} `json:"ticket_type_attributes"`
		} `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &types); err != nil || len(types.Data) == 0 {
		t.Fatalf("GET /ticket_types: %d %s", rec.Code, rec.Body.Bytes())
	}
	for _, tt := range types.Data {
		for _, a := range tt.Attrs.List {
			out["tickets"][a["name"].(string)] = a["data_type"].(string)
		}
	}
	return out
}

// jsonTypesOf is the schema type discover must give each Intercom data type.
var jsonTypesOf = map[string][]any{
	"string": {"null", "string"}, "options": {"null", "string"}, "list": {"null", "string"},
	"integer": {"null", "integer"}, "float": {"null", "number"}, "decimal": {"null", "number"},
	"boolean": {"null", "boolean"}, "date": {"null", "integer"}, "datetime": {"null", "string", "integer"},
	"relationship": {"null", "object"}, "files": {"null", "array"},
}

// everyType is every data type each stream's attributes have in Intercom.
var everyType = map[string][]string{
	"contacts":      {"string", "options", "integer", "float", "boolean", "date"},
	"companies":     {"string", "options", "integer", "float", "boolean", "date"},
	"conversations": {"string", "list", "integer", "decimal", "boolean", "datetime", "relationship", "files"},
	"tickets":       {"string", "list", "integer", "decimal", "boolean", "datetime", "files"},
}

// TestDiscoverDeclaresEveryCustomAttributeWithItsType: discover reads the
// workspace's attribute definitions and declares each attribute, of every
// data type, under its object's properties with the JSON type its values
// take, every one nullable; the object stays open and the rest of the
// schema is the stream's own. Off by default, no column is added.
func TestDiscoverDeclaresEveryCustomAttributeWithItsType(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 21, Size: fakeintercom.Tiny, Token: "tok"})
	d := discoverWith(t, workspaceConfig(t, srv, "tok", nil))
	defs := fakeDefinitions(t, srv)
	for _, as := range attributeStreams {
		schema := d.schemas[as.stream]
		declared := props(schema, as.object)
		want := defs[as.stream]
		if as.stream == "conversations" {
			want["CX Score rating"], want["CX Score explanation"] = "integer", "string"
		}
		seen := map[string]bool{}
		for name, dt := range want {
			p, ok := declared[name].(map[string]any)
			if !ok {
				t.Errorf("%s: attribute %q (%s) is not declared", as.stream, name, dt)
				continue
			}
			seen[dt] = true
			if got := p["type"]; !reflect.DeepEqual(got, jsonTypesOf[dt]) {
				t.Errorf("%s: %q (%s) has type %v, want %v", as.stream, name, dt, got, jsonTypesOf[dt])
			}
			if desc, _ := p["description"].(string); !strings.Contains(desc, "Intercom data type") {
				t.Errorf("%s: %q has description %q", as.stream, name, desc)
			}
		}
		for name := range declared {
			if _, ok := want[name]; !ok {
				t.Errorf("%s: %q is declared, but the workspace does not define it", as.stream, name)
			}
		}
		for _, dt := range everyType[as.stream] {
			if !seen[dt] {
				t.Errorf("%s: the fake has no live attribute of type %s; the test proves nothing for it", as.stream, dt)
			}
		}
		obj := schema["properties"].(map[string]any)[as.object].(map[string]any)
		if obj["additionalProperties"] != true {
			t.Errorf("%s: %s is no longer open", as.stream, as.object)
		}
		// Less the declared attributes, the schema is the stream's own.
		delete(obj, "properties")
		static, _ := schemas.GetVersion(as.stream, schemas.Latest)
		var want2 map[string]any
		json.Unmarshal(static, &want2)
		if !reflect.DeepEqual(schema, want2) {
			t.Errorf("%s: discover changed more than %s's properties", as.stream, as.object)
		}
	}
	for name, schema := range d.schemas {
		for field, p := range schema["properties"].(map[string]any) {
			if _, ok := p.(map[string]any)[engine.CopiedFrom]; ok {
				t.Errorf("%s: column %s lifted with custom_attributes_as_columns off", name, field)
			}
		}
	}
	if len(d.logs) != 0 {
		t.Errorf("discover logged %q", d.logs)
	}
}

// TestCustomAttributeColumns: with custom_attributes_as_columns, discover
// also declares each attribute as a top-level column of its type, and a
// read of the discovered catalog fills it with a copy of the attribute's
// value: every record of contacts, companies, conversations and tickets
// validates against the discovered schema, declares every field it has,
// and carries a column exactly for each declared attribute it has a value of.
func TestCustomAttributeColumns(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 22, Size: fakeintercom.Tiny, Token: "tok"})
	cfg := workspaceConfig(t, srv, "tok", map[string]any{"custom_attributes_as_columns": true})
	d := discoverWith(t, cfg)
	var names []string
	for _, as := range attributeStreams {
		names = append(names, as.stream)
	}
	code, out, msgs := run(t, map[string]string{"c.json": cfg, "cat.json": d.configured(t, names...)}, "read", "--config", "c.json", "--catalog", "cat.json")
	if code != 0 {
		t.Fatalf("read exit %d: %s", code, out)
	}
	for _, m := range msgs {
		if l, ok := m["log"].(map[string]any); ok && l["level"] == "WARN" {
			t.Errorf("WARN: %s", l["message"])
		}
	}
	for _, as := range attributeStreams {
		schema := d.schemas[as.stream]
		top := schema["properties"].(map[string]any)
		declared := props(schema, as.object)
		// column → attribute, and back
		columnOf := map[string]string{}
		for field, p := range top {
			from, ok := p.(map[string]any)[engine.CopiedFrom].([]any)
			if !ok {
				continue
			}
			if len(from) != 2 || from[0] != as.object {
				t.Fatalf("%s: column %s copies %v", as.stream, field, from)
			}
			attr := from[1].(string)
			if !strings.HasPrefix(field, "custom_") || columnOf[attr] != "" {
				t.Errorf("%s: column %s for %q", as.stream, field, attr)
			}
			columnOf[attr] = field
			if got, want := p.(map[string]any)["type"], declared[attr].(map[string]any)["type"]; !reflect.DeepEqual(got, want) || len(got.([]any)) < 2 {
				t.Errorf("%s: column %s has type %v, the attribute %v", as.stream, field, got, want)
			}
		}
		if len(columnOf) != len(declared) {
			t.Errorf("%s: %d columns for %d attributes", as.stream, len(columnOf), len(declared))
		}
		validate := compileRecordSchema(t, as.stream, schema)
		filled := map[string]int{}
		records := 0
		for _, line := range bytes.Split(out, []byte("\n")) {
			var m struct {
				Record struct {
					Stream string          `json:"stream"`
					Data   json.RawMessage `json:"data"`
				} `json:"record"`
			}
			if json.Unmarshal(line, &m) != nil || m.Record.Stream != as.stream {
				continue
			}
			records++
			if err := validate(m.Record.Data); err != nil {
				t.Fatalf("%s: a record does not validate against the discovered schema: %v", as.stream, err)
			}
			var rec map[string]any
			json.Unmarshal(m.Record.Data, &rec)
			for field := range rec {
				if _, ok := top[field]; !ok {
					t.Errorf("%s: field %s is not declared", as.stream, field)
				}
			}
			values, _ := rec[as.object].(map[string]any)
			for attr, col := range columnOf {
				v, has := values[attr]
				got, lifted := rec[col]
				if has != lifted || !reflect.DeepEqual(v, got) {
					t.Fatalf("%s: %s = %v (present %v), %s[%q] = %v (present %v)", as.stream, col, got, lifted, as.object, attr, v, has)
				}
				if has && v != nil {
					filled[col]++
				}
			}
		}
		if records == 0 {
			t.Fatalf("%s: no records", as.stream)
		}
		for attr, col := range columnOf {
			if filled[col] == 0 && !strings.HasPrefix(attr, "CX Score") {
				t.Errorf("%s: no record has a value in %s; the test proves nothing for it", as.stream, col)
			}
		}
	}
}

// compileRecordSchema compiles a discovered schema (draft-07).
func compileRecordSchema(t *testing.T, stream string, schema map[string]any) func(json.RawMessage) error {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	b, _ := json.Marshal(schema)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	url := "mem:///" + stream + ".json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s: the discovered schema does not compile: %v", stream, err)
	}
	return func(rec json.RawMessage) error {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec))
		if err != nil {
			return err
		}
		return sch.Validate(v)
	}
}

// recordData lists the data of a stream's records, byte for byte.
func recordData(out []byte, stream string) [][]byte {
	var recs [][]byte
	for _, line := range bytes.Split(out, []byte("\n")) {
		var m struct {
			Record struct {
				Stream string          `json:"stream"`
				Data   json.RawMessage `json:"data"`
			} `json:"record"`
		}
		if json.Unmarshal(line, &m) == nil && m.Record.Stream == stream {
			recs = append(recs, m.Record.Data)
		}
	}
	return recs
}

// TestCustomAttributesOffKeepRecordsAsTheyWere: with the setting off (the
// default), a read of the catalog discover gives writes every record
// byte for byte as a read of a catalog without attributes does; and with
// the setting turned off after a discover that lifted columns, the
// columns stay empty and a WARN says so.
func TestCustomAttributesOffKeepRecordsAsTheyWere(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 23, Size: fakeintercom.Tiny, Token: "tok"})
	cfg := workspaceConfig(t, srv, "tok", nil)
	var names []string
	var bare []string
	for _, as := range attributeStreams {
		names = append(names, as.stream)
		bare = append(bare, fmt.Sprintf(`{"stream":{"name":%q,"json_schema":{},"supported_sync_modes":["full_refresh"]},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}`, as.stream))
	}
	read := func(cfg, cat string) ([]byte, []string) {
		code, out, msgs := run(t, map[string]string{"c.json": cfg, "cat.json": cat}, "read", "--config", "c.json", "--catalog", "cat.json")
		if code != 0 {
			t.Fatalf("read exit %d: %s", code, out)
		}
		var warns []string
		for _, m := range msgs {
			if l, ok := m["log"].(map[string]any); ok && l["level"] == "WARN" {
				warns = append(warns, l["message"].(string))
			}
		}
		return out, warns
	}
	before, _ := read(cfg, `{"streams":[`+strings.Join(bare, ",")+`]}`)
	typed, warns := read(cfg, discoverWith(t, cfg).configured(t, names...))
	if len(warns) > 0 {
		t.Errorf("WARNs: %q", warns)
	}
	lifted := discoverWith(t, workspaceConfig(t, srv, "tok", map[string]any{"custom_attributes_as_columns": true})).configured(t, names...)
	off, warns := read(cfg, lifted)
	for _, as := range attributeStreams {
		want := recordData(before, as.stream)
		if len(want) == 0 {
			t.Fatalf("%s: no records", as.stream)
		}
		for name, out := range map[string][]byte{"the discovered catalog": typed, "a catalog with columns, the setting off": off} {
			if got := recordData(out, as.stream); !slices.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("%s: with %s, records differ from a read of a catalog without attributes", as.stream, name)
			}
		}
		if !slices.ContainsFunc(warns, func(w string) bool {
			return strings.HasPrefix(w, "The catalog gives stream "+as.stream+" ") && strings.Contains(w, "custom_attributes_as_columns is off")
		}) {
			t.Errorf("%s: no WARN that its columns stay empty: %q", as.stream, warns)
		}
	}
}

// TestAttributeCreatedAfterDiscover: an attribute created in Intercom
// between discover and read, with values, does not break the read: its
// values stay in the attributes object, no column appears for it, every
// record still validates against the discovered schema, and one WARN per
// stream names it and says to refresh the schema.
func TestAttributeCreatedAfterDiscover(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 24, Size: fakeintercom.Tiny, Token: "tok"})
	cfg := workspaceConfig(t, srv, "tok", map[string]any{"custom_attributes_as_columns": true})
	d := discoverWith(t, cfg)
	created := map[string][]string{}
	for stream, dt := range map[string]string{"contacts": "integer", "companies": "date", "conversations": "decimal", "tickets": "boolean"} {
		ids, err := srv.AddCustomAttribute(stream, "Renewal risk", dt, 3)
		if err != nil || len(ids) != 3 {
			t.Fatalf("%s: %v, %v", stream, ids, err)
		}
		created[stream] = ids
	}
	var names []string
	for _, as := range attributeStreams {
		names = append(names, as.stream)
	}
	code, out, msgs := run(t, map[string]string{"c.json": cfg, "cat.json": d.configured(t, names...)}, "read", "--config", "c.json", "--catalog", "cat.json")
	if code != 0 {
		t.Fatalf("read exit %d: %s", code, out)
	}
	warned := map[string]int{}
	for _, m := range msgs {
		if l, ok := m["log"].(map[string]any); ok && l["level"] == "WARN" {
			msg := l["message"].(string)
			for _, as := range attributeStreams {
				if strings.HasPrefix(msg, "Stream "+as.stream+": ") && strings.Contains(msg, `"Renewal risk": 3`) && strings.Contains(msg, "refresh") {
					warned[as.stream]++
				}
			}
		}
	}
	for _, as := range attributeStreams {
		if warned[as.stream] != 1 {
			t.Errorf("%s: %d WARNs about the new attribute, want 1", as.stream, warned[as.stream])
		}
		validate := compileRecordSchema(t, as.stream, d.schemas[as.stream])
		seen := 0
		for _, data := range recordData(out, as.stream) {
			if err := validate(data); err != nil {
				t.Fatalf("%s: %v", as.stream, err)
			}
			var rec map[string]any
			json.Unmarshal(data, &rec)
			for field := range rec {
				if strings.Contains(field, "renewal_risk") {
					t.Errorf("%s: a column %s appeared", as.stream, field)
				}
			}
			if slices.Contains(created[as.stream], rec["id"].(string)) {
				if _, ok := rec[as.object].(map[string]any)["Renewal risk"]; ok {
					seen++
				}
			}
		}
		if seen != 3 {
			t.Errorf("%s: %d records carry the new attribute in %s, want 3", as.stream, seen, as.object)
		}
	}
}

// TestDiscoverNeedsIntercom: discover reads the workspace, so an
// unreachable api_url fails with a transient error naming it, and a token
// Intercom refuses with a config error naming the token; a token lacking
// the tickets and conversations permissions only leaves those attributes
// untyped, with a WARN each.
func TestDiscoverNeedsIntercom(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 25, Size: fakeintercom.Tiny, Token: "tok", LimitedToken: "limited",
		LimitedScopes: []string{fakeintercom.ScopeReadAdmins, fakeintercom.ScopeReadUsersCompanies}})
	for _, tc := range []struct {
		name, cfg, failure string
		says               []string
	}{
		{"unreachable", `{"access_token":"tok","start_date":"2024-01-01T00:00:00Z","api_url":"http://127.0.0.1:1"}`, "transient_error",
			[]string{"attribute definitions", "Could not get an answer from Intercom", "api_url"}},
		{"refused token", workspaceConfig(t, srv, "not-the-token", nil), "config_error",
			[]string{"attribute definitions", "rejected the access token", "HTTP 401"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := fakeintercom.NewClock(time.Now())
			code, msgs, _ := callWith(t, Deps{Wait: clk.Wait}, map[string]string{"c.json": tc.cfg}, "discover", "--config", "c.json")
			if code != 1 || slices.ContainsFunc(msgs, func(m map[string]any) bool { return m["type"] == "CATALOG" }) {
				t.Fatalf("exit %d: %v", code, msgs)
			}
			// An unreachable host is retried (three times, discover's
			// budget), a refused token never; neither waits here.
			if waits, want := clk.Waited(), map[string]int{"unreachable": 3}[tc.name]; len(waits) != want {
				t.Errorf("%d retry waits %v, want %d", len(waits), waits, want)
			}
			var errs []map[string]any
			for _, m := range msgs {
				if tr, ok := m["trace"].(map[string]any); ok && tr["type"] == "ERROR" {
					errs = append(errs, tr["error"].(map[string]any))
				}
			}
			if len(errs) != 1 || errs[0]["failure_type"] != tc.failure {
				t.Fatalf("errors %v, want one %s", errs, tc.failure)
			}
			for _, s := range tc.says {
				if !strings.Contains(errs[0]["message"].(string), s) {
					t.Errorf("message %q does not say %q", errs[0]["message"], s)
				}
			}
		})
	}
	t.Run("permission missing", func(t *testing.T) {
		d := discoverWith(t, workspaceConfig(t, srv, "limited", map[string]any{"custom_attributes_as_columns": true}))
		for _, as := range attributeStreams {
			untyped := as.stream == "conversations" || as.stream == "tickets"
			if got := len(props(d.schemas[as.stream], as.object)) == 0; got != untyped {
				t.Errorf("%s: untyped %v, want %v", as.stream, got, untyped)
			}
			warned := slices.ContainsFunc(d.logs, func(l string) bool {
				return strings.Contains(l, "attribute definitions of "+as.stream+" (HTTP 403")
			})
			if warned != untyped {
				t.Errorf("%s: WARN %v, want %v: %q", as.stream, warned, untyped, d.logs)
			}
		}
	})
}

// TestDiscoverRequestsValidateAgainstTheDescription: discover's requests
// are declared operations of Intercom's 2.16 description.
func TestDiscoverRequestsValidateAgainstTheDescription(t *testing.T) {
	t.Parallel()
	router := loadDescription(t)
	srv := fakeintercom.New(fakeintercom.Options{Seed: 26, Size: fakeintercom.Tiny, Token: "tok"})
	discoverWith(t, workspaceConfig(t, srv, "tok", nil))
	reqs := srv.Requests()
	ops := map[string]bool{}
	for _, r := range reqs {
		op, violations := validateRequest(router, r, map[string]bool{})
		ops[op] = true
		for _, v := range violations {
			t.Errorf("%s %s?%s: %s", r.Method, r.Path, r.RawQuery, v)
		}
	}
	for _, op := range []string{"GET /data_attributes", "GET /conversations/attributes", "GET /ticket_types"} {
		if !ops[op] {
			t.Errorf("discover did not request %s: %v", op, ops)
		}
	}
	if len(reqs) != 4 {
		t.Errorf("discover sent %d requests, want 4 (one per stream with attributes)", len(reqs))
	}
}
