package config

import (
	"bytes"
	"encoding/json"

	"github.com/invopop/jsonschema"
)

// DocumentationURL is where users read how to set the connector up.
const DocumentationURL = "https://github.com/intercom-connector/source-intercom/blob/main/docs/intercom.md"

// fieldMeta is what struct tags cannot say well: display order, secrecy, examples.
var fieldMeta = []struct {
	name     string
	secret   bool
	examples []any
	pattern  string
	format   string
	hidden   bool
}{
	{name: "access_token", secret: true},
	{name: "start_date", examples: []any{"2024-01-01T00:00:00Z"}, pattern: `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$`, format: "date-time"},
	{name: "region", examples: []any{"us", "eu", "au"}},
	{name: "lookback_window", examples: []any{0, 7}},
	{name: "activity_logs_time_step", examples: []any{30}},
	{name: "num_workers", examples: []any{16}},
	{name: "api_rate_limit", examples: []any{0, 5000}},
	// A proxy or test override: hidden from Airbyte's form, still settable
	// through its API and by hand.
	{name: "api_url", examples: []any{"https://intercom-proxy.example.com"}, hidden: true},
	{name: "client_id", secret: true},
	{name: "client_secret", secret: true},
	{name: "intercom_version", examples: []any{"2.16", "2.11"}},
	{name: "custom_attributes_as_columns", examples: []any{true, false}},
}

func exampleOf(field string) string {
	for _, f := range fieldMeta {
		if f.name == field && len(f.examples) > 0 {
			b, _ := json.Marshal(f.examples[0])
			return string(b)
		}
	}
	if field == "access_token" {
		return `"dG9rOjEyMzQ1Njc4..."`
	}
	return ""
}

// JSONSchemaExtend adds the Airbyte keywords to the generated schema.
func (Config) JSONSchemaExtend(s *jsonschema.Schema) {
	s.Title = "Intercom Spec"
	s.Required = []string{"access_token", "start_date"}
	s.AdditionalProperties = jsonschema.TrueSchema
	for i, f := range fieldMeta {
		p, ok := s.Properties.Get(f.name)
		if !ok {
			panic("spec: no config field " + f.name)
		}
		p.Extras = map[string]any{"order": i}
		if f.secret {
			p.Extras["airbyte_secret"] = true
		}
		if f.format != "" {
			p.Format = f.format
		}
		if f.hidden {
			p.Extras["airbyte_hidden"] = true
		}
		if f.pattern != "" {
			p.Pattern = f.pattern
			p.Extras["pattern_descriptor"] = "YYYY-MM-DDTHH:MM:SSZ"
		}
		p.Examples = f.examples
	}
}

// ConnectorSpec is the document `spec` prints and spec.json holds.
type ConnectorSpec struct {
	DocumentationURL        string             `json:"documentationUrl"`
	ConnectionSpecification *jsonschema.Schema `json:"connectionSpecification"`
	SupportsIncremental     bool               `json:"supportsIncremental"`
	AdvancedAuth            json.RawMessage    `json:"advanced_auth"`
}

// advancedAuth lets a platform run Intercom's OAuth flow and put the
// resulting token into access_token. oauth_connector_input_specification is
// Airbyte's declarative OAuth: with it, the platform runs the flow for any
// image name, not only the ones its own OAuth code knows. Intercom's flow:
// consent at app.intercom.com/a/oauth/connect (client_id, state,
// redirect_uri), code traded at api.intercom.io/auth/eagle/token (code,
// client_id, client_secret) for a long-lived access_token.
const advancedAuth = `{
  "auth_flow_type": "oauth2.0",
  "oauth_config_specification": {
    "oauth_connector_input_specification": {
      "consent_url": "https://app.intercom.com/a/oauth/connect?{{ client_id_key }}={{ client_id_value }}&{{ redirect_uri_key }}={{ {{redirect_uri_value}} | urlEncoder }}&{{ state_key }}={{ state_value }}",
      "access_token_url": "https://api.intercom.io/auth/eagle/token?{{ client_id_key }}={{ client_id_value }}&{{ client_secret_key }}={{ client_secret_value }}&{{ auth_code_key }}={{ auth_code_value }}",
      "extract_output": ["access_token"]
    },
    "complete_oauth_output_specification": {
      "type": "object",
      "additionalProperties": true,
      "properties": {"access_token": {"type": "string", "path_in_connector_config": ["access_token"]}}
    },
    "complete_oauth_server_input_specification": {
      "type": "object",
      "additionalProperties": true,
      "properties": {"client_id": {"type": "string"}, "client_secret": {"type": "string"}}
    },
    "complete_oauth_server_output_specification": {
      "type": "object",
      "additionalProperties": true,
      "properties": {
        "client_id": {"type": "string", "path_in_connector_config": ["client_id"]},
        "client_secret": {"type": "string", "path_in_connector_config": ["client_secret"]}
      }
    }
  }
}`

// Spec returns the connector specification as indented JSON, the content of spec.json.
func Spec() ([]byte, error) {
	r := &jsonschema.Reflector{DoNotReference: true, ExpandedStruct: true, Anonymous: true}
	s := r.Reflect(&Config{})
	s.Version = "http://json-schema.org/draft-07/schema#"
	s.ID = ""
	var auth bytes.Buffer
	if err := json.Compact(&auth, []byte(advancedAuth)); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(ConnectorSpec{
		DocumentationURL:        DocumentationURL,
		ConnectionSpecification: s,
		SupportsIncremental:     true,
		AdvancedAuth:            auth.Bytes(),
	}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
