package fakeintercom

import "net/http"

// scrollFault applies a scroll fault; it reports whether the answer is
// complete. An expired scroll is left for the handler to refuse.
func (s *Server) scrollFault(sw *statusWriter, r *http.Request, kind Fault) bool {
	switch kind {
	case ScrollHeld:
		writeError(sw, r, http.StatusBadRequest, "scroll_exists", "scroll already exists for this app")
		return true
	case ScrollExpired:
		s.ExpireScroll()
		return false
	case ScrollFailed:
		s.ExpireScroll()
		writeError(sw, r, http.StatusInternalServerError, "server_error",
			"Request failed due to an internal network error. Please restart the scroll operation.")
		return true
	}
	return false
}

// ExpireScroll ends the app's open scroll, whoever holds it, as a minute
// unused does: its param answers 404 and a new scroll can open.
func (s *Server) ExpireScroll() {
	s.scroll.mu.Lock()
	s.scroll.open = nil
	s.scroll.mu.Unlock()
}
