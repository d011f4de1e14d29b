package fakeintercom

import (
	"cmp"
	"maps"
	"slices"
	"sync"
)

// record is one Intercom object as JSON-ready data, so that handlers can
// filter and project fields generically.
type record = map[string]any

// workspace is the whole dataset of one fake Intercom app.
//
// Stored records are never modified in place: a change replaces the map.
// Readers may therefore encode the slices they got from list after
// releasing the lock.
type workspace struct {
	mu      sync.RWMutex
	app     record
	me      record
	streams map[string][]record
	// tables hold the searchable, mutable collections: contacts,
	// companies, conversations and tickets.
	tables map[string]*table
	// parts holds each conversation's parts, oldest first.
	parts map[string][]record
	links map[string]*contactLinks
	// members maps a company id to the ids of the contacts attached to it.
	members map[string][]string
	// gen generates records created after startup, continuing the id
	// sequences of the seeded data.
	gen *builder
	g   rng
}

// list returns the stored records of a collection in storage order.
func (ws *workspace) list(name string) []record {
	ws.mu.RLock()
	defer ws.mu.RUnlock()
	return slices.Clone(ws.streams[name])
}

// identity returns the app and the authenticated admin.
func (ws *workspace) identity() (app, me record) {
	ws.mu.RLock()
	defer ws.mu.RUnlock()
	return ws.app, ws.me
}

// without returns a shallow copy of r lacking keys, for fields Intercom
// only includes on request.
func without(r record, keys ...string) record {
	out := maps.Clone(r)
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// newestFirst orders records by updated_at descending, ties by id
// descending, which is how Intercom returns its page-numbered lists.
func newestFirst(rs []record) []record {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b record) int {
		if c := cmp.Compare(asInt(b["updated_at"]), asInt(a["updated_at"])); c != 0 {
			return c
		}
		return compareIDs(b["id"], a["id"])
	})
	return out
}

// compareIDs orders numeric string ids numerically without parsing them.
func compareIDs(a, b any) int {
	x, _ := a.(string)
	y, _ := b.(string)
	if c := cmp.Compare(len(x), len(y)); c != 0 {
		return c
	}
	return cmp.Compare(x, y)
}

func asInt(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int:
		return int64(n)
	}
	return 0
}

// deepCopy clones JSON-shaped data so callers of Records cannot reach
// stored state.
func deepCopy(v any) any {
	switch t := v.(type) {
	case record:
		out := make(record, len(t))
		for k, x := range t {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}
