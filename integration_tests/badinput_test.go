package integration_tests

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// Special file contents for the bad-input matrix.
var (
	noFile    = []byte("\x00missing")   // the path does not exist
	directory = []byte("\x00directory") // the path is a directory
)

// input is one entry of the bad-input matrix: the config, catalog or state
// it replaces in a valid read, and what the connector must answer.
type input struct {
	name string
	// file is "config", "catalog" or "state"; content is its JSON (any) or
	// raw bytes.
	file    string
	content any
	// mention is what the error must name (a field, the problem).
	mention string
	// accept marks input the protocol allows: the command must succeed.
	accept bool
}

func configInputs(cfg map[string]any) []input {
	with := func(k string, v any) map[string]any {
		c := map[string]any{}
		for kk, vv := range cfg {
			c[kk] = vv
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	return []input{
		{name: "config missing", file: "config", content: noFile, mention: "cannot read config file"},
		{name: "config is a directory", file: "config", content: directory, mention: "is a directory"},
		{name: "config empty", file: "config", content: []byte(""), mention: "not a valid JSON"},
		{name: "config malformed", file: "config", content: []byte(`{"access_token": "x",`), mention: "not a valid JSON"},
		{name: "config is a list", file: "config", content: []byte(`[]`), mention: "JSON object"},
		{name: "config is null", file: "config", content: []byte(`null`), mention: "access_token"},
		{name: "access_token missing", file: "config", content: with("access_token", nil), mention: `"access_token" is required`},
		{name: "access_token blank", file: "config", content: with("access_token", "   "), mention: `"access_token" is required`},
		{name: "access_token a number", file: "config", content: with("access_token", 12345), mention: `"access_token" must be of type string`},
		{name: "access_token an object", file: "config", content: with("access_token", map[string]any{"token": "x"}), mention: `"access_token" must be of type string`},
		{name: "start_date missing", file: "config", content: with("start_date", nil), mention: `"start_date" is required`},
		{name: "start_date a day", file: "config", content: with("start_date", "2024-01-01"), mention: "YYYY-MM-DDTHH:MM:SSZ"},
		{name: "start_date with offset", file: "config", content: with("start_date", "2024-01-01T00:00:00+02:00"), mention: "YYYY-MM-DDTHH:MM:SSZ"},
		{name: "start_date words", file: "config", content: with("start_date", "yesterday"), mention: "start_date"},
		{name: "start_date a number", file: "config", content: with("start_date", 1700000000), mention: `"start_date" must be of type string`},
		{name: "region unknown", file: "config", content: with("region", "mars"), mention: `"region" "mars" is not one of us, eu, au`},
		{name: "region a number", file: "config", content: with("region", 1), mention: `"region" must be of type string`},
		{name: "api_url http to a remote host", file: "config", content: with("api_url", "http://intercom-proxy.example.com"), mention: "plain http is refused"},
		{name: "api_url http to a private address", file: "config", content: with("api_url", "http://10.0.0.7:8080"), mention: "plain http is refused"},
		{name: "api_url another scheme", file: "config", content: with("api_url", "ftp://api.intercom.io"), mention: `scheme "ftp"`},
		{name: "api_url relative", file: "config", content: with("api_url", "api.intercom.io"), mention: "not an absolute URL"},
		{name: "api_url with a query", file: "config", content: with("api_url", "https://api.intercom.io?x=1"), mention: "query"},
		{name: "num_workers too many", file: "config", content: with("num_workers", 1000), mention: `"num_workers"`},
		{name: "num_workers a string", file: "config", content: with("num_workers", "4"), mention: `"num_workers" must be of type integer`},
		{name: "num_workers a fraction", file: "config", content: with("num_workers", 2.5), mention: `"num_workers"`},
		{name: "lookback_window negative", file: "config", content: with("lookback_window", -1), mention: `"lookback_window"`},
		{name: "activity_logs_time_step too wide", file: "config", content: with("activity_logs_time_step", 400), mention: `"activity_logs_time_step"`},
		{name: "api_rate_limit negative", file: "config", content: with("api_rate_limit", -5), mention: `"api_rate_limit"`},
		{name: "config with unknown fields", file: "config", content: with("widgets", true), accept: true},
	}
}

func catalogInputs() []input {
	stream := func(name, mode string, extra map[string]any) map[string]any {
		s := map[string]any{"stream": map[string]any{"name": name, "json_schema": map[string]any{}, "supported_sync_modes": []string{"full_refresh"}},
			"sync_mode": mode, "destination_sync_mode": "append"}
		for k, v := range extra {
			s[k] = v
		}
		return s
	}
	streams := func(ss ...any) map[string]any { return map[string]any{"streams": append([]any{}, ss...)} }
	return []input{
		{name: "catalog missing", file: "catalog", content: noFile, mention: "cannot read catalog file"},
		{name: "catalog is a directory", file: "catalog", content: directory, mention: "is a directory"},
		{name: "catalog malformed", file: "catalog", content: []byte(`{"streams": [`), mention: "not valid JSON"},
		{name: "catalog is a list", file: "catalog", content: []byte(`[]`), mention: "not valid JSON of a configured catalog"},
		{name: "catalog without streams", file: "catalog", content: map[string]any{}, mention: `no "streams" array`},
		{name: "catalog empty", file: "catalog", content: streams(), mention: "selects no streams"},
		{name: "catalog streams not objects", file: "catalog", content: []byte(`{"streams":[1]}`), mention: "not valid JSON"},
		{name: "catalog unknown stream", file: "catalog", content: streams(stream("widgets", "full_refresh", nil)), mention: `"widgets", which this source does not have`},
		{name: "catalog stream without name", file: "catalog", content: streams(stream("", "full_refresh", nil)), mention: "no stream.name"},
		{name: "catalog stream twice", file: "catalog", content: streams(stream("admins", "full_refresh", nil), stream("admins", "full_refresh", nil)), mention: "twice"},
		{name: "catalog without sync_mode", file: "catalog", content: streams(stream("admins", "", nil)), mention: "no sync_mode"},
		{name: "catalog unknown sync_mode", file: "catalog", content: streams(stream("admins", "cdc", nil)), mention: `sync_mode "cdc"`},
		{name: "catalog incremental without cursor", file: "catalog", content: streams(stream("admins", "incremental", nil)), mention: "supports only full_refresh"},
		{name: "catalog foreign cursor", file: "catalog", content: streams(stream("contacts", "incremental", map[string]any{"cursor_field": []string{"created_at"}})), mention: `cursor_field "created_at"`},
		{name: "catalog source cursor", file: "catalog", content: streams(stream("contacts", "incremental", map[string]any{"cursor_field": []string{"updated_at"}})), accept: true},
	}
}

func stateInputs(latest int64) []input {
	streamState := func(name string, st any) []any {
		return []any{map[string]any{"type": "STREAM", "stream": map[string]any{"stream_descriptor": map[string]any{"name": name}, "stream_state": st}}}
	}
	return []input{
		{name: "state missing", file: "state", content: noFile, mention: "cannot read state file"},
		{name: "state is a directory", file: "state", content: directory, mention: "is a directory"},
		{name: "state malformed", file: "state", content: []byte(`[{"type":`), mention: "not a valid list of state messages"},
		{name: "state a string", file: "state", content: []byte(`"yesterday"`), mention: "must be a JSON list of state messages or a JSON object"},
		{name: "state a number", file: "state", content: []byte(`42`), mention: "must be a JSON list of state messages or a JSON object"},
		{name: "state GLOBAL", file: "state", content: []any{map[string]any{"type": "GLOBAL", "global": map[string]any{}}}, mention: "GLOBAL is not supported"},
		{name: "state of unknown type", file: "state", content: []any{map[string]any{"type": "PER_TABLE"}}, mention: `unknown type "PER_TABLE"`},
		{name: "state without descriptor", file: "state", content: []any{map[string]any{"type": "STREAM", "stream": map[string]any{}}}, mention: "stream_descriptor.name"},
		{name: "state of a stream not an object", file: "state", content: streamState("contacts", "yesterday"), mention: `state of stream "contacts" is not a JSON object`},
		{name: "state cursor unreadable", file: "state", content: streamState("contacts", map[string]any{"updated_at": "last tuesday"}), mention: `"updated_at"`},
		{name: "state cursor negative", file: "state", content: streamState("contacts", map[string]any{"updated_at": -5}), mention: "not a valid timestamp"},
		{name: "state without the cursor", file: "state", content: streamState("contacts", map[string]any{"id": "1"}), mention: `no "updated_at" cursor`},
		{name: "state legacy list", file: "state", content: []any{map[string]any{"type": "LEGACY", "data": map[string]any{"contacts": map[string]any{"updated_at": latest}}}}, accept: true},
		{name: "state legacy object", file: "state", content: map[string]any{"contacts": map[string]any{"updated_at": latest}}, accept: true},
		{name: "state with RFC 3339 cursor", file: "state", content: streamState("contacts", map[string]any{"updated_at": time.Unix(latest, 0).UTC().Format(time.RFC3339)}), accept: true},
		{name: "state of a stream not in the catalog", file: "state", content: streamState("tickets", map[string]any{"updated_at": latest}), accept: true},
		{name: "state of a stream that does not exist", file: "state", content: streamState("widgets", map[string]any{"updated_at": latest}), accept: true},
		{name: "state empty file", file: "state", content: []byte(""), accept: true},
		{name: "state empty list", file: "state", content: []any{}, accept: true},
	}
}

// argsFor writes files and returns the command line; noFile and directory
// contents make a path that is missing or a directory.
func argsFor(t *testing.T, command string, files map[string]any) []string {
	t.Helper()
	dir := t.TempDir()
	args := []string{command}
	for flag, v := range files {
		p := filepath.Join(dir, flag+".json")
		b, raw := v.([]byte)
		switch {
		case raw && bytes.Equal(b, noFile):
		case raw && bytes.Equal(b, directory):
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
		default:
			if !raw {
				b = mustJSON(v)
			}
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		args = append(args, "--"+flag, p)
	}
	return args
}

// panicText is what a Go crash prints; no output of the connector may hold it.
var panicText = []string{"panic:", "goroutine ", "runtime error", "runtime/debug", ".go:"}

func noPanic(t *testing.T, r run) {
	t.Helper()
	for _, out := range [][]byte{r.stdout, r.stderr} {
		for _, p := range panicText {
			if bytes.Contains(out, []byte(p)) {
				t.Errorf("output holds %q:\n%s", p, out)
			}
		}
	}
}

func TestBadInputMatrix(t *testing.T) {
	t.Parallel()
	srv, url, _ := workspaceAt(t, 1, fakeintercom.Tiny)
	good := map[string]any{
		"config":  config(url, nil),
		"catalog": catalog("incremental", "contacts"),
		"state":   []any{},
	}
	latest := latestData(srv)
	tried := 0
	var cases []input
	cases = append(cases, configInputs(good["config"].(map[string]any))...)
	cases = append(cases, catalogInputs()...)
	cases = append(cases, stateInputs(latest)...)
	for _, in := range cases {
		commands := []string{"read"}
		if in.file == "config" {
			commands = []string{"check", "discover", "read"}
		}
		for _, command := range commands {
			t.Run(in.name+"/"+command, func(t *testing.T) {
				tried++
				files := map[string]any{"config": good["config"]}
				if command == "read" {
					files["catalog"], files["state"] = good["catalog"], good["state"]
				}
				files[in.file] = in.content
				srv.ResetRequests()
				r, _, _ := startConnector(t, nil, argsFor(t, command, files)...).finish(t, time.Minute)
				noPanic(t, r)
				if len(r.stderr) > 0 {
					t.Errorf("stderr: %s", r.stderr)
				}
				switch {
				case in.accept:
					wantAccepted(t, command, r)
				case command == "check":
					wantCheckFailed(t, r, in.mention)
				default:
					wantConfigError(t, r, in.mention)
					if n := len(srv.Requests()); n != 0 {
						t.Errorf("%d requests sent with bad input", n)
					}
				}
			})
		}
	}
	t.Logf("%d inputs tried (%d cases over the commands that read them)", tried, len(cases))
}

func wantAccepted(t *testing.T, command string, r run) {
	t.Helper()
	if r.code != 0 || len(r.errors()) != 0 {
		t.Fatalf("exit %d, errors %v", r.code, r.errors())
	}
	switch command {
	case "check":
		if cs := r.ofType("CONNECTION_STATUS"); len(cs) != 1 || cs[0]["connectionStatus"].(map[string]any)["status"] != "SUCCEEDED" {
			t.Errorf("status %v", cs)
		}
	case "read":
		if st := r.statuses(); len(st) == 0 {
			t.Error("no stream was read")
		}
	}
}

func wantCheckFailed(t *testing.T, r run, mention string) {
	t.Helper()
	cs := r.ofType("CONNECTION_STATUS")
	if r.code != 0 || len(cs) != 1 || len(r.msgs) != 1 {
		t.Fatalf("exit %d, messages %v; want exit 0 and one CONNECTION_STATUS", r.code, r.msgs)
	}
	st := cs[0]["connectionStatus"].(map[string]any)
	if st["status"] != "FAILED" || !strings.Contains(str(st["message"]), mention) {
		t.Errorf("status %v, want FAILED saying %q", st, mention)
	}
}

func wantConfigError(t *testing.T, r run, mention string) {
	t.Helper()
	errs := r.errors()
	if r.code != 1 || len(errs) != 1 || len(r.msgs) != 1 {
		t.Fatalf("exit %d, messages %v; want exit 1 and one ERROR trace", r.code, r.msgs)
	}
	if errs[0]["failure_type"] != "config_error" || !strings.Contains(str(errs[0]["message"]), mention) {
		t.Errorf("error %v, want config_error saying %q", errs[0], mention)
	}
}

func TestLegacyStateResumesWhereItSays(t *testing.T) {
	t.Parallel()
	srv, url, _ := workspaceAt(t, 1, fakeintercom.Tiny)
	contacts := srv.Records("contacts")
	cursor := num(contacts[len(contacts)/2]["updated_at"])
	for _, st := range []any{
		map[string]any{"contacts": map[string]any{"updated_at": cursor}},
		[]any{map[string]any{"type": "LEGACY", "data": map[string]any{"contacts": map[string]any{"updated_at": cursor * 1000}}}},
	} {
		r := connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("incremental", "contacts"), "state": st}, "read")
		if r.code != 0 {
			t.Fatalf("exit %d %v", r.code, r.errors())
		}
		got := r.records()["contacts"]
		for _, c := range got {
			if num(c["updated_at"]) < cursor {
				t.Fatalf("contact %s updated at %d, before the legacy cursor %d", c["id"], num(c["updated_at"]), cursor)
			}
		}
		if len(got) == 0 || len(got) >= len(contacts) {
			t.Errorf("%d of %d contacts after a legacy state", len(got), len(contacts))
		}
	}
}

func TestUsageErrorsKeepStdoutEmpty(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{}, {"sync"}, {"read"}, {"read", "--config"}, {"check"}, {"read", "--config", "c.json"},
		{"check", "--config", "c.json", "--catalog"}, {"discover", "--verbose"}, {"spec", "extra"},
	} {
		t.Run(fmt.Sprint(args), func(t *testing.T) {
			t.Parallel()
			r, _, _ := startConnector(t, nil, args...).finish(t, time.Minute)
			noPanic(t, r)
			if r.code != 2 || len(r.stdout) != 0 || !bytes.Contains(r.stderr, []byte("Usage:")) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2, usage on stderr only", r.code, r.stdout, r.stderr)
			}
		})
	}
}
