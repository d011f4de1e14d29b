package streams_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/engine/enginetest"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// families groups the streams built on a parent's records under the
// parent's name.
func families() map[string][]engine.Stream {
	out := map[string][]engine.Stream{}
	for _, s := range streams.All() {
		if c, ok := s.Source.(engine.Child); ok {
			out[c.Of.Name] = append(out[c.Of.Name], s)
		}
	}
	return out
}

// requestsOf counts a read's requests by method and path.
func requestsOf(srv *fakeintercom.Server) map[string]int {
	out := map[string]int{}
	for _, r := range srv.Requests() {
		out[r.Method+" "+r.Path]++
	}
	return out
}

// TestFamilyReadsItsParentOnce: a parent read with its children (or
// children read together) reads the parent once. The read returns, for
// every stream, the fake's records, and makes exactly the requests of the
// parent read alone plus each child's own (those a child read alone makes
// beyond reading the parent).
func TestFamilyReadsItsParentOnce(t *testing.T) {
	t.Parallel()
	fams := families()
	if len(fams) == 0 {
		t.Fatal("no stream is built on a parent")
	}
	for parentName, children := range fams {
		parent, ok := streams.Lookup(parentName)
		if !ok {
			t.Fatalf("%s: no parent stream %s", children[0].Name, parentName)
		}
		t.Run(parentName, func(t *testing.T) {
			t.Parallel()
			fresh := func() *fakeintercom.Server {
				return fakeintercom.New(fakeintercom.Options{Seed: 33, Size: fakeintercom.Tiny, Token: token})
			}
			srv := fresh()
			readAlone(t, srv, parent)
			want := requestsOf(srv)
			// The parent's pages, without what completing its records
			// costs: a child's own requests may share a path with those
			// (a contact's notes), and count all the same.
			pages := parent
			pages.Complete = nil
			srv = fresh()
			readAlone(t, srv, pages)
			pagePaths, wholePaths := maps(requestsOf(srv)), maps(want)
			for _, c := range children {
				srv := fresh()
				readAlone(t, srv, c)
				// A child of completed parents (a contact's whole tags)
				// shares the completion too.
				parentPaths := pagePaths
				if c.Source.(engine.Child).Whole {
					parentPaths = wholePaths
				}
				for k, n := range requestsOf(srv) {
					if !parentPaths[k] {
						want[k] += n
					}
				}
			}
			for _, set := range [][]engine.Stream{append([]engine.Stream{parent}, children...), children} {
				if len(set) < 2 {
					continue
				}
				srv := fresh()
				res := enginetest.Read(t, srv, token, enginetest.Options{Mode: airbyte.FullRefresh}, set...)
				if len(res.Failed) > 0 {
					t.Fatalf("%s: %v", res.Failed[0].Stream, res.Failed[0].Failure)
				}
				for _, s := range set {
					wantKeys := keysOf(decoded(t, srv, s.Name), s.PrimaryKey)
					if got := keysOf(res.Records(s.Name), s.PrimaryKey); len(wantKeys) == 0 || !slices.Equal(got, wantKeys) {
						t.Errorf("%s read with %s: %d records, the fake holds %d (%v)", s.Name, names(set), len(got), len(wantKeys), firstDiff(got, wantKeys))
					}
				}
				if set[0].Name != parentName {
					continue // children alone: the parent's own records are not read
				}
				if got := requestsOf(srv); !equalCounts(got, want) {
					t.Errorf("%s read together: requests differ from the parent's plus each child's own:\n%s", names(set), countDiff(got, want))
				}
			}
		})
	}
}

// TestChildAheadOfItsParentGetsItsOwnChanges: when the child's state lags
// its parent's, the shared read gives each stream what its own state
// asks: the parent only its records changed since its cursor, the child
// the children of every parent changed since its own.
func TestChildAheadOfItsParentGetsItsOwnChanges(t *testing.T) {
	t.Parallel()
	for parentName, children := range families() {
		parent, _ := streams.Lookup(parentName)
		if parent.Cursor == "" {
			continue
		}
		t.Run(parentName, func(t *testing.T) {
			t.Parallel()
			srv := fakeintercom.New(fakeintercom.Options{Seed: 34, Size: fakeintercom.Tiny, Token: token})
			var cursors []int64
			for _, rec := range decoded(t, srv, parentName) {
				cursors = append(cursors, int64(rec[parent.Cursor].(float64)))
			}
			slices.Sort(cursors)
			late, early := cursors[len(cursors)*3/4], cursors[len(cursors)/4]
			states := map[string]json.RawMessage{parentName: json.RawMessage(fmt.Sprintf(`{%q:%d}`, parent.Cursor, late))}
			for _, c := range children {
				if c.Cursor != "" { // full-refresh children read everything
					states[c.Name] = json.RawMessage(fmt.Sprintf(`{%q:%d,%q:{"updated_at":%d}}`, c.Cursor, early, parentName, early))
				}
			}
			set := append([]engine.Stream{parent}, children...)
			res := enginetest.Read(t, srv, token, enginetest.Options{States: states}, set...)
			if len(res.Failed) > 0 {
				t.Fatalf("%s: %v", res.Failed[0].Stream, res.Failed[0].Failure)
			}
			for _, rec := range res.Records(parentName) {
				if c := int64(rec[parent.Cursor].(float64)); c < late-lookback {
					t.Fatalf("%s record at %d, before its state %d", parentName, c, late)
				}
			}
			if len(res.Records(parentName)) == 0 {
				t.Errorf("no %s changed since %d read", parentName, late)
			}
			// Each child has the same records as when read alone from its state.
			for _, c := range children {
				mode := airbyte.Incremental
				if c.Cursor == "" {
					mode = airbyte.FullRefresh
				}
				alone := read(t, fakeintercom.New(fakeintercom.Options{Seed: 34, Size: fakeintercom.Tiny, Token: token}), c, mode, states[c.Name])
				got, want := keysOf(res.Records(c.Name), c.PrimaryKey), keysOf(alone.records, c.PrimaryKey)
				if !slices.Equal(got, want) || len(want) == 0 {
					t.Errorf("%s: %d records read with its parent, %d alone (%v)", c.Name, len(got), len(want), firstDiff(got, want))
				}
			}
		})
	}
}

// lookback is the default lookback window the harness's config keeps.
const lookback = 0

func readAlone(t *testing.T, srv *fakeintercom.Server, s engine.Stream) {
	t.Helper()
	if r := read(t, srv, s, airbyte.FullRefresh, nil); len(r.failed) > 0 {
		t.Fatalf("%s alone: %v", s.Name, r.failed[0].Failure)
	}
}

func maps(m map[string]int) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func names(ss []engine.Stream) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return fmt.Sprint(out)
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, n := range a {
		if b[k] != n {
			return false
		}
	}
	return true
}

func countDiff(got, want map[string]int) string {
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := ""
	for _, k := range keys {
		if got[k] != want[k] {
			out += fmt.Sprintf("  %s: %d, want %d\n", k, got[k], want[k])
		}
	}
	return out
}
