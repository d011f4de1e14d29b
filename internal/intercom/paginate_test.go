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
