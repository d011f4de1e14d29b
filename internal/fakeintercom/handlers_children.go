package fakeintercom

import (
	"maps"
	"net/http"
)

// The lists of one contact or one company that the per-parent streams
// read, and their oracles: every parent's list, each record with its
// parent's id added.

// listContactSegments serves the segments the contact is in, whole and
// without counts (contact_segments: type list, data).
func (s *Server) listContactSegments(w http.ResponseWriter, r *http.Request) {
	_, l, ok := s.contact(r.PathValue("id"))
	if !ok {
		contactNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, record{"type": "list", "data": s.byID("segments", l.segments, "count")})
}

// listContactSubscriptions serves the subscription types the contact set
// a preference on: the opt-out types it left and the opt-in types it
// joined (subscription_type_list). Types it never chose for are absent.
func (s *Server) listContactSubscriptions(w http.ResponseWriter, r *http.Request) {
	_, l, ok := s.contact(r.PathValue("id"))
	if !ok {
		contactNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, record{"type": "list", "data": s.byID("subscription_types", l.subscriptions)})
}

// byID returns the records of a stored collection with the given ids, in
// their order, lacking the fields drop.
func (s *Server) byID(stream string, ids []string, drop ...string) []record {
	want := make(map[string]int, len(ids))
	for i, id := range ids {
		want[id] = i
	}
	out := make([]record, len(ids))
	for _, r := range s.ws.list(stream) {
		if i, ok := want[r["id"].(string)]; ok {
			out[i] = without(r, drop...)
		}
	}
	return out
}

// listCompanyContacts serves the contacts attached to the company as they
// are now, in the order they were attached, page-numbered. The
// description gives the envelope cursor_pages and shows no next: the
// pages carry their numbers alone.
func (s *Server) listCompanyContacts(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, ok := s.company(id); !ok {
		companyNotFound(w, r)
		return
	}
	p, ok := parsePage(w, r, 50)
	if !ok {
		return
	}
	contacts := s.contactsOf(id)
	writeJSON(w, http.StatusOK, record{
		"type": "list", "data": nonNil(versioned(r, "contacts", pageSlice(contacts, p))),
		"total_count": len(contacts), "pages": pageNumbers(p, len(contacts)),
	})
}

// contactsOf is the company's contacts as stored now.
func (s *Server) contactsOf(companyID string) []record {
	s.ws.mu.RLock()
	defer s.ws.mu.RUnlock()
	var out []record
	for _, id := range s.ws.members[companyID] {
		if c, ok := s.ws.tables["contacts"].get(id); ok {
			out = append(out, c)
		}
	}
	return out
}

// perContact lists, for every contact in search order, what list returns
// of it, each record with contact_id added.
func (s *Server) perContact(list func(c record, l *contactLinks) []record) []record {
	var out []record
	for _, c := range s.searchAll(s.contacts) {
		s.ws.mu.RLock()
		l := s.ws.links[c["id"].(string)]
		s.ws.mu.RUnlock()
		for _, r := range list(c, l) {
			r = maps.Clone(r)
			r["contact_id"] = c["id"]
			out = append(out, r)
		}
	}
	return out
}

// contactNoteRecords is every note of every contact, newest first.
func (s *Server) contactNoteRecords() []record {
	return s.perContact(func(_ record, l *contactLinks) []record { return l.notes })
}

// contactSegmentRecords is every segment of every contact.
func (s *Server) contactSegmentRecords() []record {
	return s.perContact(func(_ record, l *contactLinks) []record { return s.byID("segments", l.segments, "count") })
}

// contactSubscriptionRecords is every subscription preference of every
// contact.
func (s *Server) contactSubscriptionRecords() []record {
	return s.perContact(func(_ record, l *contactLinks) []record { return s.byID("subscription_types", l.subscriptions) })
}

// companyContactRecords is every contact of every company, in scroll
// order, with company_id added.
func (s *Server) companyContactRecords() []record {
	var out []record
	for _, co := range s.companiesByID() {
		for _, c := range s.contactsOf(co["id"].(string)) {
			c = maps.Clone(c)
			c["company_id"] = co["id"]
			out = append(out, c)
		}
	}
	return out
}
