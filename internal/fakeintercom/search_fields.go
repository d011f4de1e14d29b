package fakeintercom

import "strings"

// kind is a searchable field's type, which decides the operators it
// accepts and how values compare.
type kind int

const (
	kindString kind = iota
	kindNumber
	kindBool
	kindDate
	// kindTag is a contact's tag_id, which only supports = and !=.
	kindTag
)

// field is one searchable field: its type, whether it holds a list (a
// filter then matches if any element does), and how to read it.
type field struct {
	kind  kind
	multi bool
	get   func(record) any
}

// at reads a dotted path such as "source.author.id".
func at(path string) func(record) any {
	keys := strings.Split(path, ".")
	return func(r record) any {
		var v any = r
		for _, k := range keys {
			m, ok := v.(record)
			if !ok {
				return nil
			}
			v = m[k]
		}
		return v
	}
}

// listAt collects key from each object of the list at path, for fields
// such as contact_ids that search a list.
func listAt(path, key string) func(record) any {
	get := at(path)
	return func(r record) any {
		xs, _ := get(r).([]any)
		out := make([]any, 0, len(xs))
		for _, x := range xs {
			if m, ok := x.(record); ok {
				out = append(out, m[key])
			}
		}
		return out
	}
}

// fieldSet builds fields of one kind from names that are also paths.
func fieldSet(out map[string]field, k kind, names ...string) {
	for _, n := range names {
		out[n] = field{kind: k, get: at(n)}
	}
}
