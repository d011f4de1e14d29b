package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/intercom-connector/source-intercom/internal/jsonscan"
	"github.com/intercom-connector/source-intercom/source/airbyte"
)

// CopiedFrom is the schema keyword that makes a top-level property of a
// stream a copy of a value nested in the same record: its value is the
// path to that value, an object of the record and one of its fields
// (["custom_attributes", "plan"]). Discover declares custom attributes
// lifted to columns this way, and a read copies exactly the properties
// the configured catalog declares so: the columns a destination was told
// about, no more (an attribute created since is not one of them) and no
// fewer (a column the user deselected is simply not in the catalog).
const CopiedFrom = "x-copied-from"

// columns adds to each record of one stream the copies its catalog
// declares, as extra fields written with it (the record itself is not
// copied or re-encoded), and counts what the read should warn about.
// One stream's goroutine uses it.
type columns struct {
	objects []*columnObject
	byName  map[string]*column
	buf     []byte
	pairs   []pair // the copies in buf, after the page's extra fields
	tmp     bytes.Buffer

	records   uint64 // records seen
	copied    int    // records written with copies
	shadowing bool   // a record had a top-level field named like a column

	undeclared        map[string]int // attribute key → records holding it
	undeclaredRecords int
	mismatched        map[string]int // column → values not of its declared type
	shadowed          map[string]int // column → records that already had that field
}

// columnObject is one object of the records whose fields are copied.
type columnObject struct {
	name  string
	byKey map[string]*column // field → its column
	// declared is every field the catalog declares in the object, copied
	// or not; the others are reported as undeclared.
	declared map[string]bool
}

type column struct {
	name  string
	key   []byte // `"name":`
	types jsonTypes
	// record is the last record copied into it (columns.records): an
	// object holding a field twice still gives the column once.
	record uint64
}

// pair is one copy written into columns.buf.
type pair struct {
	col        *column
	start, end int
}

// shadowCheckEvery is how often records with copies are checked for a
// top-level field of a column's name, until one has been found.
const shadowCheckEvery = 64

// maxUndeclared bounds the distinct undeclared fields remembered per stream.
const maxUndeclared = 50

// CopyColumns prepares, for each job, the copies its configured stream's
// schema declares (CopiedFrom). objects names, per stream, the object of
// its records that holds attributes (custom_attributes): for such a
// stream, the read also reports the fields of that object its catalog
// does not declare (attributes created after discover). With enabled
// false nothing is copied and records are written as they come; each
// stream whose catalog declares copies then gets a warning. With enabled,
// a copy declared wrongly is a catalog error.
func CopyColumns(jobs []Job, cat *airbyte.ConfiguredCatalog, objects map[string]string, enabled bool) (warnings []string, err error) {
	schemas := map[string]json.RawMessage{}
	for _, cs := range cat.Streams {
		schemas[cs.Stream.Name] = cs.Stream.JSONSchema
	}
	for i := range jobs {
		name := jobs[i].stream.Name
		c, err := parseColumns(schemas[name], objects[name])
		switch {
		case err != nil && enabled:
			return nil, fmt.Errorf("catalog stream %q: %w", name, err)
		case c == nil:
		case !enabled && len(c.byName) > 0:
			warnings = append(warnings, fmt.Sprintf("The catalog gives stream %s %d columns copied from custom attributes, but custom_attributes_as_columns is off: they are left empty, and the values stay in %s. Refresh the source schema to drop them, or turn the setting back on.",
				name, len(c.byName), c.objectNames()))
		case enabled:
			jobs[i].columns = c
		}
	}
	return warnings, nil
}

// parseColumns reads the copies a stream's schema declares, and the
// fields it declares in object. It returns nil when the stream has
// neither copies nor an attributes object, and an error for a copy
// declared wrongly.
func parseColumns(schema json.RawMessage, object string) (*columns, error) {
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	// A json_schema that is not an object declares nothing: the read has
	// never depended on it, and does not start to.
	json.Unmarshal(schema, &doc)
	c := &columns{byName: map[string]*column{}}
	objectOf := func(name string) *columnObject {
		for _, o := range c.objects {
			if o.name == name {
				return o
			}
		}
		o := &columnObject{name: name, byKey: map[string]*column{}, declared: map[string]bool{}}
		var p struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		json.Unmarshal(doc.Properties[name], &p)
		for k := range p.Properties {
			o.declared[k] = true
		}
		c.objects = append(c.objects, o)
		return o
	}
	names := make([]string, 0, len(doc.Properties))
	for name := range doc.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		var p struct {
			Type       json.RawMessage `json:"type"`
			CopiedFrom json.RawMessage `json:"x-copied-from"`
		}
		if json.Unmarshal(doc.Properties[name], &p) != nil || p.CopiedFrom == nil {
			continue
		}
		var path []string
		if err := json.Unmarshal(p.CopiedFrom, &path); err != nil || len(path) != 2 || path[0] == "" || path[0] == name {
			return nil, fmt.Errorf("property %q has %s %s; it must be an object of the record and one of its fields, as [\"custom_attributes\", \"plan\"]. Refresh the source schema", name, CopiedFrom, p.CopiedFrom)
		}
		o := objectOf(path[0])
		if other, dup := o.byKey[path[1]]; dup {
			return nil, fmt.Errorf("properties %q and %q both copy %s.%s; refresh the source schema", other.name, name, path[0], path[1])
		}
		key, _ := json.Marshal(name)
		col := &column{name: name, key: append(key, ':'), types: parseJSONTypes(p.Type)}
		o.byKey[path[1]] = col
		c.byName[name] = col
	}
	if object != "" {
		objectOf(object)
	}
	if len(c.objects) == 0 {
		return nil, nil
	}
	return c, nil
}

func (c *columns) objectNames() string {
	var names []string
	for _, o := range c.objects {
		if len(o.byKey) > 0 {
			names = append(names, o.name)
		}
	}
	return strings.Join(names, " and ")
}

// extra is what is written with rec: the page's extra fields (a parent
// id), then a copy of each value rec holds for a column. Without any, it
// is the page's extra unchanged. On a nil columns it costs nothing.
func (c *columns) extra(rec json.RawMessage, pageExtra []byte) []byte {
	if c == nil {
		return pageExtra
	}
	c.buf, c.pairs = append(c.buf[:0], pageExtra...), c.pairs[:0]
	c.records++
	undeclared := false
	for _, o := range c.objects {
		tail, ok := jsonscan.Tail(rec, o.name)
		if !ok || len(tail) == 0 || tail[0] != '{' {
			continue
		}
		jsonscan.ObjectEach(tail, func(k, v []byte) bool {
			var col *column
			if bytes.IndexByte(k, '\\') < 0 {
				col = o.byKey[string(k)]
			} else {
				var s string
				if json.Unmarshal(append(append([]byte{'"'}, k...), '"'), &s) != nil {
					return true
				}
				k = []byte(s)
				col = o.byKey[s]
			}
			if col == nil {
				if !o.declared[string(k)] {
					undeclared = true
					c.noteUndeclared(k)
				}
				return true
			}
			if col.record == c.records {
				return true
			}
			col.record = c.records
			if !col.types.accept(v) {
				if c.mismatched == nil {
					c.mismatched = map[string]int{}
				}
				c.mismatched[col.name]++
			}
			if len(c.buf) > 0 {
				c.buf = append(c.buf, ',')
			}
			start := len(c.buf)
			c.buf = append(c.buf, col.key...)
			c.buf = c.appendValue(c.buf, v)
			c.pairs = append(c.pairs, pair{col, start, len(c.buf)})
			return true
		})
	}
	if undeclared {
		c.undeclaredRecords++
	}
	if len(c.pairs) == 0 {
		return pageExtra
	}
	// Intercom sends the same fields in every record of a stream, so a
	// top-level field named like a column shows in the first record and
	// every shadowCheckEvery-th; once one is found, every record is checked.
	if c.copied++; c.shadowing || c.copied%shadowCheckEvery == 1 {
		c.dropShadowed(rec, len(pageExtra))
	}
	return c.buf
}

// appendValue appends the raw JSON value v as one line of valid UTF-8, as
// the writer makes the record itself.
func (c *columns) appendValue(dst, v []byte) []byte {
	if bytes.IndexByte(v, '\n') >= 0 || bytes.IndexByte(v, '\r') >= 0 {
		c.tmp.Reset()
		if json.Compact(&c.tmp, v) == nil {
			v = c.tmp.Bytes()
		}
	}
	if !utf8.Valid(v) {
		return append(dst, bytes.ToValidUTF8(v, []byte("\uFFFD"))...)
	}
	return append(dst, v...)
}

// dropShadowed removes the copies whose column rec already has as a
// top-level field (a field Intercom added after the schema was written):
// a record must not carry one field twice, and Intercom's own is kept.
// The buffer holds the page's extra fields (extraLen bytes), then the
// copies. Finding one makes the stream check every record after it.
func (c *columns) dropShadowed(rec []byte, extraLen int) {
	var shadowed []*column
	jsonscan.ObjectEach(rec, func(k, _ []byte) bool {
		if col := c.byName[string(k)]; col != nil {
			shadowed = append(shadowed, col)
		}
		return true
	})
	if len(shadowed) == 0 {
		return
	}
	c.shadowing = true
	kept := c.pairs[:0:0]
	for _, p := range c.pairs {
		if slices.Contains(shadowed, p.col) {
			if c.shadowed == nil {
				c.shadowed = map[string]int{}
			}
			c.shadowed[p.col.name]++
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == len(c.pairs) {
		return
	}
	out := append([]byte(nil), c.buf[:extraLen]...)
	for _, p := range kept {
		if len(out) > 0 {
			out = append(out, ',')
		}
		out = append(out, c.buf[p.start:p.end]...)
	}
	c.buf, c.pairs = out, kept
}

func (c *columns) noteUndeclared(k []byte) {
	if c.undeclared == nil {
		c.undeclared = map[string]int{}
	}
	if n, ok := c.undeclared[string(k)]; ok {
		c.undeclared[string(k)] = n + 1
	} else if len(c.undeclared) < maxUndeclared {
		c.undeclared[string(k)] = 1
	}
}

// report is what the read warns about at the stream's end.
func (c *columns) report(stream string) []string {
	if c == nil {
		return nil
	}
	var out []string
	objects := make([]string, 0, len(c.objects))
	for _, o := range c.objects {
		objects = append(objects, o.name)
	}
	if c.undeclaredRecords > 0 {
		out = append(out, fmt.Sprintf("Stream %s: %d records hold attributes the catalog does not declare (%s): their values stay in %s, with no column of their own. They were probably created in Intercom after the source schema was last refreshed (or discover could not read their definitions, and said so): refresh it to add their columns.",
			stream, c.undeclaredRecords, listCounts(c.undeclared, 8, true), strings.Join(objects, " and ")))
	}
	if len(c.mismatched) > 0 {
		out = append(out, fmt.Sprintf("Stream %s: some copied attribute values are not of the type the catalog declares for their column (%s). They were written as Intercom sent them and stay in %s, but a destination may null them: refresh the source schema if an attribute's type changed in Intercom.",
			stream, listCounts(c.mismatched, 8, false), strings.Join(objects, " and ")))
	}
	if len(c.shadowed) > 0 {
		out = append(out, fmt.Sprintf("Stream %s: some records already had a top-level field named like a column copied from an attribute (%s); Intercom's field was kept and the copy left out. The attribute's value is still in %s.",
			stream, listCounts(c.shadowed, 8, false), strings.Join(objects, " and ")))
	}
	return out
}

// listCounts lists up to n entries of m as `name (count)`, most frequent
// first, names quoted if quote.
func listCounts(m map[string]int, n int, quote bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys[:min(n, len(keys))] {
		name := k
		if quote {
			name = strconv.Quote(k)
		}
		parts = append(parts, fmt.Sprintf("%s: %d", name, m[k]))
	}
	if len(keys) > n {
		parts = append(parts, fmt.Sprintf("and %d more", len(keys)-n))
	}
	return strings.Join(parts, ", ")
}

// jsonTypes is a set of JSON types; empty means any.
type jsonTypes uint8

const (
	typeString jsonTypes = 1 << iota
	typeInteger
	typeNumber
	typeBoolean
	typeObject
	typeArray
	typeNull
)

var typeNames = map[string]jsonTypes{
	"string": typeString, "integer": typeInteger, "number": typeNumber, "boolean": typeBoolean,
	"object": typeObject, "array": typeArray, "null": typeNull,
}

// parseJSONTypes reads a schema's "type", a name or a list of names.
func parseJSONTypes(raw json.RawMessage) jsonTypes {
	var names []string
	if json.Unmarshal(raw, &names) != nil {
		var one string
		if json.Unmarshal(raw, &one) != nil {
			return 0
		}
		names = []string{one}
	}
	var t jsonTypes
	for _, n := range names {
		t |= typeNames[n]
	}
	return t
}

// accept reports whether the raw JSON value v is of one of the types.
func (t jsonTypes) accept(v []byte) bool {
	if t == 0 || len(v) == 0 {
		return true
	}
	var k jsonTypes
	switch v[0] {
	case '"':
		k = typeString
	case '{':
		k = typeObject
	case '[':
		k = typeArray
	case 't', 'f':
		k = typeBoolean
	case 'n':
		k = typeNull
	default:
		k = typeInteger
		if bytes.ContainsAny(v, ".eE") {
			k = typeNumber
		}
	}
	return t&k != 0 || k == typeInteger && t&typeNumber != 0
}
