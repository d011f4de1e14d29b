package fakeintercom

import (
	"fmt"
	"strconv"
)

// Limits of Intercom's query language: groups nest at most two deep and
// hold at most 15 filters each.
const (
	maxNesting     = 2
	maxGroupFilter = 15
)

// predicate reports whether a record matches a query.
type predicate func(record) bool

// queryError is a query the search endpoints reject with 400.
type queryError struct{ msg string }

func (e *queryError) Error() string { return e.msg }

func badQuery(format string, args ...any) error {
	return &queryError{fmt.Sprintf(format, args...)}
}

// compile turns a decoded query into a predicate, validating nesting,
// group sizes, fields, operators and value types on the way.
func (e *entity) compile(q any, level int) (predicate, error) {
	node, ok := q.(map[string]any)
	if !ok {
		return nil, badQuery("query must be an object with field, operator and value, or operator and a value list")
	}
	if _, single := node["field"]; single {
		return e.filter(node)
	}
	return e.group(node, level+1)
}

func (e *entity) group(node map[string]any, level int) (predicate, error) {
	op, _ := node["operator"].(string)
	if op != "AND" && op != "OR" {
		return nil, badQuery("operator %v is not valid for a filter group; use AND or OR", node["operator"])
	}
	if level > maxNesting {
		return nil, badQuery("queries can nest filter groups at most %d levels deep", maxNesting)
	}
	children, ok := node["value"].([]any)
	if !ok || len(children) == 0 {
		return nil, badQuery("an %s group needs a non-empty list of filters as its value", op)
	}
	if len(children) > maxGroupFilter {
		return nil, badQuery("an %s group can hold at most %d filters, got %d", op, maxGroupFilter, len(children))
	}
	// multiple_filter_search_request: the value is a list of filters or
	// a list of groups, never both (Intercom itself is lenient here).
	singles := 0
	for _, c := range children {
		if m, ok := c.(map[string]any); ok {
			if _, single := m["field"]; single {
				singles++
			}
		}
	}
	if singles > 0 && singles < len(children) {
		return nil, badQuery("an %s group must hold only filters or only filter groups, not both", op)
	}
	preds := make([]predicate, len(children))
	for i, c := range children {
		p, err := e.compile(c, level)
		if err != nil {
			return nil, err
		}
		preds[i] = p
	}
	return combine(op == "AND", preds), nil
}

func combine(all bool, preds []predicate) predicate {
	return func(r record) bool {
		for _, p := range preds {
			if p(r) != all {
				return !all
			}
		}
		return all
	}
}

// filter compiles one {field, operator, value} filter.
func (e *entity) filter(node map[string]any) (predicate, error) {
	name, _ := node["field"].(string)
	f, ok := e.fields(name)
	if !ok {
		return nil, badQuery("%s is not a searchable %s field", strconv.Quote(name), e.noun)
	}
	op, _ := node["operator"].(string)
	if err := e.allows(f, name, op); err != nil {
		return nil, err
	}
	test, err := e.test(f, name, op, node["value"])
	if err != nil {
		return nil, err
	}
	negated := op == "!=" || op == "NIN" || op == "!~"
	return func(r record) bool { return matches(f, test, r) != negated }, nil
}

// matches applies a positive test to a field; list fields match if any
// element does, and an empty list counts as null.
func matches(f field, test func(any) bool, r record) bool {
	v := f.get(r)
	if !f.multi {
		return test(v)
	}
	xs, _ := v.([]any)
	if len(xs) == 0 {
		return test(nil)
	}
	for _, x := range xs {
		if test(x) {
			return true
		}
	}
	return false
}
