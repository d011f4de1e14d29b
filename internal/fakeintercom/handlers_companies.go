package fakeintercom

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
)

func (s *Server) company(id string) (record, bool) {
	s.ws.mu.RLock()
	defer s.ws.mu.RUnlock()
	return s.ws.tables["companies"].get(id)
}

func companyNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, http.StatusNotFound, "company_not_found", "Company Not Found")
}

func (s *Server) getCompany(w http.ResponseWriter, r *http.Request) {
	c, ok := s.company(r.PathValue("id"))
	if !ok {
		companyNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) listCompanySegments(w http.ResponseWriter, r *http.Request) {
	c, ok := s.company(r.PathValue("id"))
	if !ok {
		companyNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, record{"type": "list", "data": segmentsOf(c)})
}

func segmentsOf(c record) []any {
	list, _ := c["segments"].(record)
	segs, _ := list["segments"].([]any)
	if segs == nil {
		return []any{}
	}
	return segs
}

// companiesByID is every company in id order, the order the scroll uses.
func (s *Server) companiesByID() []record {
	s.ws.mu.RLock()
	rs := slices.Clone(s.ws.tables["companies"].rows)
	s.ws.mu.RUnlock()
	slices.SortFunc(rs, func(a, b record) int { return compareIDs(a["id"], b["id"]) })
	return rs
}

// companySegmentRecords flattens company segments, adding company_id.
func (s *Server) companySegmentRecords() []record {
	var out []record
	for _, c := range s.companiesByID() {
		for _, seg := range segmentsOf(c) {
			r := maps.Clone(seg.(record))
			r["company_id"] = c["id"]
			out = append(out, r)
		}
	}
	return out
}

// listCompanies is POST /companies/list: the companies that have contacts
// (Intercom leaves out those without), by last_request_at, most recent
// first unless order=asc, page-numbered with total_count.
func (s *Server) listCompanies(w http.ResponseWriter, r *http.Request) {
	p, ok := parsePage(w, r, 15)
	if !ok {
		return
	}
	descending, ok := parseOrder(w, r)
	if !ok {
		return
	}
	var listed []record
	for _, c := range s.companiesByID() {
		if id, _ := c["id"].(string); len(s.contactsOf(id)) > 0 {
			listed = append(listed, c)
		}
	}
	slices.SortStableFunc(listed, func(a, b record) int {
		d := cmp.Compare(asInt(a["last_request_at"]), asInt(b["last_request_at"]))
		if descending {
			d = -d
		}
		return d
	})
	writeJSON(w, http.StatusOK, record{
		"type": "list", "data": nonNil(versioned(r, "companies", pageSlice(listed, p))),
		"total_count": len(listed), "pages": pageNumbers(p, len(listed)),
	})
}
