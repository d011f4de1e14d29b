package fakeintercom

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// schema is the subset of OpenAPI schema objects kept in testdata.
type schema struct {
	Type       string             `json:"type"`
	Properties map[string]*schema `json:"properties"`
	Items      *schema            `json:"items"`
	Nullable   bool               `json:"nullable"`
	Enum       []any              `json:"enum"`
	Ref        string             `json:"$ref"`
	AllOf      []*schema          `json:"allOf"`
	OneOf      []*schema          `json:"oneOf"`
	AnyOf      []*schema          `json:"anyOf"`
}

// components holds the spec's schemas by name and checks values against
// them: types, nullability, enums, and no properties the spec lacks.
type components map[string]*schema

func (c components) resolve(s *schema) *schema {
	for s.Ref != "" {
		s = c[s.Ref]
	}
	return s
}

func (c components) check(s *schema, v any, path string) []string {
	if v == nil {
		if s.Nullable || c.resolve(s).Nullable || slices.Contains(s.Enum, nil) {
			return nil
		}
		return []string{path + ": null but not nullable"}
	}
	s = c.resolve(s)
	if alts := append(s.OneOf, s.AnyOf...); len(alts) > 0 {
		return c.checkAlternatives(alts, v, path)
	}
	if len(s.Enum) > 0 && !slices.Contains(s.Enum, v) {
		return []string{fmt.Sprintf("%s: %v not in enum %v", path, v, s.Enum)}
	}
	if props := c.props(s); props != nil || s.Type == "object" {
		return c.checkObject(props, v, path)
	}
	return c.checkScalar(s, v, path)
}

func (c components) checkAlternatives(alts []*schema, v any, path string) []string {
	var all []string
	for _, alt := range alts {
		errs := c.check(alt, v, path)
		if len(errs) == 0 {
			return nil
		}
		all = append(all, errs...)
	}
	return append([]string{path + ": matches no alternative"}, all...)
}

// props merges properties over allOf; one name may carry several schemas.
func (c components) props(s *schema) map[string][]*schema {
	s = c.resolve(s)
	var out map[string][]*schema
	add := func(name string, p *schema) {
		if out == nil {
			out = map[string][]*schema{}
		}
		out[name] = append(out[name], p)
	}
	for _, part := range s.AllOf {
		for name, ps := range c.props(part) {
			for _, p := range ps {
				add(name, p)
			}
		}
	}
	for name, p := range s.Properties {
		add(name, p)
	}
	return out
}

func (c components) checkObject(props map[string][]*schema, v any, path string) []string {
	obj, ok := v.(map[string]any)
	if !ok {
		return []string{path + ": not an object"}
	}
	var errs []string
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ps, declared := props[k]
		if !declared && props != nil {
			errs = append(errs, path+"."+k+": not declared by the spec")
		}
		for _, p := range ps {
			errs = append(errs, c.check(p, obj[k], path+"."+k)...)
		}
	}
	return errs
}

func (c components) checkScalar(s *schema, v any, path string) []string {
	ok := true
	switch s.Type {
	case "string":
		_, ok = v.(string)
	case "boolean":
		_, ok = v.(bool)
	case "number":
		_, ok = v.(float64)
	case "integer":
		f, isNum := v.(float64)
		ok = isNum && f == math.Trunc(f)
	case "array":
		arr, isArr := v.([]any)
		if !isArr {
			return []string{path + ": not an array"}
		}
		var errs []string
		for i, x := range arr {
			if s.Items != nil {
				errs = append(errs, c.check(s.Items, x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
		return errs
	}
	if !ok {
		return []string{fmt.Sprintf("%s: %v is not a %s", path, v, s.Type)}
	}
	return nil
}
