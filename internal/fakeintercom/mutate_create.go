package fakeintercom

import (
	"fmt"
	"maps"
)

// Create adds a new, realistic record to stream (contacts, companies,
// conversations or tickets) with created_at and updated_at at the
// server's clock, and returns its id. New contacts have no tags,
// companies or notes; new conversations have one to three parts.
func (s *Server) Create(stream string) (id string, err error) {
	now := s.now()
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	t, ok := s.ws.tables[stream]
	if !ok {
		return "", errStream("create", stream)
	}
	b, g := s.ws.gen, s.ws.g
	var r record
	switch stream {
	case "contacts":
		r = b.contact(g, len(t.rows), now, now, b.customAttrs("contact"))
		l := &contactLinks{}
		s.ws.links[r["id"].(string)] = l
		renderLinks(r, l)
	case "companies":
		b.nextNote += g.between(1, 40)
		r = b.company(g, g.pick(companyNames()), now, now, b.customAttrs("company"), b.nextNote)
	case "conversations":
		r = s.createConversation(now)
	case "tickets":
		b.nextTicket += g.between(1, 7)
		r = b.ticket(g, idString(b.nextTicket), len(t.rows), now, now)
	default:
		return "", fmt.Errorf("create %s: not supported", stream)
	}
	t.put(r)
	return r["id"].(string), nil
}

// createConversation builds a conversation whose parts all happened now;
// the caller holds the lock.
func (s *Server) createConversation(now int64) record {
	b, g := s.ws.gen, s.ws.g
	b.nextConversation += g.between(1, 7)
	d := b.draft(g, idString(b.nextConversation), now, false)
	parts := b.makeParts(g, d, int(g.between(1, 3)))
	for i, p := range parts {
		q := maps.Clone(p)
		q["created_at"], q["updated_at"], q["notified_at"] = now, now, now
		parts[i] = q
	}
	s.ws.parts[d.id] = parts
	return b.conversation(g, d, parts, now)
}
