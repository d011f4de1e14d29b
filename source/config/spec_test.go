package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/intercom-connector/source-intercom/source/schemas"
)

var update = flag.Bool("update", false, "rewrite golden files (spec.json)")

// TestSpecJSONIsCurrent fails when the committed spec.json differs from what
// the Config struct generates. Refresh with: go test ./source/config -run SpecJSON -update
func TestSpecJSONIsCurrent(t *testing.T) {
	got, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("../../spec.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("../../spec.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("spec.json is stale: run go test ./source/config -run SpecJSON -update")
	}
}

func TestSpecRules(t *testing.T) {
	b, _ := Spec()
	if bytes.Contains(b, []byte(`"$ref"`)) || bytes.Contains(b, []byte(`"$defs"`)) {
		t.Error("spec contains references")
	}
	var spec struct {
		ConnectionSpecification struct {
			Schema     string                    `json:"$schema"`
			Required   []string                  `json:"required"`
			Properties map[string]map[string]any `json:"properties"`
		} `json:"connectionSpecification"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	cs := spec.ConnectionSpecification
	if cs.Schema != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("$schema = %q", cs.Schema)
	}
	secrets := map[string]bool{"access_token": true, "client_id": true, "client_secret": true}
	orders := map[float64]bool{}
	for name, p := range cs.Properties {
		if (p["airbyte_secret"] == true) != secrets[name] {
			t.Errorf("%s: airbyte_secret = %v", name, p["airbyte_secret"])
		}
		o, ok := p["order"].(float64)
		if !ok || orders[o] {
			t.Errorf("%s: order missing or duplicated", name)
		}
		orders[o] = true
		if p["title"] == nil || p["description"] == nil {
			t.Errorf("%s: no title or description", name)
		}
	}
	if strings.Join(cs.Required, ",") != "access_token,start_date" {
		t.Errorf("required = %v", cs.Required)
	}
}

// TestSpecExamplesValidate checks the spec is a valid draft-07 schema that
// accepts a good config and rejects bad ones, and that Validate agrees.
func TestSpecExamplesValidate(t *testing.T) {
	b, _ := Spec()
	var spec struct {
		ConnectionSpecification any `json:"connectionSpecification"`
	}
	json.Unmarshal(b, &spec)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource("spec.json", spec.ConnectionSpecification); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("spec.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range configCases {
		var v any
		json.Unmarshal([]byte(tc.json), &v)
		schemaOK := sch.Validate(v) == nil
		_, err := ParseConfig([]byte(tc.json))
		if tc.schemaOnly {
			continue
		}
		if schemaOK != (tc.err == "") || (err == nil) != (tc.err == "") {
			t.Errorf("%s: schema valid = %v, ParseConfig err = %v; want error %q", tc.name, schemaOK, err, tc.err)
		}
	}
}

// TestSpecVersionsAreTheSchemaVersions: the intercom_version choices the
// spec offers are exactly the versions schemas exist for, latest the default.
func TestSpecVersionsAreTheSchemaVersions(t *testing.T) {
	b, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ConnectionSpecification struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"connectionSpecification"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var p struct {
		Enum    []string `json:"enum"`
		Default string   `json:"default"`
	}
	if err := json.Unmarshal(doc.ConnectionSpecification.Properties["intercom_version"], &p); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Enum, schemas.Versions()) || p.Default != schemas.Latest {
		t.Errorf("spec offers %v (default %q); schemas exist for %v (latest %s)", p.Enum, p.Default, schemas.Versions(), schemas.Latest)
	}
}
