package fakeintercom

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
)

// Search defaults. Intercom documents none for the sort field; the fake
// sorts by created_at, newest first, with ties broken by id.
const (
	defaultSortField = "created_at"
	maxSearchPerPage = 150
)

// searchRequest is a validated search body.
type searchRequest struct {
	match      predicate
	queryKey   string
	sort       field
	sortField  string
	descending bool
	perPage    int
	after      *cursor // nil on the first page
}

// parseSearch reads and validates a search body, answering 400 itself
// when it is invalid; ok is false when it did.
func (s *Server) parseSearch(w http.ResponseWriter, r *http.Request, e *entity) (searchRequest, bool) {
	body, err := decodeBody(r)
	if err != nil {
		badParameter(w, r, "The request body must be a JSON object")
		return searchRequest{}, false
	}
	q := searchRequest{perPage: e.defaultPerPage}
	if err := q.setQuery(e, body["query"]); err != nil {
		writeError(w, r, http.StatusBadRequest, queryErrorCode(err), err.Error())
		return q, false
	}
	if code, err := q.setSort(e, body["sort"]); err != nil {
		writeError(w, r, http.StatusBadRequest, code, err.Error())
		return q, false
	}
	if err := q.setPagination(body["pagination"]); err != nil {
		badParameter(w, r, err.Error())
		return q, false
	}
	return q, true
}

func decodeBody(r *http.Request) (map[string]any, error) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil || body == nil {
		return nil, errors.New("not an object")
	}
	return body, nil
}

var errNoQuery = errors.New("query is required")

func queryErrorCode(err error) string {
	if errors.Is(err, errNoQuery) {
		return "parameter_not_found"
	}
	return "invalid_query"
}

func (q *searchRequest) setQuery(e *entity, raw any) error {
	if raw == nil {
		return errNoQuery
	}
	match, err := e.compile(raw, 0)
	if err != nil {
		return err
	}
	key, _ := json.Marshal(raw) // maps marshal with sorted keys: a canonical form
	q.match, q.queryKey = match, string(key)
	return nil
}

func (q *searchRequest) setSort(e *entity, raw any) (code string, err error) {
	q.sortField, q.descending = defaultSortField, true
	spec, _ := raw.(map[string]any)
	if name, ok := spec["field"].(string); ok && name != "" {
		q.sortField = name
	}
	switch order := spec["order"]; order {
	case nil, "descending":
	case "ascending":
		q.descending = false
	default:
		return "invalid_sort_order", errors.New("Invalid sort order '" + text(order) + "'. Must be one of: ascending, descending")
	}
	f, ok := e.fields(q.sortField)
	if !ok || f.multi {
		return "parameter_invalid", errors.New(strconv.Quote(q.sortField) + " is not a sortable " + e.noun + " field")
	}
	q.sort = f
	return "", nil
}

func (q *searchRequest) setPagination(raw any) error {
	p, _ := raw.(map[string]any)
	if v, ok := p["per_page"]; ok && v != nil {
		n, err := strconv.Atoi(text(v))
		if err != nil || n < 1 || n > maxSearchPerPage {
			return errors.New("per_page must be an integer between 1 and " + strconv.Itoa(maxSearchPerPage))
		}
		q.perPage = n
	}
	if v, ok := p["starting_after"]; ok && v != nil {
		c, err := decodeCursor(text(v))
		if err != nil {
			return errors.New("starting_after is not a cursor this search returned")
		}
		q.after = c
	}
	return nil
}
