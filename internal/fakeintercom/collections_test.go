package fakeintercom

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCursorListsPageByKeyset: macros and data connectors come newest
// first, a page at a time, each page's pages.next.starting_after the
// base64 of [updated_at, id] of its last record, in each endpoint's
// spelling; following them visits every record once, in the order of
// Records, and the last page's next is null.
func TestCursorListsPageByKeyset(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3, Size: Small})
	for _, tc := range []struct {
		path, stream, spelled string
		perPage               int
	}{
		{"/macros", "macros", `^\[\d+\.0, "\d+"\]$`, 7},
		{"/data_connectors", "data_connectors", `^\[\d+\.0,\d+\]$`, 3},
	} {
		var got []map[string]any
		after, pages := "", 0
		for {
			q := url.Values{"per_page": {strconv.Itoa(tc.perPage)}}
			if after != "" {
				q.Set("starting_after", after)
			}
			body := get(t, s, tc.path+"?"+q.Encode())
			page := items(t, body, "data")
			got = append(got, page...)
			pages++
			p := body["pages"].(map[string]any)
			if p["type"] != "pages" || p["per_page"] != float64(tc.perPage) {
				t.Fatalf("%s: pages %v", tc.path, p)
			}
			next, ok := p["next"].(map[string]any)
			if !ok {
				if _, present := p["next"]; !present || p["next"] != nil {
					t.Errorf("%s: the last page's next is %v, want null", tc.path, p["next"])
				}
				break
			}
			after = next["starting_after"].(string)
			raw, err := base64.StdEncoding.DecodeString(after)
			if err != nil || !regexp.MustCompile(tc.spelled).Match(raw) {
				t.Fatalf("%s: cursor %q decodes to %q", tc.path, after, raw)
			}
			last := page[len(page)-1]
			if !strings.Contains(string(raw), strconv.FormatInt(isoUnix(last["updated_at"]), 10)) || !strings.Contains(string(raw), last["id"].(string)) {
				t.Errorf("%s: cursor %s does not name the last record %v", tc.path, raw, last["id"])
			}
		}
		wantSameRecords(t, tc.stream, got, s.Records(tc.stream))
		if pages < 3 {
			t.Errorf("%s: %d pages; the test proves little", tc.path, pages)
		}
		for i := 1; i < len(got); i++ {
			if isoUnix(got[i-1]["updated_at"]) < isoUnix(got[i]["updated_at"]) {
				t.Fatalf("%s: not newest first at %d", tc.path, i)
			}
		}
	}
}

// TestCursorListsRefuseWhatTheyDoNotServe: a cursor that is not one of
// ours, a per_page out of bounds and a bad updated_since are Intercom's
// 400s, each endpoint's own.
func TestCursorListsRefuseWhatTheyDoNotServe(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3})
	for target, code := range map[string]string{
		"/macros?starting_after=bm9wZQ==": "parameter_invalid", "/macros?starting_after=%25%25": "parameter_invalid",
		"/macros?per_page=151": "parameter_invalid", "/macros?per_page=0": "parameter_invalid",
		"/macros?updated_since=yesterday":      "parameter_invalid",
		"/data_connectors?starting_after=WzFd": "client_error", "/data_connectors?per_page=51": "parameter_invalid",
	} {
		wantError(t, call(t, s, http.MethodGet, target), http.StatusBadRequest, code)
	}
}

// TestMacrosUpdatedSince: updated_since keeps the macros updated after it.
func TestMacrosUpdatedSince(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3})
	all := s.Records("macros")
	since := isoUnix(all[len(all)/2]["updated_at"])
	got := items(t, get(t, s, "/macros?per_page=150&updated_since="+strconv.FormatInt(since, 10)), "data")
	var want []map[string]any
	for _, m := range all {
		if isoUnix(m["updated_at"]) > since {
			want = append(want, m)
		}
	}
	if len(want) == 0 || len(want) == len(all) {
		t.Fatalf("%d of %d macros after %d: the test proves little", len(want), len(all), since)
	}
	wantSameRecords(t, "macros", got, want)
}

// TestNumberedPages: calls, internal articles and newsfeeds are paged by
// number with a pages object and no link; content snippets and audiences
// give page, per_page and total_pages beside their items. Walking the
// pages visits every record of Records, in order.
func TestNumberedPages(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3, Size: Small})
	for _, tc := range []struct {
		path, stream string
		perPage, max int
		flat         bool
	}{
		{"/calls", "calls", 25, 25, false},
		{"/internal_articles", "internal_articles", 25, 150, false},
		{"/news/newsfeeds", "newsfeeds", 10, 150, false},
		{"/content_snippets", "content_snippets", 50, 50, true},
		{"/audiences", "audiences", 50, 50, true},
	} {
		first := get(t, s, tc.path)
		paging := first
		if !tc.flat {
			paging = first["pages"].(map[string]any)
			if _, ok := paging["next"]; ok {
				t.Errorf("%s: pages has a next link", tc.path)
			}
		} else if _, ok := first["pages"]; ok {
			t.Errorf("%s: has a pages object", tc.path)
		}
		if paging["per_page"] != float64(tc.perPage) || paging["page"] != 1.0 {
			t.Errorf("%s: default paging %v", tc.path, paging)
		}
		var got []map[string]any
		for p, pages := 1, 1; p <= pages; p++ {
			body := get(t, s, tc.path+"?per_page=7&page="+strconv.Itoa(p))
			got = append(got, items(t, body, "data")...)
			if !tc.flat {
				body = body["pages"].(map[string]any)
			}
			pages = int(body["total_pages"].(float64))
		}
		wantSameRecords(t, tc.stream, got, s.Records(tc.stream))
		if first["total_count"] != float64(len(got)) {
			t.Errorf("%s: total_count %v, %d records", tc.path, first["total_count"], len(got))
		}
		wantError(t, call(t, s, http.MethodGet, tc.path+"?per_page="+strconv.Itoa(tc.max+1)), http.StatusBadRequest, "parameter_invalid")
	}
}

// TestLinkedPages: the content import sources and external pages link
// each page to the next; the last page's next is null.
func TestLinkedPages(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3, Size: Small})
	for path, stream := range map[string]string{"/ai/external_pages": "external_pages", "/ai/content_import_sources": "content_import_sources"} {
		var got []map[string]any
		pages := 0
		for target := path; target != ""; pages++ {
			body := get(t, s, target)
			got = append(got, items(t, body, "data")...)
			p := body["pages"].(map[string]any)
			target = ""
			switch next := p["next"].(type) {
			case string:
				u, err := url.Parse(next)
				if err != nil {
					t.Fatal(err)
				}
				target = u.RequestURI()
			case nil:
			default:
				t.Fatalf("%s: next %v", path, next)
			}
		}
		wantSameRecords(t, stream, got, asJSON(t, s.Records(stream)))
		if stream == "external_pages" && pages < 2 {
			t.Errorf("%s: %d pages; the test proves little", path, pages)
		}
	}
}

// TestNewerCollectionsAreNot211s: the routes the 2.11 description lacks
// answer 404 to a request for 2.11 (or older), and serve every later
// version; 2.11's ticket types list no ticket states.
func TestNewerCollectionsAreNot211s(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3})
	newer := 0
	for _, e := range endpoints() {
		path := strings.TrimPrefix(e.pattern, "GET ")
		if !e.only216 {
			continue
		}
		newer++
		for _, v := range []string{"2.11", "2.9"} {
			wantError(t, call(t, s, http.MethodGet, path, "Intercom-Version", v), http.StatusNotFound, "not_found")
		}
		for _, v := range []string{"2.16", "2.12", "Unstable", ""} {
			if rec := call(t, s, http.MethodGet, path, "Intercom-Version", v); rec.Code != http.StatusOK {
				t.Errorf("%s as %q: %d", path, v, rec.Code)
			}
		}
	}
	if newer != 14 {
		t.Errorf("%d routes newer than 2.11, want 14", newer)
	}
	for _, v := range []string{"2.11", "2.16"} {
		for _, tt := range items(t, fetchAs(t, s, "/ticket_types", v), "data") {
			if _, ok := tt["ticket_states"]; ok != (v == "2.16") {
				t.Errorf("%s: ticket type %v has ticket_states: %v", v, tt["id"], ok)
			}
		}
		if n := len(items(t, fetchAs(t, s, "/news/newsfeeds", v), "data")); n != 3 {
			t.Errorf("%s: %d newsfeeds", v, n)
		}
	}
}

// TestCollectionScopes: a token without read_content_data is refused Fin's
// content and the data connectors, and nothing else of the collections.
func TestCollectionScopes(t *testing.T) {
	t.Parallel()
	all := []string{ScopeReadAdmins, ScopeReadTags, ScopeReadUsersCompanies, ScopeReadConversations, ScopeReadContent, ScopeReadNews, ScopeReadTickets}
	s := New(Options{Seed: 3, LimitedToken: "limited", LimitedScopes: all})
	for _, e := range endpoints() {
		if !e.only216 && e.stream != "ticket_types" && e.stream != "newsfeeds" {
			continue
		}
		path := strings.TrimPrefix(e.pattern, "GET ")
		rec := call(t, s, http.MethodGet, path, "Authorization", "Bearer limited")
		if e.scope == ScopeReadContentData {
			wantError(t, rec, http.StatusForbidden, "token_unauthorized")
		} else if rec.Code != http.StatusOK {
			t.Errorf("%s: %d with every other scope", path, rec.Code)
		}
	}
}

// TestCollectionsAreCoherent: the collections refer to each other and to
// the rest of the workspace as Intercom's do.
func TestCollectionsAreCoherent(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 3, Size: Small})
	ids := func(stream string) map[string]bool {
		out := map[string]bool{}
		for _, r := range asJSON(t, s.Records(stream)) {
			out[idOf(r["id"])] = true
		}
		return out
	}
	helpCenters, brands, emails, teams := ids("help_centers"), ids("brands"), ids("email_settings"), ids("teams")
	audiences, sources, conversations, reasons := ids("audiences"), ids("content_import_sources"), ids("conversations"), ids("away_status_reasons")
	app := get(t, s, "/me")["app"].(map[string]any)
	emailBrand := map[string]string{}
	for _, e := range asJSON(t, s.Records("email_settings")) {
		emailBrand[e["id"].(string)] = e["brand_id"].(string)
		if !brands[e["brand_id"].(string)] || !strings.HasSuffix(e["email"].(string), "@"+e["domain"].(string)) {
			t.Errorf("email setting %v: brand %v, %v at %v", e["id"], e["brand_id"], e["email"], e["domain"])
		}
	}
	defaults := 0
	for _, b := range asJSON(t, s.Records("brands")) {
		if b["is_default"] == true {
			defaults++
			if b["id"] != app["id_code"] {
				t.Errorf("the default brand's id %v is not the workspace's %v", b["id"], app["id_code"])
			}
		}
		if !helpCenters[b["help_center_id"].(string)] || emailBrand[b["default_address_settings_id"].(string)] != b["id"] {
			t.Errorf("brand %v: help center %v, default address %v", b["id"], b["help_center_id"], b["default_address_settings_id"])
		}
	}
	if defaults != 1 || len(emails) < len(brands) {
		t.Errorf("%d default brands, %d addresses for %d brands", defaults, len(emails), len(brands))
	}
	for _, stream := range []string{"content_snippets", "internal_articles", "content_import_sources"} {
		for _, r := range asJSON(t, s.Records(stream)) {
			list, _ := r["audience_ids"].([]any)
			for _, a := range list {
				if !audiences[idOf(a)] {
					t.Errorf("%s %v: audience %v is not an audience", stream, r["id"], a)
				}
			}
		}
	}
	for _, p := range asJSON(t, s.Records("external_pages")) {
		if !sources[idOf(p["source_id"])] {
			t.Errorf("external page %v: source %v", p["id"], p["source_id"])
		}
	}
	for _, m := range asJSON(t, s.Records("macros")) {
		team := m["visible_to_team_ids"].([]any)
		if (m["visible_to"] == "specific_teams") != (len(team) > 0) {
			t.Errorf("macro %v: visible to %v, teams %v", m["id"], m["visible_to"], team)
		}
		for _, id := range team {
			if !teams[id.(string)] {
				t.Errorf("macro %v: team %v", m["id"], id)
			}
		}
	}
	for _, c := range asJSON(t, s.Records("calls")) {
		if !conversations[c["conversation_id"].(string)] {
			t.Errorf("call %v: conversation %v", c["id"], c["conversation_id"])
		}
		if _, answered := c["answered_at"]; answered != (c["state"] == "completed") {
			t.Errorf("call %v: state %v, answered_at %v", c["id"], c["state"], c["answered_at"])
		}
	}
	for _, a := range asJSON(t, s.Records("admins")) {
		if r := a["away_status_reason_id"]; r != nil && !reasons[idOf(r)] {
			t.Errorf("admin %v: away status reason %v", a["id"], r)
		}
	}
	feeds := ids("newsfeeds")
	for _, n := range asJSON(t, s.Records("news_items")) {
		for _, as := range n["newsfeed_assignments"].([]any) {
			if f := idOf(as.(map[string]any)["newsfeed_id"]); !feeds[f] {
				t.Errorf("news item %v: newsfeed %v", n["id"], f)
			}
		}
	}
	types := map[string]bool{}
	for _, e := range s.Records("activity_log_event_types") {
		types[e["event_type"].(string)] = true
	}
	for _, l := range s.Records("activity_logs") {
		if !types[l["activity_type"].(string)] {
			t.Errorf("activity log %v: type %v is not an event type", l["id"], l["activity_type"])
		}
	}
	states := ids("ticket_states")
	for _, tt := range asJSON(t, s.Records("ticket_types")) {
		for _, st := range tt["ticket_states"].(map[string]any)["data"].([]any) {
			if !states[st.(map[string]any)["id"].(string)] {
				t.Errorf("ticket type %v: state %v is not listed", tt["id"], st)
			}
		}
	}
}

func idOf(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatInt(int64(f), 10)
	}
	s, _ := v.(string)
	return s
}

// TestEventTypesAreTheDescriptions: the activity log event types are the
// values the 2.16 description allows an activity log's activity_type.
func TestEventTypesAreTheDescriptions(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/openapi_components.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schemas map[string]struct {
			Properties map[string]struct{ Enum []string }
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	want := doc.Schemas["activity_log"].Properties["activity_type"].Enum
	got := get(t, New(Options{Seed: 1}), "/admins/activity_log_event_types")["event_types"].([]any)
	var names []string
	for _, g := range got {
		names = append(names, g.(string))
	}
	if len(want) == 0 || !slices.Equal(names, want) {
		t.Errorf("event types %v\nwant %v", names, want)
	}
}
