package engine

import (
	"context"
	"errors"
	"iter"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// chain is one parent's children, a chain of pages whose first page has
// come: fetched in a fan-out's pool, in parallel with other parents', while
// the rest are fetched one ahead of being written. Memory holds about a
// page or two per parent in flight, however many children one parent has
// (a company of a hundred thousand contacts).
type chain struct {
	first Page
	rest  <-chan pageResult // nil: the parent has no children
}

type pageResult struct {
	page Page
	err  error
}

// startChain reads pages in a goroutine of its own, which ends with ctx if
// the pages are not all taken, and returns once the first page has come.
// A parent gone since it was listed (HTTP 404) has no children.
func startChain(ctx context.Context, pages iter.Seq2[Page, error]) (*chain, error) {
	ch := make(chan pageResult)
	go func() {
		defer close(ch)
		for p, err := range pages {
			select {
			case ch <- pageResult{p, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case r, ok := <-ch:
		switch {
		case !ok || gone(r.err):
			return &chain{}, nil
		case r.err != nil:
			return nil, r.err
		}
		return &chain{first: r.page, rest: ch}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// pages yields the chain's pages; a parent deleted midway ends it.
func (c *chain) pages() iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		if c.rest == nil || !yield(c.first, nil) {
			return
		}
		for r := range c.rest {
			if gone(r.err) || !yield(r.page, r.err) || r.err != nil {
				return
			}
		}
	}
}

// gone tells an answer that the parent no longer exists (HTTP 404).
func gone(err error) bool {
	var api *intercom.APIError
	return errors.As(err, &api) && api.StatusCode == 404
}
