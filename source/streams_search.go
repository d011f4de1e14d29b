package source

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/intercom-connector/source-intercom/source/intercom"
)

// searchStream reads a search endpoint sorted ascending on updated_at,
// 150 records a page, so every page ends at a safe checkpoint.
func searchStream(name, path, key string, query func(since int64) intercom.Filter) Stream {
	return Stream{
		Name:       name,
		PrimaryKey: [][]string{{"id"}},
		Cursor:     "updated_at",
		Ordered:    true,
		Fetch: func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				for l, err := range env.Client.Search(ctx, path, query(since), "updated_at", key, intercom.MaxSearchPerPage) {
					if err != nil {
						yield(Page{}, err)
						return
					}
					if !yield(Page{Records: l.Items, AsOf: l.Date}, nil) {
						return
					}
				}
			}
		},
	}
}

// contactsQuery works around contact search matching dates by whole day in
// the workspace's time zone: "> D" starts at the next day and "=" matches
// D's whole day, so their union starts at the beginning of D's day. The
// read then drops what is older than since, and nothing updated later on
// the cursor's own day is missed.
func contactsQuery(since int64) intercom.Filter {
	return intercom.Or(
		intercom.Filter{Field: "updated_at", Operator: ">", Value: since},
		intercom.Filter{Field: "updated_at", Operator: "=", Value: since},
	)
}

// secondsQuery matches updated_at >= since on endpoints that filter to the
// second (conversations, tickets): the boundary second is included so
// nothing changed in the cursor's own second is lost.
func secondsQuery(since int64) intercom.Filter {
	return intercom.Filter{Field: "updated_at", Operator: ">", Value: since - 1}
}

// contactsStream is contact search with the nested lists made whole.
func contactsStream() Stream {
	s := searchStream("contacts", "/contacts/search", "data", contactsQuery)
	search := s.Fetch
	s.Fetch = func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			for p, err := range search(ctx, env, since) {
				if err == nil {
					err = hydrateContacts(ctx, env, p.Records)
				}
				if !yield(p, err) || err != nil {
					return
				}
			}
		}
	}
	return s
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
