package fakeintercom

import "slices"

// table is a mutable collection addressed by id. Its version changes on
// every write, which keys the search cache. Callers hold the workspace
// lock; rows are replaced, never modified in place.
type table struct {
	rows    []record
	pos     map[string]int
	version uint64
}

func newTable(rows []record) *table {
	t := &table{rows: rows, pos: make(map[string]int, len(rows))}
	for i, r := range rows {
		t.pos[r["id"].(string)] = i
	}
	return t
}

func (t *table) get(id string) (record, bool) {
	i, ok := t.pos[id]
	if !ok {
		return nil, false
	}
	return t.rows[i], true
}

// put inserts r or replaces the row with its id.
func (t *table) put(r record) {
	t.version++
	id := r["id"].(string)
	if i, ok := t.pos[id]; ok {
		t.rows[i] = r
		return
	}
	t.pos[id] = len(t.rows)
	t.rows = append(t.rows, r)
}

// remove deletes the row with id, reporting whether it existed.
func (t *table) remove(id string) bool {
	i, ok := t.pos[id]
	if !ok {
		return false
	}
	t.version++
	t.rows = slices.Delete(t.rows, i, i+1)
	delete(t.pos, id)
	for j := i; j < len(t.rows); j++ {
		t.pos[t.rows[j]["id"].(string)] = j
	}
	return true
}
