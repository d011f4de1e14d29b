package source

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"time"

	"github.com/buger/jsonparser"

	"github.com/intercom-connector/source-intercom/source/intercom"
)

// conversationPartsStream emits the parts of every conversation changed
// since the parent cursor, one record per part with conversation_id (an
// integer) added.
// Conversations come from search in ascending updated_at and their parts
// are fetched in parallel but yielded in that order, so after any
// conversation the parent cursor can move to its updated_at.
func conversationPartsStream() Stream {
	return Stream{
		Name:       "conversation_parts",
		PrimaryKey: [][]string{{"id"}},
		Cursor:     "updated_at",
		Parent:     "conversations",
		Fetch: func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
			convs := searchItems(ctx, env, conversationSearch, since)
			return everyPage(fanOut(ctx, env.Workers, convs, func(ctx context.Context, c item) (Page, error) {
				if c.empty {
					return Page{}, nil
				}
				id, err := jsonparser.GetString(c.rec, "id")
				if err != nil {
					return Page{}, &intercom.DecodeError{Path: "/conversations/search", Err: fmt.Errorf("conversation without id")}
				}
				page, err := conversationParts(ctx, env, id)
				if updated, ok := cursorOf(c.rec, "updated_at"); ok {
					page.Checkpoint = settled(updated, c.asOf)
				}
				return page, err
			}))
		},
	}
}

// item is one record of a parent page, with where it sits in the page.
type item struct {
	rec        json.RawMessage
	lastOfPage bool
	empty      bool // stands for a page without records
	asOf       time.Time
	checkpoint int64
}

// searchItems flattens one ascending search chain into its records. Child
// fan-out reads parents in a single chain: the children's requests, not the
// chain, bound such a stream.
func searchItems(ctx context.Context, env *Env, sp searchSpec, since int64) iter.Seq2[item, error] {
	return func(yield func(item, error) bool) {
		for l, err := range env.Client.Search(ctx, sp.path, sp.query(window{lo: since}), "updated_at", sp.key, perPage) {
			if err != nil {
				yield(item{}, err)
				return
			}
			for i, rec := range l.Items {
				if !yield(item{rec: rec, lastOfPage: i == len(l.Items)-1, asOf: l.Date}, nil) {
					return
				}
			}
		}
	}
}

// partsCap is how many of a conversation's most recent parts Intercom returns.
const partsCap = 500

// conversationParts fetches one conversation's parts. Intercom returns only
// the 500 most recent; when there are more, a WARN says how many could not
// be read.
func conversationParts(ctx context.Context, env *Env, id string) (Page, error) {
	parts, err := env.Client.GetNestedList(ctx, "/conversations/"+id, "conversation_parts", "conversation_parts")
	if err != nil {
		return Page{}, err
	}
	if parts.TotalCount > len(parts.Items) {
		env.Log("WARN", fmt.Sprintf("Conversation %s has %d parts; Intercom returns only the %d most recent, so %d older parts could not be read.",
			id, parts.TotalCount, partsCap, parts.TotalCount-len(parts.Items)))
	}
	// conversation_id is an integer, as Airbyte's source-intercom declares
	// and emits it: a switching user's column keeps its type (see
	// docs/switching.md).
	return withParent(parts.Items, "conversation_id", jsonID(id))
}
