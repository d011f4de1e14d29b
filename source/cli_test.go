package source

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/protocoltest"
	"github.com/intercom-connector/source-intercom/source/schemas"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// call runs Main in-process with files served from memory.
func call(t *testing.T, files map[string]string, args ...string) (code int, msgs []map[string]any, stderr string) {
	t.Helper()
	return callWith(t, Deps{}, files, args...)
}

// callWith is call with deps (a clock, progress ticks) beside the files:
// the one way the package's tests run a command in-process. Its stdout must
// be valid Airbyte messages.
func callWith(t *testing.T, deps Deps, files map[string]string, args ...string) (code int, msgs []map[string]any, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	deps.Stdout, deps.Stderr, deps.Version = &out, &errb, "test"
	deps.ReadFile = func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, &os.PathError{Op: "open", Path: p, Err: os.ErrNotExist}
	}
	code = Main(context.Background(), args, deps)
	v, err := protocoltest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	msgs, err = v.ValidateStream(&out)
	if err != nil {
		t.Fatalf("stdout invalid: %v", err)
	}
	return code, msgs, errb.String()
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{}, {"bogus"}, {"read", "--bogus"}, {"check"}, {"read", "--config", "c.json"}, {"spec", "extra"}} {
		code, msgs, stderr := call(t, nil, args...)
		if code != 2 || len(msgs) != 0 || !strings.Contains(stderr, "Usage:") {
			t.Errorf("%v: exit %d, %d messages, stderr %q", args, code, len(msgs), stderr)
		}
	}
	for _, args := range [][]string{{"--help"}, {"read", "--help"}} {
		code, msgs, stderr := call(t, nil, args...)
		if code != 0 || len(msgs) != 0 || !strings.Contains(stderr, "Usage:") {
			t.Errorf("%v: exit %d, %d messages", args, code, len(msgs))
		}
	}
	code, msgs, stderr := call(t, nil, "--version")
	if code != 0 || len(msgs) != 0 || !strings.Contains(stderr, "source-intercom test") {
		t.Errorf("--version: exit %d stderr %q", code, stderr)
	}
}

func TestSpecCommandPrintsSpecJSON(t *testing.T) {
	t.Parallel()
	code, msgs, _ := call(t, nil, "spec")
	if code != 0 || len(msgs) != 1 || msgs[0]["type"] != "SPEC" {
		t.Fatalf("exit %d msgs %v", code, msgs)
	}
	want, _ := os.ReadFile("../spec.json")
	var w, g any
	json.Unmarshal(want, &w)
	gb, _ := json.Marshal(msgs[0]["spec"])
	json.Unmarshal(gb, &g)
	wb, _ := json.Marshal(w)
	gb, _ = json.Marshal(g)
	if !bytes.Equal(wb, gb) {
		t.Error("spec output differs from spec.json")
	}
}

const goodConfig = `{"access_token":"tok-abc-123","start_date":"2024-01-01T00:00:00Z","api_url":"http://127.0.0.1:1"}`

func TestDiscoverListsEveryStream(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: "tok"})
	code, msgs, _ := call(t, map[string]string{"c.json": workspaceConfig(t, srv, "tok", nil)}, "discover", "--config", "c.json")
	if code != 0 || len(msgs) != 1 {
		t.Fatalf("exit %d msgs %v", code, msgs)
	}
	listed := msgs[0]["catalog"].(map[string]any)["streams"].([]any)
	if len(listed) != len(streams.All()) {
		t.Fatalf("%d streams, want %d", len(listed), len(streams.All()))
	}
	for i, s := range streams.All() {
		got := listed[i].(map[string]any)
		if got["name"] != s.Name || got["json_schema"] == nil || got["source_defined_primary_key"] == nil {
			t.Errorf("stream %d = %v", i, got)
		}
	}
}

// TestDiscoverWith211LeavesOutWhatItLacks: with intercom_version 2.11,
// discover lists every stream but the collections Intercom's 2.11 API
// lacks, and describes ticket types without their ticket states.
func TestDiscoverWith211LeavesOutWhatItLacks(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: "tok"})
	cfg := workspaceConfig(t, srv, "tok", map[string]any{"intercom_version": "2.11"})
	code, msgs, _ := call(t, map[string]string{"c.json": cfg}, "discover", "--config", "c.json")
	if code != 0 || len(msgs) != 1 {
		t.Fatalf("exit %d msgs %v", code, msgs)
	}
	listed := map[string]map[string]any{}
	for _, s := range msgs[0]["catalog"].(map[string]any)["streams"].([]any) {
		st := s.(map[string]any)
		listed[st["name"].(string)] = st
	}
	lacking := 0
	for _, s := range streams.All() {
		_, ok := listed[s.Name]
		if want := schemas.InVersion(s.Name, "2.11"); ok != want {
			t.Errorf("%s: listed %v, in 2.11 %v", s.Name, ok, want)
		}
		if !ok {
			lacking++
		}
	}
	if lacking != 14 || len(listed) != len(streams.All())-14 {
		t.Errorf("%d streams left out, %d listed; want 14 left out", lacking, len(listed))
	}
	props := listed["ticket_types"]["json_schema"].(map[string]any)["properties"].(map[string]any)
	if _, ok := props["ticket_states"]; ok {
		t.Error("2.11 ticket types declare ticket_states")
	}
}

func TestConfigErrorsPerCommand(t *testing.T) {
	t.Parallel()
	files := map[string]string{"bad.json": `{"access_token":"tok-abc-123","start_date":"yesterday"}`, "cat.json": `{"streams":[]}`}
	code, msgs, _ := call(t, files, "check", "--config", "bad.json")
	if code != 0 || msgs[0]["connectionStatus"].(map[string]any)["status"] != "FAILED" {
		t.Errorf("check: exit %d msgs %v", code, msgs)
	}
	for _, args := range [][]string{
		{"discover", "--config", "bad.json"},
		{"discover", "--config", "missing.json"},
		{"read", "--config", "bad.json", "--catalog", "cat.json"},
	} {
		code, msgs, _ := call(t, files, args...)
		if code != 1 || len(msgs) != 1 || msgs[0]["trace"].(map[string]any)["error"].(map[string]any)["failure_type"] != "config_error" {
			t.Errorf("%v: exit %d msgs %v", args, code, msgs)
		}
	}
}

func TestCatalogErrorsAreConfigErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"empty":       `{"streams":[]}`,
		"unknown":     `{"streams":[{"stream":{"name":"nope"},"sync_mode":"full_refresh","destination_sync_mode":"append"}]}`,
		"incremental": `{"streams":[{"stream":{"name":"admins"},"sync_mode":"incremental","destination_sync_mode":"append"}]}`,
		"malformed":   `{"streams":`,
	}
	for name, cat := range cases {
		code, msgs, _ := call(t, map[string]string{"c.json": goodConfig, "cat.json": cat}, "read", "--config", "c.json", "--catalog", "cat.json")
		if code != 1 || len(msgs) != 1 {
			t.Errorf("%s: exit %d msgs %v", name, code, msgs)
			continue
		}
		e := msgs[0]["trace"].(map[string]any)["error"].(map[string]any)
		if e["failure_type"] != "config_error" {
			t.Errorf("%s: %v", name, e)
		}
	}
}

func TestCheckUnreachableHostFails(t *testing.T) {
	t.Parallel()
	// check retries twice, backing off a second or two; the waits are
	// handed over, not slept.
	clk := fakeintercom.NewClock(time.Now())
	code, msgs, _ := callWith(t, Deps{Wait: clk.Wait}, map[string]string{"c.json": goodConfig}, "check", "--config", "c.json")
	if code != 0 || len(msgs) == 0 {
		t.Fatalf("exit %d msgs %v", code, msgs)
	}
	if waits := clk.Waited(); len(waits) != 2 || waits[0] < 500*time.Millisecond || waits[1] > 3*time.Second {
		t.Errorf("retry waits %v, want two backoffs of 0.5-3 s", waits)
	}
	cs := msgs[len(msgs)-1]["connectionStatus"].(map[string]any)
	if cs["status"] != "FAILED" || !strings.Contains(cs["message"].(string), "Could not get an answer from Intercom") || !strings.Contains(cs["message"].(string), "api_url") {
		t.Errorf("status = %v", cs)
	}
}
