package source

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/buger/jsonparser"

	"github.com/intercom-connector/source-intercom/source/intercom"
)

// conversationPartsStream emits the parts of every conversation changed
// since the parent cursor, one record per part with conversation_id added.
// Conversations come from search in ascending updated_at, so after each
// conversation the parent cursor can move to its updated_at.
func conversationPartsStream() Stream {
	return Stream{
		Name:       "conversation_parts",
		PrimaryKey: [][]string{{"id"}},
		Cursor:     "updated_at",
		Parent:     "conversations",
		Fetch: func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				for l, err := range env.Client.Search(ctx, "/conversations/search", secondsQuery(since), "updated_at", "conversations", intercom.MaxSearchPerPage) {
					if err != nil {
						yield(Page{}, err)
						return
					}
					for _, conv := range l.Items {
						id, err := jsonparser.GetString(conv, "id")
						if err != nil {
							yield(Page{}, &intercom.DecodeError{Path: "/conversations/search", Err: fmt.Errorf("conversation without id")})
							return
						}
						parts, err := conversationParts(ctx, env, id)
						page := Page{Records: parts}
						if updated, ok := cursorOf(conv, "updated_at"); ok {
							page.Checkpoint = settled(updated, l.Date)
						}
						if !yield(page, err) || err != nil {
							return
						}
					}
				}
			}
		},
	}
}

// partsCap is how many of a conversation's most recent parts Intercom returns.
const partsCap = 500

// conversationParts fetches one conversation's parts. Intercom returns only
// the 500 most recent; when there are more, a WARN says how many could not
// be read.
func conversationParts(ctx context.Context, env *Env, id string) ([]json.RawMessage, error) {
	path := "/conversations/" + id
	body, err := env.Client.Get(ctx, path, nil)
	if err != nil {
		return nil, err
	}
	parts, err := intercom.DecodeList(nestedOrEmpty(body, "conversation_parts"), "conversation_parts")
	if err != nil {
		return nil, &intercom.DecodeError{Path: path, Err: err}
	}
	if parts.TotalCount > len(parts.Items) {
		env.Log("WARN", fmt.Sprintf("Conversation %s has %d parts; Intercom returns only the %d most recent, so %d older parts could not be read.",
			id, parts.TotalCount, partsCap, parts.TotalCount-len(parts.Items)))
	}
	return withParent(parts.Items, "conversation_id", id)
}
