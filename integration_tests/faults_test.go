package integration_tests

import (
	"flag"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// long enables the slow variants: faults that never clear run through the
// whole retry budget, heavier fault rates, more kill points.
var long = flag.Bool("long", false, "run the slow fault, kill and signal tests (make test-long)")

func skipUnlessLong(t *testing.T) {
	t.Helper()
	if !*long {
		t.Skip("slow; run with -long (make test-long)")
	}
}

// workspaceAt starts a fake workspace whose clock stands an hour after its
// newest record.
func workspaceAt(t *testing.T, seed int64, size fakeintercom.Size) (*fakeintercom.Server, string, *fakeintercom.Clock) {
	t.Helper()
	probe := fakeintercom.New(fakeintercom.Options{Seed: seed, Size: size})
	clk := newClock(latestData(probe) + 3600)
	srv, url := fake(t, fakeintercom.Options{Seed: seed, Size: size, Clock: clk.Now})
	return srv, url, clk
}

// everyMode configures every stream, incremental where it can be.
func everyMode() map[string]any { return bestMode(allStreams()...) }

// bestMode configures the named streams, incremental where they can be.
func bestMode(names ...string) map[string]any {
	var configured []any
	for _, name := range names {
		s, _ := streams.Lookup(name)
		mode := "full_refresh"
		if s.Cursor != "" {
			mode = "incremental"
		}
		configured = append(configured, map[string]any{
			"stream":                map[string]any{"name": s.Name, "json_schema": map[string]any{}, "supported_sync_modes": []string{"full_refresh", "incremental"}},
			"sync_mode":             mode,
			"destination_sync_mode": "append",
		})
	}
	return map[string]any{"streams": configured}
}

// coverage compares what runs emitted, together, with the fake's records
// of each stream: the keys never emitted, and how many came more than once.
func coverage(srv *fakeintercom.Server, names []string, runs ...run) (lost []string, dups map[string]int, checked int) {
	dups = map[string]int{}
	emitted := make([]map[string][]map[string]any, len(runs))
	for i, r := range runs {
		emitted[i] = r.records()
	}
	for _, name := range names {
		s, _ := streams.Lookup(name)
		seen := map[string]int{}
		for _, recs := range emitted {
			for _, rec := range recs[name] {
				seen[key(rec, s.PrimaryKey)]++
			}
		}
		for _, want := range srv.Records(name) {
			checked++
			if seen[key(want, s.PrimaryKey)] == 0 {
				lost = append(lost, name+" "+key(want, s.PrimaryKey))
			}
		}
		for _, n := range seen {
			dups[name] += n - 1
		}
	}
	return lost, dups, checked
}

// randomFaults is a mix of every fault the connector must survive. The
// companies scroll is spared unless withScroll: a scroll page lost after
// Intercom served it makes the connector restart the scan, which must wait
// for the abandoned scroll to expire (a minute by the fake's clock, and
// the connector looks again every 10 seconds).
func randomFaults(seed uint64, rate float64, withScroll bool) fakeintercom.Faults {
	f := fakeintercom.Faults{
		Rate: rate, Burst: 2, Seed: seed, Delay: 300 * time.Millisecond,
		Kinds: []fakeintercom.Fault{
			fakeintercom.ServerError, fakeintercom.TooManyRequests, fakeintercom.ConnectionReset,
			fakeintercom.TruncatedBody, fakeintercom.NonJSONBody, fakeintercom.SlowResponse,
		},
		Match: func(r *http.Request) bool { return r.URL.Path != "/companies/scroll" },
	}
	if withScroll {
		// Opening a scroll is spared still: a lost opening answer leaves
		// the app's only scroll busy for a minute, before any page is read.
		f.Kinds = append(f.Kinds, fakeintercom.ScrollExpired, fakeintercom.ScrollFailed)
		f.Match = func(r *http.Request) bool {
			return r.URL.Path != "/companies/scroll" || r.URL.Query().Get("scroll_param") != ""
		}
	}
	return f
}

func TestRandomFaultsLoseNothing(t *testing.T) {
	t.Parallel()
	// By default one seed a mode (seed 1 full refresh, seed 2 incremental);
	// -long runs six seeds in both modes at a higher rate.
	seeds, rate := []uint64{1, 2}, 0.03
	if *long {
		seeds, rate = []uint64{1, 2, 3, 4, 5, 6}, 0.08
	}
	for i, seed := range seeds {
		for j, mode := range []string{"full_refresh", "incremental"} {
			if !*long && i != j {
				continue
			}
			t.Run(fmt.Sprintf("%s seed %d", mode, seed), func(t *testing.T) {
				t.Parallel()
				srv, url, clk := workspaceAt(t, int64(seed), fakeintercom.Tiny)
				if *long {
					// A scroll abandoned mid-read has expired by the
					// time the read looks again, as at Intercom.
					ageLeftScrolls(srv, clk)
				}
				srv.SetFaults(randomFaults(seed, rate, *long))
				names := allStreams()
				cat := catalog("full_refresh", names...)
				if mode == "incremental" {
					cat = everyMode()
				}
				// In-process, its waits handed to the fake's clock.
				r := readInProcess(t, clk, map[string]any{"config": config(url, nil), "catalog": cat})
				faults := srv.FaultsInjected()
				complete := names
				if r.code != 0 {
					// At -long's rate, bursts of faults on scroll pages can
					// use up a scan's restarts: the scan's streams end
					// INCOMPLETE with a transient error, a designed limit.
					// Every other stream must still complete.
					gaveUp := scanGaveUp(r)
					if !*long || gaveUp == nil {
						t.Fatalf("exit %d under %v: %v", r.code, faults, r.errors())
					}
					complete = slices.DeleteFunc(slices.Clone(names), func(n string) bool { return gaveUp[n] })
					t.Logf("the companies scan gave up after its restarts: %v", slices.Sorted(maps.Keys(gaveUp)))
				}
				lost, dups, checked := coverage(srv, complete, r)
				if len(lost) > 0 {
					t.Errorf("%d records lost under %v, e.g. %v", len(lost), faults, lost[:min(5, len(lost))])
				}
				for _, name := range complete {
					if st := r.statuses()[name]; !slices.Equal(st, []string{"STARTED", "RUNNING", "COMPLETE"}) {
						t.Errorf("%s: statuses %v", name, st)
					}
				}
				if faults.Total() == 0 {
					t.Error("no fault was injected; the test proves nothing")
				}
				t.Logf("%v injected in %d requests; %d records checked, none lost; read twice: %v", faults, len(srv.Requests()), checked, nonZero(dups))
			})
		}
	}
}

// scanGaveUp returns the streams whose only failure is the companies scan
// failing midway more often than its restarts allow, nil if any stream
// failed otherwise.
func scanGaveUp(r run) map[string]bool {
	out := map[string]bool{}
	for _, e := range r.errors() {
		sd, ok := e["stream_descriptor"].(map[string]any)
		if !ok {
			continue // the read's closing summary
		}
		if e["failure_type"] != "transient_error" || !strings.Contains(str(e["message"]), "scroll kept failing midway") {
			return nil
		}
		out[str(sd["name"])] = true
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func nonZero(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func TestRandomFaultsIncrementalCatchesEveryChange(t *testing.T) {
	t.Parallel()
	srv, url, clk := workspaceAt(t, 5, fakeintercom.Tiny)
	files := map[string]any{"config": config(url, nil), "catalog": catalog("incremental", incrementalStreams()...)}
	srv.SetFaults(randomFaults(9, 0.03, false))
	first := readInProcess(t, clk, files)
	if first.code != 0 {
		t.Fatalf("first read: exit %d %v", first.code, first.errors())
	}
	// An hour later, a change in every incremental stream.
	clk.Advance(time.Hour)
	mustHave := map[string][]string{}
	for _, stream := range []string{"contacts", "companies", "conversations", "tickets"} {
		recs := srv.Records(stream)
		for _, i := range []int{0, len(recs) / 2, len(recs) - 1} {
			id := str(recs[i]["id"])
			if err := srv.Update(stream, id, func(map[string]any) {}); err != nil {
				t.Fatal(err)
			}
			mustHave[stream] = append(mustHave[stream], id)
		}
	}
	convs := srv.Records("conversations")
	part, err := srv.AddConversationPart(str(convs[3]["id"]))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.DeleteConversation(str(convs[4]["id"])); err != nil {
		t.Fatal(err)
	}
	mustHave["conversation_parts"] = []string{part}
	mustHave["deleted_conversations"] = []string{str(convs[4]["id"])}
	mustHave["activity_logs"] = []string{srv.AddActivityLog()}
	clk.Advance(time.Hour)

	files["state"] = lastStates(first)
	second := readInProcess(t, clk, files)
	if second.code != 0 {
		t.Fatalf("second read: exit %d %v", second.code, second.errors())
	}
	checked := 0
	for stream, ids := range mustHave {
		var got []string
		for _, r := range second.records()[stream] {
			got = append(got, str(r["id"]))
		}
		for _, id := range ids {
			checked++
			if !slices.Contains(got, id) {
				t.Errorf("%s: the second read missed %s", stream, id)
			}
		}
	}
	t.Logf("%v injected over both reads; %d changed records checked, none missed", srv.FaultsInjected(), checked)
}

func TestScrollFaultsLoseNothing(t *testing.T) {
	t.Parallel()
	// Faults that end the scroll (or are refused before it moves on) cost
	// a restart, not a wait. Seed 4 makes five restarts over the two
	// scans, none more than the three a scan allows.
	srv, url, clk := workspaceAt(t, 4, fakeintercom.Tiny)
	srv.SetFaults(fakeintercom.Faults{Rate: 0.5, Seed: 4, Match: func(r *http.Request) bool { return r.URL.Query().Get("scroll_param") != "" },
		Kinds: []fakeintercom.Fault{fakeintercom.ScrollExpired, fakeintercom.ScrollFailed, fakeintercom.TooManyRequests}})
	names := []string{"companies", "company_segments"}
	r := readInProcess(t, clk, map[string]any{"config": config(url, nil), "catalog": catalog("incremental", names...)})
	if r.code != 0 {
		t.Fatalf("exit %d under %v: %v", r.code, srv.FaultsInjected(), r.errors())
	}
	lost, dups, checked := coverage(srv, names, r)
	if len(lost) > 0 || dups["companies"] != 0 || dups["company_segments"] != 0 {
		t.Errorf("lost %v, read twice %v", lost, dups)
	}
	t.Logf("%v in %d requests; %d records checked, none lost, none twice", srv.FaultsInjected(), len(srv.Requests()), checked)
}

func TestLostScrollPagesLoseNothing(t *testing.T) {
	t.Parallel()
	// A page lost after Intercom served it: the scan restarts once the
	// abandoned scroll expires (aged as the read polls for it).
	srv, url, clk := workspaceAt(t, 4, fakeintercom.Tiny)
	ageLeftScrolls(srv, clk)
	srv.SetFaults(fakeintercom.Faults{Rate: 1, Max: 2, Seed: 1, Match: func(r *http.Request) bool { return r.URL.Query().Get("scroll_param") != "" },
		Kinds: []fakeintercom.Fault{fakeintercom.TruncatedBody}})
	names := []string{"companies", "company_segments"}
	r := readInProcess(t, clk, map[string]any{"config": config(url, nil), "catalog": catalog("full_refresh", names...)})
	if r.code != 0 {
		t.Fatalf("exit %d under %v: %v", r.code, srv.FaultsInjected(), r.errors())
	}
	if lost, dups, checked := coverage(srv, names, r); len(lost) > 0 || dups["companies"] != 0 {
		t.Errorf("lost %v, read twice %v", lost, dups)
	} else {
		t.Logf("%v; %d records checked, none lost", srv.FaultsInjected(), checked)
	}
}

func TestExpiredScrollRestartsWithoutDuplicates(t *testing.T) {
	t.Parallel()
	srv, url := fake(t, fakeintercom.Options{Seed: 2, Size: fakeintercom.Tiny})
	srv.SetFaults(fakeintercom.Faults{Rate: 1, Max: 1, Kinds: []fakeintercom.Fault{fakeintercom.ScrollExpired}})
	r := connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("full_refresh", "companies", "company_segments")}, "read")
	if r.code != 0 {
		t.Fatalf("exit %d: %v", r.code, r.errors())
	}
	for _, name := range []string{"companies", "company_segments"} {
		s, _ := streams.Lookup(name)
		if got, want := keys(r.records()[name], s.PrimaryKey), keys(srv.Records(name), s.PrimaryKey); !slices.Equal(got, want) {
			t.Errorf("%s: %d records, want %d, each once", name, len(got), len(want))
		}
	}
	if srv.FaultsInjected()[fakeintercom.ScrollExpired] != 1 {
		t.Error("the scroll never expired")
	}
}

// neverClears checks a read in which one stream's endpoint fails for good:
// that stream ends INCOMPLETE with a transient_error naming what failed
// and what to do, the others complete with their STATE, the exit is 1.
func neverClears(t *testing.T, r run, srv *fakeintercom.Server, broken string, want ...string) {
	t.Helper()
	var healthy []string
	for name := range r.statuses() {
		if name != broken {
			healthy = append(healthy, name)
		}
	}
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	var streamErr map[string]any
	for _, e := range r.errors() {
		if sd, ok := e["stream_descriptor"].(map[string]any); ok && sd["name"] == broken {
			streamErr = e
		}
	}
	if streamErr == nil {
		t.Fatalf("no ERROR trace for %s: %v", broken, r.errors())
	}
	msg := str(streamErr["message"])
	if streamErr["failure_type"] != "transient_error" || !strings.Contains(msg, "run the sync again") {
		t.Errorf("%s error: %s %q", broken, streamErr["failure_type"], msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%s error %q does not say %q", broken, msg, w)
		}
	}
	for name, st := range r.statuses() {
		final := st[len(st)-1]
		switch {
		case name == broken && final != "INCOMPLETE":
			t.Errorf("%s ended %s", name, final)
		case name != broken && final != "COMPLETE":
			t.Errorf("%s ended %s, though its endpoint works", name, final)
		case name != broken && len(r.states()[name]) == 0:
			t.Errorf("%s completed without a STATE", name)
		}
	}
	if len(r.states()[broken]) != 0 {
		t.Errorf("%s emitted STATE %v though it read nothing", broken, r.states()[broken])
	}
	if lost, _, _ := coverage(srv, healthy, r); len(lost) > 0 {
		t.Errorf("healthy streams lost %v", lost)
	}
}

func TestRateLimitThatNeverClears(t *testing.T) {
	t.Parallel()
	// The same read in-process, its waits handed to the fake's clock, is
	// TestFaultsThatNeverClearFailOnlyTheirStream's "429 storm"; this
	// one waits out the windows in real time (about 11 s).
	skipUnlessLong(t)
	srv, url, _ := workspaceAt(t, 3, fakeintercom.Tiny)
	srv.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.TooManyRequests}, Match: fakeintercom.PathPrefix("/tickets/search")})
	start := time.Now()
	r := connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("incremental", "tickets", "contacts", "conversations")}, "read")
	neverClears(t, r, srv, "tickets", "/tickets/search", "429")
	t.Logf("exit %d after %s and %v", r.code, time.Since(start).Round(time.Millisecond), srv.FaultsInjected())
}

func TestServerErrorThatNeverClears(t *testing.T) {
	t.Parallel()
	skipUnlessLong(t)
	srv, url, _ := workspaceAt(t, 3, fakeintercom.Tiny)
	srv.SetFaults(fakeintercom.Faults{Rate: 1, Status: http.StatusServiceUnavailable, Match: fakeintercom.PathPrefix("/tickets/search")})
	start := time.Now()
	r := connector(t, map[string]any{"config": config(url, nil), "catalog": bestMode("tickets", "contacts", "articles", "admins")}, "read")
	took := time.Since(start)
	neverClears(t, r, srv, "tickets", "/tickets/search", "503")
	// Eight retries backing off from 1s, each wait capped at 60s.
	if took > 4*time.Minute {
		t.Errorf("took %s to give up", took)
	}
	t.Logf("gave up after %s and %v", took.Round(time.Second), srv.FaultsInjected())
}

func TestHugeBodyIsRefusedWithinBoundedMemory(t *testing.T) {
	t.Parallel()
	srv, url := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny})
	srv.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.HugeBody}, Match: fakeintercom.PathPrefix("/admins"), HugeBytes: 4 << 30})
	r, rss := connectorPeak(t, map[string]any{"config": config(url, nil), "catalog": catalog("full_refresh", "admins", "teams", "articles")}, "read")
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	errs := r.errors()
	if len(errs) == 0 || errs[0]["failure_type"] != "system_error" || !strings.Contains(str(errs[0]["message"]), "over 4 MiB") || !strings.Contains(str(errs[0]["message"]), "/admins") {
		t.Errorf("errors %v", errs)
	}
	st := r.statuses()
	if st["admins"][len(st["admins"])-1] != "INCOMPLETE" || st["teams"][len(st["teams"])-1] != "COMPLETE" || st["articles"][len(st["articles"])-1] != "COMPLETE" {
		t.Errorf("statuses %v", st)
	}
	// The cap is 4 MiB when the connector follows the limit (1 GiB shared
	// by up to 208 requests), held once while the body is read (it used to
	// be about four times); the body offered was 4 GiB.
	if rss > 128<<20 {
		t.Errorf("peak memory %d MiB while refusing a 4 GiB body", rss>>20)
	}
	t.Logf("a 4 GiB answer refused at the 4 MiB cap; peak memory %d MiB", rss>>20)
}

// TestHugeBodiesInParallelStayWithinTheBudget: oversized answers to many
// requests in flight at once (every conversation a stream fetches, 64 at a
// time) are each refused at the cap, so together they never hold more than
// the 1 GiB the bodies share (the cap used to cost four times over, which
// took such a read to 1.4 GiB and more).
func TestHugeBodiesInParallelStayWithinTheBudget(t *testing.T) {
	t.Parallel()
	srv, url := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny})
	srv.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.HugeBody}, HugeBytes: 100 << 20,
		Match: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/conversations/")
		}})
	r, rss := connectorPeak(t, map[string]any{"config": config(url, map[string]any{"num_workers": 64}), "catalog": catalog("full_refresh", "conversation_parts")}, "read")
	errs := r.errors()
	if r.code != 1 || len(errs) == 0 || errs[0]["failure_type"] != "system_error" || !strings.Contains(str(errs[0]["message"]), "over 16 MiB") {
		t.Fatalf("exit %d, errors %v: want a system_error naming the 16 MiB cap of 64 requests in flight", r.code, errs)
	}
	if served := srv.FaultsInjected().Total(); served < 2 {
		t.Fatalf("%d huge answers served; the test needs several at once", served)
	}
	if rss > intercom.BodyBudget+64<<20 {
		t.Errorf("peak memory %d MiB with %d huge answers in flight, over the %d MiB bodies share", rss>>20, srv.FaultsInjected().Total(), intercom.BodyBudget>>20)
	}
	t.Logf("%d answers of 100 MiB to 64 requests in flight, refused at 16 MiB each; peak memory %d MiB", srv.FaultsInjected().Total(), rss>>20)
}
