package fakeintercom

import (
	"net/http"
	"testing"
	"time"
)

// scrollPage requests one scroll page; param "" opens a scroll.
func scrollPage(t *testing.T, s *Server, param string) (int, map[string]any) {
	t.Helper()
	target := "/companies/scroll"
	if param != "" {
		target += "?scroll_param=" + param
	}
	rec := call(t, s, http.MethodGet, target)
	return rec.Code, decode(t, rec)
}

// scrollAll opens a scroll and reads it to its empty last page.
func scrollAll(t *testing.T, s *Server) []map[string]any {
	t.Helper()
	var got []map[string]any
	param := ""
	for range 1000 {
		code, body := scrollPage(t, s, param)
		if code != http.StatusOK {
			t.Fatalf("scroll: status %d, body %v", code, body)
		}
		data := items(t, body, "data")
		if body["pages"] != nil || body["total_count"] != nil || body["type"] != "list" {
			t.Fatalf("scroll envelope = %v", body)
		}
		if len(data) == 0 {
			return got
		}
		got = append(got, data...)
		param = body["scroll_param"].(string)
	}
	t.Fatal("scroll did not end")
	return nil
}

func TestScrollReadsEveryCompanyOnce(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 8})
	got := scrollAll(t, s)
	wantSameRecords(t, "companies", got, s.Records("companies"))
	if !sameJSON(t, got, s.Records("companies")) {
		t.Error("scrolled companies differ from Records")
	}
	// The end freed the slot: a new scroll opens.
	if code, _ := scrollPage(t, s, ""); code != http.StatusOK {
		t.Errorf("reopening after the end: status %d", code)
	}
}

func TestScrollRules(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, s *Server, clk *Clock)
	}{
		{"one scroll per app", func(t *testing.T, s *Server, _ *Clock) {
			_, body := scrollPage(t, s, "")
			rec := call(t, s, http.MethodGet, "/companies/scroll")
			wantError(t, rec, http.StatusBadRequest, "scroll_exists")
			if code, _ := scrollPage(t, s, body["scroll_param"].(string)); code != http.StatusOK {
				t.Errorf("the open scroll stopped working: %d", code)
			}
		}},
		{"param ends with the scroll", func(t *testing.T, s *Server, _ *Clock) {
			param := openAndDrain(t, s)
			wantError(t, call(t, s, http.MethodGet, "/companies/scroll?scroll_param="+param), http.StatusNotFound, "not_found")
		}},
		{"idle for a minute expires", func(t *testing.T, s *Server, clk *Clock) {
			_, body := scrollPage(t, s, "")
			param := body["scroll_param"].(string)
			clk.Advance(59 * time.Second)
			if code, _ := scrollPage(t, s, param); code != http.StatusOK {
				t.Fatalf("expired before a minute: %d", code)
			}
			clk.Advance(time.Minute)
			wantError(t, call(t, s, http.MethodGet, "/companies/scroll?scroll_param="+param), http.StatusNotFound, "not_found")
			if code, _ := scrollPage(t, s, ""); code != http.StatusOK {
				t.Errorf("slot still busy after expiry: %d", code)
			}
		}},
		{"a 500 kills the scroll", func(t *testing.T, s *Server, _ *Clock) {
			s.FailScrollOnce(1)
			_, body := scrollPage(t, s, "")
			param := body["scroll_param"].(string)
			rec := call(t, s, http.MethodGet, "/companies/scroll?scroll_param="+param)
			body = wantError(t, rec, http.StatusInternalServerError, "server_error")
			if msg := items(t, body, "errors")[0]["message"]; msg != "Request failed due to an internal network error. Please restart the scroll operation." {
				t.Errorf("message = %v", msg)
			}
			wantError(t, call(t, s, http.MethodGet, "/companies/scroll?scroll_param="+param), http.StatusNotFound, "not_found")
			wantSameRecords(t, "restarted scroll", scrollAll(t, s), s.Records("companies"))
		}},
		{"a 500 on the opening request", func(t *testing.T, s *Server, _ *Clock) {
			s.FailScrollOnce(0)
			wantError(t, call(t, s, http.MethodGet, "/companies/scroll"), http.StatusInternalServerError, "server_error")
			wantSameRecords(t, "restarted scroll", scrollAll(t, s), s.Records("companies"))
		}},
		{"held by another client", func(t *testing.T, s *Server, _ *Clock) {
			s.HoldScroll()
			wantError(t, call(t, s, http.MethodGet, "/companies/scroll"), http.StatusBadRequest, "scroll_exists")
			s.ReleaseScroll()
			if code, _ := scrollPage(t, s, ""); code != http.StatusOK {
				t.Errorf("after release: %d", code)
			}
		}},
		{"a hold expires", func(t *testing.T, s *Server, clk *Clock) {
			s.HoldScroll()
			clk.Advance(30 * time.Second)
			wantError(t, call(t, s, http.MethodGet, "/companies/scroll"), http.StatusBadRequest, "scroll_exists")
			clk.Advance(31 * time.Second)
			if code, _ := scrollPage(t, s, ""); code != http.StatusOK {
				t.Errorf("hold did not expire: %d", code)
			}
		}},
		{"release leaves a client's scroll", func(t *testing.T, s *Server, _ *Clock) {
			_, body := scrollPage(t, s, "")
			s.ReleaseScroll()
			if code, _ := scrollPage(t, s, body["scroll_param"].(string)); code != http.StatusOK {
				t.Errorf("release ended the client's scroll: %d", code)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			tc.run(t, New(Options{Seed: 8, Clock: clk.Now}), clk)
		})
	}
}

func openAndDrain(t *testing.T, s *Server) string {
	t.Helper()
	_, body := scrollPage(t, s, "")
	param := body["scroll_param"].(string)
	for len(items(t, body, "data")) > 0 {
		_, body = scrollPage(t, s, param)
	}
	return param
}

func TestScrollPageSize(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 8})
	_, body := scrollPage(t, s, "")
	if n := len(items(t, body, "data")); n != scrollPageSize {
		t.Errorf("first page holds %d companies", n)
	}
}
