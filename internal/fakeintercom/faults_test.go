package fakeintercom

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// wire serves s on loopback and returns a GET that answers status, body and
// the error of sending or reading, over a fresh connection each time so the
// client's transport never retries on its own.
func wire(t *testing.T, s *Server) func(target string) (*http.Response, []byte, error) {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	return func(target string) (*http.Response, []byte, error) {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+target, nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := hc.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp, body, err
	}
}

func TestNoFaultsByDefault(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	get := wire(t, s)
	for range 20 {
		if resp, _, err := get("/admins"); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /admins: %v %v", resp, err)
		}
	}
	if n := s.FaultsInjected().Total(); n != 0 {
		t.Errorf("%d faults injected without configuration", n)
	}
}

func TestEachFaultAsTheClientSeesIt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind  Fault
		check func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{ServerError, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"service_unavailable"`) {
				t.Errorf("got %v %q %v", resp, body, err)
			}
		}},
		{TooManyRequests, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), "rate_limit_exceeded") {
				t.Fatalf("got %v %q %v", resp, body, err)
			}
			reset, _ := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
			if resp.Header.Get("X-RateLimit-Remaining") != "0" || reset != newFakeClock().Now().Unix()+1 {
				t.Errorf("rate-limit headers %v", resp.Header)
			}
		}},
		{ConnectionReset, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err == nil {
				t.Errorf("got an answer: %v", resp)
			}
		}},
		{TruncatedBody, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if !errors.Is(err, io.ErrUnexpectedEOF) || resp.StatusCode != http.StatusOK || len(body) == 0 || json.Valid(body) {
				t.Errorf("got %v, %d bytes, %v; want 200 and half a body", resp, len(body), err)
			}
		}},
		{NonJSONBody, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusOK || json.Valid(body) {
				t.Errorf("got %v %q %v", resp, body, err)
			}
		}},
		{HugeBody, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusOK || len(body) < 1<<20 || !json.Valid(body) {
				t.Errorf("got %v, %d bytes, %v", resp, len(body), err)
			}
		}},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			s := New(Options{Seed: 1, Clock: newFakeClock().Now})
			s.SetFaults(Faults{Rate: 1, Kinds: []Fault{tc.kind}, Status: http.StatusServiceUnavailable, HugeBytes: 1 << 20, Match: PathPrefix("/admins")})
			get := wire(t, s)
			resp, body, err := get("/admins")
			tc.check(t, resp, body, err)
			if resp, _, err := get("/teams"); err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("a path the rule does not match failed: %v %v", resp, err)
			}
			if got := s.FaultsInjected(); got[tc.kind] != 1 || got.Total() != 1 {
				t.Errorf("counts %v", got)
			}
		})
	}
}

func TestServerErrorsVaryLikeGateways(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	s.SetFaults(Faults{Rate: 1, Seed: 4})
	get := wire(t, s)
	seen := map[int]bool{}
	for range 40 {
		resp, body, err := get("/tags")
		if err != nil {
			t.Fatal(err)
		}
		seen[resp.StatusCode] = true
		html := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")
		if gateway := resp.StatusCode == 502 || resp.StatusCode == 504; html != gateway || (!html && !json.Valid(body)) {
			t.Errorf("HTTP %d answered %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	if len(seen) != 4 || !seen[500] || !seen[502] || !seen[503] || !seen[504] {
		t.Errorf("statuses %v, want 500, 502, 503 and 504", seen)
	}
}

func TestSlowResponseServesLateOrNotAtAll(t *testing.T) {
	s := New(Options{Seed: 1})
	s.SetFaults(Faults{Rate: 1, Kinds: []Fault{SlowResponse}, Delay: 300 * time.Millisecond})
	ts := httptest.NewServer(s)
	defer ts.Close()
	get := func(timeout time.Duration) (time.Duration, error) {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/admins", nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		start := time.Now()
		resp, err := (&http.Client{Timeout: timeout}).Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		return time.Since(start), err
	}
	if took, err := get(5 * time.Second); err != nil || took < 300*time.Millisecond {
		t.Errorf("patient client: %v after %s", err, took)
	}
	if _, err := get(50 * time.Millisecond); err == nil {
		t.Error("a client that gives up before the delay got an answer")
	}
	if !s.WaitIdle(10 * time.Second) {
		t.Error("the abandoned request still runs")
	}
	if n := len(s.Requests()); n != 2 {
		t.Errorf("%d requests logged", n)
	}
}

func TestFaultsStopAtMaxAndClear(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	s.SetFaults(Faults{Rate: 1, Max: 3, Status: 500})
	get := wire(t, s)
	var statuses []int
	for range 6 {
		resp, _, err := get("/admins")
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, resp.StatusCode)
	}
	if want := []int{500, 500, 500, 200, 200, 200}; !slices.Equal(statuses, want) {
		t.Errorf("statuses %v, want %v", statuses, want)
	}
	s.SetFaults(Faults{Rate: 1})
	s.SetFaults(Faults{})
	if resp, _, _ := get("/admins"); resp.StatusCode != http.StatusOK {
		t.Errorf("after Faults{}: %d", resp.StatusCode)
	}
	if n := s.FaultsInjected().Total(); n != 3 {
		t.Errorf("counted %d faults, want 3", n)
	}
}

// faulted sends n requests in sequence and returns which got a fault.
func faulted(t *testing.T, f Faults, n int) []bool {
	t.Helper()
	s := New(Options{Seed: 1})
	s.SetFaults(f)
	get := wire(t, s)
	out := make([]bool, n)
	for i := range out {
		resp, _, err := get("/teams")
		out[i] = err != nil || resp.StatusCode != http.StatusOK
	}
	return out
}

func TestBurstsAndDeterminism(t *testing.T) {
	t.Parallel()
	f := Faults{Rate: 0.1, Burst: 4, Seed: 7, Kinds: []Fault{ServerError, TooManyRequests}}
	a, b := faulted(t, f, 300), faulted(t, f, 300)
	if !slices.Equal(a, b) {
		t.Error("the same seed and requests met different faults")
	}
	runs, run := 0, 0
	for i, bad := range append(a, false) {
		if bad {
			run++
			continue
		}
		if run > 0 && run < 4 && i != len(a) {
			t.Errorf("a burst of %d ended at request %d; bursts last at least 4", run, i)
		}
		if run > 0 {
			runs++
		}
		run = 0
	}
	if runs < 3 {
		t.Errorf("only %d bursts in 300 requests at rate 0.1", runs)
	}
	f.Seed = 8
	if slices.Equal(a, faulted(t, f, 300)) {
		t.Error("another seed met the very same faults")
	}
}

func TestScrollFaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind Fault
		run  func(t *testing.T, s *Server, get func(string) (*http.Response, []byte, error))
	}{
		{ScrollHeld, func(t *testing.T, s *Server, get func(string) (*http.Response, []byte, error)) {
			resp, body, _ := get("/companies/scroll")
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "scroll_exists") {
				t.Errorf("opening: %d %s", resp.StatusCode, body)
			}
			s.SetFaults(Faults{})
			if resp, _, _ := get("/companies/scroll"); resp.StatusCode != http.StatusOK {
				t.Errorf("the slot was left busy: %d", resp.StatusCode)
			}
		}},
		{ScrollExpired, func(t *testing.T, s *Server, get func(string) (*http.Response, []byte, error)) {
			param := openScroll(t, get)
			resp, body, _ := get("/companies/scroll?scroll_param=" + param)
			if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "not_found") {
				t.Errorf("next page: %d %s", resp.StatusCode, body)
			}
			s.SetFaults(Faults{})
			openScroll(t, get)
		}},
		{ScrollFailed, func(t *testing.T, s *Server, get func(string) (*http.Response, []byte, error)) {
			param := openScroll(t, get)
			resp, body, _ := get("/companies/scroll?scroll_param=" + param)
			if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(string(body), "restart the scroll") {
				t.Errorf("next page: %d %s", resp.StatusCode, body)
			}
			s.SetFaults(Faults{})
			if resp, _, _ := get("/companies/scroll?scroll_param=" + param); resp.StatusCode != http.StatusNotFound {
				t.Errorf("the failed scroll's param answered %d", resp.StatusCode)
			}
			openScroll(t, get)
		}},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			s := New(Options{Seed: 8})
			s.SetFaults(Faults{Rate: 1, Kinds: []Fault{tc.kind}})
			get := wire(t, s)
			// Scroll faults never hit other requests.
			if resp, _, _ := get("/admins"); resp.StatusCode != http.StatusOK {
				t.Errorf("GET /admins: %d", resp.StatusCode)
			}
			tc.run(t, s, get)
			if n := s.FaultsInjected()[tc.kind]; n != 1 {
				t.Errorf("%d %s faults counted", n, tc.kind)
			}
		})
	}
}

// openScroll opens a scroll, which must succeed, and returns its param.
func openScroll(t *testing.T, get func(string) (*http.Response, []byte, error)) string {
	t.Helper()
	resp, body, err := get("/companies/scroll")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("opening a scroll: %v %s %v", resp, body, err)
	}
	var page struct {
		ScrollParam string `json:"scroll_param"`
	}
	json.Unmarshal(body, &page)
	return page.ScrollParam
}

func TestTruncatedScrollPageIsLostToTheClient(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 8})
	get := wire(t, s)
	param := openScroll(t, get)
	s.SetFaults(Faults{Rate: 1, Max: 1, Kinds: []Fault{TruncatedBody}})
	if _, _, err := get("/companies/scroll?scroll_param=" + param); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
	// The API served the page: asking again with the same param moves on,
	// as Intercom's scroll does, so a client that retries loses a page.
	_, body, _ := get("/companies/scroll?scroll_param=" + param)
	var page struct{ Data []map[string]any }
	json.Unmarshal(body, &page)
	all := s.Records("companies")
	if len(page.Data) == 0 || page.Data[0]["id"] != all[2*scrollPageSize]["id"] {
		t.Errorf("the retry did not get the third page")
	}
}

func TestWaitIdleWaitsForRequestsInFlight(t *testing.T) {
	s := New(Options{Seed: 1, Latency: 500 * time.Millisecond})
	if !s.WaitIdle(0) {
		t.Fatal("busy before any request")
	}
	get := wire(t, s)
	done := make(chan struct{})
	go func() { defer close(done); get("/admins") }()
	// Until the request reaches the server, however loaded the machine.
	for deadline := time.Now().Add(10 * time.Second); s.WaitIdle(0); {
		if time.Now().After(deadline) {
			t.Fatal("the request never reached the server")
		}
		runtime.Gosched()
	}
	if !s.WaitIdle(10 * time.Second) {
		t.Error("never idle")
	}
	<-done
}

func TestMisbehavingAnswers(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 1, Clock: clk.Now})
	get := wire(t, s)

	s.SetFaults(Faults{NoDate: true, Match: PathPrefix("/admins")})
	if resp, _, err := get("/admins"); err != nil || resp.StatusCode != 200 || resp.Header.Get("Date") != "" {
		t.Errorf("NoDate: %v %v", resp, err)
	}
	if resp, _, _ := get("/teams"); resp.Header.Get("Date") == "" {
		t.Error("NoDate stripped the Date of a request it does not match")
	}

	s.SetFaults(Faults{Rate: 1, Kinds: []Fault{EchoAuthorization}})
	if resp, body, _ := get("/admins"); resp.StatusCode != 400 || !strings.Contains(string(body), "Bearer "+testToken) {
		t.Errorf("EchoAuthorization: %d %s", resp.StatusCode, body)
	}

	s.SetFaults(Faults{Rate: 1, Kinds: []Fault{Redirect}, RedirectTo: "http://elsewhere.example:8443"})
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ts := httptest.NewServer(s)
	defer ts.Close()
	resp, err := hc.Get(ts.URL + "/admins?x=1")
	if err != nil || resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != "http://elsewhere.example:8443/admins?x=1" {
		t.Errorf("Redirect: %v %v", resp, err)
	}

	now := clk.Now()
	for style, want := range map[ResetStyle]string{
		ResetMillis:   strconv.FormatInt(now.Add(time.Second).UnixMilli(), 10),
		ResetPast:     strconv.FormatInt(now.Add(-5*time.Minute).Unix(), 10),
		ResetFarAhead: strconv.FormatInt(now.Add(5*time.Minute).Unix(), 10),
	} {
		s.SetFaults(Faults{Rate: 1, Kinds: []Fault{TooManyRequests}, ResetAs: style})
		if resp, _, _ := get("/admins"); resp.StatusCode != 429 || resp.Header.Get("X-RateLimit-Reset") != want {
			t.Errorf("%s: reset %q, want %q", style, resp.Header.Get("X-RateLimit-Reset"), want)
		}
	}
	s.SetFaults(Faults{Rate: 1, Kinds: []Fault{TooManyRequests}, ResetAs: ResetRetryAfterDate})
	if resp, _, _ := get("/admins"); resp.Header.Get("X-RateLimit-Reset") != "" || resp.Header.Get("Retry-After") != now.Add(time.Second).UTC().Format(http.TimeFormat) {
		t.Errorf("Retry-After date: %v", resp.Header)
	}
}

func TestIgnorePagingServesTheFirstPageAgain(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1, Size: Tiny})
	first := get(t, s, "/admins/activity_logs?created_at_after=0&per_page=5")
	s.SetFaults(Faults{Rate: 1, Kinds: []Fault{IgnorePaging}})
	again := get(t, s, "/admins/activity_logs?created_at_after=0&per_page=5&page=3")
	if fmt.Sprint(first["activity_logs"]) != fmt.Sprint(again["activity_logs"]) {
		t.Error("page 3 was served although paging is ignored")
	}
	body := searchBody(everything(), "updated_at", "ascending", 5, "")
	p1 := search(t, s, "/contacts/search", body)
	next := p1["pages"].(map[string]any)["next"].(map[string]any)["starting_after"].(string)
	p2 := search(t, s, "/contacts/search", searchBody(everything(), "updated_at", "ascending", 5, next))
	if fmt.Sprint(p1["data"]) != fmt.Sprint(p2["data"]) {
		t.Error("a search page after the cursor was served although paging is ignored")
	}
}
