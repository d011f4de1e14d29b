package intercom

import (
	"context"
	"iter"
	"time"
)

// Filter is a search query: a single filter (Field, Operator, Value) or a
// nested AND/OR whose Value is a []Filter.
type Filter struct {
	Field    string `json:"field,omitempty"`
	Operator string `json:"operator"`
	Value    any    `json:"value"`
}

// Or combines filters with OR.
func Or(fs ...Filter) Filter { return Filter{Operator: "OR", Value: fs} }

// And combines filters with AND.
func And(fs ...Filter) Filter { return Filter{Operator: "AND", Value: fs} }

// MaxSearchPerPage is the largest page the search endpoints serve.
const MaxSearchPerPage = 150

type searchBody struct {
	Query      Filter         `json:"query"`
	Sort       *searchSort    `json:"sort,omitempty"`
	Pagination searchPaginate `json:"pagination"`
}

type searchSort struct {
	Field string `json:"field"`
	Order string `json:"order"`
}

type searchPaginate struct {
	PerPage       int    `json:"per_page"`
	StartingAfter string `json:"starting_after,omitempty"`
}

// Search iterates a search endpoint (POST /contacts/search,
// /conversations/search, /tickets/search) sorted ascending on sortField,
// following pages.next.starting_after. Items sit under key.
func (c *Client) Search(ctx context.Context, path string, q Filter, sortField, key string, perPage int) iter.Seq2[*List, error] {
	ctx = inChain(ctx)
	if perPage <= 0 || perPage > MaxSearchPerPage {
		perPage = MaxSearchPerPage
	}
	return func(yield func(*List, error) bool) {
		body := searchBody{Query: q, Pagination: searchPaginate{PerPage: perPage}}
		if sortField != "" {
			body.Sort = &searchSort{Field: sortField, Order: "ascending"}
		}
		guard := newProgress(path)
		for {
			r, err := c.post(ctx, path, body)
			var l *List
			if err == nil {
				l, err = guard.checked(decodeResponse(r, path, key))
			}
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
			body.Pagination.StartingAfter = next
		}
	}
}

// SearchCount asks a search endpoint how many records match q, with a page
// of one record, and returns the count and the server's time.
func (c *Client) SearchCount(ctx context.Context, path string, q Filter, key string) (int, time.Time, error) {
	r, err := c.post(ctx, path, searchBody{Query: q, Pagination: searchPaginate{PerPage: 1}})
	if err != nil {
		return 0, time.Time{}, err
	}
	l, err := decodeResponse(r, path, key)
	if err != nil {
		return 0, time.Time{}, err
	}
	return l.TotalCount, l.Date, nil
}
