package integration_tests

import (
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// catConfigModelPath is the Connector Acceptance Test configuration model,
// transcribed from CAT's pydantic models; its README names the source.
const catConfigModelPath = "testdata/cat-config/acceptance-test-config.schema.json"

// catConfigModel compiles the CAT configuration model.
func catConfigModel(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(catConfigModelPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := decodeExact(raw)
	if err != nil {
		t.Fatalf("%s: %v", catConfigModelPath, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	const url = "mem:///acceptance-test-config.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile %s: %v", catConfigModelPath, err)
	}
	return sch
}

// TestAcceptanceConfigRejects checks that acceptance-test-config.yml is
// held to CAT's rules: each change below breaks CAT's configuration model
// or its high strictness level, and must be reported for the part changed.
func TestAcceptanceConfigRejects(t *testing.T) {
	t.Parallel()
	model := catConfigModel(t)
	raw, err := os.ReadFile(acceptanceConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, problems := parseCATConfig(model, raw); len(problems) > 0 {
		t.Fatalf("acceptance-test-config.yml: %v", problems)
	}
	const basicRead = "      - config_path: integration_tests/sample_config.json\n        empty_streams: []\n"
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"custom catalog at high strictness", basicRead,
			"      - config_path: integration_tests/sample_config.json\n        configured_catalog_path: integration_tests/configured_catalog.json\n        empty_streams: []\n",
			"configured_catalog_path"},
		// Options CAT dropped when it began matching records by primary key.
		{"extra_records", "          exact_order: false\n", "          exact_order: false\n          extra_records: false\n", "extra_records"},
		{"extra_fields", "          exact_order: false\n", "          exact_order: false\n          extra_fields: false\n", "extra_fields"},
		{"expected records and a bypass", "          exact_order: false\n", "          exact_order: false\n          bypass_reason: none\n", "expect_records"},
		{"bypass next to tests", "  spec:\n    tests:\n", "  spec:\n    bypass_reason: no spec\n    tests:\n", "/acceptance_tests/spec"},
		{"unknown key", "test_strictness_level: high\n", "test_strictness_level: high\ncolour: blue\n", "colour"},
		{"connection status", "        status: succeed\n", "        status: success\n", "status"},
		{"deployment mode", "      - config_path: integration_tests/invalid_config.json\n", "      - config_path: integration_tests/invalid_config.json\n        deployment_mode: prod\n", "deployment_mode"},
		{"empty stream without reason", "        empty_streams: []\n", "        empty_streams:\n          - name: tags\n", "bypass_reason"},
		{"low strictness", "test_strictness_level: high\n", "test_strictness_level: low\n", "test_strictness_level"},
		{"no expected records", "        expect_records:\n          path: integration_tests/expected_records.jsonl\n          exact_order: false\n", "", "expect_records"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(raw), c.old) {
				t.Fatalf("acceptance-test-config.yml has no %q to change", c.old)
			}
			_, problems := parseCATConfig(model, []byte(strings.Replace(string(raw), c.old, c.new, 1)))
			if len(problems) == 0 {
				t.Fatal("accepted")
			}
			if msg := strings.Join(problems, "\n"); !strings.Contains(msg, c.want) {
				t.Errorf("rejected, but not for %s: %s", c.want, msg)
			}
		})
	}
}
