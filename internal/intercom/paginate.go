package intercom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/intercom-connector/source-intercom/internal/jsonscan"
)

// List is one page of a list endpoint: the items under the envelope's list
// key, kept as raw JSON, and the paging information.
type List struct {
	Items      []json.RawMessage
	TotalCount int
	Pages      Pages
	// Nulls counts null items of the list, which are skipped.
	Nulls int
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
// "admins", "conversations", ...), or under one of alternatives written
// "data|companies" (the first named is preferred). A body without that key
// is an error: silently treating it as empty would lose records. Null
// items are skipped and counted in Nulls.
//
// This is the hot path of every read: the body is validated once, then the
// items are sliced out of it without copying (they share the body's memory).
func DecodeList(body []byte, key string) (*List, error) {
	return decodeList(body, key, false)
}

// decodeList skips the validation of a body already known to be JSON.
func decodeList(body []byte, key string, valid bool) (*List, error) {
	if err := validObject(body, valid); err != nil {
		return nil, err
	}
	return listIn(body, key)
}

// DecodeNestedList decodes a list envelope found under outer in body, as a
// conversation holds its conversation_parts; a body without outer holds an
// empty list.
func DecodeNestedList(body []byte, outer, key string) (*List, error) {
	return decodeNested(body, outer, key, false)
}

func decodeNested(body []byte, outer, key string, valid bool) (*List, error) {
	if err := validObject(body, valid); err != nil {
		return nil, err
	}
	env, ok := jsonscan.Tail(body, outer)
	if !ok || !bytes.HasPrefix(env, []byte("{")) {
		return &List{}, nil
	}
	return listIn(env, key)
}

func validObject(body []byte, valid bool) error {
	if !valid && !json.Valid(body) {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		return errors.New("response is not valid JSON")
	}
	if b := bytes.TrimSpace(body); len(b) == 0 || b[0] != '{' {
		return errors.New("response is not a JSON object")
	}
	return nil
}

// listIn reads a validated envelope in one pass over its top-level keys:
// the list can be megabytes.
func listIn(env []byte, key string) (*List, error) {
	l := &List{}
	found := false
	var err error
	keys := strings.Split(key, "|")
	jsonscan.ObjectEach(env, func(k, v []byte) bool {
		switch string(k) {
		case keys[0]: // preferred over an alternative seen before it
			found, l.Items, l.Nulls = true, nil, 0
			err = l.items(keys[0], v)
		case "total_count":
			if n, perr := strconv.Atoi(string(v)); perr == nil {
				l.TotalCount = n
			}
		case "scroll_param":
			_ = json.Unmarshal(v, &l.ScrollParam)
		case "pages":
			if bytes.HasPrefix(v, []byte("{")) {
				if uerr := json.Unmarshal(v, &l.Pages); uerr != nil {
					err = fmt.Errorf("bad pages object: %w", uerr)
				}
			}
		}
		if !found && err == nil && slices.Contains(keys[1:], string(k)) {
			found = true
			err = l.items(string(k), v)
		}
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("no %s list in response", `"`+strings.ReplaceAll(key, "|", `" or "`)+`"`)
	}
	return l, nil
}

// items slices the records out of the list value v.
func (l *List) items(key string, v []byte) error {
	if bytes.Equal(v, []byte("null")) {
		return nil
	}
	var bad error
	if !jsonscan.ArrayEach(v, func(it []byte) bool {
		if bytes.Equal(it, []byte("null")) {
			l.Nulls++ // Intercom's own examples show them; there is no record
			return true
		}
		if it[0] != '{' {
			bad = fmt.Errorf("%q holds a non-object item", key)
			return false
		}
		l.Items = append(l.Items, it)
		return true
	}) {
		return fmt.Errorf("%q is not a list", key)
	}
	return bad
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
	l, err := decodeList(r.body, key, r.valid)
	if err != nil {
		return nil, &DecodeError{Path: path, Err: err}
	}
	l.Date = r.date
	return l, nil
}

// GetNestedList fetches an object holding a list envelope under outer (a
// conversation and its conversation_parts) and returns that list.
func (c *Client) GetNestedList(ctx context.Context, path, outer, key string) (*List, error) {
	r, err := c.do(ctx, http.MethodGet, path, nil, nil)
	if err != nil {
		return nil, err
	}
	l, err := decodeNested(r.body, outer, key, r.valid)
	if err != nil {
		return nil, &DecodeError{Path: path, Err: err}
	}
	l.Date = r.date
	return l, nil
}

// PageNumbers iterates a page-numbered list (page=1, 2, ... up to
// pages.total_pages). It stops at the first error, which it yields.
func (c *Client) PageNumbers(ctx context.Context, path string, q url.Values, key string, perPage int) iter.Seq2[*List, error] {
	ctx = inChain(ctx)
	return func(yield func(*List, error) bool) {
		guard := newProgress(path)
		for page := 1; ; page++ {
			pq := cloneValues(q)
			pq.Set("page", strconv.Itoa(page))
			if perPage > 0 {
				pq.Set("per_page", strconv.Itoa(perPage))
			}
			l, err := guard.checked(c.GetList(ctx, path, pq, key))
			if !yield(l, err) || err != nil {
				return
			}
			if l.Pages.TotalPages <= page || len(l.Items) == 0 {
				return
			}
		}
	}
}

// PostPageNumbers iterates a page-numbered POST endpoint (activity log
// search): body, with page and per_page added, is sent for each page.
func (c *Client) PostPageNumbers(ctx context.Context, path string, body map[string]any, key string, perPage int) iter.Seq2[*List, error] {
	ctx = inChain(ctx)
	return func(yield func(*List, error) bool) {
		guard := newProgress(path)
		for page := 1; ; page++ {
			b := maps.Clone(body)
			b["page"], b["per_page"] = page, perPage
			var l *List
			r, err := c.post(ctx, path, b)
			if err == nil {
				l, err = guard.checked(decodeResponse(r, path, key))
			}
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
	ctx = inChain(ctx)
	return func(yield func(*List, error) bool) {
		guard := newProgress(path)
		next, nq := path, q
		for {
			var l *List
			err := guard.followURL(c, next, nq)
			if err == nil {
				l, err = guard.checked(c.GetList(ctx, next, nq, key))
			}
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

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}
