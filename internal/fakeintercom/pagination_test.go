package fakeintercom

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"testing"
)

func TestPageEnvelope(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	first := get(t, s, "/articles")
	if first["type"] != "list" || first["total_count"] != 30.0 || len(items(t, first, "data")) != 25 {
		t.Fatalf("first page: type %v total %v", first["type"], first["total_count"])
	}
	wantPages(t, first, map[string]any{
		"type": "pages", "page": 1.0, "per_page": 25.0, "total_pages": 2.0,
		"next": "http://example.com/articles?page=2&per_page=25",
	})
	last := get(t, s, "/articles?page=2")
	if n := len(items(t, last, "data")); n != 5 {
		t.Errorf("last page has %d records, want 5", n)
	}
	wantPages(t, last, map[string]any{"type": "pages", "page": 2.0, "per_page": 25.0, "total_pages": 2.0})
	beyond := get(t, s, "/articles?page=9")
	if n := len(items(t, beyond, "data")); n != 0 {
		t.Errorf("page beyond the end has %d records", n)
	}
}

func TestPageBounds(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	for _, q := range []string{"per_page=151", "per_page=0", "per_page=-1", "per_page=x", "page=0", "page=-2", "page=two"} {
		wantError(t, call(t, s, http.MethodGet, "/news/news_items?"+q), http.StatusBadRequest, "parameter_invalid")
	}
	body := get(t, s, "/help_center/collections?per_page=150")
	if n := len(items(t, body, "data")); n != 25 {
		t.Errorf("per_page=150 returned %d of 25", n)
	}
}

func TestDefaultPerPage(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	for path, want := range map[string]float64{
		"/help_center/help_centers": 20, "/help_center/collections": 20, "/articles": 25, "/news/news_items": 10,
	} {
		pages := get(t, s, path)["pages"].(map[string]any)
		if pages["per_page"] != want {
			t.Errorf("%s per_page = %v, want %v", path, pages["per_page"], want)
		}
	}
}

// TestFollowingNextVisitsEveryRecordNewestFirst walks next links the way
// a connector does.
func TestFollowingNextVisitsEveryRecordNewestFirst(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 4})
	for path, stream := range map[string]string{
		"/articles?per_page=7&state=published": "articles", "/help_center/collections?per_page=4": "help_center_collections",
		"/news/news_items?per_page=5": "news_items", "/help_center/help_centers?per_page=1": "help_centers",
	} {
		var got []map[string]any
		for target := path; target != ""; {
			body := get(t, s, target)
			got = append(got, items(t, body, "data")...)
			target = ""
			if next, ok := body["pages"].(map[string]any)["next"].(string); ok {
				u, err := url.Parse(next)
				if err != nil || u.Host != "example.com" || u.Query().Get("state") != "published" && stream == "articles" {
					t.Fatalf("next %q does not keep host and query", next)
				}
				target = u.RequestURI()
			}
		}
		wantSameRecords(t, stream, got, s.Records(stream))
		for i := 1; i < len(got); i++ {
			if got[i-1]["updated_at"].(float64) < got[i]["updated_at"].(float64) {
				t.Fatalf("%s: not ordered by updated_at descending at %d", stream, i)
			}
		}
	}
}

func TestNextUsesRequestScheme(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	req := httptest.NewRequest(http.MethodGet, "https://api.example.test/articles", nil)
	req.TLS = &tls.ConnectionState{}
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	next := decode(t, rec)["pages"].(map[string]any)["next"]
	if next != "https://api.example.test/articles?page=2&per_page=25" {
		t.Errorf("next = %v", next)
	}
}

func wantPages(t *testing.T, body map[string]any, want map[string]any) {
	t.Helper()
	if got := body["pages"]; !reflect.DeepEqual(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}
}

// wantSameRecords compares decoded API records with Records output by id.
func wantSameRecords(t *testing.T, stream string, got, want []map[string]any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d records, want %d", stream, len(got), len(want))
	}
	for i := range got {
		if got[i]["id"] != want[i]["id"] {
			t.Fatalf("%s: record %d id %v, want %v", stream, i, got[i]["id"], want[i]["id"])
		}
	}
}
