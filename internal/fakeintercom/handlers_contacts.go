package fakeintercom

import (
	"maps"
	"net/http"
)

// contact returns a stored contact and its links.
func (s *Server) contact(id string) (record, *contactLinks, bool) {
	s.ws.mu.RLock()
	defer s.ws.mu.RUnlock()
	c, ok := s.ws.tables["contacts"].get(id)
	return c, s.ws.links[id], ok
}

func contactNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, http.StatusNotFound, "not_found", "User Not Found")
}

// getContact adds enabled_push_messaging, which only the single-contact
// endpoint returns.
func (s *Server) getContact(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.contact(r.PathValue("id"))
	if !ok {
		contactNotFound(w, r)
		return
	}
	out := maps.Clone(c)
	out["enabled_push_messaging"] = c["ios_app_name"] != nil || c["android_app_name"] != nil
	writeJSON(w, http.StatusOK, versioned(r, "contacts", []record{out})[0])
}

func (s *Server) listContactTags(w http.ResponseWriter, r *http.Request) {
	_, l, ok := s.contact(r.PathValue("id"))
	if !ok {
		contactNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, record{"type": "list", "data": nonNil(l.tags)})
}

// listContactCompanies serves the contact's companies as they are now;
// Intercom names the array data although the schema says companies.
func (s *Server) listContactCompanies(w http.ResponseWriter, r *http.Request) {
	_, l, ok := s.contact(r.PathValue("id"))
	if !ok {
		contactNotFound(w, r)
		return
	}
	p, ok := parsePage(w, r, 50)
	if !ok {
		return
	}
	companies := s.companiesOf(l.companies)
	writeJSON(w, http.StatusOK, record{
		"type": "list", "data": pageSlice(companies, p),
		"pages": pagesLink(r, p, len(companies)), "total_count": len(companies),
	})
}

func (s *Server) companiesOf(ids []string) []record {
	s.ws.mu.RLock()
	defer s.ws.mu.RUnlock()
	out := []record{}
	for _, id := range ids {
		if c, ok := s.ws.tables["companies"].get(id); ok {
			out = append(out, c)
		}
	}
	return out
}

// listContactNotes serves the contact's notes, newest first.
func (s *Server) listContactNotes(w http.ResponseWriter, r *http.Request) {
	_, l, ok := s.contact(r.PathValue("id"))
	if !ok {
		contactNotFound(w, r)
		return
	}
	p, ok := parsePage(w, r, 50)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, record{
		"type": "list", "data": nonNil(pageSlice(l.notes, p)),
		"total_count": len(l.notes), "pages": pagesLink(r, p, len(l.notes)),
	})
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil(rs []record) []record {
	if rs == nil {
		return []record{}
	}
	return rs
}
