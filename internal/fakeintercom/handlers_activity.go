package fakeintercom

import (
	"cmp"
	"math"
	"net/http"
	"slices"
	"strconv"
)

// listActivityLogs serves the admin activity logs created strictly after
// created_at_after and strictly before created_at_before (Intercom does
// not document whether the bounds are inclusive; the fake excludes both,
// so clients that resume from a timestamp must overlap their windows).
// Logs are served newest first, 20 per page unless per_page says
// otherwise.
func (s *Server) listActivityLogs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("created_at_after") == "" {
		writeError(w, r, http.StatusBadRequest, "parameter_not_found", "created_at_after is a required parameter")
		return
	}
	after, err := strconv.ParseInt(q.Get("created_at_after"), 10, 64)
	before := int64(math.MaxInt64)
	if v := q.Get("created_at_before"); err == nil && v != "" {
		before, err = strconv.ParseInt(v, 10, 64)
	}
	if err != nil {
		badParameter(w, r, "created_at_after and created_at_before must be UNIX timestamps")
		return
	}
	p, ok := parsePage(w, r, 20)
	if !ok {
		return
	}
	logs := newestLogs(filter(s.ws.list("activity_logs"), func(l record) bool {
		t := asInt(l["created_at"])
		return t > after && t < before
	}))
	writeJSON(w, http.StatusOK, record{
		"type": "activity_log.list", "pages": pagesLink(r, p, len(logs)),
		"activity_logs": nonNil(pageSlice(logs, p)),
	})
}

// newestLogs orders logs by created_at descending, ties by id.
func newestLogs(rs []record) []record {
	slices.SortStableFunc(rs, func(a, b record) int {
		if c := cmp.Compare(asInt(b["created_at"]), asInt(a["created_at"])); c != 0 {
			return c
		}
		return cmp.Compare(b["id"].(string), a["id"].(string))
	})
	return rs
}
