package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/schemas"
)

// StartDateLayout is the only accepted form of start_date.
const StartDateLayout = "2006-01-02T15:04:05Z"

// Config is the connector's configuration. Its struct tags and JSONSchemaExtend
// generate spec.json; Validate enforces what the schema states.
type Config struct {
	AccessToken          string `json:"access_token" jsonschema:"title=Access token,description=Intercom access token: from your app's Authentication page in the Developer Hub or from OAuth. Needs read permissions on the data you sync."`
	StartDate            string `json:"start_date" jsonschema:"title=Start date,description=UTC date and time (YYYY-MM-DDTHH:MM:SSZ). Records updated before it are not replicated."`
	Region               string `json:"region,omitempty" jsonschema:"title=Region,description=Where Intercom hosts your workspace: us (api.intercom.io)\\, eu (api.eu.intercom.io) or au (api.au.intercom.io).,enum=us,enum=eu,enum=au,default=us"`
	LookbackWindow       int    `json:"lookback_window,omitempty" jsonschema:"title=Lookback window (days),description=Re-read this many days before each incremental cursor to catch late updates.,minimum=0,default=0"`
	ActivityLogsTimeStep int    `json:"activity_logs_time_step,omitempty" jsonschema:"title=Activity logs time step (days),description=With intercom_version 2.11: width of the time windows in which admin activity logs are requested (2.16 searches them\\, 250 a page\\, and needs no windows).,minimum=1,maximum=91,default=30"`
	NumWorkers           int    `json:"num_workers,omitempty" jsonschema:"title=Concurrent requests,description=Caps how many requests run at once across all streams. Leave it empty to follow Intercom's rate limit and the latency the connector observes (as many as rate × latency call for\\, up to 200\\, and 8 more for pages of searches and scrolls).,minimum=1,maximum=200"`
	APIRateLimit         int    `json:"api_rate_limit,omitempty" jsonschema:"title=API rate limit (requests per minute),description=Ceiling on this connector's request rate so other apps of the workspace keep room. 0 follows Intercom's own limit headers.,minimum=0,default=0"`
	APIURL               string `json:"api_url,omitempty" jsonschema:"title=API URL override,description=Base URL to call instead of the region's (a proxy or a test server). Must be https unless the host is loopback."`
	ClientID             string `json:"client_id,omitempty" jsonschema:"title=Client ID,description=OAuth client ID of your Intercom app (platform-managed OAuth only)."`
	ClientSecret         string `json:"client_secret,omitempty" jsonschema:"title=Client secret,description=OAuth client secret of your Intercom app (platform-managed OAuth only)."`
	IntercomVersion      string `json:"intercom_version,omitempty" jsonschema:"title=Intercom API version,description=The API version requested (Intercom-Version header). Records come in its shapes and discover describes them. 2.11 matches Airbyte's own Intercom source and the columns its tables have; 2.16 is the latest stable.,enum=2.11,enum=2.16,default=2.16"`

	// CustomAttributesAsColumns lifts each custom attribute to a column of its own.
	CustomAttributesAsColumns bool `json:"custom_attributes_as_columns,omitempty" jsonschema:"title=Custom attributes as columns,description=Also give each custom attribute of contacts\\, companies\\, conversations and tickets a top-level column of its own type: custom_ followed by the attribute's name in lowercase with every run of characters other than letters and digits made one underscore (a name already taken\\, by a field or by an older attribute\\, gets _ and the attribute's id appended). Values stay in custom_attributes (ticket_attributes) as well. Refresh the source schema after changing this setting or the workspace's attributes.,default=false"`

	startDate    time.Time
	tokenTrimmed bool // access_token came with surrounding whitespace
}

// Defaults of optional fields.
const (
	DefaultRegion               = "us"
	DefaultActivityLogsTimeStep = 30
	// MaxNumWorkers is the largest cap num_workers may set.
	MaxNumWorkers = 200
	// DefaultNumWorkers is no cap: 0 follows Intercom's limit.
	DefaultNumWorkers      = 0
	DefaultIntercomVersion = schemas.Latest
)

// FieldError is a config problem the user must fix, naming the field.
type FieldError struct {
	Field   string
	Problem string
	Example string
}

func (e *FieldError) Error() string {
	s := fmt.Sprintf("config field %q %s", e.Field, e.Problem)
	if e.Example != "" {
		s += fmt.Sprintf(" (example: %s)", e.Example)
	}
	return s
}

// ParseConfig decodes and validates a config file's bytes.
func ParseConfig(b []byte) (*Config, error) {
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return nil, &FieldError{Field: te.Field, Problem: fmt.Sprintf("must be of type %s, not %s", jsonType(te.Type.Kind().String()), te.Value), Example: exampleOf(te.Field)}
		}
		return nil, fmt.Errorf("config is not a valid JSON object: %w", err)
	}
	// 0 stands for "unset" in the struct; written out, it is below the
	// minimum the spec states and a mistake to report, not to default.
	var raw map[string]json.RawMessage
	json.Unmarshal(b, &raw)
	for _, f := range []struct {
		name, example string
		min           int
	}{{"num_workers", "16", 1}, {"activity_logs_time_step", "30", 1}} {
		if v, ok := raw[f.name]; ok && string(bytes.TrimSpace(v)) == "0" {
			return nil, &FieldError{Field: f.name, Problem: fmt.Sprintf("is 0; must be at least %d (leave it out for the default)", f.min), Example: f.example}
		}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate checks every field and fills defaults.
func (c *Config) Validate() error {
	if err := c.trimToken(); err != nil {
		return err
	}
	if c.StartDate == "" {
		return &FieldError{Field: "start_date", Problem: "is required", Example: exampleOf("start_date")}
	}
	t, err := time.Parse(StartDateLayout, c.StartDate)
	if err != nil {
		return &FieldError{Field: "start_date", Problem: fmt.Sprintf("%q is not a UTC date-time in the form YYYY-MM-DDTHH:MM:SSZ", c.StartDate), Example: exampleOf("start_date")}
	}
	c.startDate = t
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	c.Region = strings.ToLower(c.Region)
	if _, err := intercom.RegionURL(c.Region); err != nil {
		return &FieldError{Field: "region", Problem: fmt.Sprintf("%q is not one of us, eu, au", c.Region), Example: exampleOf("region")}
	}
	if c.LookbackWindow < 0 {
		return &FieldError{Field: "lookback_window", Problem: fmt.Sprintf("is %d; must be 0 or a positive number of days", c.LookbackWindow), Example: "7"}
	}
	if c.ActivityLogsTimeStep == 0 {
		c.ActivityLogsTimeStep = DefaultActivityLogsTimeStep
	}
	if c.ActivityLogsTimeStep < 1 || c.ActivityLogsTimeStep > 91 {
		return &FieldError{Field: "activity_logs_time_step", Problem: fmt.Sprintf("is %d; must be between 1 and 91 days", c.ActivityLogsTimeStep), Example: "30"}
	}
	if c.NumWorkers < 0 || c.NumWorkers > MaxNumWorkers {
		return &FieldError{Field: "num_workers", Problem: fmt.Sprintf("is %d; must be between 1 and %d, or left out to follow Intercom's limit", c.NumWorkers, MaxNumWorkers), Example: "16"}
	}
	if c.APIRateLimit < 0 {
		return &FieldError{Field: "api_rate_limit", Problem: fmt.Sprintf("is %d; must be 0 (follow Intercom's limit) or a positive number of requests per minute", c.APIRateLimit), Example: "5000"}
	}
	if c.APIURL != "" {
		if _, err := intercom.ParseBaseURL(c.APIURL); err != nil {
			return &FieldError{Field: "api_url", Problem: err.Error(), Example: `"https://intercom-proxy.example.com"`}
		}
	}
	if c.IntercomVersion == "" {
		c.IntercomVersion = DefaultIntercomVersion
	}
	if !slices.Contains(schemas.Versions(), c.IntercomVersion) {
		return &FieldError{Field: "intercom_version", Problem: fmt.Sprintf("%q is not one of %s", c.IntercomVersion, strings.Join(schemas.Versions(), ", ")), Example: `"2.16"`}
	}
	return nil
}

// trimToken trims access_token once, so what is sent is what is redacted,
// and refuses one that cannot be an HTTP header value.
func (c *Config) trimToken() error {
	if t := strings.TrimSpace(c.AccessToken); t != c.AccessToken {
		c.AccessToken, c.tokenTrimmed = t, true
	}
	if c.AccessToken == "" {
		return &FieldError{Field: "access_token", Problem: "is required", Example: exampleOf("access_token")}
	}
	if strings.IndexFunc(c.AccessToken, unicode.IsControl) >= 0 {
		return &FieldError{Field: "access_token", Problem: "holds a line break, tab or other control character, so it cannot be sent in an HTTP header; paste the token again"}
	}
	return nil
}

// Warnings are what Validate corrected, for the command to log.
func (c *Config) Warnings() []string {
	if c.tokenTrimmed {
		return []string{"access_token had leading or trailing spaces or line breaks; they were removed."}
	}
	return nil
}

// Concurrency is the most requests in flight: num_workers if set, else
// the ceiling of following the limit.
func (c *Config) Concurrency() int {
	if c.NumWorkers > 0 {
		return c.NumWorkers
	}
	return intercom.MaxConcurrency
}

// BodyCap is the cap of one response body: the bodies of every request
// that may be in flight (chain pages' reserve included) share the budget.
func (c *Config) BodyCap() int64 {
	if c.NumWorkers > 0 {
		return intercom.BodyCap(c.NumWorkers)
	}
	return intercom.BodyCap(intercom.MaxConcurrency + intercom.ChainReserve)
}

// StartTime is start_date parsed; valid after Validate.
func (c *Config) StartTime() time.Time { return c.startDate }

// BaseURL is the API base URL: api_url if set, else the region's.
func (c *Config) BaseURL() string {
	if c.APIURL != "" {
		return c.APIURL
	}
	u, _ := intercom.RegionURL(c.Region)
	return u
}

// Secrets are the values that must never reach logs.
func (c *Config) Secrets() []string { return []string{c.AccessToken, c.ClientSecret, c.ClientID} }

func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "integer"
	case kind == "string":
		return "string"
	case kind == "bool":
		return "boolean"
	}
	return kind
}

// SecretsIn picks the secret values out of a config file that may not be
// valid, so they can be masked before any error about it is reported.
func SecretsIn(b []byte) []string {
	var raw map[string]any
	if json.Unmarshal(b, &raw) != nil {
		return nil
	}
	var out []string
	for _, k := range []string{"access_token", "client_id", "client_secret"} {
		if s, ok := raw[k].(string); ok {
			out = append(out, s)
		}
	}
	return out
}
