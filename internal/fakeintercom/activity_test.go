package fakeintercom

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// TestActivityLogWindows checks the exclusive bounds and walks next links.
func TestActivityLogWindows(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 2})
	all := s.Records("activity_logs")
	days := (asInt(all[0]["created_at"]) - asInt(all[len(all)-1]["created_at"])) / day
	if len(all) != 200 || days < 100 {
		t.Fatalf("%d logs over %d days, want 200 over at least 100", len(all), days)
	}
	after, before := asInt(all[150]["created_at"]), asInt(all[10]["created_at"])
	target := "/admins/activity_logs?created_at_after=" + strconv.FormatInt(after, 10) +
		"&created_at_before=" + strconv.FormatInt(before, 10)
	var got []map[string]any
	for page := 1; target != ""; page++ {
		body := get(t, s, target)
		if body["type"] != "activity_log.list" {
			t.Fatalf("type = %v", body["type"])
		}
		got = append(got, items(t, body, "activity_logs")...)
		p := body["pages"].(map[string]any)
		if p["page"] != float64(page) || p["per_page"] != 20.0 {
			t.Fatalf("pages = %v", p)
		}
		target = ""
		if next, ok := p["next"].(string); ok {
			u, err := url.Parse(next)
			if err != nil || u.Query().Get("created_at_after") == "" || u.Query().Get("created_at_before") == "" {
				t.Fatalf("next %q drops the window", next)
			}
			target = u.RequestURI()
		}
	}
	want := filter(all, func(l map[string]any) bool {
		c := asInt(l["created_at"])
		return c > after && c < before
	})
	wantSameRecords(t, "activity_logs", got, want)
	for _, l := range got {
		if c := asFloat(l["created_at"]); c == float64(after) || c == float64(before) {
			t.Fatalf("log at a bound %v was returned", c)
		}
	}
}

func TestActivityLogParameters(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 2})
	wantError(t, call(t, s, http.MethodGet, "/admins/activity_logs"), http.StatusBadRequest, "parameter_not_found")
	wantError(t, call(t, s, http.MethodGet, "/admins/activity_logs?created_at_after=yesterday"), http.StatusBadRequest, "parameter_invalid")
	wantError(t, call(t, s, http.MethodGet, "/admins/activity_logs?created_at_after=0&created_at_before=x"), http.StatusBadRequest, "parameter_invalid")
	last := get(t, s, "/admins/activity_logs?created_at_after=0&page=10")
	if p := last["pages"].(map[string]any); p["next"] != nil || p["total_pages"] != 10.0 {
		t.Errorf("last page pages = %v", p)
	}
}

func TestDateHeaderFollowsTheClock(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	s := New(Options{Seed: 1, Clock: clk.Now})
	for _, target := range []string{"/me", "/nope", "/companies/scroll"} {
		clk.Advance(90 * time.Second)
		rec := call(t, s, http.MethodGet, target)
		if got, want := rec.Header().Get("Date"), clk.Now().UTC().Format(http.TimeFormat); got != want {
			t.Errorf("%s: Date %q, want %q", target, got, want)
		}
	}
	rec := call(t, s, http.MethodGet, "/me", "Authorization", "")
	if rec.Header().Get("Date") == "" {
		t.Error("401 response has no Date header")
	}
}

func TestTicketsNeedTheirScope(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1, LimitedToken: "limited",
		LimitedScopes: []string{ScopeReadUsersCompanies, ScopeReadConversations, ScopeReadAdmins}})
	for path, ok := range map[string]bool{
		"/contacts/search": true, "/conversations/search": true, "/tickets/search": false,
	} {
		rec := postJSONAs(t, s, path, searchBody(everything(), "", "", 0, ""), "limited")
		if ok && rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", path, rec.Code)
		}
		if !ok {
			wantError(t, rec, http.StatusForbidden, "token_unauthorized")
		}
	}
	if rec := call(t, s, http.MethodGet, "/admins/activity_logs?created_at_after=0", "Authorization", "Bearer limited"); rec.Code != http.StatusOK {
		t.Errorf("activity logs with read_admins: %d", rec.Code)
	}
}
