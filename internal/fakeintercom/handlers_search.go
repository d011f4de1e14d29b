package fakeintercom

import (
	"maps"
	"net/http"
	"sort"
)

// search serves POST /{contacts,conversations,tickets}/search.
func (s *Server) search(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, ok := s.parseSearch(w, r, e)
		if !ok {
			return
		}
		all := s.matches(e, &q)
		start, page := 0, 1
		if q.after != nil {
			start = sort.Search(len(all), func(i int) bool { return q.afterCursor(all[i]) })
			page = q.after.page
		}
		end := min(start+q.perPage, len(all))
		items := versioned(r, e.stream, decorate(r, e, all[start:end]))
		pages := record{"type": "pages", "page": page, "per_page": q.perPage,
			"total_pages": (len(all) + q.perPage - 1) / q.perPage}
		if end < len(all) {
			last := all[end-1]
			next := cursor{value: q.sort.get(last), id: last["id"].(string), page: page + 1}
			pages["next"] = record{"per_page": q.perPage, "starting_after": next.encode()}
		}
		writeJSON(w, http.StatusOK, record{"type": e.listType, e.listKey: items, "total_count": len(all), "pages": pages})
	}
}

// decorate adds the fields conversation search returns only on request.
func decorate(r *http.Request, e *entity, rs []record) []record {
	q := r.URL.Query()
	extra := map[string]bool{}
	if e.stream == "conversations" {
		extra["monitor_evaluations"] = q.Get("include_monitors") == "true"
		extra["scorecards"] = q.Get("include_scorecards") == "true"
	}
	if !extra["monitor_evaluations"] && !extra["scorecards"] {
		return rs
	}
	out := make([]record, len(rs))
	for i, c := range rs {
		out[i] = maps.Clone(c)
		for k, on := range extra {
			if on {
				out[i][k] = []any{}
			}
		}
	}
	return out
}
