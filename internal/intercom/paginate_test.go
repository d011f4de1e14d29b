package intercom

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestPageNumbers(t *testing.T) {
	var queries []string
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		fmt.Fprintf(w, `{"type":"list","data":[{"id":"%d"}],"total_count":3,"pages":{"type":"pages","page":%d,"per_page":1,"total_pages":3}}`, page, page)
	})
	var ids []string
	for l, err := range c.PageNumbers(context.Background(), "/articles", nil, "data", 1) {
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range l.Items {
			var v struct{ ID string }
			json.Unmarshal(it, &v)
			ids = append(ids, v.ID)
		}
	}
	if fmt.Sprint(ids) != "[1 2 3]" {
		t.Errorf("ids = %v", ids)
	}
	want := []string{"page=1&per_page=1", "page=2&per_page=1", "page=3&per_page=1"}
	if fmt.Sprint(queries) != fmt.Sprint(want) {
		t.Errorf("queries = %v, want %v", queries, want)
	}
}

// TestPageNumbersAtTheTopLevel: a list that gives page and total_pages
// beside its items, without a pages object (audiences, content snippets),
// is paged through to its last page.
func TestPageNumbersAtTheTopLevel(t *testing.T) {
	var queries []string
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		fmt.Fprintf(w, `{"type":"list","data":[{"id":"%d"},{"id":"%d-b"}],"total_count":5,"page":%d,"per_page":2,"total_pages":3}`, page, page, page)
	})
	n, err := drain(c.PageNumbers(context.Background(), "/audiences", nil, "data", 2))
	want := []string{"page=1&per_page=2", "page=2&per_page=2", "page=3&per_page=2"}
	if err != nil || n != 6 || !slices.Equal(queries, want) {
		t.Errorf("%d items, err %v, queries %v; want 6 items, %v", n, err, queries, want)
	}
	l, err := DecodeList([]byte(`{"data":[],"page":2,"per_page":50,"total_pages":4}`), "data")
	if err != nil || l.Pages.Page != 2 || l.Pages.PerPage != 50 || l.Pages.TotalPages != 4 {
		t.Errorf("top-level paging read as %+v, %v", l.Pages, err)
	}
	// A pages object wins over top-level fields.
	l, err = DecodeList([]byte(`{"data":[],"total_pages":9,"pages":{"page":1,"total_pages":2}}`), "data")
	if err != nil || l.Pages.TotalPages != 2 {
		t.Errorf("pages object and top-level paging read as %+v, %v", l.Pages, err)
	}
}

// TestStartingAfter: a cursor list is read by sending each page's
// pages.next.starting_after with the next request, per_page kept, to a
// page whose next is null; the caller's query is kept on every request.
func TestStartingAfter(t *testing.T) {
	var queries []string
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		next := map[string]string{"": `{"starting_after":"WzEsIjEiXQ=="}`, "WzEsIjEiXQ==": `{"starting_after":"WzIsIjIiXQ=="}`, "WzIsIjIiXQ==": "null"}[r.URL.Query().Get("starting_after")]
		fmt.Fprintf(w, `{"type":"list","data":[{"id":"%d"}],"pages":{"type":"pages","per_page":1,"next":%s}}`, len(queries), next)
	})
	n, err := drain(c.StartingAfter(context.Background(), "/macros", url.Values{"updated_since": {"5"}}, "data", 1))
	want := []string{"per_page=1&updated_since=5", "per_page=1&starting_after=WzEsIjEiXQ%3D%3D&updated_since=5", "per_page=1&starting_after=WzIsIjIiXQ%3D%3D&updated_since=5"}
	if err != nil || n != 3 || !slices.Equal(queries, want) {
		t.Errorf("%d items, err %v, queries:\n%v\nwant:\n%v", n, err, queries, want)
	}
	// A page without a pages object, or with an empty cursor, is the last.
	for _, body := range []string{`{"data":[{"id":"a"}]}`, `{"data":[{"id":"a"}],"pages":{"next":{"starting_after":""}}}`, `{"data":[],"pages":{"next":{"starting_after":"x"}}}`} {
		requests := 0
		c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) { requests++; fmt.Fprint(w, body) })
		if _, err := drain(c.StartingAfter(context.Background(), "/macros", nil, "data", 0)); err != nil || requests != 1 {
			t.Errorf("%s: %d requests, %v", body, requests, err)
		}
	}
}

// TestDecodeValues: a list of strings (activity log event types) is read
// value by value; nulls are skipped and counted, objects refused.
func TestDecodeValues(t *testing.T) {
	l, err := DecodeValues([]byte(`{"type":"activity_log_event_type.list","event_types":["admin_logout",null,"app_name_change"]}`), "event_types")
	if err != nil || len(l.Items) != 2 || string(l.Items[0]) != `"admin_logout"` || string(l.Items[1]) != `"app_name_change"` || l.Nulls != 1 {
		t.Fatalf("items %q nulls %d err %v", l.Items, l.Nulls, err)
	}
	for _, bad := range []string{`{"event_types":[{"name":"x"}]}`, `{"event_types":"x"}`, `{"types":[]}`, `["x"]`, `{`} {
		if _, err := DecodeValues([]byte(bad), "event_types"); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
	if l, err := DecodeValues([]byte(`{"event_types":null}`), "event_types"); err != nil || len(l.Items) != 0 {
		t.Errorf("null list: %v %v", l, err)
	}
}

func TestNextLinksAndCursor(t *testing.T) {
	var srvURL string
	c, srv := setup(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("page") + r.URL.Query().Get("starting_after") {
		case "":
			fmt.Fprintf(w, `{"data":[{"id":"a"}],"pages":{"next":"%s/logs?page=2"}}`, srvURL)
		case "2":
			fmt.Fprint(w, `{"data":[{"id":"b"}],"pages":{"next":{"starting_after":"cur1"}}}`)
		case "cur1":
			fmt.Fprint(w, `{"data":[{"id":"c"}],"pages":{"next":null}}`)
		}
	})
	srvURL = srv.URL
	n := 0
	for l, err := range c.NextLinks(context.Background(), "/logs", nil, "data") {
		if err != nil {
			t.Fatal(err)
		}
		n += len(l.Items)
	}
	if n != 2 {
		t.Errorf("NextLinks items = %d, want 2 (a page with a cursor next is not a link)", n)
	}
}

func TestDecodeListMissingKeyIsError(t *testing.T) {
	if _, err := DecodeList([]byte(`{"type":"list","admins":[]}`), "data"); err == nil {
		t.Error("a body without the list key was accepted")
	}
	if _, err := DecodeList([]byte(`not json`), "data"); err == nil {
		t.Error("non-JSON accepted")
	}
	l, err := DecodeList([]byte(`{"data":null}`), "data")
	if err != nil || len(l.Items) != 0 {
		t.Errorf("null list: %v %v", l, err)
	}
}

// TestNextLinksAreRebasedOntoTheAPIURL: behind a proxy with a path prefix,
// Intercom's absolute links name the upstream host, or the proxy without
// its prefix; each is followed on the proxy, prefix and query kept.
func TestNextLinksAreRebasedOntoTheAPIURL(t *testing.T) {
	var got []string
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.RequestURI())
		next := map[string]string{
			"":  `"https://api.intercom.io/admins/activity_logs?created_at_after=1&page=2"`,
			"2": `"` + srvURL + `/admins/activity_logs?created_at_after=1&page=3"`,
			"3": `"` + srvURL + `/proxy/admins/activity_logs?created_at_after=1&page=4"`,
			"4": `null`,
		}[r.URL.Query().Get("page")]
		fmt.Fprintf(w, `{"activity_logs":[{"id":"p%s"}],"pages":{"next":%s}}`, r.URL.Query().Get("page"), next)
	}))
	defer srv.Close()
	srvURL = srv.URL
	c, err := New("tok-secret", WithBaseURL(srv.URL+"/proxy"))
	if err != nil {
		t.Fatal(err)
	}
	items, err := drain(c.NextLinks(context.Background(), "/admins/activity_logs", url.Values{"created_at_after": {"1"}}, "activity_logs"))
	want := []string{"/proxy/admins/activity_logs?created_at_after=1", "/proxy/admins/activity_logs?created_at_after=1&page=2",
		"/proxy/admins/activity_logs?created_at_after=1&page=3", "/proxy/admins/activity_logs?created_at_after=1&page=4"}
	if err != nil || items != 4 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("items %d, err %v, requests:\n%v\nwant:\n%v", items, err, got, want)
	}
}

// TestDecodeListAsTheDescriptionShowsIt: the shapes of Intercom's own
// examples are read: a list under an alternative key, null items skipped.
func TestDecodeListAsTheDescriptionShowsIt(t *testing.T) {
	for _, tc := range []struct {
		body, key string
		ids       []string
		nulls     int
	}{
		{`{"type":"list","companies":[{"id":"a"},{"id":"b"}]}`, "data|companies", []string{"a", "b"}, 0},
		{`{"type":"list","data":[{"id":"c"}]}`, "data|companies", []string{"c"}, 0},
		{`{"companies":[{"id":"x"}],"data":[{"id":"d"}]}`, "data|companies", []string{"d"}, 0},
		{`{"type":"admin.list","admins":[{"id":"1"},null,{"id":"2"}]}`, "admins", []string{"1", "2"}, 1},
	} {
		l, err := DecodeList([]byte(tc.body), tc.key)
		if err != nil {
			t.Errorf("%s: %v", tc.body, err)
			continue
		}
		var ids []string
		for _, it := range l.Items {
			var v struct{ ID string }
			json.Unmarshal(it, &v)
			ids = append(ids, v.ID)
		}
		if !slices.Equal(ids, tc.ids) || l.Nulls != tc.nulls {
			t.Errorf("%s: ids %v nulls %d, want %v %d", tc.body, ids, l.Nulls, tc.ids, tc.nulls)
		}
	}
	if _, err := DecodeList([]byte(`{"type":"list"}`), "data|companies"); err == nil || !strings.Contains(err.Error(), `no "data" or "companies" list`) {
		t.Errorf("a body without the list: %v", err)
	}
}
