package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// pagesOf is what a stream declares, read: its source, with records
// completed and a missing permission turned into a skip. A stream given a
// reader of a shared feed takes its parent pages from there (see share).
func pagesOf(ctx context.Context, env *Env, s Stream, since int64, r *reader) iter.Seq2[Page, error] {
	var pages iter.Seq2[Page, error]
	child, isChild := s.Source.(Child)
	switch {
	case r == nil:
		pages = s.Source.Pages(ctx, env, since)
		if s.Complete != nil {
			pages = completed(ctx, env, pages, s.Complete, "", 0)
		}
	case isChild:
		pages = child.children(ctx, env, r.pages())
	default:
		pages = r.pages() // completed by the feed
	}
	perm := s.Permission
	if perm == "" && isChild {
		perm = child.Of.Permission
	}
	if perm != "" {
		pages = skipForbidden(env, s.Name, perm, pages)
	}
	return pages
}

// skipForbidden turns a 403, or a 404 on the stream's own endpoints, into
// a WARN and an empty, complete stream: a token may lawfully lack a
// product's permission, a workspace the product itself (Intercom answers
// 403 api_plan_restricted, or 404), and the rest of the sync should not
// fail for it.
func skipForbidden(env *Env, name, permission string, pages iter.Seq2[Page, error]) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		for p, err := range pages {
			var api *intercom.APIError
			switch {
			case errors.As(err, &api) && api.Forbidden():
				env.Warn(fmt.Sprintf("Stream %s is skipped: the access token or the workspace's plan lacks %q (HTTP 403 %s on %s). Grant the permission to the app in Intercom's Developer Hub, or add the product, to sync %s.", name, permission, api.Code, api.Path, name))
				return
			case errors.As(err, &api) && api.StatusCode == 404:
				env.Warn(fmt.Sprintf("Stream %s is skipped: Intercom answered 404 %s on %s, as for a workspace without %q. If the workspace has it, check api_url.", name, api.Code, api.Path, permission))
				return
			}
			if !yield(p, err) || err != nil {
				return
			}
		}
	}
}

// completed completes every record (with cursor set, those at or past
// from) in parallel while the source reads on;
// records keep their order and pages their checkpoints. Most records need
// no request, so the read-ahead is completeAhead times the workers (and
// AheadBytes): the few that do still fill the requests in flight.
func completed(ctx context.Context, env *Env, pages iter.Seq2[Page, error], complete func(context.Context, *Env, json.RawMessage) (json.RawMessage, error), cursor string, from int64) iter.Seq2[Page, error] {
	done := FanOutBounded(ctx, env.Workers, completeAhead*env.Workers, AheadBytes, func(it item) int64 { return int64(len(it.Record)) }, flatten(pages), func(ctx context.Context, it item) (item, error) {
		if it.Empty {
			return it, nil
		}
		if c, ok := CursorOf(it.Record, cursor); cursor != "" && ok && c < from {
			return it, nil // no reader writes it whole
		}
		rec, err := complete(ctx, env, it.Record)
		it.Record = rec
		return it, err
	})
	return regroup(done)
}

// completeAhead is how many workers' worth of records completion reads
// ahead (with ~7% of contacts needing a request, 8 keeps about half the slots busy with completion).
const completeAhead = 8

// flatten splits pages into items; the page's checkpoint rides on its
// last item, and a page without records becomes one empty item. Every
// item keeps the page's Total, so regrouped pages keep it too.
func flatten(pages iter.Seq2[Page, error]) iter.Seq2[item, error] {
	return func(yield func(item, error) bool) {
		for p, err := range pages {
			if err != nil {
				yield(item{}, err)
				return
			}
			if len(p.Records) == 0 {
				if !yield(item{LastOfPage: true, Empty: true, AsOf: p.AsOf, checkpoint: p.Checkpoint, total: p.Total}, nil) {
					return
				}
				continue
			}
			for i, rec := range p.Records {
				last := i == len(p.Records)-1
				it := item{Record: rec, LastOfPage: last, AsOf: p.AsOf, total: p.Total}
				if last {
					it.checkpoint = p.Checkpoint
				}
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// regroup gathers items back into their pages.
func regroup(items iter.Seq2[item, error]) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		var page Page
		for it, err := range items {
			if err != nil {
				yield(Page{}, err)
				return
			}
			if !it.Empty {
				page.Records = append(page.Records, it.Record)
			}
			if it.LastOfPage {
				page.AsOf, page.Checkpoint, page.Total = it.AsOf, it.checkpoint, it.total
				if !yield(page, nil) {
					return
				}
				page = Page{}
			}
		}
	}
}
