package source

import (
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/config"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// Faults a new user meets first: each must say what is wrong in their terms.

func TestCommandHelpIsTheCommands(t *testing.T) {
	t.Parallel()
	for cmd, want := range map[string]string{
		"read":     "Usage: source-intercom read --config FILE --catalog FILE [--state FILE]",
		"check":    "Usage: source-intercom check --config FILE",
		"discover": "Usage: source-intercom discover --config FILE",
	} {
		code, msgs, stderr := call(t, nil, cmd, "--help")
		if code != 0 || len(msgs) != 0 || !strings.HasPrefix(stderr, want) || strings.Contains(stderr, "Commands:") {
			t.Errorf("%s --help: exit %d, stderr %q; want it to start with %q and show only that command", cmd, code, stderr, want)
		}
	}
}

func TestFileErrorsKeepThePathGiven(t *testing.T) {
	t.Parallel()
	_, msgs, _ := call(t, nil, "check", "--config", "../conf/nope.json")
	if len(msgs) != 1 || !strings.Contains(msgs[0]["connectionStatus"].(map[string]any)["message"].(string), "../conf/nope.json") {
		t.Errorf("check of a missing file: %v; want the path as given", msgs)
	}
}

func TestExplicitZeroBelowMinimumIsRefused(t *testing.T) {
	t.Parallel()
	for _, field := range []string{"num_workers", "activity_logs_time_step"} {
		_, err := config.ParseConfig([]byte(`{"access_token":"t","start_date":"2024-01-01T00:00:00Z","` + field + `":0}`))
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("%s: 0 gave %v, want an error naming the field", field, err)
		}
	}
	c, err := config.ParseConfig([]byte(`{"access_token":"t","start_date":"2024-01-01T00:00:00Z"}`))
	if err != nil || c.NumWorkers != config.DefaultNumWorkers || c.ActivityLogsTimeStep != config.DefaultActivityLogsTimeStep {
		t.Errorf("left out, they default: %+v %v", c, err)
	}
}

func TestUnauthorizedNamesWhereTheTokenWent(t *testing.T) {
	t.Parallel()
	unauthorized := &intercom.APIError{Method: "GET", Path: "/me", StatusCode: 401, Code: "unauthorized"}
	withURL := &config.Config{Region: "us", APIURL: "https://proxy.example.com"}
	if m := engine.Classify(unauthorized, withURL).Message; !strings.Contains(m, "api_url (https://proxy.example.com)") || strings.Contains(m, "region (us)") {
		t.Errorf("with api_url: %q", m)
	}
	if m := engine.Classify(unauthorized, &config.Config{Region: "eu"}).Message; !strings.Contains(m, "region (eu)") {
		t.Errorf("with a region: %q", m)
	}
}

func TestStartDateInTheFutureIsRefused(t *testing.T) {
	t.Parallel()
	cfg := `{"access_token":"t","start_date":"2099-01-01T00:00:00Z","api_url":"http://127.0.0.1:9"}`
	cat := `{"streams":[{"stream":{"name":"admins","json_schema":{}},"sync_mode":"full_refresh","destination_sync_mode":"append"}]}`
	files := map[string]string{"c.json": cfg, "cat.json": cat}
	code, msgs, _ := call(t, files, "read", "--config", "c.json", "--catalog", "cat.json")
	if code != 1 || len(msgs) != 1 {
		t.Fatalf("read: exit %d, %v", code, msgs)
	}
	e := msgs[0]["trace"].(map[string]any)["error"].(map[string]any)
	if e["failure_type"] != "config_error" || !strings.Contains(e["message"].(string), `"start_date" "2099-01-01T00:00:00Z" is in the future`) {
		t.Errorf("read: %v", e)
	}
	_, msgs, _ = call(t, files, "check", "--config", "c.json")
	if st := msgs[0]["connectionStatus"].(map[string]any); st["status"] != "FAILED" || !strings.Contains(st["message"].(string), "in the future") {
		t.Errorf("check: %v", st)
	}
}
