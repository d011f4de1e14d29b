package streams_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// activityServer is a fake with more logs than one page of the search.
func activityServer(t *testing.T) *fakeintercom.Server {
	srv := fakeintercom.New(fakeintercom.Options{Seed: 12, Size: fakeintercom.Tiny, Token: token})
	for len(srv.Records("activity_logs")) <= 2*250 {
		srv.AddActivityLog()
	}
	return srv
}

// TestActivityLogsTakeTheFewestRequests: on API 2.16 the logs come from
// their search, 250 a page, one request a page and none for spans without
// logs; on 2.11, from the list's windows.
func TestActivityLogsTakeTheFewestRequests(t *testing.T) {
	t.Parallel()
	s, _ := streams.Lookup("activity_logs")
	srv := activityServer(t)
	want := keysOf(decoded(t, srv, s.Name), s.PrimaryKey)
	r := read(t, srv, s, airbyte.FullRefresh, nil)
	if got := keysOf(r.records, s.PrimaryKey); !slices.Equal(got, want) {
		t.Fatalf("read %d logs, the fake holds %d (%s)", len(got), len(want), firstDiff(got, want))
	}
	pages := (len(want) + 249) / 250
	if got := requestsOf(srv); got["POST /admins/activity_logs/search"] != pages || len(got) != 1 {
		t.Errorf("requests %v, want %d searches and nothing else", got, pages)
	}

	old := activityServer(t)
	r = read(t, old, s, airbyte.FullRefresh, nil, func(env *engine.Env) { env.Config.IntercomVersion = "2.11" })
	if got := keysOf(r.records, s.PrimaryKey); !slices.Equal(got, want) {
		t.Fatalf("2.11: read %d logs, the fake holds %d (%s)", len(got), len(want), firstDiff(got, want))
	}
	if got := requestsOf(old); got["GET /admins/activity_logs"] < pages || len(got) != 1 {
		t.Errorf("2.11: requests %v, want the list's only", got)
	}
}

// TestActivityLogsCreatedDuringTheReadLoseNothing: logs created between
// two pages push the older ones down a page; every log there was when the
// read began is read, none twice, and the checkpoint stays at the read's
// start, so the new ones come next time.
func TestActivityLogsCreatedDuringTheReadLoseNothing(t *testing.T) {
	t.Parallel()
	s, _ := streams.Lookup("activity_logs")
	srv := activityServer(t)
	want := keysOf(decoded(t, srv, s.Name), s.PrimaryKey)
	added := false
	var fresh []string
	srv.OnServed(func(r fakeintercom.Request) {
		if r.Path == "/admins/activity_logs/search" && !added {
			added = true
			for range 7 {
				fresh = append(fresh, srv.AddActivityLog())
			}
		}
	})
	r := read(t, srv, s, airbyte.Incremental, nil)
	srv.OnServed(nil)
	got := keysOf(r.records, s.PrimaryKey)
	if len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Errorf("a log was written twice")
	}
	for _, k := range want {
		if _, found := slices.BinarySearch(got, k); !found {
			t.Fatalf("log %s, there when the read began, was not read", k)
		}
	}
	final, _ := json.Marshal(r.states[len(r.states)-1])
	again := read(t, srv, s, airbyte.Incremental, final)
	next := keysOf(again.records, s.PrimaryKey)
	for _, id := range fresh {
		if k := "[" + id + "]"; !slices.Contains(next, k) && !slices.Contains(got, k) {
			t.Errorf("log %s, created during the read, was read neither then nor next time", id)
		}
	}
}
