package integration_tests

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// rereadWhole are the streams a killed read re-reads from their start: a
// scan cannot resume midway (companies and what hangs off them, deleted
// conversations, segments), and full refresh streams carry no cursor.
func rereadWhole(name string) bool {
	s, _ := streams.Lookup(name)
	return s.Cursor == "" || slices.Contains([]string{"companies", "company_segments", "deleted_conversations", "segments"}, name)
}

// resumedFrom reads the cursors a state file resumes each stream from.
func resumedFrom(states []any) map[string]int64 {
	from := map[string]int64{}
	for _, st := range states {
		m := st.(map[string]any)
		name := str(m["stream"].(map[string]any)["stream_descriptor"].(map[string]any)["name"])
		if s, _ := streams.Lookup(name); s.Cursor != "" {
			from[name] = resumeCursor(name, m)
		}
	}
	return from
}

// partsOfBiggestN is the number of parts of the n conversations with the
// most.
func partsOfBiggestN(srv *fakeintercom.Server, n int) int {
	per := map[string]int{}
	for _, p := range srv.Records("conversation_parts") {
		per[idString(p["conversation_id"])]++
	}
	counts := slices.Collect(maps.Values(per))
	slices.SortFunc(counts, func(a, b int) int { return b - a })
	total := 0
	for _, c := range counts[:min(n, len(counts))] {
		total += c
	}
	return total
}

// partsOfBiggest is the number of parts of the conversation with the most.
func partsOfBiggest(srv *fakeintercom.Server) int {
	per := map[string]int{}
	most := 0
	for _, p := range srv.Records("conversation_parts") {
		id := idString(p["conversation_id"])
		per[id]++
		most = max(most, per[id])
	}
	return most
}

func TestKilledAtRandomPointsAndResumed(t *testing.T) {
	t.Parallel()
	// By default two seeds, killed once each; -long kills ten seeds four
	// times each.
	seeds, kills := []uint64{1, 2}, 1
	if *long {
		seeds, kills = []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 4
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			probe := fakeintercom.New(fakeintercom.Options{Seed: int64(seed), Size: fakeintercom.Tiny})
			clk := newClock(latestData(probe) + 3600)
			// A little latency spreads the read over a second or so, so
			// that a kill lands near its record count, not after a read
			// already written whole into the pipe.
			srv, url := fake(t, fakeintercom.Options{Seed: int64(seed), Size: fakeintercom.Tiny, Clock: clk.Now, Latency: 3 * time.Millisecond})
			ageLeftScrolls(srv, clk)
			files := map[string]any{"config": config(url, nil), "catalog": everyMode()}
			rng := rand.New(rand.NewPCG(seed, 42))

			var runs []run
			killed, checked := 0, 0
			for k := range kills {
				// The read is killed once it has written a random share
				// of the records it would write uninterrupted: all the
				// fake's records at first, and after that as many as an
				// uninterrupted read from the state now writes.
				total := 0
				if k == 0 {
					for _, name := range allStreams() {
						total += len(srv.Records(name))
					}
				} else {
					probe := connector(t, files, "read")
					if probe.code != 0 {
						t.Fatalf("uninterrupted read: exit %d %v", probe.code, probe.errors())
					}
					total = len(probe.ofType("RECORD"))
					srv.WaitIdle(10 * time.Second)
				}
				at := int(float64(total) * (0.05 + 0.9*rng.Float64()))
				from := map[string]int64{}
				if st, ok := files["state"].([]any); ok {
					from = resumedFrom(st)
				}
				p := startConnector(t, files, "read")
				// Killed once it has written at records (or not, if it
				// ends first).
				if p.await(`{"type":"RECORD"`, at, time.Minute) {
					_ = p.cmd.Process.Signal(syscall.SIGKILL)
				}
				r, _, _ := p.finish(t, 30*time.Second)
				if r.code != 0 {
					killed++
				}
				checked += checkpointsHonest(t, srv, r, from)
				runs = append(runs, r)
				t.Logf("run %d killed after %d records: %d records written, %d states", k+1, at, len(r.ofType("RECORD")), len(r.ofType("STATE")))
				// The killed read may have left the app's scroll open:
				// Intercom lets it expire after a minute.
				srv.WaitIdle(10 * time.Second)
				srv.ExpireScroll()
				files["state"] = lastStates(runs...)
			}
			last := connector(t, files, "read")
			if last.code != 0 {
				t.Fatalf("final read: exit %d %v", last.code, last.errors())
			}
			checked += checkpointsHonest(t, srv, last, resumedFrom(files["state"].([]any)))
			runs = append(runs, last)

			lost, dups, n := coverage(srv, allStreams(), runs...)
			if len(lost) > 0 {
				t.Errorf("%d records lost, e.g. %v", len(lost), lost[:min(5, len(lost))])
			}
			// Each read after the first re-reads about a page per stream,
			// or the whole of a scan that cannot resume. A child of a
			// search checkpoints with its parent's pages (the search its
			// parent stream reads, shared): conversation parts re-read the
			// parts of up to a page or two of conversations.
			unit := partsOfBiggest(srv)
			for name, d := range dups {
				bound := kills * (2*150 + unit)
				switch {
				case rereadWhole(name):
					bound = kills * len(srv.Records(name))
				case name == "conversation_parts":
					bound = kills * partsOfBiggestN(srv, 2*150)
				}
				if d > bound {
					t.Errorf("%s: %d records read twice in %d resumed reads, more than %d", name, d, kills, bound)
				}
			}
			t.Logf("%d of %d runs killed; %d records checked, none lost; %d checkpoint claims held; read twice: %v", killed, kills, n, checked, nonZero(dups))
		})
	}
}
