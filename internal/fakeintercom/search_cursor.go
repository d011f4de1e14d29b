package fakeintercom

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
)

// cursor is the position after the last record of a page: its sort value
// and id. The next request resumes after that position in the current
// data, so pagination is live: a record updated between two requests of a
// search sorted by updated_at moves past the cursor and is returned again,
// and one that moves before the cursor is skipped.
type cursor struct {
	value any
	id    string
	page  int // the page number the next request is reported as
}

// encode makes the opaque starting_after token.
func (c cursor) encode() string {
	raw, _ := json.Marshal([]any{c.value, c.id, c.page})
	return base64.StdEncoding.EncodeToString(raw)
}

func decodeCursor(s string) (*cursor, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var parts []any
	if err := dec.Decode(&parts); err != nil || len(parts) != 3 {
		return nil, errors.New("malformed cursor")
	}
	id, ok := parts[1].(string)
	n, isNum := parts[2].(json.Number)
	page, err := n.Int64()
	if !ok || !isNum || err != nil || page < 2 {
		return nil, errors.New("malformed cursor")
	}
	return &cursor{value: parts[0], id: id, page: int(page)}, nil
}

// order compares two records in the requested order, ties by id.
func (q *searchRequest) order(a, b record) int {
	return q.position(q.sort.get(a), a["id"], q.sort.get(b), b["id"])
}

// afterCursor reports whether r comes after the cursor.
func (q *searchRequest) afterCursor(r record) bool {
	return q.position(q.sort.get(r), r["id"], q.after.value, q.after.id) > 0
}

func (q *searchRequest) position(av, aid, bv, bid any) int {
	c := compareValues(av, bv)
	if c == 0 {
		c = compareIDs(aid, bid)
	}
	if q.descending {
		return -c
	}
	return c
}

// compareValues orders null before booleans before numbers before
// strings, and values of one type naturally.
func compareValues(a, b any) int {
	if c := cmp.Compare(rank(a), rank(b)); c != 0 {
		return c
	}
	switch x := a.(type) {
	case bool:
		return cmp.Compare(boolInt(x), boolInt(b.(bool)))
	case string:
		return cmp.Compare(x, b.(string))
	}
	if x, ok := number(a); ok {
		y, _ := number(b)
		return cmp.Compare(x, y)
	}
	return 0
}

func rank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case bool:
		return 1
	case string:
		return 3
	}
	return 2
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
