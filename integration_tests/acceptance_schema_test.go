package integration_tests

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// readOutput is a read's stdout decoded with exact numbers, per stream.
type readOutput struct {
	records map[string][]emittedRecord
	states  map[string][]checkpointMsg
}

// emittedRecord is one RECORD: its data as written and its emitted_at.
type emittedRecord struct {
	data json.RawMessage
	at   int64
}

// checkpointMsg is one STREAM state with its sourceStats.recordCount.
type checkpointMsg struct {
	state    json.RawMessage
	count    float64
	hasStats bool
}

// parseOutput decodes the RECORD and STATE lines of r's stdout, keeping
// record data byte for byte (the protocol validator already checked every
// line).
func parseOutput(r run) (readOutput, error) {
	out := readOutput{records: map[string][]emittedRecord{}, states: map[string][]checkpointMsg{}}
	sc := bufio.NewScanner(bytes.NewReader(r.stdout))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var m struct {
			Type   string `json:"type"`
			Record struct {
				Stream    string          `json:"stream"`
				Data      json.RawMessage `json:"data"`
				EmittedAt int64           `json:"emitted_at"`
			} `json:"record"`
			State struct {
				Type   string `json:"type"`
				Stream struct {
					Descriptor struct {
						Name string `json:"name"`
					} `json:"stream_descriptor"`
					State json.RawMessage `json:"stream_state"`
				} `json:"stream"`
				SourceStats *struct {
					RecordCount float64 `json:"recordCount"`
				} `json:"sourceStats"`
			} `json:"state"`
		}
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return out, err
		}
		switch m.Type {
		case "RECORD":
			out.records[m.Record.Stream] = append(out.records[m.Record.Stream], emittedRecord{data: m.Record.Data, at: m.Record.EmittedAt})
		case "STATE":
			if m.State.Type != "STREAM" {
				return out, fmt.Errorf("state of type %q, want STREAM", m.State.Type)
			}
			c := checkpointMsg{state: m.State.Stream.State, hasStats: m.State.SourceStats != nil}
			if c.hasStats {
				c.count = m.State.SourceStats.RecordCount
			}
			name := m.State.Stream.Descriptor.Name
			out.states[name] = append(out.states[name], c)
		}
	}
	return out, sc.Err()
}

// latestStates is the per-stream state a platform would pass to the next
// read: every stream's last STATE.
func (o readOutput) latestStates() []any {
	names := make([]string, 0, len(o.states))
	for n := range o.states {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []any
	for _, n := range names {
		ss := o.states[n]
		out = append(out, streamState(n, ss[len(ss)-1].state))
	}
	return out
}

// streamState is one STREAM state message as the platform passes it back.
func streamState(name string, state json.RawMessage) map[string]any {
	return map[string]any{"type": "STREAM", "stream": map[string]any{
		"stream_descriptor": map[string]any{"name": name},
		"stream_state":      state,
	}}
}

// decodeExact decodes JSON keeping numbers as written (json.Number).
func decodeExact(b []byte) (any, error) {
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// canonicalJSON renders data so that equal JSON compares equal as strings:
// keys sorted, numbers as written.
func canonicalJSON(data json.RawMessage) string {
	v, err := decodeExact(data)
	if err != nil {
		return "invalid JSON: " + string(data)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// recordSchema validates records strictly against one stream's discovered
// schema: draft-07, plus two rules draft-07 does not have. An integer must
// be written as one (1.0 is a number, and a destination typing the column
// as an integer rejects it), and a top-level field must be declared.
type recordSchema struct {
	compiled *jsonschema.Schema
	doc      map[string]any
}

func compileSchema(name string, raw json.RawMessage) (*recordSchema, error) {
	doc, err := decodeExact(raw)
	if err != nil {
		return nil, fmt.Errorf("schema of %s is not JSON: %w", name, err)
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema of %s is not an object", name)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	url := "mem:///" + name + ".json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("schema of %s is not valid draft-07: %w", name, err)
	}
	return &recordSchema{compiled: s, doc: m}, nil
}

// validate checks one record's data; extraColumns allows undeclared
// top-level fields.
func (s *recordSchema) validate(data json.RawMessage, extraColumns bool) error {
	v, err := decodeExact(data)
	if err != nil {
		return err
	}
	if err := s.compiled.Validate(v); err != nil {
		return err
	}
	if err := strictIntegers(s.doc, v, ""); err != nil {
		return err
	}
	if extraColumns {
		return nil
	}
	rec, _ := v.(map[string]any)
	props, _ := s.doc["properties"].(map[string]any)
	var extra []string
	for k := range rec {
		if _, ok := props[k]; !ok {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		return fmt.Errorf("top-level fields %v are not declared in the schema", extra)
	}
	return nil
}

// strictIntegers walks a value alongside its schema and rejects numbers
// written with a fraction or exponent where the schema allows integers but
// not numbers.
func strictIntegers(schema map[string]any, v any, path string) error {
	switch v := v.(type) {
	case json.Number:
		ts := schemaTypes(schema)
		if slices.Contains(ts, "integer") && !slices.Contains(ts, "number") && strings.ContainsAny(string(v), ".eE") {
			return fmt.Errorf("%s: %s is not an integer literal, but the schema says integer", orRoot(path), v)
		}
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		extra, _ := schema["additionalProperties"].(map[string]any)
		for k, fv := range v {
			sub, ok := props[k].(map[string]any)
			if !ok {
				sub = extra
			}
			if sub == nil {
				continue
			}
			if err := strictIntegers(sub, fv, path+"."+k); err != nil {
				return err
			}
		}
	case []any:
		items, _ := schema["items"].(map[string]any)
		if items == nil {
			return nil
		}
		for i, iv := range v {
			if err := strictIntegers(items, iv, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// schemaTypes lists a schema's "type", which may be a string or a list.
func schemaTypes(schema map[string]any) []string {
	switch t := schema["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func orRoot(path string) string {
	if path == "" {
		return "record"
	}
	return strings.TrimPrefix(path, ".")
}

// walkSchema calls visit on every subschema of a JSON schema document
// (properties, items, additionalProperties, combinators and definitions),
// with a readable path.
func walkSchema(node any, path string, visit func(path string, s map[string]any)) {
	s, ok := node.(map[string]any)
	if !ok {
		return
	}
	visit(path, s)
	for _, kw := range []string{"properties", "patternProperties", "definitions", "$defs"} {
		if m, ok := s[kw].(map[string]any); ok {
			for k, sub := range m {
				walkSchema(sub, path+"."+k, visit)
			}
		}
	}
	for _, kw := range []string{"items", "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains", "propertyNames"} {
		switch sub := s[kw].(type) {
		case map[string]any:
			walkSchema(sub, path+"/"+kw, visit)
		case []any:
			for i, x := range sub {
				walkSchema(x, fmt.Sprintf("%s/%s[%d]", path, kw, i), visit)
			}
		}
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
		if l, ok := s[kw].([]any); ok {
			for i, x := range l {
				walkSchema(x, fmt.Sprintf("%s/%s[%d]", path, kw, i), visit)
			}
		}
	}
}

// schemaRuleErrors lists breaches of the rules Airbyte puts on spec and
// stream schemas: no references or allOf/not (platform UIs and destinations
// do not resolve them), and additionalProperties, where set, true.
func schemaRuleErrors(doc any) []string {
	var errs []string
	walkSchema(doc, "", func(path string, s map[string]any) {
		for _, kw := range []string{"$ref", "allOf", "not"} {
			if _, ok := s[kw]; ok {
				errs = append(errs, fmt.Sprintf("%s uses %s", orRoot(path), kw))
			}
		}
		if ap, ok := s["additionalProperties"]; ok && ap != true {
			errs = append(errs, fmt.Sprintf("%s has additionalProperties %v, want true", orRoot(path), ap))
		}
	})
	sort.Strings(errs)
	return errs
}

// fieldSchema finds the subschema of a field path through properties.
func fieldSchema(schema map[string]any, path []string) (map[string]any, bool) {
	cur := schema
	for _, f := range path {
		props, _ := cur["properties"].(map[string]any)
		next, ok := props[f].(map[string]any)
		if !ok {
			return nil, false
		}
		cur = next
	}
	return cur, true
}

// TestRecordSchemaIsStrict pins the rules the acceptance suite adds to
// draft-07 validation.
func TestRecordSchemaIsStrict(t *testing.T) {
	t.Parallel()
	s, err := compileSchema("probe", json.RawMessage(`{
		"$schema": "http://json-schema.org/draft-07/schema#",
		"type": "object", "additionalProperties": true,
		"properties": {
			"n": {"type": ["null", "integer"]},
			"x": {"type": ["null", "number"]},
			"list": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}}
		}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		data  string
		extra bool
		ok    bool
	}{
		{`{"n": 1, "x": 1.5, "list": [{"n": 2}]}`, false, true},
		{`{"n": null, "x": 1}`, false, true},
		{`{"n": 1.0}`, false, false},
		{`{"n": 1e3}`, false, false},
		{`{"list": [{"n": 2.0}]}`, false, false},
		{`{"n": "1"}`, false, false},
		{`{"undeclared": 1}`, false, false},
		{`{"undeclared": 1}`, true, true},
	} {
		err := s.validate(json.RawMessage(tc.data), tc.extra)
		if (err == nil) != tc.ok {
			t.Errorf("%s (extra columns %v): error %v, want ok=%v", tc.data, tc.extra, err, tc.ok)
		}
	}
}
