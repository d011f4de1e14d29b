package integration_tests

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// maxErrors bounds the errors reported per stream and check.
const maxErrors = 5

// basicRead reads the test's catalog once and checks the output: records
// valid against their discovered schemas, no stream empty without a
// reason, the expected records, stream statuses, states with stats, no
// secret in the output; then that a catalog the source cannot serve ends
// in an ERROR trace. Without configured_catalog_path (the rule at high
// strictness) the catalog is the discovered one, built as CAT builds it.
func (s *suite) basicRead(t *testing.T, bt basicReadTest) {
	discovered := s.discover(t, bt.ConfigPath)
	var cat configuredCatalog
	if bt.ConfiguredCatalogPath == "" {
		cat = catalogFromDiscovered(discovered, bt.EmptyStreams)
	} else {
		cat = s.catalogFile(t, bt.ConfiguredCatalogPath)
		for _, e := range catalogErrors(cat, discovered) {
			t.Errorf("%s: %s", bt.ConfiguredCatalogPath, e)
		}
	}
	if len(cat.Streams) == 0 {
		t.Fatal("the catalog to read has no stream")
	}
	_, url := s.workspace(t)
	cfg := s.config(t, bt.ConfigPath, url)
	r, out := readOK(t, map[string]any{"config": cfg, "catalog": cat})
	keys := primaryKeys(cat, discovered)
	exp := bt.ExpectRecords
	if *update && exp != nil && exp.Path != "" {
		writeExpectedRecords(t, s.cat.path(exp.Path), cat, out, keys)
	}
	if catOption(bt.ValidateSchema, true) {
		checkRecordsValid(t, out, discovered, catOption(bt.FailOnExtraColumns, true))
	}
	checkKeysPresent(t, out, discovered)
	for name := range out.records {
		if !slices.Contains(cat.names(), name) {
			t.Errorf("records of stream %s, which the catalog does not name", name)
		}
	}
	empty := map[string]bool{}
	for _, e := range bt.EmptyStreams {
		empty[e.Name] = true
	}
	for _, name := range cat.names() {
		switch n := len(out.records[name]); {
		case n == 0 && !empty[name]:
			t.Errorf("stream %s emitted no records and is not among empty_streams", name)
		case n > 0 && empty[name]:
			t.Errorf("stream %s emitted %d records: drop it from empty_streams", name, n)
		}
	}
	if exp != nil && exp.Path != "" {
		checkExpectedRecords(t, s.read(t, exp.Path), *exp, cat, out, keys)
	}
	if catOption(bt.ValidateStreamStatuses, true) {
		checkStatuses(t, r, cat.names())
	}
	if catOption(bt.ValidateStateMessages, true) {
		checkStates(t, out, cat.names())
	}
	noSecretsIn(t, r, cfg)
	if catOption(bt.ExpectTraceMessageOnFailure, true) {
		checkTraceOnFailure(t, cfg)
	}
}

// catalogFromDiscovered configures every discovered stream but the empty
// ones as CAT does at high strictness (utils/common.py,
// build_configured_catalog_from_discovered_catalog_and_empty_streams): the
// first supported sync mode, append, the default cursor and the source's
// primary key.
func catalogFromDiscovered(discovered []discoveredStream, empty []bypassedStream) configuredCatalog {
	var cat configuredCatalog
	for _, d := range discovered {
		if slices.ContainsFunc(empty, func(e bypassedStream) bool { return e.Name == d.Name }) || len(d.SupportedSyncModes) == 0 {
			continue
		}
		cat.Streams = append(cat.Streams, configuredStream{
			Stream:              d,
			SyncMode:            d.SupportedSyncModes[0],
			DestinationSyncMode: "append",
			CursorField:         d.DefaultCursorField,
			PrimaryKey:          d.SourceDefinedPrimaryKey,
		})
	}
	return cat
}

// primaryKeys maps each configured stream to its key: the catalog's, else
// the source-defined one.
func primaryKeys(cat configuredCatalog, discovered []discoveredStream) map[string][][]string {
	out := map[string][][]string{}
	for _, d := range discovered {
		out[d.Name] = d.SourceDefinedPrimaryKey
	}
	for _, cs := range cat.Streams {
		if len(cs.PrimaryKey) > 0 {
			out[cs.Stream.Name] = cs.PrimaryKey
		}
	}
	return out
}

// checkRecordsValid validates every record strictly against its stream's
// discovered schema.
func checkRecordsValid(t *testing.T, out readOutput, discovered []discoveredStream, failOnExtraColumns bool) {
	t.Helper()
	for _, d := range discovered {
		recs := out.records[d.Name]
		if len(recs) == 0 {
			continue
		}
		schema, err := compileSchema(d.Name, d.JSONSchema)
		if err != nil {
			t.Error(err)
			continue
		}
		bad := 0
		for i, rec := range recs {
			if err := schema.validate(rec.data, !failOnExtraColumns); err != nil {
				if bad++; bad <= maxErrors {
					t.Errorf("%s record %d does not match its schema: %v", d.Name, i, err)
				}
			}
		}
		if bad > maxErrors {
			t.Errorf("%s: %d records in all do not match the schema", d.Name, bad)
		}
	}
}

// checkKeysPresent wants every record to carry its primary key and cursor:
// a destination dedupes and orders on them.
func checkKeysPresent(t *testing.T, out readOutput, discovered []discoveredStream) {
	t.Helper()
	for _, d := range discovered {
		fields := slices.Clone(d.SourceDefinedPrimaryKey)
		if len(d.DefaultCursorField) > 0 {
			fields = append(fields, d.DefaultCursorField)
		}
		bad := 0
		for i, rec := range out.records[d.Name] {
			var v any = decodedObject(rec.data)
			for _, f := range fields {
				if fieldValue(v, f) == nil {
					if bad++; bad <= maxErrors {
						t.Errorf("%s record %d has no value at %v", d.Name, i, f)
					}
				}
			}
		}
	}
}

// fieldValue reads the value at a field path, nil if absent.
func fieldValue(v any, path []string) any {
	for _, f := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[f]
	}
	return v
}

// checkStatuses wants each stream's statuses to be STARTED, RUNNING (one
// or more), COMPLETE.
func checkStatuses(t *testing.T, r run, names []string) {
	t.Helper()
	got := r.statuses()
	for _, name := range names {
		st := got[name]
		ok := len(st) >= 3 && st[0] == "STARTED" && st[len(st)-1] == "COMPLETE"
		if ok {
			for _, x := range st[1 : len(st)-1] {
				ok = ok && x == "RUNNING"
			}
		}
		if !ok {
			t.Errorf("stream %s statuses %v, want STARTED, RUNNING, COMPLETE", name, st)
		}
	}
	for name := range got {
		if !slices.Contains(names, name) {
			t.Errorf("status for stream %s, which the catalog does not name", name)
		}
	}
}

// checkStates wants at least one STREAM state per stream, each with
// sourceStats, whose record counts add up to the records emitted.
func checkStates(t *testing.T, out readOutput, names []string) {
	t.Helper()
	for _, name := range names {
		ss := out.states[name]
		if len(ss) == 0 {
			t.Errorf("stream %s emitted no STATE", name)
			continue
		}
		total := 0.0
		for i, st := range ss {
			if !st.hasStats {
				t.Errorf("stream %s STATE %d has no sourceStats", name, i)
			}
			total += st.count
		}
		if int(total) != len(out.records[name]) {
			t.Errorf("stream %s: sourceStats.recordCount adds up to %v, but %d records were emitted", name, total, len(out.records[name]))
		}
	}
	for name := range out.states {
		if !slices.Contains(names, name) {
			t.Errorf("STATE for stream %s, which the catalog does not name", name)
		}
	}
}

// checkTraceOnFailure reads a catalog naming a stream that does not exist
// in a sync mode that does not exist: the source must fail with an ERROR
// trace, not silently or with a stack on stderr only.
func checkTraceOnFailure(t *testing.T, cfg map[string]any) {
	t.Helper()
	invalid := map[string]any{"streams": []any{map[string]any{
		"stream": map[string]any{
			"name":                 "__AIRBYTE__stream_that_does_not_exist",
			"json_schema":          map[string]any{"type": "object", "properties": map[string]any{"f1": map[string]any{"type": "string"}}},
			"supported_sync_modes": []string{"full_refresh"},
		},
		"sync_mode":             "INVALID",
		"destination_sync_mode": "INVALID",
	}}}
	r := connector(t, map[string]any{"config": cfg, "catalog": invalid}, "read")
	if r.code == 0 || len(r.errors()) == 0 {
		t.Errorf("read of an invalid catalog: exit %d, errors %v; want a non-zero exit and an ERROR trace", r.code, r.errors())
	}
}

// expectedRecord is one line of expected_records.jsonl.
type expectedRecord struct {
	Stream    string          `json:"stream"`
	Data      json.RawMessage `json:"data"`
	EmittedAt int64           `json:"emitted_at"`
}

// writeExpectedRecords rewrites the expected records from a read: the
// catalog's streams in order, each stream's records by primary key.
// emitted_at is the fixture clock's time, so that refreshing the file
// changes it only where data changed; the comparison ignores it.
func writeExpectedRecords(t *testing.T, path string, cat configuredCatalog, out readOutput, keys map[string][][]string) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, name := range cat.names() {
		recs := slices.Clone(out.records[name])
		sort.SliceStable(recs, func(i, j int) bool { return keyOf(recs[i].data, keys[name]) < keyOf(recs[j].data, keys[name]) })
		for _, rec := range recs {
			if err := enc.Encode(expectedRecord{Stream: name, Data: rec.data, EmittedAt: fixtureNow.UnixMilli()}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}

// keyOf renders a record's primary key.
func keyOf(data json.RawMessage, pk [][]string) string {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return ""
	}
	return key(m, pk)
}

// checkExpectedRecords matches the expected records to the emitted ones by
// primary key, as CAT does, and with exact_order wants each stream's
// records in the file's order. Beyond CAT, which only looks for the
// expected keys, it compares each record's data exactly and wants no record
// that the file does not have: the fixture workspace is deterministic, so
// any difference is a change of behaviour.
func checkExpectedRecords(t *testing.T, raw []byte, exp expectRecords, cat configuredCatalog, out readOutput, keys map[string][][]string) {
	t.Helper()
	want := map[string][]json.RawMessage{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var er expectedRecord
		if err := json.Unmarshal(sc.Bytes(), &er); err != nil || er.Stream == "" || len(er.Data) == 0 {
			t.Fatalf("%s line %d is not an expected record: %v", exp.Path, n, err)
		}
		want[er.Stream] = append(want[er.Stream], slices.Clone(er.Data))
	}
	for stream := range want {
		if !slices.Contains(cat.names(), stream) {
			t.Errorf("%s has records of stream %s, which the catalog does not read", exp.Path, stream)
		}
	}
	hint := "; if the fixture workspace changed on purpose, refresh with: go test ./integration_tests -run Acceptance -update"
	for _, name := range cat.names() {
		errs := streamRecordErrors(want[name], out.records[name], exp.ExactOrder, keys[name])
		for i, e := range errs {
			if i == maxErrors {
				t.Errorf("%s: %d differences in all%s", name, len(errs), hint)
				break
			}
			t.Errorf("%s: %s%s", name, e, hint)
		}
	}
}

func streamRecordErrors(want []json.RawMessage, got []emittedRecord, exactOrder bool, pk [][]string) []string {
	var errs []string
	byKey := map[string]int{}
	for i, g := range got {
		byKey[keyOf(g.data, pk)] = i
	}
	last := -1
	for _, w := range want {
		k := keyOf(w, pk)
		i, ok := byKey[k]
		if !ok {
			errs = append(errs, fmt.Sprintf("expected record %s was not emitted", k))
			continue
		}
		if exactOrder && i < last {
			errs = append(errs, fmt.Sprintf("record %s came out of the expected order", k))
		}
		last = i
		if d := recordDiff(w, got[i].data); d != "" {
			errs = append(errs, fmt.Sprintf("record %s differs: %s", k, d))
		}
	}
	if len(got) != len(want) {
		errs = append(errs, fmt.Sprintf("emitted %d records, expected exactly %d", len(got), len(want)))
	}
	return errs
}

// recordDiff compares expected and emitted data, field by top-level field,
// and describes the first difference.
func recordDiff(want, got json.RawMessage) string {
	w, g := decodedObject(want), decodedObject(got)
	fields := map[string]bool{}
	for k := range w {
		fields[k] = true
	}
	for k := range g {
		fields[k] = true
	}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		wb, _ := json.Marshal(w[k])
		gb, _ := json.Marshal(g[k])
		if !bytes.Equal(wb, gb) {
			return fmt.Sprintf("field %s: got %s, want %s", k, clipped(gb), clipped(wb))
		}
	}
	return ""
}

func decodedObject(data json.RawMessage) map[string]any {
	v, _ := decodeExact(data)
	m, _ := v.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// dropPath deletes a field given as a slash-separated path.
func dropPath(m map[string]any, path string) {
	parts := strings.Split(path, "/")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			return
		}
		m = next
	}
	delete(m, parts[len(parts)-1])
}

func clipped(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "..."
	}
	return string(b)
}

// fullRefresh reads the catalog, in full refresh, twice from the same
// workspace: the second read must emit the same records, each stamped
// later than every record of the first.
func (s *suite) fullRefresh(t *testing.T, ft fullRefreshTest) {
	cat := s.catalogFile(t, ft.ConfiguredCatalogPath)
	var full configuredCatalog
	for _, cs := range cat.Streams {
		if slices.Contains(cs.Stream.SupportedSyncModes, "full_refresh") {
			cs.SyncMode = "full_refresh"
			full.Streams = append(full.Streams, cs)
		}
	}
	_, url := s.workspace(t)
	files := map[string]any{"config": s.config(t, ft.ConfigPath, url), "catalog": full}
	_, first := readOK(t, files)
	_, second := readOK(t, files)
	var lastFirst, firstSecond int64 = 0, 1 << 62
	for _, name := range full.names() {
		for _, r := range first.records[name] {
			lastFirst = max(lastFirst, r.at)
		}
		for _, r := range second.records[name] {
			firstSecond = min(firstSecond, r.at)
		}
		a, b := dataOf(first.records[name], ft.IgnoredFields[name]), dataOf(second.records[name], ft.IgnoredFields[name])
		if !slices.Equal(a, b) {
			t.Errorf("stream %s: the second read emitted %d records, the first %d, and they differ", name, len(b), len(a))
		}
	}
	if lastFirst == 0 {
		t.Fatal("the first read emitted no records")
	}
	if firstSecond <= lastFirst {
		t.Errorf("emitted_at did not increase between reads: first read's last %d, second read's first %d", lastFirst, firstSecond)
	}
}

// dataOf lists records' data, without ignored fields, in canonical sorted form.
func dataOf(recs []emittedRecord, ignore []ignored) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		m := decodedObject(r.data)
		for _, f := range ignore {
			dropPath(m, f.Name)
		}
		b, _ := json.Marshal(m)
		out = append(out, string(b))
	}
	sort.Strings(out)
	return out
}

// TestCatalogFromDiscovered checks the catalog basic_read builds at high
// strictness: every discovered stream but the declared empty ones, in its
// first sync mode, appended, with its default cursor and primary key.
func TestCatalogFromDiscovered(t *testing.T) {
	t.Parallel()
	discovered := []discoveredStream{
		{Name: "tags", SupportedSyncModes: []string{"full_refresh"}, SourceDefinedPrimaryKey: [][]string{{"id"}}},
		{Name: "contacts", SupportedSyncModes: []string{"full_refresh", "incremental"}, DefaultCursorField: []string{"updated_at"}, SourceDefinedPrimaryKey: [][]string{{"id"}}},
		{Name: "teams", SupportedSyncModes: []string{"full_refresh"}},
	}
	cat := catalogFromDiscovered(discovered, []bypassedStream{{Name: "teams", BypassReason: "none in the workspace"}})
	if got := cat.names(); !slices.Equal(got, []string{"tags", "contacts"}) {
		t.Fatalf("streams %v, want tags and contacts", got)
	}
	c := cat.Streams[1]
	if c.SyncMode != "full_refresh" || c.DestinationSyncMode != "append" || !slices.Equal(c.CursorField, []string{"updated_at"}) || len(c.PrimaryKey) != 1 || c.PrimaryKey[0][0] != "id" {
		t.Errorf("contacts configured as %+v", c)
	}
}
