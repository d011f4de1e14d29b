package integration_tests

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/protocoltest"
)

// binary is the connector built once for every test of this package.
var binary string

func TestMain(m *testing.M) {
	if file := os.Getenv(peakRSSEnv); file != "" {
		os.Exit(launchMeasured(file, os.Args[1:]))
	}
	// The tests mostly wait on connector processes and their retries, not
	// on this process's CPU: run more of them at once than there are cores.
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", "8")
	}
	// This process serves fakes and checks outputs, and is short: it
	// collects garbage a quarter as often as Go's default.
	debug.SetGCPercent(400)
	dir, err := os.MkdirTemp("", "source-intercom-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "source-intercom")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.version=e2e", "-o", binary, "..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build connector:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const token = "fake-token-e2e-5f3a9c"

// fake starts a fake Intercom workspace on loopback.
func fake(t *testing.T, opts fakeintercom.Options) (*fakeintercom.Server, string) {
	t.Helper()
	if opts.Token == "" {
		opts.Token = token
	}
	s := fakeintercom.New(opts)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts.URL
}

// run is one execution of the connector binary.
type run struct {
	code   int
	stdout []byte
	stderr []byte
	msgs   []map[string]any
}

// connector runs the binary with args; files maps flag names to JSON
// contents written to temp files (config, catalog, state).
func connector(t *testing.T, files map[string]any, args ...string) run {
	t.Helper()
	args = append(args, fileArgs(t, files)...)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := run{stdout: out.Bytes(), stderr: errb.Bytes()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	r.decode(t)
	return r
}

// decode validates r's stdout line by line against the Airbyte protocol
// into r.msgs; invalid output fails the test.
func (r *run) decode(t *testing.T) {
	t.Helper()
	v, err := protocoltest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	if r.msgs, err = v.ValidateStream(bytes.NewReader(r.stdout)); err != nil {
		t.Fatalf("stdout is not valid Airbyte protocol: %v\nstderr: %s", err, r.stderr)
	}
}

func config(apiURL string, extra map[string]any) map[string]any {
	c := map[string]any{"access_token": token, "start_date": "2015-01-01T00:00:00Z", "api_url": apiURL}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

// catalog configures every named stream in mode.
func catalog(mode string, names ...string) map[string]any {
	var streams []any
	for _, n := range names {
		streams = append(streams, map[string]any{
			"stream":                map[string]any{"name": n, "json_schema": map[string]any{}, "supported_sync_modes": []string{"full_refresh", "incremental"}},
			"sync_mode":             mode,
			"destination_sync_mode": "append",
		})
	}
	return map[string]any{"streams": streams}
}

func (r run) ofType(typ string) []map[string]any {
	var out []map[string]any
	for _, m := range r.msgs {
		if m["type"] == typ {
			out = append(out, m)
		}
	}
	return out
}

// records groups record data by stream.
func (r run) records() map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for _, m := range r.ofType("RECORD") {
		rec := m["record"].(map[string]any)
		out[rec["stream"].(string)] = append(out[rec["stream"].(string)], rec["data"].(map[string]any))
	}
	return out
}

// statuses lists each stream's STREAM_STATUS sequence.
func (r run) statuses() map[string][]string {
	out := map[string][]string{}
	for _, m := range r.ofType("TRACE") {
		tr := m["trace"].(map[string]any)
		if tr["type"] != "STREAM_STATUS" {
			continue
		}
		ss := tr["stream_status"].(map[string]any)
		name := ss["stream_descriptor"].(map[string]any)["name"].(string)
		out[name] = append(out[name], ss["status"].(string))
	}
	return out
}

// states lists each stream's STATE messages in order.
func (r run) states() map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for _, m := range r.ofType("STATE") {
		st := m["state"].(map[string]any)
		name := st["stream"].(map[string]any)["stream_descriptor"].(map[string]any)["name"].(string)
		out[name] = append(out[name], st)
	}
	return out
}

func (r run) errors() []map[string]any {
	var out []map[string]any
	for _, m := range r.ofType("TRACE") {
		if tr := m["trace"].(map[string]any); tr["type"] == "ERROR" {
			out = append(out, tr["error"].(map[string]any))
		}
	}
	return out
}

// key renders a record's primary key.
func key(rec map[string]any, pk [][]string) string {
	var parts []string
	for _, path := range pk {
		var v any = rec
		for _, f := range path {
			m, _ := v.(map[string]any)
			v = m[f]
		}
		parts = append(parts, fmt.Sprint(v))
	}
	return fmt.Sprint(parts)
}

func keys(recs []map[string]any, pk [][]string) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		out = append(out, key(r, pk))
	}
	sort.Strings(out)
	return out
}

// serve starts h on loopback and returns its URL.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// ageLeftScrolls covers a request of a killed read that the fake handles
// only after the test's ExpireScroll (it sat unread in a socket): it opens a
// scroll nobody will use. Whenever a read is refused the app's scroll, a
// minute passes on the fake's clock, as it would at Intercom while the
// connector waits, and such a scroll expires.
func ageLeftScrolls(srv *fakeintercom.Server, clk *fakeintercom.Clock) {
	srv.OnServed(func(r fakeintercom.Request) {
		if r.Path == "/companies/scroll" && r.Status == http.StatusBadRequest {
			clk.Advance(61 * time.Second)
		}
	})
}

// wholeRead is a full-refresh read of every stream of one fake workspace
// (seed 8, Tiny) at an Intercom version, with the schemas discovered
// there. Several tests only inspect such a read (records against the
// fake's, against the discovered and Airbyte's schemas, the requests
// sent), so each version's is made once per process, by the first test
// that asks; the fake is left as the read left it.
type wholeRead struct {
	once    sync.Once
	made    bool
	srv     *fakeintercom.Server
	schemas map[string]json.RawMessage
	run     run
}

var wholeReads = struct {
	sync.Mutex
	by map[string]*wholeRead
}{by: map[string]*wholeRead{}}

// readWhole returns the whole read at version ("" is the default).
func readWhole(t *testing.T, version string) *wholeRead {
	t.Helper()
	wholeReads.Lock()
	w := wholeReads.by[version]
	if w == nil {
		w = &wholeRead{}
		wholeReads.by[version] = w
	}
	wholeReads.Unlock()
	w.once.Do(func() {
		var url string
		w.srv, url = fake(t, fakeintercom.Options{Seed: 8, Size: fakeintercom.Tiny})
		cfg := config(url, nil)
		if version != "" {
			cfg["intercom_version"] = version
		}
		w.schemas = discoverSchemas(t, cfg)
		w.run = connector(t, map[string]any{"config": cfg, "catalog": catalog("full_refresh", allStreams()...)}, "read")
		w.made = true
	})
	if !w.made {
		t.Fatalf("the whole read at version %q failed in the test that made it", version)
	}
	if w.run.code != 0 {
		t.Fatalf("whole read at version %q: exit %d %v", version, w.run.code, w.run.errors())
	}
	return w
}
