package fakeintercom

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
)

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

// ignorePaging rewrites r to ask for the first page again, or makes the
// open scroll serve its last page again.
func (s *Server) ignorePaging(r *http.Request) {
	q := r.URL.Query()
	if q.Get("scroll_param") != "" {
		s.scroll.mu.Lock()
		s.scroll.repeat = true
		s.scroll.mu.Unlock()
		return
	}
	q.Del("page")
	q.Del("starting_after")
	r.URL.RawQuery = q.Encode()
	if r.Method != http.MethodPost || r.Body == nil {
		return
	}
	b, _ := io.ReadAll(r.Body)
	var v map[string]any
	if json.Unmarshal(b, &v) == nil {
		if p, ok := v["pagination"].(map[string]any); ok {
			delete(p, "starting_after")
		}
		delete(v, "page") // activity log search
		b, _ = json.Marshal(v)
	}
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
}
