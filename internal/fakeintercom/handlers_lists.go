package fakeintercom

import "net/http"

func (s *Server) listTags(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, record{"type": "list", "data": s.ws.list("tags")})
}

// listSegments adds each segment's count only for include_count=true.
func (s *Server) listSegments(w http.ResponseWriter, r *http.Request) {
	segments := s.segments(r.URL.Query().Get("include_count") == "true")
	writeJSON(w, http.StatusOK, record{"type": "segment.list", "segments": segments})
}

func (s *Server) segments(withCount bool) []record {
	rs := s.ws.list("segments")
	if withCount {
		return rs
	}
	for i, seg := range rs {
		rs[i] = without(seg, "count")
	}
	return rs
}

func (s *Server) listSubscriptionTypes(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, record{"type": "list", "data": s.ws.list("subscription_types")})
}

// listHelpCenters and the other page-numbered lists serve newest first.
func (s *Server) listHelpCenters(w http.ResponseWriter, r *http.Request) {
	s.servePages(w, r, "help_centers", 20)
}

func (s *Server) listCollections(w http.ResponseWriter, r *http.Request) {
	s.servePages(w, r, "help_center_collections", 20)
}

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	s.servePages(w, r, "articles", 25)
}

func (s *Server) listNewsItems(w http.ResponseWriter, r *http.Request) {
	s.servePages(w, r, "news_items", 10)
}

func (s *Server) servePages(w http.ResponseWriter, r *http.Request, stream string, defaultPerPage int) {
	p, ok := parsePage(w, r, defaultPerPage)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, pageEnvelope(r, p, versioned(r, stream, newestFirst(s.ws.list(stream)))))
}
