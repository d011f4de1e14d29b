package fakeintercom

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// ErrNotFound is returned by the mutations for an unknown id.
var ErrNotFound = errors.New("record not found")

// errStream is returned for a stream the mutations do not support.
func errStream(op, stream string) error {
	return fmt.Errorf("%s: %q is not one of contacts, companies, conversations, tickets", op, stream)
}

func (s *Server) now() int64 { return s.opts.Clock().Unix() }

// Update applies change to a copy of the record with id in stream
// (contacts, companies, conversations or tickets), stamps its updated_at
// with the server's clock and stores it. change runs without the server's
// lock held and may not change the id.
func (s *Server) Update(stream, id string, change func(rec map[string]any)) error {
	s.ws.mu.RLock()
	t, ok := s.ws.tables[stream]
	var r record
	if ok {
		r, ok = t.get(id)
	}
	s.ws.mu.RUnlock()
	if t == nil {
		return errStream("update", stream)
	}
	if !ok {
		return fmt.Errorf("update %s %s: %w", stream, id, ErrNotFound)
	}
	c := deepCopy(r).(record)
	if change != nil {
		change(c)
	}
	c["id"], c["updated_at"] = id, s.now()
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	if _, still := t.get(id); !still {
		return fmt.Errorf("update %s %s: %w", stream, id, ErrNotFound)
	}
	t.put(c)
	return nil
}

// AddConversationPart appends a comment to a conversation at the server's
// clock and bumps the conversation's updated_at, statistics and
// waiting_since to match.
func (s *Server) AddConversationPart(conversationID string) (partID string, err error) {
	now := s.now()
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	t := s.ws.tables["conversations"]
	c, ok := t.get(conversationID)
	if !ok {
		return "", fmt.Errorf("add part to conversation %s: %w", conversationID, ErrNotFound)
	}
	b, g := s.ws.gen, s.ws.g
	author := b.adminAuthor(b.admins[g.IntN(len(b.admins))])
	body := "<p>" + g.pick(adminReplies()) + "</p>"
	if contact, ok := s.firstContact(c); ok && g.chance(0.5) {
		author, body = b.contactAuthor(contact), "<p>"+g.pick(customerMessages())+"</p>"
	}
	b.nextPart += g.between(1, 9)
	p := b.partRecord("comment", now, author, body, nil, c["state"].(string))
	parts := slices.Concat(s.ws.parts[conversationID], []record{p})
	s.ws.parts[conversationID] = parts
	c = maps.Clone(c)
	c["updated_at"] = now
	c["statistics"] = conversationStats(asInt(c["created_at"]), parts)
	c["waiting_since"] = waitingSince(parts, c["state"].(string))
	t.put(c)
	return p["id"].(string), nil
}

// firstContact finds the conversation's first contact; the caller holds
// the lock.
func (s *Server) firstContact(c record) (record, bool) {
	refs, _ := at("contacts.contacts")(c).([]any)
	if len(refs) == 0 {
		return nil, false
	}
	return s.ws.tables["contacts"].get(refs[0].(record)["id"].(string))
}

// DeleteConversation removes a conversation and its parts and lists it
// among the deleted conversations with deleted_at at the server's clock.
func (s *Server) DeleteConversation(id string) error {
	now := s.now()
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	if !s.ws.tables["conversations"].remove(id) {
		return fmt.Errorf("delete conversation %s: %w", id, ErrNotFound)
	}
	delete(s.ws.parts, id)
	s.ws.streams["deleted_conversations"] = append(s.ws.streams["deleted_conversations"],
		record{"type": "conversation", "id": id, "metrics_retained": s.ws.g.chance(0.5), "deleted_at": now})
	return nil
}

// AddActivityLog records a new admin activity at the server's clock and
// returns its id.
func (s *Server) AddActivityLog() (id string) {
	now := s.now()
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	kinds := activityKinds()
	l := s.ws.gen.activityLog(s.ws.g, kinds[s.ws.g.IntN(len(kinds))], now)
	s.ws.streams["activity_logs"] = append(s.ws.streams["activity_logs"], l)
	return l["id"].(string)
}

// NestedIDs returns every id behind a contact's tags, companies or notes
// list (list is one of those names), of which the contact record shows
// at most ten; nil for an unknown contact or list.
func (s *Server) NestedIDs(contactID, list string) []string {
	s.ws.mu.RLock()
	defer s.ws.mu.RUnlock()
	l := s.ws.links[contactID]
	if l == nil {
		return nil
	}
	switch list {
	case "tags":
		return idsOf(l.tags)
	case "companies":
		return slices.Clone(l.companies)
	case "notes":
		return idsOf(l.notes)
	}
	return nil
}

// PartsTotal is a conversation's true number of parts, which may exceed
// the 500 that GET /conversations/{id} returns.
func (s *Server) PartsTotal(conversationID string) int {
	s.ws.mu.RLock()
	defer s.ws.mu.RUnlock()
	return len(s.ws.parts[conversationID])
}
