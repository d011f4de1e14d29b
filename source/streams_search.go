package source

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/intercom-connector/source-intercom/source/intercom"
)

// searchStream reads a search endpoint sorted ascending on updated_at, 150
// records a page, cut into parallel windows when it is long, with a
// checkpoint after every page.
func searchStream(name string, sp searchSpec) Stream {
	return Stream{
		Name:       name,
		PrimaryKey: [][]string{{"id"}},
		Cursor:     "updated_at",
		Fetch: func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				wins, total, err := planWindows(ctx, env, sp, since)
				if err != nil {
					yield(Page{}, err)
					return
				}
				if env.Estimate != nil {
					env.Estimate(name, int64(total))
				}
				for p, err := range readWindows(ctx, env, searchWindows(env, sp), wins) {
					if !yield(p, err) || err != nil {
						return
					}
				}
			}
		},
	}
}

// contactSearch works around contact search matching dates by whole day in
// the workspace's time zone: "> D" starts at the next day and "=" matches
// D's whole day, so their union starts at the beginning of D's day (and
// "< E" ends before E's day, so windows tile exactly). The read then drops
// what is older than since, and nothing updated later on the cursor's own
// day is missed. A bounded window is OR[AND[> D, < E], AND[= D, < E]]:
// Intercom's description lets a group hold filters or groups, not both.
var contactSearch = searchSpec{path: "/contacts/search", key: "data", align: 86400, query: func(w window) intercom.Filter {
	after := intercom.Filter{Field: "updated_at", Operator: ">", Value: w.lo}
	on := intercom.Filter{Field: "updated_at", Operator: "=", Value: w.lo}
	if w.hi == 0 {
		return intercom.Or(after, on)
	}
	before := intercom.Filter{Field: "updated_at", Operator: "<", Value: w.hi}
	return intercom.Or(intercom.And(after, before), intercom.And(on, before))
}}

// secondsQuery matches updated_at in [lo, hi) on endpoints that filter to
// the second (conversations, tickets): the boundary second is included so
// nothing changed in the cursor's own second is lost.
func secondsQuery(w window) intercom.Filter {
	from := intercom.Filter{Field: "updated_at", Operator: ">", Value: w.lo - 1}
	if w.hi == 0 {
		return from
	}
	return intercom.And(from, intercom.Filter{Field: "updated_at", Operator: "<", Value: w.hi})
}

var (
	conversationSearch = searchSpec{path: "/conversations/search", key: "conversations", align: 1, query: secondsQuery}
	ticketSearch       = searchSpec{path: "/tickets/search", key: "tickets", align: 1, query: secondsQuery}
)

// contactsStream is contact search with the nested lists made whole. The
// few contacts that need it are completed in parallel while the search
// reads on; records keep their search order.
func contactsStream() Stream {
	s := searchStream("contacts", contactSearch)
	search := s.Fetch
	s.Fetch = func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
		contacts := flatten(search(ctx, env, since))
		hydrated := fanOut(ctx, env.Workers, contacts, func(ctx context.Context, c item) (item, error) {
			rec, err := hydrateContact(ctx, env, c.rec)
			c.rec = rec
			return c, err
		})
		return regroup(hydrated)
	}
	return s
}

// flatten splits pages into items; the page's checkpoint rides on its
// last item, and a page without records becomes one empty item.
func flatten(pages iter.Seq2[Page, error]) iter.Seq2[item, error] {
	return func(yield func(item, error) bool) {
		for p, err := range pages {
			if err != nil {
				yield(item{}, err)
				return
			}
			if len(p.Records) == 0 {
				if !yield(item{lastOfPage: true, empty: true, asOf: p.AsOf, checkpoint: p.Checkpoint}, nil) {
					return
				}
				continue
			}
			for i, rec := range p.Records {
				last := i == len(p.Records)-1
				it := item{rec: rec, lastOfPage: last, asOf: p.AsOf}
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
			if !it.empty {
				page.Records = append(page.Records, it.rec)
			}
			if it.lastOfPage {
				page.AsOf, page.Checkpoint = it.asOf, it.checkpoint
				if !yield(page, nil) {
					return
				}
				page = Page{}
			}
		}
	}
}

// needsPermission turns a 403 on a stream into a WARN and an empty, complete
// stream: a token may lawfully lack a product's permission, and the rest of
// the sync should not fail for it.
func needsPermission(s Stream, permission string) Stream {
	fetch := s.Fetch
	s.Fetch = func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			for p, err := range fetch(ctx, env, since) {
				var api *intercom.APIError
				if errors.As(err, &api) && api.Forbidden() {
					env.Log("WARN", fmt.Sprintf("Stream %s is skipped: the access token lacks the %q permission (HTTP 403 %s). Grant it to the app in Intercom's Developer Hub to sync %s.", s.Name, permission, api.Code, s.Name))
					return
				}
				if !yield(p, err) || err != nil {
					return
				}
			}
		}
	}
	return s
}
