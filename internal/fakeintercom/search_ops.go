package fakeintercom

import (
	"slices"
	"strconv"
	"strings"
)

var kindNames = map[kind]string{
	kindString: "string", kindNumber: "integer", kindBool: "boolean", kindDate: "date", kindTag: "tag_id",
}

// allows checks an operator against the field's type, with the per-type
// rules of the entity's search documentation.
func (e *entity) allows(f field, name, op string) error {
	ops := append(slices.Clone(e.ops[f.kind]), e.extraOps[name]...)
	if slices.Contains(ops, op) {
		return nil
	}
	if !slices.Contains([]string{"=", "!=", "IN", "NIN", "<", ">", "<=", ">=", "~", "!~", "^", "$"}, op) {
		return badQuery("%s is not a valid operator", strconv.Quote(op))
	}
	if f.kind == kindDate && e.loc != nil {
		return badQuery("operator %s is not supported on date field %s: contact dates are matched by whole calendar day in the workspace's time zone and accept only =, < and >",
			strconv.Quote(op), strconv.Quote(name))
	}
	return badQuery("operator %s is not supported on %s field %s; use one of %s",
		strconv.Quote(op), kindNames[f.kind], strconv.Quote(name), strings.Join(ops, ", "))
}

// test compiles the positive form of a filter (= for !=, IN for NIN, ~
// for !~) into a test of one field value.
func (e *entity) test(f field, name, op string, v any) (func(any) bool, error) {
	switch op {
	case "!=":
		op = "="
	case "NIN":
		op = "IN"
	case "!~":
		op = "~"
	}
	if op == "IN" {
		return e.anyOf(f, name, v)
	}
	if _, isList := v.([]any); isList {
		return nil, badQuery("operator %s on %s takes a single value; use IN or NIN for a list", strconv.Quote(op), strconv.Quote(name))
	}
	return e.scalarTest(f, name, op, v)
}

func (e *entity) anyOf(f field, name string, v any) (func(any) bool, error) {
	xs, ok := v.([]any)
	if !ok || len(xs) == 0 {
		return nil, badQuery("IN and NIN on %s need a non-empty list of values", strconv.Quote(name))
	}
	tests := make([]func(any) bool, len(xs))
	for i, x := range xs {
		t, err := e.scalarTest(f, name, "=", x)
		if err != nil {
			return nil, err
		}
		tests[i] = t
	}
	return func(x any) bool {
		return slices.ContainsFunc(tests, func(t func(any) bool) bool { return t(x) })
	}, nil
}

func (e *entity) scalarTest(f field, name, op string, v any) (func(any) bool, error) {
	if v == nil {
		if op != "=" {
			return nil, badQuery("null can only be compared with = or != (field %s)", strconv.Quote(name))
		}
		return func(x any) bool { return x == nil }, nil
	}
	switch f.kind {
	case kindBool:
		b, ok := boolValue(v)
		if !ok {
			return nil, badQuery("%s expects true or false, got %v", strconv.Quote(name), v)
		}
		return func(x any) bool { return x == b }, nil
	case kindNumber, kindDate:
		n, ok := number(v)
		if !ok {
			return nil, badQuery("%s expects a %s value, got %v", strconv.Quote(name), numberNoun(f.kind), v)
		}
		if f.kind == kindDate && e.loc != nil {
			return dayTest(op, int64(n), e.loc), nil
		}
		return numberTest(op, n, e.inclusive), nil
	}
	return stringTest(op, text(v)), nil
}

func numberNoun(k kind) string {
	if k == kindDate {
		return "UNIX timestamp"
	}
	return "numeric"
}

// numberTest compares numbers; inclusive makes > and < include the bound.
func numberTest(op string, want float64, inclusive bool) func(any) bool {
	return func(x any) bool {
		n, ok := number(x)
		if !ok {
			return false
		}
		switch op {
		case "=":
			return n == want
		case ">":
			return n > want || inclusive && n == want
		case "<":
			return n < want || inclusive && n == want
		case ">=":
			return n >= want
		case "<=":
			return n <= want
		}
		return false
	}
}

// stringTest compares strings: = exactly, the pattern operators without
// regard to case.
func stringTest(op, want string) func(any) bool {
	lower := strings.ToLower(want)
	return func(x any) bool {
		s, ok := x.(string)
		if !ok {
			return false
		}
		switch op {
		case "=":
			return s == want
		case "~":
			return strings.Contains(strings.ToLower(s), lower)
		case "^":
			return strings.HasPrefix(strings.ToLower(s), lower)
		case "$":
			return strings.HasSuffix(strings.ToLower(s), lower)
		}
		return false
	}
}
