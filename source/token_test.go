package source

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/config"
)

func TestAccessTokenIsTrimmedOnceWithAWarning(t *testing.T) {
	t.Parallel()
	c, err := config.ParseConfig([]byte(`{"access_token":"  t0k3n-abc\t\n","start_date":"2024-01-01T00:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.AccessToken != "t0k3n-abc" || len(c.Warnings()) != 1 || strings.Contains(c.Warnings()[0], "t0k3n") {
		t.Errorf("token %q, warnings %q", c.AccessToken, c.Warnings())
	}
	c, err = config.ParseConfig([]byte(`{"access_token":"t0k3n-abc","start_date":"2024-01-01T00:00:00Z"}`))
	if err != nil || len(c.Warnings()) != 0 {
		t.Errorf("a clean token: %v %q", err, c.Warnings())
	}
}

func TestAccessTokenThatCannotBeAHeaderIsAConfigError(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{"t0k3n\nabc", "t0k3n\rabc", "t0k\x00en", "t0k\x7fen", "t0k\ten"} {
		raw, _ := json.Marshal(map[string]string{"access_token": tok, "start_date": "2024-01-01T00:00:00Z"})
		_, err := config.ParseConfig(raw)
		var fe *config.FieldError
		if !asFieldError(err, &fe) || fe.Field != "access_token" || strings.Contains(err.Error(), "t0k") {
			t.Errorf("%q: err = %v, want a FieldError on access_token not quoting it", tok, err)
		}
		code, msgs, _ := call(t, map[string]string{"c.json": string(raw)}, "discover", "--config", "c.json")
		if code != 1 || len(msgs) != 1 || msgs[0]["trace"].(map[string]any)["error"].(map[string]any)["failure_type"] != "config_error" {
			t.Errorf("%q: discover exit %d: %v", tok, code, msgs)
		}
	}
}

func asFieldError(err error, fe **config.FieldError) bool {
	f, ok := err.(*config.FieldError)
	*fe = f
	return ok
}

// TestEchoedTokenIsRedacted: a token pasted with spaces is sent trimmed, a
// server echoes the header back ("Bearer <token>"), and neither check nor
// read prints it.
func TestEchoedTokenIsRedacted(t *testing.T) {
	t.Parallel()
	const token = "tok-echoed-4c1e9a"
	fake := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: token})
	fake.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.EchoAuthorization}})
	srv := httptest.NewServer(fake)
	defer srv.Close()
	cfg, _ := json.Marshal(map[string]any{"access_token": " " + token + "\t\n", "start_date": "2024-01-01T00:00:00Z", "api_url": srv.URL})
	cat := `{"streams":[{"stream":{"name":"admins","json_schema":{},"supported_sync_modes":["full_refresh"]},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}]}`
	files := map[string]string{"c.json": string(cfg), "cat.json": cat}
	for _, args := range [][]string{{"check", "--config", "c.json"}, {"read", "--config", "c.json", "--catalog", "cat.json"}} {
		_, msgs, stderr := call(t, files, args...)
		out, _ := json.Marshal(msgs)
		if strings.Contains(string(out), token) || strings.Contains(stderr, token) {
			t.Errorf("%s: the token appears in the output:\n%s", args[0], out)
		}
		if !strings.Contains(string(out), "Bearer ****") || !strings.Contains(string(out), "spaces or line breaks") {
			t.Errorf("%s: want the echo masked and a WARN about trimming:\n%s", args[0], out)
		}
	}
	if fake.FaultsInjected()[fakeintercom.EchoAuthorization] == 0 {
		t.Error("no echo was injected")
	}
}
