package streams_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/engine/enginetest"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// TestScrollHeldOrFailingIsSurvived: a scroll that fails midway is
// restarted without emitting a company twice, and a scroll held by another
// app is waited for until it frees (after three refusals), polling every
// millisecond instead of every ten seconds.
func TestScrollHeldOrFailingIsSurvived(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 2, Size: fakeintercom.Tiny, Token: token})
	s, _ := streams.Lookup("companies")
	want := keysOf(decoded(t, srv, "companies"), s.PrimaryKey)
	poll := func(env *engine.Env) {
		env.Scroll = intercom.ScrollOptions{PollEvery: time.Millisecond, BusyWait: time.Minute}
	}

	srv.FailScrollOnce(1)
	r := read(t, srv, s, airbyte.FullRefresh, nil, poll)
	if got := keysOf(r.records, s.PrimaryKey); len(r.failed) > 0 || !slices.Equal(got, want) {
		t.Errorf("after a 500 mid-scroll: %d companies (want %d, each once), failures %v", len(got), len(want), r.failed)
	}

	srv.HoldScrollFor(3)
	srv.ResetRequests()
	r = read(t, srv, s, airbyte.FullRefresh, nil, poll)
	if got := keysOf(r.records, s.PrimaryKey); len(r.failed) > 0 || !slices.Equal(got, want) {
		t.Errorf("with the scroll held by another app: %d companies, failures %v", len(got), r.failed)
	}
	refused := 0
	for _, req := range srv.Requests() {
		if req.Path == intercom.PathCompaniesScroll && req.Status == 400 {
			refused++
		}
	}
	if refused != 3 {
		t.Errorf("%d openings refused, want the hold's 3", refused)
	}
}

// TestCompaniesEstimateFromTheList: the scroll gives no count, so a read
// of companies from start_date asks the companies list for its
// total_count (one request, one record) and estimates with it: the
// companies that have contacts, as Intercom lists only those. A read from
// a state asks nothing, and a child of companies read alone estimates
// only its own rows.
func TestCompaniesEstimateFromTheList(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 38, Size: fakeintercom.Tiny, Token: token})
	withContacts := map[string]bool{}
	for _, r := range decoded(t, srv, "company_contacts") {
		withContacts[r["company_id"].(string)] = true
	}
	listed := func() (n int) {
		for _, r := range srv.Requests() {
			if r.Path == intercom.PathCompaniesList {
				n++
			}
		}
		return n
	}
	// The count runs beside the scroll and is dropped if the scroll ends
	// first (an estimate after the records is of no use), which a tiny
	// workspace's three pages may do on a loaded machine: the scroll's
	// next pages are answered once the estimate is in (at most 5 s each).
	estimated := make(chan struct{})
	var once sync.Once
	srv.OnServed(func(r fakeintercom.Request) {
		if r.Path == intercom.PathCompaniesScroll && strings.Contains(r.RawQuery, "scroll_param") {
			select {
			case <-estimated:
			case <-time.After(5 * time.Second):
			}
		}
	})
	signal := func(env *engine.Env) {
		estimate := env.Estimator
		env.Estimator = func(stream string, rows int64) {
			estimate(stream, rows)
			if stream == "companies" {
				once.Do(func() { close(estimated) })
			}
		}
	}
	s, _ := streams.Lookup("companies")
	res := enginetest.Read(t, srv, token, enginetest.Options{Mode: airbyte.FullRefresh, Tweak: signal}, s)
	srv.OnServed(nil)
	if len(res.Failed) > 0 {
		t.Fatal(res.Failed[0].Failure)
	}
	got, ok := res.Estimates()["companies"]
	if !ok || got != int64(len(withContacts)) || len(withContacts) == 0 || listed() != 1 {
		t.Fatalf("estimate %d (given: %v), want the %d companies with contacts; %d list requests, want 1", got, ok, len(withContacts), listed())
	}
	if n := len(res.Records("companies")); int64(n) < got {
		t.Errorf("%d companies read, fewer than the estimate %d", n, got)
	}

	state := json.RawMessage(`{"updated_at": ` + strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10) + `}`)
	res = enginetest.Read(t, srv, token, enginetest.Options{States: map[string]json.RawMessage{"companies": state}}, s)
	if _, ok := res.Estimates()["companies"]; ok || listed() != 1 {
		t.Errorf("a read from a state estimated companies or asked the list (%d list requests)", listed())
	}

	segs, _ := streams.Lookup("company_segments")
	res = enginetest.Read(t, srv, token, enginetest.Options{Mode: airbyte.FullRefresh}, segs)
	if _, ok := res.Estimates()["companies"]; ok || listed() != 1 {
		t.Errorf("company_segments alone estimated companies or asked the list (%d list requests)", listed())
	}
}
