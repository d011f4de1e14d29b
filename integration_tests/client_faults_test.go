package integration_tests

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source"
)

// The connector waits seconds to minutes between retries; these tests run
// the same code in this process on the fake's clock, which moves on by each
// wait instead of the test sleeping it: the client against the faulty fake,
// and the read command.

// clockedFake is a tiny fake for seed on a clock of its own, which ages a
// scroll left open by a minute each time a new one is refused (as a real
// minute would while the client polls).
func clockedFake(t *testing.T, seed int64) (*fakeintercom.Server, string, *fakeintercom.Clock) {
	t.Helper()
	clk := newClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	srv, url := fake(t, fakeintercom.Options{Seed: seed, Size: fakeintercom.Tiny, Clock: clk.Now})
	ageLeftScrolls(srv, clk)
	return srv, url, clk
}

// quickClient is the connector's client (its retries and rate governor,
// four retries) on clk, with a per-attempt timeout of perAttempt, which
// is real time.
func quickClient(t *testing.T, url string, perAttempt time.Duration, clk *fakeintercom.Clock) *intercom.Client {
	t.Helper()
	gov := intercom.NewGovernor(intercom.GovernorOptions{Concurrency: 8, Timeout: perAttempt, Now: clk.Now, Wait: clk.Wait})
	hc := intercom.NewHTTPClient(intercom.RetryOptions{MaxRetries: 4, Governor: gov, Now: clk.Now, Wait: clk.Wait})
	c, err := intercom.New(token, intercom.WithBaseURL(url), intercom.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSlowAnswersTimeOutAndAreRetried(t *testing.T) {
	t.Parallel()
	srv, url, clk := clockedFake(t, 1)
	c := quickClient(t, url, 500*time.Millisecond, clk)

	srv.SetFaults(fakeintercom.Faults{Rate: 1, Max: 2, Kinds: []fakeintercom.Fault{fakeintercom.SlowResponse}, Delay: 20 * time.Second})
	start := time.Now()
	l, err := c.GetList(context.Background(), "/admins", nil, "admins")
	if err != nil || len(l.Items) != len(srv.Records("admins")) {
		t.Fatalf("after two slow answers: %v", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %s: the per-attempt timeout did not cut the slow answers short", took)
	}

	srv.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.SlowResponse}, Delay: 20 * time.Second})
	_, err = c.GetList(context.Background(), "/admins", nil, "admins")
	var re *intercom.RequestError
	if !errors.As(err, &re) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("an answer that is always too slow: err = %v", err)
	}
	if !srv.WaitIdle(10 * time.Second) {
		t.Error("abandoned requests still run")
	}
}

func TestEveryTransientFaultIsRetriedByTheClient(t *testing.T) {
	t.Parallel()
	for _, kind := range []fakeintercom.Fault{
		fakeintercom.ServerError, fakeintercom.TooManyRequests, fakeintercom.ConnectionReset,
		fakeintercom.TruncatedBody, fakeintercom.NonJSONBody,
	} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			srv, url, clk := clockedFake(t, 1)
			c := quickClient(t, url, 5*time.Second, clk)
			// A burst of three, within the four retries.
			srv.SetFaults(fakeintercom.Faults{Rate: 1, Max: 3, Kinds: []fakeintercom.Fault{kind}})
			var got int
			for l, err := range c.PageNumbers(context.Background(), "/articles", nil, "data", 10) {
				if err != nil {
					t.Fatalf("after %d articles: %v", got, err)
				}
				got += len(l.Items)
			}
			if got != len(srv.Records("articles")) || srv.FaultsInjected()[kind] != 3 {
				t.Errorf("%d articles of %d, %v", got, len(srv.Records("articles")), srv.FaultsInjected())
			}
		})
	}
}

func TestScrollPagesAreNeverRetriedInPlace(t *testing.T) {
	t.Parallel()
	// Intercom may have served a scroll page whose answer was lost: asking
	// again with the same param would skip it. The scroll restarts instead.
	for _, kind := range []fakeintercom.Fault{
		fakeintercom.TruncatedBody, fakeintercom.ConnectionReset, fakeintercom.ServerError,
		fakeintercom.ScrollExpired, fakeintercom.ScrollFailed, fakeintercom.TooManyRequests,
	} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			srv, url, clk := clockedFake(t, 2)
			c := quickClient(t, url, 5*time.Second, clk)
			srv.SetFaults(fakeintercom.Faults{Rate: 1, Max: 1, Kinds: []fakeintercom.Fault{kind}, Match: func(r *http.Request) bool {
				return r.URL.Query().Get("scroll_param") != ""
			}})
			var ids []string
			restarts := 0
			// The failed scroll may stay open until it expires: the
			// fake's clock ages it as the client polls.
			o := intercom.ScrollOptions{Wait: clk.Wait}
			for p, err := range c.Scroll(context.Background(), "/companies/scroll", "data", o) {
				if err != nil {
					t.Fatal(err)
				}
				if p.Restarted {
					restarts++
				}
				for _, it := range p.Items {
					ids = append(ids, string(it))
				}
			}
			seen := map[string]bool{}
			for _, rec := range ids {
				seen[rec] = true
			}
			if len(seen) != len(srv.Records("companies")) {
				t.Errorf("%d distinct companies of %d", len(seen), len(srv.Records("companies")))
			}
			switch kind {
			case fakeintercom.TooManyRequests:
				// Refused before it was served: retried in place.
				if restarts != 0 {
					t.Errorf("%d restarts after a 429", restarts)
				}
			case fakeintercom.ConnectionReset:
				// Go's transport itself resends a GET whose reused
				// connection closed before the request was read.
			default:
				if restarts != 1 {
					t.Errorf("%d restarts, want 1", restarts)
				}
			}
		})
	}
}

// TestScrollHeldForeverGivesUpInBoundedTime: a scroll another client
// holds for ever is polled at the connector's defaults (every 10 s, for
// at most 3 min of pauses), then given up with ErrScrollBusy. The pauses
// are handed to the fake's clock, so the bound is checked on what the
// client would wait, not on how fast this machine is.
func TestScrollHeldForeverGivesUpInBoundedTime(t *testing.T) {
	t.Parallel()
	srv, url, clk := clockedFake(t, 2)
	c := quickClient(t, url, 5*time.Second, clk)
	srv.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.ScrollHeld}})
	for _, err := range c.Scroll(context.Background(), "/companies/scroll", "data", intercom.ScrollOptions{Wait: clk.Wait}) {
		if !errors.Is(err, intercom.ErrScrollBusy) {
			t.Fatalf("err = %v, want ErrScrollBusy", err)
		}
	}
	// Only the scroll's polls: the client's own retries had nothing to
	// retry (scroll_exists is an answer, not a failure).
	paused := clk.Waited()
	var total time.Duration
	for _, d := range paused {
		total += d
		if d != 10*time.Second {
			t.Errorf("paused %s between polls, want 10s", d)
		}
	}
	if total != 3*time.Minute {
		t.Errorf("paused %s in all (%d pauses), want 3m", total, len(paused))
	}
	// One opening attempt per pause, plus the first: each refused with
	// scroll_exists, none retried in place by the client.
	reqs := srv.Requests()
	if len(reqs) != len(paused)+1 {
		t.Errorf("%d requests for %d pauses", len(reqs), len(paused))
	}
	for _, r := range reqs {
		if r.Path != "/companies/scroll" || r.Status != http.StatusBadRequest {
			t.Errorf("request %s %s answered %d", r.Method, r.Path, r.Status)
		}
	}
}

// readInProcess runs the read command in this process, with the
// connector's own client, on clk: the fake's clock, which moves on by each
// wait the read would make (a retry's backoff, a hold until the rate window
// resets) instead of the read sleeping it.
func readInProcess(t *testing.T, clk *fakeintercom.Clock, files map[string]any) run {
	t.Helper()
	var out, errb bytes.Buffer
	code := source.Main(context.Background(), append([]string{"read"}, fileArgs(t, files)...), source.Deps{
		Stdout: &out, Stderr: &errb, Version: "test", Now: clk.Now, Wait: clk.Wait,
	})
	r := run{code: code, stdout: out.Bytes(), stderr: errb.Bytes()}
	r.decode(t)
	return r
}

func TestFaultsThatNeverClearFailOnlyTheirStream(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		faults fakeintercom.Faults
		want   []string
	}{
		{"503", fakeintercom.Faults{Rate: 1, Status: http.StatusServiceUnavailable}, []string{"POST /tickets/search", "HTTP 503"}},
		{"502 page", fakeintercom.Faults{Rate: 1, Status: http.StatusBadGateway}, []string{"POST /tickets/search", "HTTP 502"}},
		{"connection reset", fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.ConnectionReset}}, []string{"POST /tickets/search", "Check the network"}},
		{"cut-off answers", fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.TruncatedBody}}, []string{"POST /tickets/search", "unexpected EOF"}},
		{"not JSON", fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.NonJSONBody}}, []string{"POST /tickets/search", "not JSON"}},
		{"429 storm", fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.TooManyRequests}}, []string{"POST /tickets/search", "HTTP 429"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, url, clk := workspaceAt(t, 3, fakeintercom.Tiny)
			tc.faults.Match = fakeintercom.PathPrefix("/tickets/search")
			srv.SetFaults(tc.faults)
			r := readInProcess(t, clk, map[string]any{"config": config(url, nil), "catalog": catalog("incremental", "tickets", "contacts", "conversations")})
			neverClears(t, r, srv, "tickets", tc.want...)
			final := r.errors()[len(r.errors())-1]
			if !strings.Contains(str(final["message"]), "1 of 3 streams did not sync completely: tickets") || !slices.Contains([]any{"transient_error"}, final["failure_type"]) {
				t.Errorf("final error %v", final)
			}
		})
	}
}
