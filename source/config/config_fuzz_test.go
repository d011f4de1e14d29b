package config

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// FuzzParseConfig: any bytes give a valid config or an error, never a
// panic; a config that passes keeps what Validate promises and survives a
// round trip through JSON unchanged.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`{"access_token":"tok","start_date":"2024-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"access_token":"tok","start_date":"2024-01-01T00:00:00Z","region":"EU","lookback_window":7,"api_url":"http://127.0.0.1:8080/v"}`))
	f.Add([]byte(`{"access_token":12,"start_date":"x"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConfig(b)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if strings.TrimSpace(c.AccessToken) == "" {
			t.Error("accepted a blank access_token")
		}
		// time.Parse takes a one-digit hour too; the instant is what counts.
		if back, err := time.Parse(StartDateLayout, c.StartTime().Format(StartDateLayout)); err != nil || !back.Equal(c.StartTime()) {
			t.Errorf("start_date %q parsed as %v", c.StartDate, c.StartTime())
		}
		if c.NumWorkers < 0 || c.Concurrency() < 1 || c.Concurrency() > MaxNumWorkers || c.ActivityLogsTimeStep < 1 || c.ActivityLogsTimeStep > 91 || c.LookbackWindow < 0 || c.APIRateLimit < 0 {
			t.Errorf("out of range: %+v", c)
		}
		if _, err := intercom.ParseBaseURL(c.BaseURL()); err != nil {
			t.Errorf("base URL %q: %v", c.BaseURL(), err)
		}
		again, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := ParseConfig(again)
		if err != nil {
			t.Fatalf("a valid config re-encoded is refused: %v\n%s", err, again)
		}
		c.tokenTrimmed = false // reported once; the re-encoded token is already trimmed
		if *c2 != *c {
			t.Errorf("round trip changed the config:\n%+v\n%+v", c, c2)
		}
	})
}
