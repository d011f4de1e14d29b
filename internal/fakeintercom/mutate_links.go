package fakeintercom

import (
	"fmt"
	"maps"
	"slices"
)

// AddContactNote adds a note by a random admin to a contact at the
// server's clock and returns its id. The contact's record embeds its
// notes list, which changes, so its updated_at is stamped too: an
// incremental read of the contact's notes finds it among the contacts
// changed since its cursor.
func (s *Server) AddContactNote(contactID string) (noteID string, err error) {
	now := s.now()
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	t := s.ws.tables["contacts"]
	c, ok := t.get(contactID)
	if !ok {
		return "", fmt.Errorf("add note to contact %s: %w", contactID, ErrNotFound)
	}
	b, g := s.ws.gen, s.ws.g
	b.nextNote += g.between(1, 40)
	note := b.contactNote(g, c, b.nextNote)
	note["created_at"] = now
	l := *s.ws.links[contactID]
	l.notes = slices.Concat([]record{note}, l.notes)
	s.relink(t, c, &l, now)
	return note["id"].(string), nil
}

// AttachContact attaches a contact to a company, as POST
// /contacts/{id}/companies does, at the server's clock: the contact's
// companies list and updated_at change, and the company counts one more
// user (its updated_at is left: Intercom's description does not say that
// it changes). Attaching twice changes nothing.
func (s *Server) AttachContact(contactID, companyID string) error {
	now := s.now()
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	t, companies := s.ws.tables["contacts"], s.ws.tables["companies"]
	c, ok := t.get(contactID)
	co, found := companies.get(companyID)
	if !ok || !found {
		return fmt.Errorf("attach contact %s to company %s: %w", contactID, companyID, ErrNotFound)
	}
	l := *s.ws.links[contactID]
	if slices.Contains(l.companies, companyID) {
		return nil
	}
	l.companies = slices.Concat(l.companies, []string{companyID})
	s.relink(t, c, &l, now)
	s.ws.members[companyID] = slices.Concat(s.ws.members[companyID], []string{contactID})
	co = maps.Clone(co)
	co["user_count"] = asInt(co["user_count"]) + 1
	companies.put(co)
	return nil
}

// relink stores a contact's new links and its record rendered from them,
// updated at now; the caller holds the lock. Links are replaced, never
// changed in place: handlers read them after releasing the lock.
func (s *Server) relink(t *table, c record, l *contactLinks, now int64) {
	id := c["id"].(string)
	s.ws.links[id] = l
	c = maps.Clone(c)
	renderLinks(c, l)
	c["updated_at"] = now
	t.put(c)
}
