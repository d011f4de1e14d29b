package streams_test

import (
	"slices"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// TestScrollHeldOrFailingIsSurvived: a scroll that fails midway is
// restarted without emitting a company twice, and a scroll held by another
// app is waited for until it frees (after three refusals), polling every
// millisecond instead of every ten seconds.
func TestScrollHeldOrFailingIsSurvived(t *testing.T) {
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
