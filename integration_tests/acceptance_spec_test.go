package integration_tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"testing"
)

// secretName matches config fields that hold credentials: each must be
// marked airbyte_secret, and no other field may be.
var secretName = regexp.MustCompile(`(?i)(^|_)(token|secret|password|passwd|api_?key|client_id|private_key|credentials?)$`)

// spec checks the spec command's output: one SPEC equal to the committed
// spec file, a draft-07 connectionSpecification the platform's form can
// render (no references, allOf or not; open objects; one type a field),
// secrets marked and only secrets, examples and the config that valid, and
// OAuth outputs landing in real secret fields.
func (s *suite) spec(t *testing.T, st specTest) {
	r := connector(t, nil, "spec")
	if r.code != 0 || len(r.msgs) != 1 || r.msgs[0]["type"] != "SPEC" {
		t.Fatalf("spec: exit %d, %d messages (want exactly one SPEC)\nstderr: %s", r.code, len(r.msgs), r.stderr)
	}
	line := rawLines(r, "SPEC")[0]
	var m struct {
		Spec json.RawMessage `json:"spec"`
	}
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatal(err)
	}
	if got, want := canonicalJSON(m.Spec), canonicalJSON(s.read(t, st.SpecPath)); got != want {
		t.Errorf("spec output differs from %s", st.SpecPath)
	}
	var sp struct {
		DocumentationURL string          `json:"documentationUrl"`
		Connection       json.RawMessage `json:"connectionSpecification"`
		AdvancedAuth     json.RawMessage `json:"advanced_auth"`
	}
	if err := json.Unmarshal(m.Spec, &sp); err != nil {
		t.Fatal(err)
	}
	if md := loadMetadata(t); sp.DocumentationURL != md.Data.DocumentationURL {
		t.Errorf("documentationUrl %q differs from metadata.yaml's %q", sp.DocumentationURL, md.Data.DocumentationURL)
	}
	schema, err := compileSchema("connectionSpecification", sp.Connection)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := schema.doc["$schema"].(string); v != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("connectionSpecification declares $schema %q, want draft-07", v)
	}
	for _, e := range schemaRuleErrors(schema.doc) {
		t.Errorf("connectionSpecification: %s", e)
	}
	props, _ := schema.doc["properties"].(map[string]any)
	required, _ := schema.doc["required"].([]any)
	for _, req := range required {
		if _, ok := props[req.(string)]; !ok {
			t.Errorf("required field %v is not a property", req)
		}
	}
	s.checkSpecFields(t, props)
	if st.ConfigPath != "" {
		cfg, _ := decodeExact(s.read(t, st.ConfigPath))
		if err := schema.compiled.Validate(cfg); err != nil {
			t.Errorf("%s does not match the spec: %v", st.ConfigPath, err)
		}
	}
	checkOAuthOutputs(t, sp.AdvancedAuth, props)
}

// checkSpecFields checks every config field: one type, secrecy that
// matches its name, and examples that validate against the field.
func (s *suite) checkSpecFields(t *testing.T, props map[string]any) {
	var marked, secretLike []string
	walkSchema(map[string]any{"properties": props}, "", func(path string, f map[string]any) {
		if path == "" {
			return
		}
		name := path[1:]
		if _, ok := f["type"].([]any); ok {
			t.Errorf("config field %s has a list of types; the spec form needs one", name)
		}
		if f["airbyte_secret"] == true {
			marked = append(marked, name)
		}
		if secretName.MatchString(name) {
			secretLike = append(secretLike, name)
		}
		examples, _ := f["examples"].([]any)
		if len(examples) == 0 {
			return
		}
		raw, _ := json.Marshal(f)
		fs, err := compileSchema("field-"+name, raw)
		if err != nil {
			t.Errorf("config field %s: %v", name, err)
			return
		}
		for _, ex := range examples {
			if err := fs.compiled.Validate(ex); err != nil {
				t.Errorf("config field %s: example %v does not validate: %v", name, ex, err)
			}
		}
	})
	sort.Strings(marked)
	sort.Strings(secretLike)
	if !slices.Equal(marked, secretLike) {
		t.Errorf("fields marked airbyte_secret %v, want exactly the credential fields %v", marked, secretLike)
	}
}

// checkOAuthOutputs checks that every value an OAuth flow writes into the
// config goes to an existing field marked secret.
func checkOAuthOutputs(t *testing.T, auth json.RawMessage, props map[string]any) {
	if len(auth) == 0 || bytes.Equal(auth, []byte("null")) {
		return
	}
	var a struct {
		Spec map[string]struct {
			Properties map[string]struct {
				Path []string `json:"path_in_connector_config"`
			} `json:"properties"`
		} `json:"oauth_config_specification"`
	}
	if err := json.Unmarshal(auth, &a); err != nil {
		t.Fatalf("advanced_auth: %v", err)
	}
	n := 0
	for part, spec := range a.Spec {
		for name, p := range spec.Properties {
			if len(p.Path) == 0 {
				continue
			}
			n++
			f, ok := fieldSchema(map[string]any{"properties": props}, p.Path)
			if !ok {
				t.Errorf("advanced_auth %s.%s goes to %v, which is not a config field", part, name, p.Path)
			} else if f["airbyte_secret"] != true {
				t.Errorf("advanced_auth %s.%s goes to %v, which is not marked airbyte_secret", part, name, p.Path)
			}
		}
	}
	if n == 0 {
		t.Error("advanced_auth names no path_in_connector_config")
	}
}

// connection checks check's answer for a config: SUCCEEDED or FAILED with
// exit 0 (a failed check is an answer), or for "exception" an ERROR trace
// and a non-zero exit. The token never shows in the output.
func (s *suite) connection(t *testing.T, ct connectionTest) {
	_, url := s.workspace(t)
	cfg := s.config(t, ct.ConfigPath, url)
	r := connector(t, map[string]any{"config": cfg}, "check")
	statuses := r.ofType("CONNECTION_STATUS")
	switch ct.Status {
	case "succeed", "failed":
		want := map[string]string{"succeed": "SUCCEEDED", "failed": "FAILED"}[ct.Status]
		if r.code != 0 || len(statuses) != 1 {
			t.Fatalf("check: exit %d, %d CONNECTION_STATUS messages; want exit 0 and one\nstderr: %s", r.code, len(statuses), r.stderr)
		}
		cs := statuses[0]["connectionStatus"].(map[string]any)
		if cs["status"] != want {
			t.Fatalf("check answered %v (%v), want %s", cs["status"], cs["message"], want)
		}
		if want == "FAILED" && cs["message"] == "" {
			t.Error("a failed check must say why")
		}
	case "exception":
		if r.code == 0 || len(r.errors()) == 0 {
			t.Fatalf("check: exit %d, errors %v; want a non-zero exit and an ERROR trace", r.code, r.errors())
		}
	default:
		t.Fatalf("unknown connection status %q (want succeed, failed or exception)", ct.Status)
	}
	noSecretsIn(t, r, cfg)
}

// noSecretsIn fails if a secret of cfg appears in the output of r.
func noSecretsIn(t *testing.T, r run, cfg map[string]any) {
	t.Helper()
	for k, v := range cfg {
		sv, ok := v.(string)
		if !ok || len(sv) < 4 || !secretName.MatchString(k) {
			continue
		}
		for _, out := range [][]byte{r.stdout, r.stderr} {
			if bytes.Contains(out, []byte(sv)) {
				t.Errorf("the value of secret %s appears in the output", k)
			}
		}
	}
}

// discovery checks discover's catalog: unique stream names, draft-07
// schemas that follow the platform's rules, supported sync modes, and
// primary keys and cursors that exist in the schema, are scalar and are
// never null.
func (s *suite) discovery(t *testing.T, dt discoveryTest) {
	streams := s.discover(t, dt.ConfigPath)
	if len(streams) == 0 {
		t.Fatal("discover found no streams")
	}
	seen := map[string]bool{}
	for _, st := range streams {
		if st.Name == "" || seen[st.Name] {
			t.Errorf("stream name %q is empty or not unique", st.Name)
		}
		seen[st.Name] = true
		for _, e := range streamErrors(st) {
			t.Errorf("%s: %s", st.Name, e)
		}
	}
}

// streamErrors lists what is wrong with one discovered stream.
func streamErrors(st discoveredStream) []string {
	var errs []string
	schema, err := compileSchema(st.Name, st.JSONSchema)
	if err != nil {
		return []string{err.Error()}
	}
	if !slices.Contains(schemaTypes(schema.doc), "object") {
		errs = append(errs, "schema is not of type object")
	}
	errs = append(errs, schemaRuleErrors(schema.doc)...)
	if len(st.SupportedSyncModes) == 0 {
		errs = append(errs, "no supported_sync_modes")
	}
	for _, m := range st.SupportedSyncModes {
		if m != "full_refresh" && m != "incremental" {
			errs = append(errs, fmt.Sprintf("unknown sync mode %q", m))
		}
	}
	incremental := slices.Contains(st.SupportedSyncModes, "incremental")
	if incremental != (st.SourceDefinedCursor && len(st.DefaultCursorField) > 0) {
		errs = append(errs, "an incremental stream needs a source-defined default cursor, and only it")
	}
	if len(st.SourceDefinedPrimaryKey) == 0 {
		errs = append(errs, "no source_defined_primary_key")
	}
	fields := slices.Clone(st.SourceDefinedPrimaryKey)
	if len(st.DefaultCursorField) > 0 {
		fields = append(fields, st.DefaultCursorField)
	}
	for _, f := range fields {
		sub, ok := fieldSchema(schema.doc, f)
		if !ok {
			errs = append(errs, fmt.Sprintf("key or cursor %v is not in the schema", f))
			continue
		}
		ts := schemaTypes(sub)
		if len(ts) == 0 || slices.Contains(ts, "object") || slices.Contains(ts, "array") || slices.Contains(ts, "null") {
			errs = append(errs, fmt.Sprintf("key or cursor %v has types %v; want one non-null scalar type", f, ts))
		}
	}
	sort.Strings(errs)
	return errs
}

// catalogErrors checks a configured catalog against discover: each stream
// exists, its sync mode is supported, and cursor and key, if given, are
// the source-defined ones.
func catalogErrors(c configuredCatalog, discovered []discoveredStream) []string {
	byName := map[string]discoveredStream{}
	for _, d := range discovered {
		byName[d.Name] = d
	}
	var errs []string
	for _, cs := range c.Streams {
		d, ok := byName[cs.Stream.Name]
		switch {
		case !ok:
			errs = append(errs, fmt.Sprintf("stream %s is not discovered", cs.Stream.Name))
		case !slices.Contains(d.SupportedSyncModes, cs.SyncMode):
			errs = append(errs, fmt.Sprintf("stream %s does not support sync mode %q", cs.Stream.Name, cs.SyncMode))
		case len(cs.CursorField) > 0 && !slices.Equal(cs.CursorField, d.DefaultCursorField):
			errs = append(errs, fmt.Sprintf("stream %s: cursor_field %v is not the source-defined %v", cs.Stream.Name, cs.CursorField, d.DefaultCursorField))
		case len(cs.PrimaryKey) > 0 && fmt.Sprint(cs.PrimaryKey) != fmt.Sprint(d.SourceDefinedPrimaryKey):
			errs = append(errs, fmt.Sprintf("stream %s: primary_key %v is not the source-defined %v", cs.Stream.Name, cs.PrimaryKey, d.SourceDefinedPrimaryKey))
		}
	}
	return errs
}
