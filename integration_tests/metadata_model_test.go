package integration_tests

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// metadataModelPath is Airbyte's connector metadata model
// (ConnectorMetadataDefinitionV0), vendored unchanged; its README names
// the source.
const metadataModelPath = "testdata/airbyte-metadata-model/ConnectorMetadataDefinitionV0.json"

// metadataModel compiles the vendored metadata model.
//
// The file is a bundle: json-schema-ref-parser inlined the model's files,
// each keeping its own $id, and rewrote every cross-file $ref as a JSON
// pointer from the bundle's root (#/properties/data/...). The bundler does
// not treat an inlined $id as a new base, but draft-07 does, and would look
// those pointers up inside the inlined file. So the inlined $ids are dropped
// from the decoded copy before compiling; the file itself is not changed.
//
// One more quirk of the model: ConnectorMetrics (under data.generated, which
// Airbyte's CI fills in) gives its properties "type": "ConnectorMetric", the
// name of a definition instead of a JSON type. Airbyte's generated pydantic
// model reads those properties as Any; so does the decoded copy, by dropping
// a type that is no JSON type.
func metadataModel(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(metadataModelPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := decodeExact(raw)
	if err != nil {
		t.Fatalf("%s: %v", metadataModelPath, err)
	}
	root, ok := doc.(map[string]any)
	if !ok || root["$id"] == nil {
		t.Fatalf("%s is not a schema with an $id", metadataModelPath)
	}
	if n := dropInlinedIDs(root, true); n == 0 {
		t.Fatalf("%s inlines no file: is it still the bundled model?", metadataModelPath)
	}
	if n := dropNonJSONTypes(root); n > 3 {
		t.Fatalf("%s has %d types that are no JSON type; ConnectorMetrics had 3: look again", metadataModelPath, n)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	// Airbyte's metadata service reads the model into pydantic types (UUID,
	// AnyUrl, date): the formats are checked.
	c.AssertFormat()
	const url = "mem:///ConnectorMetadataDefinitionV0.json"
	if err := c.AddResource(url, root); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile %s: %v", metadataModelPath, err)
	}
	return sch
}

// dropInlinedIDs deletes $id from every schema below the root and counts them.
func dropInlinedIDs(v any, root bool) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["$id"]; ok && !root {
			delete(v, "$id")
			n++
		}
		for _, x := range v {
			n += dropInlinedIDs(x, false)
		}
	case []any:
		for _, x := range v {
			n += dropInlinedIDs(x, false)
		}
	}
	return n
}

// dropNonJSONTypes deletes every "type" keyword naming no JSON type and
// counts them.
func dropNonJSONTypes(v any) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		if typ, ok := v["type"].(string); ok && !slices.Contains([]string{"array", "boolean", "integer", "null", "number", "object", "string"}, typ) {
			delete(v, "type")
			n++
		}
		for _, x := range v {
			n += dropNonJSONTypes(x)
		}
	case []any:
		for _, x := range v {
			n += dropNonJSONTypes(x)
		}
	}
	return n
}

// metadataErrors validates a metadata document (YAML) against the model.
func metadataErrors(sch *jsonschema.Schema, raw []byte) error {
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		return err
	}
	doc, err := decodeExact(js)
	if err != nil {
		return err
	}
	return sch.Validate(doc)
}

// TestMetadataModelRejects checks that the vendored model is in force: each
// change below to metadata.yaml breaks a rule of Airbyte's current model,
// and the model must say so about the field changed.
func TestMetadataModelRejects(t *testing.T) {
	t.Parallel()
	sch := metadataModel(t)
	raw, err := os.ReadFile("../metadata.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := metadataErrors(sch, raw); err != nil {
		t.Fatalf("metadata.yaml: %v", err)
	}
	for _, c := range []struct {
		name, old, new, field string
	}{
		// The model's old name for registryOverrides, which it no longer knows.
		{"registries", "  registryOverrides:\n", "  registries:\n", "registries"},
		{"unknown data key", "  tags:\n", "  colour: blue\n  tags:\n", "colour"},
		{"registry without enabled", "    cloud:\n      enabled: false\n", "    cloud:\n      name: x\n", "enabled"},
		{"documentation type", "      type: rate_limits\n", "      type: limits\n", "type"},
		{"documentation url", "      url: https://developers.intercom.com/docs/references/rest-api/api.intercom.io\n", "      url: api reference\n", "url"},
		{"release date", "  releaseDate: \"2026-11-21\"\n", "  releaseDate: 21/11/2026\n", "releaseDate"},
		{"definition id", "  definitionId: 4dd03f9a-c62d-4df6-8ce3-fa2578fb0ae8\n", "  definitionId: intercom\n", "definitionId"},
		{"seconds between messages", "  maxSecondsBetweenMessages: 3600\n", "  maxSecondsBetweenMessages: 1h\n", "maxSecondsBetweenMessages"},
		{"rollout", "      enableProgressiveRollout: false\n", "      enableProgressiveRollout: false\n      initialPercentage: 150\n", "initialPercentage"},
		{"missing githubIssueLabel", "  githubIssueLabel: source-intercom\n", "", "githubIssueLabel"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(raw), c.old) {
				t.Fatalf("metadata.yaml has no %q to change", c.old)
			}
			err := metadataErrors(sch, []byte(strings.Replace(string(raw), c.old, c.new, 1)))
			if err == nil {
				t.Fatal("the model accepts it")
			}
			if msg := fmt.Sprintf("%v", err); !strings.Contains(msg, c.field) {
				t.Errorf("the model rejects it, but not for %s: %v", c.field, err)
			}
		})
	}
}
