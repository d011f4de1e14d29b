package fakeintercom

import (
	"net/http"
	"sync"
	"time"
)

// Scroll rules, from the 2.16 description of GET /companies/scroll: one
// open scroll per app, expiring after a minute without use and at its
// end. The page size is not documented; the fake uses 50.
const (
	scrollPageSize = 50
	scrollIdle     = time.Minute
)

// scrollState is the app's single scroll slot and the armed fault.
type scrollState struct {
	mu   sync.Mutex
	open *scroll
	// failAfter is the armed FailScrollOnce, or -1; it applies to the
	// next scroll opened.
	failAfter int
	armed     bool
	// repeat makes the next page request serve the last page again
	// (IgnorePaging).
	repeat bool
	// holdLeft, when positive, is how many more openings a hold refuses.
	holdLeft int
}

// scroll is one open scroll over a snapshot of the companies taken when
// it opened, in id order. A held scroll (another client's) has no param.
type scroll struct {
	param    string
	rows     []record
	next     int
	last     int // where the last page served began
	served   int
	failAt   int
	lastUsed time.Time
}

// scrollCompanies serves GET /companies/scroll. Errors:
//   - 400 scroll_exists when opening a scroll while one is open;
//   - 404 not_found for an unknown scroll_param, which is what a param
//     becomes once its scroll expired, ended or failed;
//   - 500 for an injected network failure, which also ends the scroll, so
//     the client must start again without a param.
func (s *Server) scrollCompanies(w http.ResponseWriter, r *http.Request) {
	now := s.opts.Clock()
	param := r.URL.Query().Get("scroll_param")
	st := &s.scroll
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.open != nil && now.Sub(st.open.lastUsed) >= scrollIdle {
		st.open = nil
	}
	sc, ok := s.scrollFor(w, r, param, now)
	if !ok {
		return
	}
	sc.lastUsed = now
	sc.served++
	if sc.served == sc.failAt {
		st.open = nil
		writeError(w, r, http.StatusInternalServerError, "server_error",
			"Request failed due to an internal network error. Please restart the scroll operation.")
		return
	}
	if st.repeat {
		st.repeat, sc.next = false, sc.last
	}
	sc.last = sc.next
	page := sc.rows[sc.next:min(sc.next+scrollPageSize, len(sc.rows))]
	sc.next += len(page)
	if len(page) == 0 {
		st.open = nil
	}
	writeJSON(w, http.StatusOK, record{"type": "list", "data": nonNil(page), "pages": nil, "total_count": nil, "scroll_param": sc.param})
}

// scrollFor opens a scroll or finds the one param names; the caller holds
// the scroll lock.
func (s *Server) scrollFor(w http.ResponseWriter, r *http.Request, param string, now time.Time) (*scroll, bool) {
	st := &s.scroll
	if param != "" {
		if st.open == nil || st.open.param != param {
			writeError(w, r, http.StatusNotFound, "not_found",
				"scroll_param not found: it expired or the scroll ended. Please restart the scroll operation.")
			return nil, false
		}
		return st.open, true
	}
	if st.open != nil {
		writeError(w, r, http.StatusBadRequest, "scroll_exists", "scroll already exists for this app")
		if st.open.param == "" && st.holdLeft > 0 {
			if st.holdLeft--; st.holdLeft == 0 {
				st.open = nil
			}
		}
		return nil, false
	}
	st.open = &scroll{param: s.ids.uuid(), rows: s.companiesByID(), lastUsed: now}
	if st.armed {
		st.open.failAt, st.armed = st.failAfter+1, false
	}
	return st.open, true
}

// HoldScroll makes the app's scroll slot busy, as if another client had
// opened a scroll: opening one answers scroll_exists until ReleaseScroll
// or until the hold has been idle for a minute by the server's clock. A
// scroll open at the time is dropped.
func (s *Server) HoldScroll() {
	s.scroll.mu.Lock()
	s.scroll.open, s.scroll.holdLeft = &scroll{lastUsed: s.opts.Clock()}, 0
	s.scroll.mu.Unlock()
}

// HoldScrollFor is HoldScroll that ends by itself after refusing the given
// number of openings: another app finishing its export, without a clock.
func (s *Server) HoldScrollFor(refusals int) {
	s.HoldScroll()
	s.scroll.mu.Lock()
	s.scroll.holdLeft = refusals
	s.scroll.mu.Unlock()
}

// ReleaseScroll ends a hold made by HoldScroll; it leaves a client's own
// scroll alone.
func (s *Server) ReleaseScroll() {
	s.scroll.mu.Lock()
	if s.scroll.open != nil && s.scroll.open.param == "" {
		s.scroll.open = nil
	}
	s.scroll.mu.Unlock()
}

// FailScrollOnce makes the next scroll opened answer HTTP 500 on its
// request for page afterPages+1 (0 fails the opening request). The failed
// scroll is gone: its param is unknown and the slot is free.
func (s *Server) FailScrollOnce(afterPages int) {
	s.scroll.mu.Lock()
	s.scroll.failAfter, s.scroll.armed = max(afterPages, 0), true
	s.scroll.mu.Unlock()
}
