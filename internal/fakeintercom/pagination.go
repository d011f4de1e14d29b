package fakeintercom

import (
	"net/http"
	"net/url"
	"strconv"
)

// maxPerPage is Intercom's ceiling for page-numbered lists.
const maxPerPage = 150

// pageRequest is a validated page/per_page pair.
type pageRequest struct {
	page, perPage int
}

// parsePage reads page and per_page, answering 400 itself when they are
// out of bounds; ok is false when it did.
func parsePage(w http.ResponseWriter, r *http.Request, defaultPerPage int) (pageRequest, bool) {
	return parsePageUpTo(w, r, defaultPerPage, maxPerPage)
}

// parsePageUpTo is parsePage for endpoints with a lower per_page ceiling.
func parsePageUpTo(w http.ResponseWriter, r *http.Request, defaultPerPage, maxPerPage int) (pageRequest, bool) {
	q := r.URL.Query()
	p := pageRequest{page: 1, perPage: defaultPerPage}
	var err error
	if v := q.Get("page"); v != "" {
		if p.page, err = strconv.Atoi(v); err != nil || p.page < 1 {
			badParameter(w, r, "page must be a positive integer")
			return p, false
		}
	}
	if v := q.Get("per_page"); v != "" {
		if p.perPage, err = strconv.Atoi(v); err != nil || p.perPage < 1 || p.perPage > maxPerPage {
			badParameter(w, r, "per_page must be an integer between 1 and "+strconv.Itoa(maxPerPage))
			return p, false
		}
	}
	return p, true
}

// pageEnvelope slices records into Intercom's page-numbered list envelope;
// next is the absolute URL of the following page and absent on the last.
func pageEnvelope(r *http.Request, p pageRequest, records []map[string]any) map[string]any {
	total := len(records)
	totalPages := (total + p.perPage - 1) / p.perPage
	lo := min((p.page-1)*p.perPage, total)
	hi := min(lo+p.perPage, total)
	pages := map[string]any{
		"type":        "pages",
		"page":        p.page,
		"per_page":    p.perPage,
		"total_pages": totalPages,
	}
	if p.page < totalPages {
		pages["next"] = nextPageURL(r, p)
	}
	return map[string]any{
		"type":        "list",
		"data":        records[lo:hi],
		"total_count": total,
		"pages":       pages,
	}
}

// nextPageURL keeps the caller's other query parameters, as Intercom does.
func nextPageURL(r *http.Request, p pageRequest) string {
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(p.page+1))
	q.Set("per_page", strconv.Itoa(p.perPage))
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// pagesLink is the pages object of the page-numbered lists whose
// responses spell out "next": null on the last page (activity logs,
// deleted conversations and a contact's companies and notes).
func pagesLink(r *http.Request, p pageRequest, total int) map[string]any {
	totalPages := (total + p.perPage - 1) / p.perPage
	var next any
	if p.page < totalPages {
		next = nextPageURL(r, p)
	}
	return map[string]any{
		"type": "pages", "next": next, "page": p.page,
		"per_page": p.perPage, "total_pages": totalPages,
	}
}

// pageNumbers is the pages object of the page-numbered lists whose
// description gives cursor_pages and whose examples show no next (a
// company's contacts): the numbers alone, which say whether more follow.
func pageNumbers(p pageRequest, total int) map[string]any {
	return map[string]any{
		"type": "pages", "page": p.page, "per_page": p.perPage,
		"total_pages": (total + p.perPage - 1) / p.perPage,
	}
}

// pageSlice returns the records of page p.
func pageSlice[T any](xs []T, p pageRequest) []T {
	lo := min((p.page-1)*p.perPage, len(xs))
	return xs[lo:min(lo+p.perPage, len(xs))]
}

// parseOrder reads the order parameter of lists that take one (asc or
// desc, descending by default), answering 400 itself to another value;
// ok is false when it did.
func parseOrder(w http.ResponseWriter, r *http.Request) (descending, ok bool) {
	switch r.URL.Query().Get("order") {
	case "", "desc":
		return true, true
	case "asc":
		return false, true
	}
	badParameter(w, r, "order must be asc or desc")
	return false, false
}
