package integration_tests

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/intercom-connector/source-intercom/source/streams"
)

// sampleStatePath is a realistic state of a connection part-way through
// the fixture workspace's history.
const sampleStatePath = "integration_tests/sample_state.json"

// maxSlices bounds the intermediate states re-read per stream, as the
// acceptance tests do to spare the API.
const maxSlices = 5

// incremental reads the incremental catalog from scratch, then checks what
// reading again from its states gives: from the final states, records at
// or after each cursor and not the same records as before; from sampled
// intermediate states, at least the records counted after them; from
// states in the far future, nothing but states; from sample_state.json,
// records after its cursors.
func (s *suite) incremental(t *testing.T, it incrementalTest) {
	discovered := s.discover(t, it.ConfigPath)
	cat := incrementalCatalog(t, s.catalogFile(t, it.ConfiguredCatalogPath), discovered)
	_, url := s.workspace(t)
	cfg := s.config(t, it.ConfigPath, url)
	inc := incrementalRun{cat: cat, cfg: cfg}
	if lb, ok := cfg["lookback_window"].(float64); ok {
		inc.lookback = int64(lb) * 86400
	}
	_, first := readOK(t, map[string]any{"config": cfg, "catalog": cat})
	for _, name := range cat.names() {
		if len(first.states[name]) == 0 {
			t.Errorf("stream %s emitted no STATE", name)
		}
	}
	t.Run("two_sequential_reads", func(t *testing.T) { inc.twoSequentialReads(t, first) })
	t.Run("read_sequential_slices", func(t *testing.T) {
		if it.SkipComprehensiveIncrementalTests {
			t.Skip("skip_comprehensive_incremental_tests is set")
		}
		inc.sequentialSlices(t, first)
	})
	t.Run("future_state", func(t *testing.T) {
		fs := it.FutureState
		if fs.BypassReason != "" {
			t.Skip(fs.BypassReason)
		}
		inc.futureState(t, s.read(t, fs.FutureStatePath), fs.MissingStreams)
	})
	t.Run("sample_state", func(t *testing.T) { inc.sampleState(t, s.read(t, sampleStatePath), first) })
}

// incrementalCatalog checks the incremental catalog against discover (all
// incremental streams, in incremental mode) and fills in default cursors
// as the platform does.
func incrementalCatalog(t *testing.T, cat configuredCatalog, discovered []discoveredStream) configuredCatalog {
	t.Helper()
	for _, e := range catalogErrors(cat, discovered) {
		t.Errorf("incremental catalog: %s", e)
	}
	for _, d := range discovered {
		if slices.Contains(d.SupportedSyncModes, "incremental") && !slices.Contains(cat.names(), d.Name) {
			t.Errorf("incremental catalog leaves out the incremental stream %s", d.Name)
		}
	}
	for i, cs := range cat.Streams {
		if cs.SyncMode != "incremental" {
			t.Errorf("incremental catalog reads %s in %s", cs.Stream.Name, cs.SyncMode)
		}
		if len(cs.CursorField) == 0 {
			for _, d := range discovered {
				if d.Name == cs.Stream.Name {
					cat.Streams[i].CursorField = d.DefaultCursorField
				}
			}
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return cat
}

// incrementalRun is the shared input of the incremental checks.
type incrementalRun struct {
	cat      configuredCatalog
	cfg      map[string]any
	lookback int64 // seconds re-read before a cursor
}

func (inc incrementalRun) read(t *testing.T, cat configuredCatalog, state any) readOutput {
	t.Helper()
	_, out := readOK(t, map[string]any{"config": inc.cfg, "catalog": cat, "state": state})
	return out
}

// twoSequentialReads re-reads from the first read's final states.
func (inc incrementalRun) twoSequentialReads(t *testing.T, first readOutput) {
	second := inc.read(t, inc.cat, first.latestStates())
	same := true
	for _, name := range inc.cat.names() {
		same = same && slices.Equal(dataOf(first.records[name], nil), dataOf(second.records[name], nil))
		ss := first.states[name]
		if len(ss) > 0 {
			inc.checkAfterCursor(t, name, ss[len(ss)-1].state, second.records[name])
		}
	}
	if same {
		t.Error("the read from the final states emitted the same records as the read from scratch")
	}
}

// checkAfterCursor wants every record of a stream at or after its state's
// cursor, less the lookback window. Child streams are selected by their
// parent's cursor, so their own cursor says nothing.
func (inc incrementalRun) checkAfterCursor(t *testing.T, name string, state json.RawMessage, recs []emittedRecord) {
	t.Helper()
	s, _ := streams.Lookup(name)
	cursor := inc.cursor(name)
	from, ok := cursorIn(state, cursor)
	if s.Parent != "" || !ok {
		return
	}
	bad := 0
	for _, r := range recs {
		if c, ok := cursorIn(r.data, cursor); ok && c < from-inc.lookback {
			if bad++; bad <= maxErrors {
				t.Errorf("stream %s: record with %s %d precedes the state's %d", name, cursor[0], c, from)
			}
		}
	}
}

func (inc incrementalRun) cursor(name string) []string {
	for _, cs := range inc.cat.Streams {
		if cs.Stream.Name == name {
			return cs.CursorField
		}
	}
	return nil
}

// cursorIn reads an integer at a field path of a JSON object.
func cursorIn(doc json.RawMessage, path []string) (int64, bool) {
	n, ok := fieldValue(decodedObject(doc), path).(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// resumePoint is an intermediate state of a stream and how many records the
// first read emitted after it.
type resumePoint struct {
	state json.RawMessage
	after int
	// first marks the stream's first state: a source may checkpoint where
	// it starts, so reading from it may give the same records as from
	// scratch.
	first bool
}

// slicesOf picks up to maxSlices intermediate states of a stream's first
// read: of equal consecutive states the last, not the final one, and not
// one emitted before any record (reading from it is reading from scratch).
func slicesOf(states []checkpointMsg) []resumePoint {
	total := 0
	for _, st := range states {
		total += int(st.count)
	}
	var cands []resumePoint
	cum := 0
	for i, st := range states[:max(len(states)-1, 0)] {
		cum += int(st.count)
		if canonicalJSON(states[i+1].state) == canonicalJSON(st.state) || cum == 0 {
			continue
		}
		cands = append(cands, resumePoint{state: st.state, after: total - cum, first: len(cands) == 0})
	}
	if len(cands) <= maxSlices {
		return cands
	}
	picked := make([]resumePoint, maxSlices)
	for i := range picked {
		picked[i] = cands[i*len(cands)/maxSlices]
	}
	return picked
}

// sequentialSlices re-reads from intermediate states, as a sync resumed
// after a failure would: each read must emit at least the records the
// first read emitted after that state (else a resumed sync loses them),
// and, but from the first state, not the same records as from scratch.
// Streams are independent, so one read serves the k-th state of every
// stream.
func (inc incrementalRun) sequentialSlices(t *testing.T, first readOutput) {
	byStream := map[string][]resumePoint{}
	rounds := 0
	for _, name := range inc.cat.names() {
		byStream[name] = slicesOf(first.states[name])
		rounds = max(rounds, len(byStream[name]))
	}
	for k := range rounds {
		var names []string
		var state []any
		for _, name := range inc.cat.names() {
			if ss := byStream[name]; k < len(ss) {
				names = append(names, name)
				state = append(state, streamState(name, ss[k].state))
			}
		}
		out := inc.read(t, inc.cat.only(names...), state)
		for _, name := range names {
			sl := byStream[name][k]
			if got := len(out.records[name]); got < sl.after {
				t.Errorf("stream %s resumed from state %s: %d records, but the first read emitted %d after that state", name, sl.state, got, sl.after)
			}
			if !sl.first && slices.Equal(dataOf(first.records[name], nil), dataOf(out.records[name], nil)) {
				t.Errorf("stream %s resumed from state %s: the same records as from scratch", name, sl.state)
			}
		}
	}
	n := 0
	for _, ss := range byStream {
		n += len(ss)
	}
	t.Logf("resumed from %d intermediate states in %d reads", n, rounds)
}

// stateFile decodes a per-stream state file, as the platform passes it to
// read: each stream's state by name.
func stateFile(t *testing.T, raw []byte) map[string]json.RawMessage {
	t.Helper()
	var msgs []struct {
		Type   string `json:"type"`
		Stream struct {
			Descriptor struct {
				Name string `json:"name"`
			} `json:"stream_descriptor"`
			State json.RawMessage `json:"stream_state"`
		} `json:"stream"`
	}
	if err := json.Unmarshal(raw, &msgs); err != nil {
		t.Fatalf("state file: %v", err)
	}
	out := map[string]json.RawMessage{}
	for _, m := range msgs {
		if m.Type != "STREAM" || m.Stream.Descriptor.Name == "" {
			t.Fatalf("state file: a message of type %q for stream %q; want STREAM states", m.Type, m.Stream.Descriptor.Name)
		}
		out[m.Stream.Descriptor.Name] = m.Stream.State
	}
	return out
}

// futureState reads from states far in the future: no records, at least
// one STATE, and no state moving back from the one given.
func (inc incrementalRun) futureState(t *testing.T, raw []byte, missing []bypassedStream) {
	given := stateFile(t, raw)
	for _, name := range inc.cat.names() {
		if _, ok := given[name]; !ok && !slices.ContainsFunc(missing, func(b bypassedStream) bool { return b.Name == name }) {
			t.Errorf("future state has no state for %s and missing_streams does not bypass it", name)
		}
	}
	r := connector(t, map[string]any{"config": inc.cfg, "catalog": inc.cat, "state": raw}, "read")
	if r.code != 0 {
		t.Fatalf("read exit %d: %v", r.code, r.errors())
	}
	out, err := parseOutput(r)
	if err != nil {
		t.Fatal(err)
	}
	for name, recs := range out.records {
		t.Errorf("stream %s emitted %d records from a future state, e.g. %s", name, len(recs), clipped(recs[0].data))
	}
	if len(out.states) == 0 {
		t.Fatal("no STATE from a future state")
	}
	for name, ss := range out.states {
		cursor := inc.cursor(name)
		in, ok := cursorIn(given[name], cursor)
		if !ok {
			continue
		}
		for _, st := range ss {
			if got, _ := cursorIn(st.state, cursor); got < in {
				t.Errorf("stream %s: state %s moved back from the given %d", name, st.state, in)
			}
		}
	}
}

// sampleState reads from sample_state.json: records only at or after each
// stream's cursor, and fewer than from scratch but some.
func (inc incrementalRun) sampleState(t *testing.T, raw []byte, first readOutput) {
	states := stateFile(t, raw)
	out := inc.read(t, inc.cat, json.RawMessage(raw))
	n, all := 0, 0
	for _, name := range inc.cat.names() {
		if st, ok := states[name]; ok {
			inc.checkAfterCursor(t, name, st, out.records[name])
		}
		n += len(out.records[name])
		all += len(first.records[name])
	}
	if n == 0 || n >= all {
		t.Errorf("from %s: %d records, from scratch %d; want some, and fewer", sampleStatePath, n, all)
	}
}
