package intercom

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// List is one page of a list endpoint: the items under the envelope's list
// key, kept as raw JSON, and the paging information.
type List struct {
	Items      []json.RawMessage
	TotalCount int
	Pages      Pages
	// ScrollParam continues a scroll (companies/scroll only).
	ScrollParam string
	// Date is the server's clock when it answered (zero if it sent no Date):
	// a scan that started at Date has seen every record last changed before it.
	Date time.Time
}

// Pages is Intercom's pages object. Next is either a URL (page-numbered and
// link lists) or an object with starting_after (cursor lists and search).
type Pages struct {
	Page       int             `json:"page"`
	PerPage    int             `json:"per_page"`
	TotalPages int             `json:"total_pages"`
	Next       json.RawMessage `json:"next"`
}

// NextURL returns pages.next when it is a link, else "".
func (p Pages) NextURL() string {
	var s string
	if json.Unmarshal(p.Next, &s) == nil {
		return s
	}
	return ""
}

// StartingAfter returns pages.next.starting_after when next is a cursor, else "".
func (p Pages) StartingAfter() string {
	var c struct {
		StartingAfter string `json:"starting_after"`
	}
	if len(p.Next) > 0 && p.Next[0] == '{' && json.Unmarshal(p.Next, &c) == nil {
		return c.StartingAfter
	}
	return ""
}

// DecodeList decodes a list envelope whose items sit under key ("data",
// "admins", "conversations", ...). A body without that key is an error:
// silently treating it as empty would lose records.
func DecodeList(body []byte, key string) (*List, error) {
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	raw, ok := env[key]
	if !ok {
		return nil, fmt.Errorf("no %q list in response", key)
	}
	l := &List{}
	if !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		if err := json.Unmarshal(raw, &l.Items); err != nil {
			return nil, fmt.Errorf("%q is not a list: %w", key, err)
		}
	}
	if tc, ok := env["total_count"]; ok {
		_ = json.Unmarshal(tc, &l.TotalCount)
	}
	if sp, ok := env["scroll_param"]; ok {
		_ = json.Unmarshal(sp, &l.ScrollParam)
	}
	if p, ok := env["pages"]; ok && !bytes.Equal(p, []byte("null")) {
		if err := json.Unmarshal(p, &l.Pages); err != nil {
			return nil, fmt.Errorf("bad pages object: %w", err)
		}
	}
	return l, nil
}

// GetList fetches one unpaginated list (admins, teams, tags, ...).
func (c *Client) GetList(ctx context.Context, path string, q url.Values, key string) (*List, error) {
	r, err := c.do(ctx, http.MethodGet, path, q, nil)
	if err != nil {
		return nil, err
	}
	return decodeResponse(r, path, key)
}

func decodeResponse(r response, path, key string) (*List, error) {
	l, err := DecodeList(r.body, key)
	if err != nil {
		return nil, &DecodeError{Path: path, Err: err}
	}
	l.Date = r.date
	return l, nil
}

// PageNumbers iterates a page-numbered list (page=1, 2, ... up to
// pages.total_pages). It stops at the first error, which it yields.
func (c *Client) PageNumbers(ctx context.Context, path string, q url.Values, key string, perPage int) iter.Seq2[*List, error] {
	return func(yield func(*List, error) bool) {
		for page := 1; ; page++ {
			pq := cloneValues(q)
			pq.Set("page", strconv.Itoa(page))
			if perPage > 0 {
				pq.Set("per_page", strconv.Itoa(perPage))
			}
			l, err := c.GetList(ctx, path, pq, key)
			if !yield(l, err) || err != nil {
				return
			}
			if l.Pages.TotalPages <= page || len(l.Items) == 0 {
				return
			}
		}
	}
}

// NextLinks iterates a list by following pages.next URLs.
func (c *Client) NextLinks(ctx context.Context, path string, q url.Values, key string) iter.Seq2[*List, error] {
	return func(yield func(*List, error) bool) {
		next, nq := path, q
		for {
			l, err := c.GetList(ctx, next, nq, key)
			if !yield(l, err) || err != nil {
				return
			}
			if next = l.Pages.NextURL(); next == "" {
				return
			}
			nq = nil
		}
	}
}

// Cursor iterates a GET list paged by starting_after.
func (c *Client) Cursor(ctx context.Context, path string, q url.Values, key string, perPage int) iter.Seq2[*List, error] {
	return func(yield func(*List, error) bool) {
		after := ""
		for {
			pq := cloneValues(q)
			if perPage > 0 {
				pq.Set("per_page", strconv.Itoa(perPage))
			}
			if after != "" {
				pq.Set("starting_after", after)
			}
			l, err := c.GetList(ctx, path, pq, key)
			if !yield(l, err) || err != nil {
				return
			}
			if after = l.Pages.StartingAfter(); after == "" {
				return
			}
		}
	}
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}
