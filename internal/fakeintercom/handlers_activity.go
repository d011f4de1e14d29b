package fakeintercom

import (
	"cmp"
	"encoding/json"
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

// searchActivityLogs is API 2.16's activity log search: the body holds
// created_at_after (required), created_at_before and event_types, and
// page and per_page (at most 250); logs come newest first, with the same
// exclusive bounds as the list.
func (s *Server) searchActivityLogs(w http.ResponseWriter, r *http.Request) {
	body, err := decodeBody(r)
	if err != nil {
		badParameter(w, r, "The request body must be a JSON object")
		return
	}
	num := func(k string, def int64) (int64, bool) {
		v, ok := body[k]
		if !ok {
			return def, true
		}
		n, isNum := v.(json.Number)
		if !isNum {
			return 0, false
		}
		i, err := n.Int64()
		return i, err == nil
	}
	if _, ok := body["created_at_after"]; !ok {
		writeError(w, r, http.StatusBadRequest, "parameter_not_found", "created_at_after is a required parameter")
		return
	}
	after, ok1 := num("created_at_after", 0)
	before, ok2 := num("created_at_before", math.MaxInt64)
	page, ok3 := num("page", 1)
	perPage, ok4 := num("per_page", 20)
	if !ok1 || !ok2 {
		badParameter(w, r, "created_at_after and created_at_before must be UNIX timestamps")
		return
	}
	if !ok3 || !ok4 || page < 1 || perPage < 1 || perPage > 250 {
		badParameter(w, r, "page must be a positive integer and per_page an integer between 1 and 250")
		return
	}
	types := map[string]bool{}
	if v, ok := body["event_types"]; ok {
		list, isList := v.([]any)
		if !isList {
			badParameter(w, r, "event_types must be a list of strings")
			return
		}
		for _, t := range list {
			name, isStr := t.(string)
			if !isStr {
				badParameter(w, r, "event_types must be a list of strings")
				return
			}
			types[name] = true
		}
	}
	logs := newestLogs(filter(s.ws.list("activity_logs"), func(l record) bool {
		t := asInt(l["created_at"])
		return t > after && t < before && (len(types) == 0 || types[l["activity_type"].(string)])
	}))
	p := pageRequest{page: int(min(page, math.MaxInt32)), perPage: int(perPage)}
	writeJSON(w, http.StatusOK, record{
		"type": "activity_log.list",
		"pages": record{"type": "pages", "page": p.page, "per_page": p.perPage,
			"total_pages": (len(logs) + p.perPage - 1) / p.perPage},
		"activity_logs": nonNil(pageSlice(logs, p)),
	})
}
