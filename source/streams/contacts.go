package streams

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/buger/jsonparser"
	"golang.org/x/sync/errgroup"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/internal/jsonscan"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// contactSearch matches dates by whole day in the workspace's time zone:
// "> D" starts at the next day and "=" matches D's whole day, so their
// union starts at the beginning of D's day (and "< E" ends before E's day,
// so windows tile exactly). The read drops what is older than the cursor,
// and nothing updated later on the cursor's own day is missed. A bounded
// window is OR[AND[> D, < E], AND[= D, < E]]: Intercom's description lets a
// group hold filters or groups, not both.
var contactSearch = engine.Search{Path: intercom.PathContactsSearch, Key: "data", Granularity: intercom.ContactSearchGranularity,
	Query: func(lo, hi int64) intercom.Filter {
		after := intercom.Filter{Field: "updated_at", Operator: ">", Value: lo}
		on := intercom.Filter{Field: "updated_at", Operator: "=", Value: lo}
		if hi == 0 {
			return intercom.Or(after, on)
		}
		before := intercom.Filter{Field: "updated_at", Operator: "<", Value: hi}
		return intercom.Or(intercom.And(after, before), intercom.And(on, before))
	}}

// contacts is contact search with the nested lists made whole.
func contacts() engine.Stream {
	return engine.Stream{
		Name: "contacts", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at",
		Source: contactSearch, Complete: completeContact,
	}
}

// completeContact replaces every nested list that has more items than the
// contact shows (intercom.NestedListCap) with the complete list from the
// contact's sub-resource, so the record is whole. Most contacts need
// nothing and cost no request.
func completeContact(ctx context.Context, env *engine.Env, rec json.RawMessage) (json.RawMessage, error) {
	capped := cappedLists(rec)
	if len(capped) == 0 {
		return rec, nil
	}
	id, err := jsonparser.GetString(rec, "id")
	if err != nil {
		return nil, fmt.Errorf("contact without id has more tags, companies or notes")
	}
	// A contact's capped lists are fetched together.
	full := make([]json.RawMessage, len(intercom.ContactLists))
	g, gctx := errgroup.WithContext(ctx)
	for i, nl := range intercom.ContactLists {
		if capped[nl.Field] {
			g.Go(func() (err error) {
				if full[i], err = env.Client.WholeContactList(gctx, id, nl); err != nil {
					return fmt.Errorf("complete %s of contact %s: %w", nl.Field, id, err)
				}
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, nl := range intercom.ContactLists {
		if full[i] != nil {
			if rec, err = jsonparser.Set(rec, full[i], nl.Field); err != nil {
				return nil, fmt.Errorf("complete %s of contact %s: %w", nl.Field, id, err)
			}
		}
	}
	return rec, nil
}

// cappedLists tells, in one pass over the contact, which nested lists
// have more items than it shows: this runs for every contact.
func cappedLists(rec json.RawMessage) map[string]bool {
	var capped map[string]bool
	jsonscan.ObjectEach(rec, func(k, v []byte) bool {
		for _, nl := range intercom.ContactLists {
			if string(k) != nl.Field {
				continue
			}
			if more, ok := jsonscan.Field(v, "has_more"); ok && string(more) == "true" {
				if capped == nil {
					capped = map[string]bool{}
				}
				capped[nl.Field] = true
			}
		}
		return true
	})
	return capped
}
