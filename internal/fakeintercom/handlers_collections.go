package fakeintercom

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// The workspace's smaller collections: settings, content and
// configuration, each listed by one GET in the envelope and with the
// paging its 2.16 description documents.

// listWhole answers a collection served whole under data.
func (s *Server) listWhole(stream, typ string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, record{"type": typ, "data": versioned(r, stream, s.ws.list(stream))})
	}
}

func (s *Server) listActivityLogEventTypes(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, record{"type": "activity_log_event_type.list", "event_types": strs(activityEventTypes())})
}

// listNumbered answers a page-numbered list whose pages object holds no
// next link (the description's cursor_pages, without a cursor: newsfeeds,
// internal articles, calls): a client asks for the next page by number.
func (s *Server) listNumbered(stream string, order func([]record) []record, defaultPerPage, maxPerPage int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := parsePageUpTo(w, r, defaultPerPage, maxPerPage)
		if !ok {
			return
		}
		rs := order(s.ws.list(stream))
		writeJSON(w, http.StatusOK, record{
			"type": "list", "data": pageSlice(rs, p), "total_count": len(rs),
			"pages": record{"type": "pages", "page": p.page, "per_page": p.perPage, "total_pages": totalPages(len(rs), p)},
		})
	}
}

// listFlat answers a page-numbered list that gives page, per_page and
// total_pages beside its items, without a pages object (audiences,
// content snippets).
func (s *Server) listFlat(stream string, defaultPerPage, maxPerPage int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := parsePageUpTo(w, r, defaultPerPage, maxPerPage)
		if !ok {
			return
		}
		rs := newestFirst(s.ws.list(stream))
		writeJSON(w, http.StatusOK, record{
			"type": "list", "data": pageSlice(rs, p), "total_count": len(rs),
			"page": p.page, "per_page": p.perPage, "total_pages": totalPages(len(rs), p),
		})
	}
}

// listLinked answers a list whose pages object links to the next page
// (the description's pages_link, next null on the last page): the content
// import sources and external pages. The description documents no
// parameters; the links carry page and per_page.
func (s *Server) listLinked(stream string, order func([]record) []record) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := parsePage(w, r, 50)
		if !ok {
			return
		}
		rs := order(s.ws.list(stream))
		writeJSON(w, http.StatusOK, record{
			"type": "list", "pages": pagesLink(r, p, len(rs)), "total_count": len(rs), "data": pageSlice(rs, p),
		})
	}
}

func totalPages(total int, p pageRequest) int { return (total + p.perPage - 1) / p.perPage }

func inStorageOrder(rs []record) []record { return rs }

// keyset is a cursor list's position: the updated_at and id of the last
// record served.
type keyset struct {
	updated int64
	id      string
}

// cursorList serves a list ordered by updated_at descending, ties by id
// descending, a page at a time: starting_after is the base64 of the JSON
// array [updated_at, id] of the last record served, and a page resumes
// after that position in the data as it is then, so a record updated
// meanwhile moves to the front and is not served twice.
type cursorList struct {
	stream                     string
	defaultPerPage, maxPerPage int
	// encode spells a position as the endpoint's cursor does.
	encode func(k keyset) string
	// badCursor answers a starting_after that is not one of ours.
	badCursor func(w http.ResponseWriter, r *http.Request)
	// since, when set, filters on updated_since (macros).
	since bool
}

// macroList: cursors like "[1719493757.0, \"123\"]"; 400 parameter_invalid.
func macroList() cursorList {
	return cursorList{stream: "macros", defaultPerPage: 50, maxPerPage: 150, since: true,
		encode: func(k keyset) string { return fmt.Sprintf("[%d.0, %q]", k.updated, k.id) },
		badCursor: func(w http.ResponseWriter, r *http.Request) {
			badParameter(w, r, "Invalid starting_after cursor")
		}}
}

// dataConnectorList: cursors like "[1707594715.0,12345]"; 400 client_error.
func dataConnectorList() cursorList {
	return cursorList{stream: "data_connectors", defaultPerPage: 20, maxPerPage: 50,
		encode: func(k keyset) string { return fmt.Sprintf("[%d.0,%s]", k.updated, k.id) },
		badCursor: func(w http.ResponseWriter, r *http.Request) {
			writeError(w, r, http.StatusBadRequest, "client_error", "Invalid starting_after param. Please try again using a starting_after value from a paginated response")
		}}
}

// ordered is the list in serving order.
func (c cursorList) ordered(rs []record) []record {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b record) int {
		return cmp.Or(cmp.Compare(isoUnix(b["updated_at"]), isoUnix(a["updated_at"])), compareIDs(b["id"], a["id"]))
	})
	return out
}

func (c cursorList) serve(s *Server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		perPage := c.defaultPerPage
		if v := q.Get("per_page"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > c.maxPerPage {
				badParameter(w, r, "per_page must be an integer between 1 and "+strconv.Itoa(c.maxPerPage))
				return
			}
			perPage = n
		}
		rs := c.ordered(s.ws.list(c.stream))
		if v := q.Get("updated_since"); c.since && v != "" {
			since, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				badParameter(w, r, "Invalid updated_since timestamp")
				return
			}
			rs = filter(rs, func(m record) bool { return isoUnix(m["updated_at"]) > since })
		}
		if v := q.Get("starting_after"); v != "" {
			after, ok := decodeKeyset(v)
			if !ok {
				c.badCursor(w, r)
				return
			}
			i, _ := slices.BinarySearchFunc(rs, after, func(m record, k keyset) int {
				// Past the position: older, or as old with a smaller id.
				return cmp.Or(cmp.Compare(k.updated, isoUnix(m["updated_at"])), compareIDs(k.id, m["id"]))
			})
			for i < len(rs) && isoUnix(rs[i]["updated_at"]) == after.updated && rs[i]["id"] == after.id {
				i++
			}
			rs = rs[i:]
		}
		page := rs[:min(perPage, len(rs))]
		var next any
		if len(rs) > perPage {
			last := page[len(page)-1]
			k := keyset{isoUnix(last["updated_at"]), last["id"].(string)}
			next = record{"starting_after": base64.StdEncoding.EncodeToString([]byte(c.encode(k)))}
		}
		writeJSON(w, http.StatusOK, record{"type": "list", "data": page, "pages": record{"type": "pages", "per_page": perPage, "next": next}})
	}
}

// decodeKeyset reads a cursor: base64 of [updated_at, id], the id a
// string or a number.
func decodeKeyset(v string) (keyset, bool) {
	raw, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return keyset{}, false
	}
	var pair []any
	if json.Unmarshal(raw, &pair) != nil || len(pair) != 2 {
		return keyset{}, false
	}
	u, ok := pair[0].(float64)
	if !ok {
		return keyset{}, false
	}
	switch id := pair[1].(type) {
	case string:
		return keyset{int64(u), id}, true
	case float64:
		return keyset{int64(u), strconv.FormatInt(int64(id), 10)}, true
	}
	return keyset{}, false
}

// isoUnix reads an ISO 8601 time (macros, data connectors) as unix
// seconds.
func isoUnix(v any) int64 {
	s, _ := v.(string)
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return 0
	}
	return t.Unix()
}
