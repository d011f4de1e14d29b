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
// Some lists (audiences, content snippets) have no pages object and give
// page, per_page and total_pages at the envelope's top level instead; they
// are read into Pages all the same.
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
	found, paged := false, false
	var flat Pages // page, per_page and total_pages at the top level
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
				paged = true
				if uerr := json.Unmarshal(v, &l.Pages); uerr != nil {
					err = fmt.Errorf("bad pages object: %w", uerr)
				}
			}
		case "page":
			flat.Page, _ = strconv.Atoi(string(v))
		case "per_page":
			flat.PerPage, _ = strconv.Atoi(string(v))
		case "total_pages":
			flat.TotalPages, _ = strconv.Atoi(string(v))
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
	if !paged {
		l.Pages = flat
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

// DecodeValues decodes a list of scalar values (the activity log event
// types' strings) under key: each value is an item, as raw JSON. Null
// values are skipped and counted in Nulls; an object or array among them
// is an error.
func DecodeValues(body []byte, key string) (*List, error) {
	return decodeValues(body, key, false)
}

func decodeValues(body []byte, key string, valid bool) (*List, error) {
	if err := validObject(body, valid); err != nil {
		return nil, err
	}
	v, ok := jsonscan.Tail(body, key)
	if !ok {
		return nil, fmt.Errorf("no %q list in response", key)
	}
	l := &List{}
	if bytes.HasPrefix(v, []byte("null")) {
		return l, nil
	}
	var bad error
	if !jsonscan.ArrayEach(v, func(it []byte) bool {
		switch it[0] {
		case 'n':
			l.Nulls++
		case '{', '[':
			bad = fmt.Errorf("%q holds an object or a list where values are expected", key)
			return false
		default:
			l.Items = append(l.Items, it)
		}
		return true
	}) {
		return nil, fmt.Errorf("%q is not a list", key)
	}
	if bad != nil {
		return nil, bad
	}
	return l, nil
}

// GetValues fetches a list of scalar values (see DecodeValues).
func (c *Client) GetValues(ctx context.Context, path string, q url.Values, key string) (*List, error) {
	r, err := c.do(ctx, http.MethodGet, path, q, nil)
	if err != nil {
		return nil, err
	}
	l, err := decodeValues(r.body, key, r.valid)
	if err != nil {
		return nil, &DecodeError{Path: path, Err: err}
	}
	l.Date = r.date
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

// PageNumbers iterates a page-numbered list (page, per_page in the
// query), until its total_pages or an empty page.
func (c *Client) PageNumbers(ctx context.Context, path string, q url.Values, key string, perPage int) iter.Seq2[*List, error] {
	return c.numbered(ctx, path, func(ctx context.Context, page int) (*List, error) {
		pq := cloneValues(q)
		pq.Set("page", strconv.Itoa(page))
		if perPage > 0 {
			pq.Set("per_page", strconv.Itoa(perPage))
		}
		return c.GetList(ctx, path, pq, key)
	})
}

// PostCount is the total_count of a page-numbered POST list (the
// companies list), asked for with one record a page.
func (c *Client) PostCount(ctx context.Context, path string) (int, error) {
	r, err := c.do(ctx, http.MethodPost, path, url.Values{"per_page": {"1"}}, nil)
	if err != nil {
		return 0, err
	}
	l, err := decodeResponse(r, path, "data")
	if err != nil {
		return 0, err
	}
	return l.TotalCount, nil
}

// PostPageNumbers iterates a page-numbered POST endpoint (activity log
// search): body, with page and per_page added, is sent for each page.
func (c *Client) PostPageNumbers(ctx context.Context, path string, body map[string]any, key string, perPage int) iter.Seq2[*List, error] {
	return c.numbered(ctx, path, func(ctx context.Context, page int) (*List, error) {
		b := maps.Clone(body)
		b["page"], b["per_page"] = page, perPage
		r, err := c.post(ctx, path, b)
		if err != nil {
			return nil, err
		}
		return decodeResponse(r, path, key)
	})
}

// numbered follows page numbers from 1, each page fetched by get, until
// the answer's total_pages or an empty page; a page repeating one already
// read stops it.
func (c *Client) numbered(ctx context.Context, path string, get func(ctx context.Context, page int) (*List, error)) iter.Seq2[*List, error] {
	ctx = inChain(ctx)
	return func(yield func(*List, error) bool) {
		guard := newProgress(path)
		for page := 1; ; page++ {
			l, err := guard.checked(get(ctx, page))
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

// StartingAfter iterates a cursor-paginated list (macros, data
// connectors): the first request asks for perPage items (if set), and each
// next one sends the pages.next.starting_after of the page before it. A
// page without a cursor, or without items, is the last. It stops at the
// first error, which it yields.
func (c *Client) StartingAfter(ctx context.Context, path string, q url.Values, key string, perPage int) iter.Seq2[*List, error] {
	ctx = inChain(ctx)
	return func(yield func(*List, error) bool) {
		guard := newProgress(path)
		pq := cloneValues(q)
		if perPage > 0 {
			pq.Set("per_page", strconv.Itoa(perPage))
		}
		for {
			l, err := guard.checked(c.GetList(ctx, path, pq, key))
			if !yield(l, err) || err != nil {
				return
			}
			next := l.Pages.StartingAfter()
			if next == "" || len(l.Items) == 0 {
				return
			}
			if err := guard.follow("starting_after", next); err != nil {
				yield(nil, err)
				return
			}
			pq = cloneValues(pq)
			pq.Set("starting_after", next)
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
