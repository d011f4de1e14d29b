package source

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

const fakeToken = "tok-misbehave-7d3e"

// readFake runs read in-process against fake, every stream in full refresh.
func readFake(t *testing.T, fake *fakeintercom.Server, streams ...string) (int, []map[string]any) {
	t.Helper()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return readAt(t, srv.URL, streams...)
}

// readAt runs read in-process against the API at apiURL. Its retries do
// not wait: the servers it is used with answer the same at once or later.
func readAt(t *testing.T, apiURL string, streams ...string) (int, []map[string]any) {
	t.Helper()
	return readAtWith(t, apiURL, Deps{Wait: noWait}, nil, streams...)
}

// noWait is a Deps.Wait that cuts every wait to nothing. (The governor
// hands a hold over once: what remains of it is still waited.)
func noWait(time.Duration) time.Duration { return 0 }

// readAtWith is readAt with deps and more config settings.
func readAtWith(t *testing.T, apiURL string, deps Deps, settings map[string]any, streams ...string) (int, []map[string]any) {
	t.Helper()
	c := map[string]any{"access_token": fakeToken, "start_date": "2020-01-01T00:00:00Z", "api_url": apiURL}
	maps.Copy(c, settings)
	cfg, _ := json.Marshal(c)
	var entries []string
	for _, s := range streams {
		entries = append(entries, fmt.Sprintf(`{"stream":{"name":%q,"json_schema":{},"supported_sync_modes":["full_refresh"]},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}`, s))
	}
	cat := `{"streams":[` + strings.Join(entries, ",") + `]}`
	code, msgs, _ := callWith(t, deps, map[string]string{"c.json": string(cfg), "cat.json": cat}, "read", "--config", "c.json", "--catalog", "cat.json")
	out, _ := json.Marshal(msgs)
	if strings.Contains(string(out), fakeToken) {
		t.Error("the token appears in the output")
	}
	return code, msgs
}

// outcome is what a read said of each stream: its last status and the
// message of its ERROR trace, if any.
func outcome(msgs []map[string]any) (status map[string]string, errs map[string]map[string]any) {
	status, errs = map[string]string{}, map[string]map[string]any{}
	for _, m := range msgs {
		tr, _ := m["trace"].(map[string]any)
		if tr == nil {
			continue
		}
		if ss, ok := tr["stream_status"].(map[string]any); ok {
			status[ss["stream_descriptor"].(map[string]any)["name"].(string)] = ss["status"].(string)
		}
		if e, ok := tr["error"].(map[string]any); ok {
			if sd, ok := e["stream_descriptor"].(map[string]any); ok {
				errs[sd["name"].(string)] = e
			}
		}
	}
	return status, errs
}

// TestPagingThatDoesNotAdvanceStopsItsStream: the fake ignores paging on
// every paginated stream (search cursors, activity-log links, page numbers,
// the companies scroll). Each such stream ends INCOMPLETE with a
// system_error naming its endpoint after a couple of requests; the others
// complete.
func TestPagingThatDoesNotAdvanceStopsItsStream(t *testing.T) {
	t.Parallel()
	fake := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: fakeToken})
	// More logs than a page of their search (250). (Other page numbers are
	// covered in source/intercom: Tiny's page-numbered lists fit in one
	// page of 150.)
	for range 300 {
		fake.AddActivityLog()
	}
	paths := map[string]string{"contacts": "/contacts/search", "activity_logs": "/admins/activity_logs", "companies": "/companies/scroll"}
	fake.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.IgnorePaging},
		Match: fakeintercom.PathPrefix("/contacts/search", "/admins/activity_logs", "/companies/scroll")})
	code, msgs := readFake(t, fake, "contacts", "activity_logs", "companies", "admins")
	status, errs := outcome(msgs)
	if code != 1 || status["admins"] != "COMPLETE" {
		t.Errorf("exit %d, statuses %v", code, status)
	}
	for stream, path := range paths {
		e := errs[stream]
		if status[stream] != "INCOMPLETE" || e == nil || e["failure_type"] != "system_error" || !strings.Contains(e["message"].(string), path) || !strings.Contains(e["message"].(string), "did not advance") {
			t.Errorf("%s: %s, error %v", stream, status[stream], e)
		}
	}
	// A few requests per stream and time window (activity_logs reads 30-day
	// windows from 2020 on), not thousands.
	perPath := map[string]int{}
	for _, r := range fake.Requests() {
		perPath[r.Path]++
	}
	if n := len(fake.Requests()); n > 200 {
		t.Errorf("%d requests: %v", n, perPath)
	}
}

// TestActivityLogsThroughAProxyWithAPathPrefix: api_url is a proxy that
// serves the API under /intercom; the API's pages.next links (of the
// activity logs' list, which API 2.11 reads) lose that prefix, and are
// followed on the proxy with it.
func TestActivityLogsThroughAProxyWithAPathPrefix(t *testing.T) {
	t.Parallel()
	fake := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: fakeToken})
	var outside atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, "/intercom")
		if !ok {
			outside.Add(1)
			http.NotFound(w, r)
			return
		}
		r.URL.Path, r.URL.RawPath = p, ""
		fake.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	code, msgs := readAtWith(t, proxy.URL+"/intercom", Deps{}, map[string]any{"intercom_version": "2.11"}, "activity_logs")
	status, errs := outcome(msgs)
	records := 0
	for _, m := range msgs {
		if m["type"] == "RECORD" {
			records++
		}
	}
	followed := 0
	for _, r := range fake.Requests() {
		if strings.Contains(r.RawQuery, "page=2") {
			followed++
		}
	}
	if followed == 0 {
		t.Error("no pages.next link was followed")
	}
	if code != 0 || status["activity_logs"] != "COMPLETE" || records != len(fake.Records("activity_logs")) || outside.Load() != 0 {
		t.Errorf("exit %d, %v %v, %d of %d records, %d requests without the prefix", code, status, errs, records, len(fake.Records("activity_logs")), outside.Load())
	}
}

// TestRedirectElsewhereFailsItsStreamWithoutTheToken: the fake redirects
// /teams to another port of the same host. The token is not sent there:
// teams ends INCOMPLETE with a config_error naming the redirect, admins
// completes.
func TestRedirectElsewhereFailsItsStreamWithoutTheToken(t *testing.T) {
	t.Parallel()
	var hits, withToken atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if strings.Contains(r.Header.Get("Authorization"), fakeToken) {
			withToken.Add(1)
		}
	}))
	defer other.Close()
	fake := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: fakeToken})
	fake.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.Redirect}, RedirectTo: other.URL, Match: fakeintercom.PathPrefix("/teams")})
	code, msgs := readFake(t, fake, "admins", "teams")
	status, errs := outcome(msgs)
	e := errs["teams"]
	if code != 1 || status["admins"] != "COMPLETE" || status["teams"] != "INCOMPLETE" || e == nil || e["failure_type"] != "config_error" || !strings.Contains(e["message"].(string), "/teams redirects to "+other.URL) {
		t.Errorf("exit %d, %v, teams error %v", code, status, e)
	}
	if hits.Load() != 0 || withToken.Load() != 0 {
		t.Errorf("the other port got %d requests, %d with the token", hits.Load(), withToken.Load())
	}
}

// TestRetriedAnswersFromTheFakeLoseNothing: a 408, a 409 and a 503 whose
// Retry-After is an HTTP-date are each retried, and the stream completes.
func TestRetriedAnswersFromTheFakeLoseNothing(t *testing.T) {
	t.Parallel()
	for _, f := range []fakeintercom.Faults{
		{Status: http.StatusRequestTimeout},
		{Status: http.StatusConflict},
		{Status: http.StatusServiceUnavailable, ResetAs: fakeintercom.ResetRetryAfterDate},
	} {
		fake := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: fakeToken})
		f.Rate, f.Max, f.Kinds, f.Match = 1, 1, []fakeintercom.Fault{fakeintercom.ServerError}, fakeintercom.PathPrefix("/admins")
		fake.SetFaults(f)
		code, msgs := readFake(t, fake, "admins")
		status, errs := outcome(msgs)
		records := 0
		for _, m := range msgs {
			if m["type"] == "RECORD" {
				records++
			}
		}
		if code != 0 || status["admins"] != "COMPLETE" || records != len(fake.Records("admins")) || fake.FaultsInjected().Total() != 1 {
			t.Errorf("HTTP %d: exit %d, %v %v, %d records", f.Status, code, status, errs, records)
		}
	}
}

// TestRateBudgetSpentByAnotherAppMidRead: another app of the workspace
// spends the shared rate budget for two windows in the middle of a read.
// Every request then answers 429; the read waits for the windows' resets
// instead of spending its retries, loses nothing, and sends a bounded
// number of requests into the burst.
func TestRateBudgetSpentByAnotherAppMidRead(t *testing.T) {
	t.Parallel()
	// The fake's clock moves only when the connector would wait: its
	// holds and retries are handed over (Deps.Wait), not slept.
	clk := fakeintercom.NewClock(time.Now())
	srv := fakeintercom.New(fakeintercom.Options{Seed: 21, Size: fakeintercom.Tiny, Token: fakeToken,
		RateLimit: 1000, RateWindow: time.Second, Clock: clk.Now})
	var served atomic.Int64
	var once sync.Once
	srv.OnServed(func(fakeintercom.Request) {
		if served.Add(1) == 40 {
			once.Do(func() { srv.SpendBudget(2) })
		}
	})
	names := []string{"contacts", "conversations", "companies", "tickets"}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	// Four requests in flight at most, so the bound below does not move
	// with this machine's speed; every record from the start.
	deps := Deps{Now: clk.Now, Wait: clk.Wait}
	code, msgs := readAtWith(t, ts.URL, deps, map[string]any{"num_workers": 4, "start_date": "2015-01-01T00:00:00Z"}, names...)
	if code != 0 {
		t.Fatalf("read exit %d: %v", code, msgs)
	}

	got := map[string]map[string]bool{}
	for _, m := range msgs {
		if rec, ok := m["record"].(map[string]any); ok {
			name, _ := rec["stream"].(string)
			id, _ := rec["data"].(map[string]any)["id"].(string)
			if got[name] == nil {
				got[name] = map[string]bool{}
			}
			got[name][id] = true
		}
	}
	for _, n := range names {
		want := srv.Records(n)
		if len(want) == 0 {
			t.Fatalf("%s: the fake has no records", n)
		}
		for _, r := range want {
			if id, _ := r["id"].(string); !got[n][id] {
				t.Errorf("%s %s lost", n, id)
			}
		}
	}
	throttled, total := 0, 0
	for _, r := range srv.Requests() {
		total++
		if r.Status == http.StatusTooManyRequests {
			throttled++
		}
	}
	if throttled == 0 {
		t.Fatal("no request met the spent budget: the test proves nothing")
	}
	// At most what was in flight when the budget went, and one round of
	// four a window after that (the governor assumes a new window's
	// budget until an answer says otherwise): a client retrying on its
	// own schedule would send far more.
	if throttled > 4*3 {
		t.Errorf("%d requests answered 429 during a two-window burst, want at most 12", throttled)
	}
	if len(clk.Waited()) == 0 {
		t.Error("the read never waited for the spent windows to end")
	}
	t.Logf("%d of %d requests answered 429; waits %v", throttled, total, clk.Waited())
}
