package integration_tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// catConfig is acceptance-test-config.yml in the Connector Acceptance Test
// format. The file is first validated against CAT's configuration model
// (catConfigModelPath), then decoded strictly: a key the local suite does
// not implement fails the suite rather than being silently skipped.
type catConfig struct {
	ConnectorImage  string   `json:"connector_image"`
	TestStrictness  string   `json:"test_strictness_level"`
	BasePath        string   `json:"base_path,omitempty"`
	AcceptanceTests catSuite `json:"acceptance_tests"`
}

type catSuite struct {
	Spec        catGroup[specTest]        `json:"spec"`
	Connection  catGroup[connectionTest]  `json:"connection"`
	Discovery   catGroup[discoveryTest]   `json:"discovery"`
	BasicRead   catGroup[basicReadTest]   `json:"basic_read"`
	FullRefresh catGroup[fullRefreshTest] `json:"full_refresh"`
	Incremental catGroup[incrementalTest] `json:"incremental"`
}

// catGroup is one kind of test: its inputs, or why it is bypassed.
type catGroup[T any] struct {
	Tests        []T    `json:"tests,omitempty"`
	BypassReason string `json:"bypass_reason,omitempty"`
}

type specTest struct {
	SpecPath   string `json:"spec_path"`
	ConfigPath string `json:"config_path,omitempty"`
}

type connectionTest struct {
	ConfigPath string `json:"config_path"`
	Status     string `json:"status"`
}

type discoveryTest struct {
	ConfigPath string `json:"config_path"`
}

// basicReadTest reads a catalog: the configured one, or without
// configured_catalog_path (the rule at high strictness) the discovered one.
type basicReadTest struct {
	ConfigPath                  string           `json:"config_path"`
	ConfiguredCatalogPath       string           `json:"configured_catalog_path,omitempty"`
	EmptyStreams                []bypassedStream `json:"empty_streams,omitempty"`
	ExpectRecords               *expectRecords   `json:"expect_records,omitempty"`
	ValidateSchema              *bool            `json:"validate_schema,omitempty"`
	FailOnExtraColumns          *bool            `json:"fail_on_extra_columns,omitempty"`
	ValidateStreamStatuses      *bool            `json:"validate_stream_statuses,omitempty"`
	ValidateStateMessages       *bool            `json:"validate_state_messages,omitempty"`
	ExpectTraceMessageOnFailure *bool            `json:"expect_trace_message_on_failure,omitempty"`
}

// expectRecords is CAT's ExpectedRecordsConfig: a file or a reason why not.
type expectRecords struct {
	Path         string `json:"path,omitempty"`
	ExactOrder   bool   `json:"exact_order,omitempty"`
	BypassReason string `json:"bypass_reason,omitempty"`
}

type fullRefreshTest struct {
	ConfigPath            string               `json:"config_path"`
	ConfiguredCatalogPath string               `json:"configured_catalog_path"`
	IgnoredFields         map[string][]ignored `json:"ignored_fields,omitempty"`
}

type incrementalTest struct {
	ConfigPath                        string       `json:"config_path"`
	ConfiguredCatalogPath             string       `json:"configured_catalog_path"`
	FutureState                       *futureState `json:"future_state,omitempty"`
	SkipComprehensiveIncrementalTests bool         `json:"skip_comprehensive_incremental_tests,omitempty"`
}

type futureState struct {
	FutureStatePath string           `json:"future_state_path,omitempty"`
	MissingStreams  []bypassedStream `json:"missing_streams,omitempty"`
	BypassReason    string           `json:"bypass_reason,omitempty"`
}

type bypassedStream struct {
	Name         string `json:"name"`
	BypassReason string `json:"bypass_reason,omitempty"`
}

type ignored struct {
	Name         string `json:"name"`
	BypassReason string `json:"bypass_reason,omitempty"`
}

// acceptanceConfigPath is where Airbyte's tooling looks for the config.
const acceptanceConfigPath = "../acceptance-test-config.yml"

// loadCATConfig reads acceptance-test-config.yml, checks it against CAT's
// configuration model and enforces what the high strictness level demands
// of it.
func loadCATConfig(t *testing.T) *catConfig {
	t.Helper()
	raw, err := os.ReadFile(acceptanceConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	c, problems := parseCATConfig(catConfigModel(t), raw)
	if len(problems) > 0 {
		t.Fatalf("acceptance-test-config.yml:\n%s", strings.Join(problems, "\n"))
	}
	return c
}

// parseCATConfig validates a configuration against CAT's model, decodes it
// and lists what it breaks: the model, the local suite's reach, or the high
// strictness level.
func parseCATConfig(model *jsonschema.Schema, raw []byte) (*catConfig, []string) {
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		return nil, []string{err.Error()}
	}
	doc, err := decodeExact(js)
	if err != nil {
		return nil, []string{err.Error()}
	}
	if err := model.Validate(doc); err != nil {
		return nil, []string{"not a valid CAT configuration: " + err.Error()}
	}
	var c catConfig
	if err := yaml.UnmarshalStrict(raw, &c); err != nil {
		return nil, []string{"the local suite does not implement it: " + err.Error()}
	}
	if errs := c.strictnessErrors(); len(errs) > 0 {
		return nil, append([]string{"breaks test_strictness_level high:"}, errs...)
	}
	return &c, nil
}

// strictnessErrors lists what test_strictness_level high forbids, as CAT
// (airbytehq/airbyte, airbyte-integrations/bases/connector-acceptance-test/
// connector_acceptance_test) enforces it: a test kind neither configured nor
// bypassed (plugin.py, BaseTest.MANDATORY_FOR_TEST_STRICTNESS_LEVELS), a
// custom catalog for basic_read (tests/test_core.py,
// TestBasicRead.configured_catalog_fixture: basic_read reads the discovered
// catalog), basic_read without expected records, an empty stream or ignored
// field without a reason (conftest.py: expected_records_by_stream,
// empty_streams and ignored_fields fixtures), incremental without a future
// state or a missing stream without a reason (tests/test_incremental.py).
// One rule is the local suite's own: connection needs a config that
// succeeds and one that fails.
func (c *catConfig) strictnessErrors() []string {
	var errs []string
	if c.TestStrictness != "high" {
		errs = append(errs, fmt.Sprintf("test_strictness_level is %q", c.TestStrictness))
	}
	a := c.AcceptanceTests
	for name, g := range map[string]struct {
		n      int
		bypass string
	}{
		"spec":         {len(a.Spec.Tests), a.Spec.BypassReason},
		"connection":   {len(a.Connection.Tests), a.Connection.BypassReason},
		"discovery":    {len(a.Discovery.Tests), a.Discovery.BypassReason},
		"basic_read":   {len(a.BasicRead.Tests), a.BasicRead.BypassReason},
		"full_refresh": {len(a.FullRefresh.Tests), a.FullRefresh.BypassReason},
		"incremental":  {len(a.Incremental.Tests), a.Incremental.BypassReason},
	} {
		if g.n == 0 && g.bypass == "" {
			errs = append(errs, name+" has no tests and no bypass_reason")
		}
	}
	statuses := map[string]bool{}
	for _, ct := range a.Connection.Tests {
		statuses[ct.Status] = true
	}
	if len(a.Connection.Tests) > 0 && (!statuses["succeed"] || !statuses["failed"]) {
		errs = append(errs, "connection needs a config that succeeds and one that fails")
	}
	for i, br := range a.BasicRead.Tests {
		if br.ConfiguredCatalogPath != "" {
			errs = append(errs, fmt.Sprintf("basic_read test %d sets configured_catalog_path: at high strictness basic_read reads the discovered catalog", i))
		}
		if br.ExpectRecords == nil || (br.ExpectRecords.Path == "" && br.ExpectRecords.BypassReason == "") {
			errs = append(errs, fmt.Sprintf("basic_read test %d has no expect_records path or bypass_reason", i))
		}
		for _, s := range br.EmptyStreams {
			if s.BypassReason == "" {
				errs = append(errs, fmt.Sprintf("basic_read test %d: empty stream %s has no bypass_reason", i, s.Name))
			}
		}
	}
	for i, fr := range a.FullRefresh.Tests {
		errs = append(errs, ignoredErrors("full_refresh", i, fr.IgnoredFields)...)
	}
	for i, it := range a.Incremental.Tests {
		fs := it.FutureState
		if fs == nil || (fs.FutureStatePath == "" && fs.BypassReason == "") {
			errs = append(errs, fmt.Sprintf("incremental test %d has no future_state path or bypass_reason", i))
			continue
		}
		for _, s := range fs.MissingStreams {
			if s.BypassReason == "" {
				errs = append(errs, fmt.Sprintf("incremental test %d: missing stream %s has no bypass_reason", i, s.Name))
			}
		}
	}
	return errs
}

func ignoredErrors(kind string, i int, fields map[string][]ignored) []string {
	var errs []string
	for stream, fs := range fields {
		for _, f := range fs {
			if f.BypassReason == "" {
				errs = append(errs, fmt.Sprintf("%s test %d: ignored field %s.%s has no bypass_reason", kind, i, stream, f.Name))
			}
		}
	}
	return errs
}

// path resolves a path of the config, which is relative to the connector's
// root (base_path), from this package's directory.
func (c *catConfig) path(p string) string {
	return filepath.Join("..", c.BasePath, p)
}

// imageRepository is connector_image without its tag.
func (c *catConfig) imageRepository() string {
	repo, _, _ := strings.Cut(c.ConnectorImage, ":")
	return repo
}

// catOption reports a CAT yes/no option, with its default when unset.
func catOption(opt *bool, def bool) bool {
	if opt == nil {
		return def
	}
	return *opt
}
