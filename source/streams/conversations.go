package streams

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/buger/jsonparser"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// conversationSearch filters updated_at to the second; the boundary second
// is included so nothing changed in the cursor's own second is lost.
var conversationSearch = engine.Search{Path: intercom.PathConversationsSearch, Key: "conversations", Query: fromSecond}

// fromSecond matches updated_at in [lo, hi) on endpoints that filter to
// the second (conversations, tickets).
func fromSecond(lo, hi int64) intercom.Filter {
	from := intercom.Filter{Field: "updated_at", Operator: ">", Value: lo - 1}
	if hi == 0 {
		return from
	}
	return intercom.And(from, intercom.Filter{Field: "updated_at", Operator: "<", Value: hi})
}

func conversations() engine.Stream {
	return engine.Stream{Name: "conversations", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Source: conversationSearch}
}

// conversationParts emits the parts of every conversation changed since
// the parent cursor, one record per part with conversation_id (an
// integer) added: one request a conversation. Read with conversations, it
// takes them from their search; alone, from one ascending chain of it.
func conversationParts() engine.Stream {
	return engine.Stream{
		Name: "conversation_parts", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at", Parent: "conversations",
		Source: engine.Child{Of: conversations(), Alone: engine.Chained(conversationSearch),
			// Each capped at what Intercom returns.
			Estimate: func(c json.RawMessage) int64 {
				n, _ := jsonparser.GetInt(c, "statistics", "count_conversation_parts")
				return min(n, intercom.ConversationPartsCap)
			},
			From: engine.PerParent(func(ctx context.Context, env *engine.Env, c json.RawMessage) (engine.Page, error) {
				id, err := jsonparser.GetString(c, "id")
				if err != nil {
					return engine.Page{}, &intercom.DecodeError{Path: intercom.PathConversationsSearch, Err: fmt.Errorf("conversation without id")}
				}
				return conversationPartsOf(ctx, env, id)
			})},
	}
}

// conversationPartsOf fetches one conversation's parts. Intercom returns
// only the most recent; when there are more, a WARN says how many could not
// be read.
func conversationPartsOf(ctx context.Context, env *engine.Env, id string) (engine.Page, error) {
	parts, err := env.Client.GetNestedList(ctx, intercom.ConversationPath(id), "conversation_parts", "conversation_parts")
	if err != nil {
		return engine.Page{}, err
	}
	if parts.TotalCount > len(parts.Items) {
		env.Warn(fmt.Sprintf("Conversation %s has %d parts; Intercom returns only the %d most recent, so %d older parts could not be read.",
			id, parts.TotalCount, intercom.ConversationPartsCap, parts.TotalCount-len(parts.Items)))
	}
	return engine.WithParent(parts.Items, "conversation_id", engine.JSONID(id))
}
