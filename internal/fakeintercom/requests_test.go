package fakeintercom

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRequestsAreRecorded(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := New(Options{Seed: 1, Clock: clock.Now})
	call(t, s, http.MethodGet, "/articles?page=2", "Intercom-Version", "2.16", "Accept", "application/json")
	call(t, s, http.MethodGet, "/tags", "Authorization", "Bearer wrong")
	req := httptest.NewRequest(http.MethodPost, "/contacts/search", strings.NewReader(`{"query":{}}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	s.ServeHTTP(httptest.NewRecorder(), req)

	got := s.Requests()
	if len(got) != 3 {
		t.Fatalf("recorded %d requests", len(got))
	}
	first := got[0]
	if first.Method != "GET" || first.Path != "/articles" || first.RawQuery != "page=2" ||
		!first.Authorized || first.Version != "2.16" || first.Accept != "application/json" ||
		first.Status != 200 || !first.At.Equal(clock.Now()) {
		t.Errorf("first request = %+v", first)
	}
	if got[1].Authorized || got[1].Status != 401 || got[1].Version != "" {
		t.Errorf("second request = %+v", got[1])
	}
	if string(got[2].Body) != `{"query":{}}` || got[2].Status != http.StatusBadRequest {
		t.Errorf("third request = %+v", got[2])
	}
	s.ResetRequests()
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests after reset", n)
	}
}
