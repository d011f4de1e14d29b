package config

import (
	"strings"
	"testing"
)

var configCases = []struct {
	name, json, err string
	schemaOnly      bool
}{
	{name: "minimal", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z"}`},
	{name: "full", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","region":"eu","lookback_window":7,"activity_logs_time_step":10,"num_workers":8,"api_rate_limit":5000,"api_url":"https://proxy.example.com","client_id":"cid1","client_secret":"csec1"}`},
	{name: "loopback http", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","api_url":"http://127.0.0.1:9999"}`},
	{name: "missing token", json: `{"start_date":"2024-01-01T00:00:00Z"}`, err: `"access_token" is required`},
	{name: "token wrong type", json: `{"access_token":123,"start_date":"2024-01-01T00:00:00Z"}`, err: `"access_token" must be of type string, not number`},
	{name: "missing start", json: `{"access_token":"t0k3n-abc"}`, err: `"start_date" is required`},
	{name: "bad start", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01"}`, err: `YYYY-MM-DDTHH:MM:SSZ`},
	{name: "bad region", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","region":"mars"}`, err: `"region" "mars" is not one of us, eu, au`},
	{name: "negative lookback", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","lookback_window":-1}`, err: `"lookback_window" is -1`},
	{name: "lookback of years", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","lookback_window":3650}`},
	{name: "lookback beyond any state", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","lookback_window":2000000000}`},
	{name: "api version 2.11", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","intercom_version":"2.11"}`},
	{name: "api version unknown", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","intercom_version":"2.10"}`, err: `"intercom_version" "2.10" is not one of 2.11, 2.16`},
	{name: "lookback string", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","lookback_window":"7"}`, err: `"lookback_window" must be of type integer, not string`},
	{name: "custom attributes as columns", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","custom_attributes_as_columns":true}`},
	{name: "custom attributes as columns string", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","custom_attributes_as_columns":"yes"}`, err: `"custom_attributes_as_columns" must be of type boolean, not string (example: true)`},
	{name: "workers", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","num_workers":201}`, err: `"num_workers" is 201`},
	{name: "http remote", json: `{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z","api_url":"http://api.intercom.io"}`, err: `plain http is refused`, schemaOnly: true},
}

func TestParseConfig(t *testing.T) {
	for _, tc := range configCases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseConfig([]byte(tc.json))
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if c.Region == "" || c.Concurrency() == 0 || c.ActivityLogsTimeStep == 0 || c.StartTime().IsZero() {
					t.Errorf("defaults not filled: %+v", c)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v, want %q", err, tc.err)
			}
			if strings.Contains(err.Error(), "t0k3n") {
				t.Errorf("error echoes the token: %v", err)
			}
		})
	}
}

func TestIntercomVersionDefaultsToLatest(t *testing.T) {
	c, err := ParseConfig([]byte(`{"access_token":"x","start_date":"2024-01-01T00:00:00Z"}`))
	if err != nil || c.IntercomVersion != "2.16" {
		t.Fatalf("version %q, err %v; want 2.16", c.IntercomVersion, err)
	}
}

func TestBaseURL(t *testing.T) {
	for region, want := range map[string]string{"us": "https://api.intercom.io", "eu": "https://api.eu.intercom.io", "au": "https://api.au.intercom.io"} {
		c, err := ParseConfig([]byte(`{"access_token":"x","start_date":"2024-01-01T00:00:00Z","region":"` + region + `"}`))
		if err != nil || c.BaseURL() != want {
			t.Errorf("%s: %v %s", region, err, c.BaseURL())
		}
	}
}
