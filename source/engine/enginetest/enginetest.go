// Package enginetest reads declared streams in-process through the engine
// against the fake Intercom, as the read command does, and decodes what
// they wrote: the one harness of the engine's and the streams' tests.
package enginetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/internal/protocoltest"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/config"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// Options of one read.
type Options struct {
	// Mode of every stream; empty: incremental where the stream has a cursor.
	Mode airbyte.SyncMode
	// States are incoming stream states by name.
	States map[string]json.RawMessage
	// Tweak adjusts the environment before the read (scroll polls, say).
	Tweak func(*engine.Env)
}

// Read reads ss against srv, which accepts token, with 4 requests in
// flight and quick retries, and checks every line against the protocol.
func Read(t *testing.T, srv *fakeintercom.Server, token string, o Options, ss ...engine.Stream) Result {
	t.Helper()
	ts := httptest.NewServer(srv)
	defer ts.Close()
	cfg, err := config.ParseConfig([]byte(fmt.Sprintf(`{"access_token":%q,"start_date":"2015-01-01T00:00:00Z","api_url":%q,"num_workers":4}`, token, ts.URL)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := airbyte.NewWriter(&out)
	gov := intercom.NewGovernor(intercom.GovernorOptions{Concurrency: cfg.NumWorkers})
	hc := intercom.NewHTTPClient(intercom.RetryOptions{Governor: gov, MaxRetries: 1, MinWait: time.Millisecond})
	c, err := intercom.New(token, intercom.WithBaseURL(ts.URL), intercom.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	cat := &airbyte.ConfiguredCatalog{}
	for _, s := range ss {
		mode := o.Mode
		if mode == "" {
			mode = airbyte.FullRefresh
			if s.Cursor != "" {
				mode = airbyte.Incremental
			}
		}
		cat.Streams = append(cat.Streams, airbyte.ConfiguredStream{Stream: airbyte.Stream{Name: s.Name}, SyncMode: mode})
	}
	jobs, err := engine.Plan(ss, cat, o.States)
	if err != nil {
		t.Fatal(err)
	}
	env := &engine.Env{Client: c, Config: cfg, Workers: cfg.NumWorkers,
		Log:       func(level, msg string) { w.Log(level, msg) },
		Estimator: func(stream string, rows int64) { w.Estimate(stream, rows) },
	}
	if o.Tweak != nil {
		o.Tweak(env)
	}
	var r Result
	r.Failed = engine.Read(context.Background(), w, env, jobs, gov.Stats, make(chan time.Time))
	w.Flush()
	v, err := protocoltest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	if r.Msgs, err = v.ValidateStream(&out); err != nil {
		t.Fatal(err)
	}
	return r
}

// Result is what a read wrote, decoded, and the streams that failed.
type Result struct {
	Msgs   []map[string]any
	Failed []engine.StreamFailure
}

// OfType lists the messages of one type.
func (r Result) OfType(typ string) []map[string]any {
	var out []map[string]any
	for _, m := range r.Msgs {
		if m["type"] == typ {
			out = append(out, m)
		}
	}
	return out
}

// Records lists the data of a stream's records, in order.
func (r Result) Records(stream string) []map[string]any {
	var out []map[string]any
	for _, m := range r.OfType("RECORD") {
		if rec := m["record"].(map[string]any); rec["stream"] == stream {
			out = append(out, rec["data"].(map[string]any))
		}
	}
	return out
}

// Statuses lists a stream's STREAM_STATUS sequence.
func (r Result) Statuses(stream string) []string {
	var out []string
	for _, m := range r.OfType("TRACE") {
		ss, ok := m["trace"].(map[string]any)["stream_status"].(map[string]any)
		if ok && ss["stream_descriptor"].(map[string]any)["name"] == stream {
			out = append(out, ss["status"].(string))
		}
	}
	return out
}

// States lists a stream's stream_state values, and the sum of their
// sourceStats.recordCount.
func (r Result) States(stream string) (states []map[string]any, counted float64) {
	for _, m := range r.OfType("STATE") {
		st := m["state"].(map[string]any)
		s := st["stream"].(map[string]any)
		if s["stream_descriptor"].(map[string]any)["name"] == stream {
			states = append(states, s["stream_state"].(map[string]any))
			counted += st["sourceStats"].(map[string]any)["recordCount"].(float64)
		}
	}
	return states, counted
}

// Estimates maps each stream to its last ESTIMATE.
func (r Result) Estimates() map[string]int64 {
	out := map[string]int64{}
	for _, m := range r.OfType("TRACE") {
		if e, ok := m["trace"].(map[string]any)["estimate"].(map[string]any); ok {
			out[e["name"].(string)] = int64(e["row_estimate"].(float64))
		}
	}
	return out
}

// Logs lists the LOG messages' texts.
func (r Result) Logs() []string {
	var out []string
	for _, m := range r.OfType("LOG") {
		out = append(out, m["log"].(map[string]any)["message"].(string))
	}
	return out
}
