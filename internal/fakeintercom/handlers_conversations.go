package fakeintercom

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
)

// maxParts is how many parts Intercom returns with a conversation: the
// most recent ones, oldest first, with total_count still the true total.
const maxParts = 500

// getConversation serves one conversation with its recent parts.
func (s *Server) getConversation(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.ws.mu.RLock()
	c, ok := s.ws.tables["conversations"].get(id)
	parts := s.ws.parts[id]
	s.ws.mu.RUnlock()
	if !ok {
		notFound(w, r)
		return
	}
	out := maps.Clone(c)
	out["conversation_parts"] = record{
		"type": "conversation_part.list", "conversation_parts": recentParts(parts), "total_count": len(parts),
	}
	writeJSON(w, http.StatusOK, versioned(r, "conversations", []record{out})[0])
}

func recentParts(parts []record) []record {
	return nonNil(parts[max(0, len(parts)-maxParts):])
}

// conversationPartRecords is what GET /conversations/{id} returns of the
// parts of every conversation, each with its conversation_id.
func (s *Server) conversationPartRecords() []record {
	var out []record
	for _, c := range s.searchAll(s.conversations) {
		id := c["id"].(string)
		s.ws.mu.RLock()
		parts := recentParts(s.ws.parts[id])
		s.ws.mu.RUnlock()
		for _, p := range parts {
			q := maps.Clone(p)
			q["conversation_id"] = id
			out = append(out, q)
		}
	}
	return out
}

// listDeletedConversations serves deleted conversation ids by deleted_at,
// newest first unless order=asc; per_page defaults to 20, at most 60.
func (s *Server) listDeletedConversations(w http.ResponseWriter, r *http.Request) {
	p, ok := parsePageUpTo(w, r, 20, 60)
	if !ok {
		return
	}
	descending, ok := parseOrder(w, r)
	if !ok {
		return
	}
	all := deletedOrder(s.ws.list("deleted_conversations"), descending)
	writeJSON(w, http.StatusOK, record{
		"type": "conversations.list", "conversations": nonNil(pageSlice(all, p)),
		"total_count": len(all), "pages": pagesLink(r, p, len(all)),
	})
}

func deletedOrder(rs []record, newestFirst bool) []record {
	slices.SortStableFunc(rs, func(a, b record) int {
		c := cmp.Compare(asInt(a["deleted_at"]), asInt(b["deleted_at"]))
		if c == 0 {
			c = compareIDs(a["id"], b["id"])
		}
		if newestFirst {
			return -c
		}
		return c
	})
	return rs
}

// searchAll is every record of e in the default search order.
func (s *Server) searchAll(e *entity) []record {
	q := searchRequest{match: func(record) bool { return true }, queryKey: "*",
		sortField: defaultSortField, sort: e.fieldMap[defaultSortField], descending: true}
	return slices.Clone(s.matches(e, &q))
}
