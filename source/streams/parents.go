package streams

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"slices"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// What the streams built on a parent's records share: which parents they
// read, and a parent's children as a chain of pages.

// replicated drops the parents last updated before start_date: a child
// stream holds the children of the parents a sync replicates. An
// incremental child starts there or later anyway; this bounds the
// full-refresh ones, which the engine reads from the beginning.
func replicated(env *engine.Env, parents iter.Seq2[engine.Page, error]) iter.Seq2[engine.Page, error] {
	start := startDate(env)
	if start <= 0 {
		return parents
	}
	return func(yield func(engine.Page, error) bool) {
		for p, err := range parents {
			if err == nil {
				// A page may be shared with other readers: filter a copy.
				p.Records = slices.DeleteFunc(slices.Clone(p.Records), func(rec json.RawMessage) bool {
					c, ok := engine.CursorOf(rec, "updated_at")
					return ok && c < start
				})
			}
			if !yield(p, err) {
				return
			}
		}
	}
}

// startDate is start_date in unix seconds; 0 without a config.
func startDate(env *engine.Env) int64 {
	if env.Config == nil {
		return 0
	}
	return env.Config.StartTime().Unix()
}

// quoted is s as a JSON string.
func quoted(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

// chain is one parent's children, a chain of pages whose first page has
// come: fetched in a fan-out's pool, in parallel with other parents', while
// the rest are fetched one ahead of being written. Memory holds about a
// page or two per parent in flight, however many children one parent has
// (a company of a hundred thousand contacts).
type chain struct {
	first engine.Page
	rest  <-chan pageResult // nil: the parent has no children
}

type pageResult struct {
	page engine.Page
	err  error
}

// startChain reads pages in a goroutine of its own, which ends with ctx if
// the pages are not all taken, and returns once the first page has come.
// A parent gone since it was listed (HTTP 404) has no children.
func startChain(ctx context.Context, pages iter.Seq2[engine.Page, error]) (*chain, error) {
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
func (c *chain) pages() iter.Seq2[engine.Page, error] {
	return func(yield func(engine.Page, error) bool) {
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
