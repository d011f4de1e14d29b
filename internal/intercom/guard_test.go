package intercom

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// drain reads a paginator to its end and returns the items read, the
// error it ended with and how many requests the server got.
func drain(seq iter.Seq2[*List, error]) (items int, err error) {
	for l, e := range seq {
		if e != nil {
			return items, e
		}
		items += len(l.Items)
	}
	return items, nil
}

func wantNoProgress(t *testing.T, name string, err error, requests int32, path string) {
	t.Helper()
	var np *NoProgressError
	if !errors.Is(err, ErrNoProgress) || !errors.As(err, &np) || np.Path != path || !strings.Contains(err.Error(), path) {
		t.Errorf("%s: err = %v, want a NoProgressError naming %s", name, err, path)
	}
	if requests > 3 {
		t.Errorf("%s: %d requests before stopping", name, requests)
	}
}

// TestEveryPaginatorStopsWhenPagingDoesNotAdvance: a server that repeats
// its cursor or link, or serves the same page whatever is asked, ends each
// paginator with a NoProgressError after a page or two, never a loop.
func TestEveryPaginatorStopsWhenPagingDoesNotAdvance(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, path string
		answer     func(n int32, base string) string
		read       func(c *Client) iter.Seq2[*List, error]
	}{
		{"search repeats its cursor", "/contacts/search",
			func(n int32, _ string) string {
				return fmt.Sprintf(`{"data":[{"id":"%d"}],"pages":{"next":{"starting_after":"same"}}}`, n)
			},
			func(c *Client) iter.Seq2[*List, error] {
				return c.Search(ctx, "/contacts/search", Filter{}, "updated_at", "data", 0)
			}},
		{"search ignores its cursor", "/contacts/search",
			func(n int32, _ string) string {
				return fmt.Sprintf(`{"data":[{"id":"a"},{"id":"b"}],"pages":{"next":{"starting_after":"c%d"}}}`, n)
			},
			func(c *Client) iter.Seq2[*List, error] {
				return c.Search(ctx, "/contacts/search", Filter{}, "updated_at", "data", 0)
			}},
		{"link repeats", "/admins/activity_logs",
			func(n int32, base string) string {
				return fmt.Sprintf(`{"activity_logs":[{"id":"%d"}],"pages":{"next":"%s/admins/activity_logs?page=2"}}`, n, base)
			},
			func(c *Client) iter.Seq2[*List, error] {
				return c.NextLinks(ctx, "/admins/activity_logs", nil, "activity_logs")
			}},
		{"link points back at the first page", "/admins/activity_logs",
			func(n int32, base string) string {
				return fmt.Sprintf(`{"activity_logs":[{"id":"%d"}],"pages":{"next":"%s/admins/activity_logs?created_at_after=1"}}`, n, base)
			},
			func(c *Client) iter.Seq2[*List, error] {
				return c.NextLinks(ctx, "/admins/activity_logs", map[string][]string{"created_at_after": {"1"}}, "activity_logs")
			}},
		{"page number ignored", "/articles",
			func(n int32, _ string) string {
				return `{"data":[{"id":"a1"},{"id":"a2"}],"pages":{"page":1,"total_pages":1000}}`
			},
			func(c *Client) iter.Seq2[*List, error] { return c.PageNumbers(ctx, "/articles", nil, "data", 2) }},
		{"page number ignored, paging at the top level", "/audiences",
			func(n int32, _ string) string {
				return `{"data":[{"id":"a1"},{"id":"a2"}],"page":1,"total_pages":1000}`
			},
			func(c *Client) iter.Seq2[*List, error] { return c.PageNumbers(ctx, "/audiences", nil, "data", 2) }},
		{"cursor list repeats its cursor", "/macros",
			func(n int32, _ string) string {
				return fmt.Sprintf(`{"data":[{"id":"%d"}],"pages":{"next":{"starting_after":"same"}}}`, n)
			},
			func(c *Client) iter.Seq2[*List, error] { return c.StartingAfter(ctx, "/macros", nil, "data", 50) }},
		{"cursor list ignores its cursor", "/data_connectors",
			func(n int32, _ string) string {
				return fmt.Sprintf(`{"data":[{"id":"a"},{"id":"b"}],"pages":{"next":{"starting_after":"c%d"}}}`, n)
			},
			func(c *Client) iter.Seq2[*List, error] {
				return c.StartingAfter(ctx, "/data_connectors", nil, "data", 20)
			}},
	}
	for _, tc := range cases {
		var n atomic.Int32
		var base string
		c, srv := setup(t, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, tc.answer(n.Add(1), base))
		})
		base = srv.URL
		_, err := drain(tc.read(c))
		wantNoProgress(t, tc.name, err, n.Load(), tc.path)
	}
}

func TestScrollStopsWhenItsPagesRepeat(t *testing.T) {
	var n atomic.Int32
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		fmt.Fprint(w, `{"type":"list","data":[{"id":"c1"},{"id":"c2"}],"scroll_param":"p1"}`)
	})
	var err error
	for _, e := range c.Scroll(context.Background(), "/companies/scroll", "data", ScrollOptions{}) {
		if e != nil {
			err = e
		}
	}
	wantNoProgress(t, "scroll", err, n.Load(), "/companies/scroll")
}

func TestPagingThatAdvancesIsNotStopped(t *testing.T) {
	// Pages may share items (a record updated mid-read moves on), and page
	// numbering ends at an empty page even if total_pages says more.
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("page") {
		case "1":
			fmt.Fprint(w, `{"data":[{"id":"a"},{"id":"b"}],"pages":{"page":1,"total_pages":50}}`)
		case "2":
			fmt.Fprint(w, `{"data":[{"id":"b"},{"id":"c"}],"pages":{"page":2,"total_pages":50}}`)
		case "3":
			fmt.Fprint(w, `{"data":[{"type":"no id"}],"pages":{"page":3,"total_pages":50}}`)
		default:
			fmt.Fprint(w, `{"data":[],"pages":{"page":4,"total_pages":50}}`)
		}
	})
	items, err := drain(c.PageNumbers(context.Background(), "/articles", nil, "data", 2))
	if err != nil || items != 5 {
		t.Errorf("items %d, err %v", items, err)
	}
}
