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

// nestedLists are the lists a contact carries capped at 10 items with
// has_more, and the sub-resource that has them all.
var nestedLists = []struct {
	field, itemType, path string
	paged                 bool
	// key holds the sub-resource's items: the API answers under data;
	// Intercom's description shows a contact's companies under companies.
	key string
}{
	{field: "tags", itemType: "tag", path: intercom.PathTags, key: "data"},
	{field: "companies", itemType: "company", path: "/companies", paged: true, key: "data|companies"},
	{field: "notes", itemType: "note", path: "/notes", paged: true, key: "data"},
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
	full := make([]json.RawMessage, len(nestedLists))
	g, gctx := errgroup.WithContext(ctx)
	for i, nl := range nestedLists {
		if capped[nl.field] {
			g.Go(func() (err error) {
				if full[i], err = nestedList(gctx, env, id, nl.field, nl.itemType, nl.path, nl.key, nl.paged); err != nil {
					return fmt.Errorf("complete %s of contact %s: %w", nl.field, id, err)
				}
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, nl := range nestedLists {
		if full[i] != nil {
			if rec, err = jsonparser.Set(rec, full[i], nl.field); err != nil {
				return nil, fmt.Errorf("complete %s of contact %s: %w", nl.field, id, err)
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
		for _, nl := range nestedLists {
			if string(k) != nl.field {
				continue
			}
			if more, ok := jsonscan.Field(v, "has_more"); ok && string(more) == "true" {
				if capped == nil {
					capped = map[string]bool{}
				}
				capped[nl.field] = true
			}
		}
		return true
	})
	return capped
}

type ref struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	URL  string `json:"url"`
}

type refList struct {
	Type       string `json:"type"`
	Data       []ref  `json:"data"`
	URL        string `json:"url"`
	TotalCount int    `json:"total_count"`
	HasMore    bool   `json:"has_more"`
}

// nestedList fetches a contact's whole list and renders it in the shape the
// contact record uses: references {type, id, url}.
func nestedList(ctx context.Context, env *engine.Env, contactID, field, itemType, path, key string, paged bool) (json.RawMessage, error) {
	sub := intercom.ContactListPath(contactID, field)
	out := refList{Type: "list", URL: sub, Data: []ref{}}
	add := func(items []json.RawMessage) error {
		for _, it := range items {
			id, err := jsonparser.GetString(it, "id")
			if err != nil {
				return fmt.Errorf("%s item without id", field)
			}
			out.Data = append(out.Data, ref{Type: itemType, ID: id, URL: path + "/" + id})
		}
		return nil
	}
	if paged {
		for l, err := range env.Client.PageNumbers(ctx, sub, nil, key, intercom.ContactListPerPage) {
			if err != nil {
				return nil, err
			}
			if err := add(l.Items); err != nil {
				return nil, err
			}
		}
	} else {
		l, err := env.Client.GetList(ctx, sub, nil, key)
		if err != nil {
			return nil, err
		}
		if err := add(l.Items); err != nil {
			return nil, err
		}
	}
	out.TotalCount = len(out.Data)
	return json.Marshal(out)
}
