package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/buger/jsonparser"
)

// attributeTypes is the set of JSON types an attribute's values take in
// records.
type attributeTypes uint8

const (
	typeString attributeTypes = 1 << iota
	typeInteger
	typeNumber
	typeBoolean
	typeObject
	typeArray
	typeAny // a data type this connector does not know: left untyped
)

// typesOf maps an Intercom data type to the JSON types of its values, as
// Intercom sends them: list and options attributes as the option's label,
// float and decimal as numbers, dates as unix seconds, datetimes as unix
// seconds or an ISO 8601 string (the description's datetime allows
// both), relationships as a custom_object_instance_list object, files as
// a list of file_attribute objects.
func typesOf(dataType string) attributeTypes {
	switch dataType {
	case "string", "list", "options":
		return typeString
	case "integer", "date":
		return typeInteger
	case "float", "decimal":
		return typeNumber
	case "boolean":
		return typeBoolean
	case "datetime":
		return typeInteger | typeString
	case "relationship":
		return typeObject
	case "files":
		return typeArray
	}
	return typeAny
}

func (t attributeTypes) union(u attributeTypes) attributeTypes { return t | u }

// propertySchema is the schema of one declared attribute, every value
// nullable, objects open.
type propertySchema struct {
	Description          string          `json:"description,omitempty"`
	Type                 []string        `json:"type,omitempty"`
	AdditionalProperties *bool           `json:"additionalProperties,omitempty"`
	Items                *propertySchema `json:"items,omitempty"`
	// CopiedFrom is engine.CopiedFrom: a test holds them equal.
	CopiedFrom []string `json:"x-copied-from,omitempty"`
}

func (t attributeTypes) schema(description string) *propertySchema {
	s := &propertySchema{Description: description}
	if t&typeAny != 0 {
		return s // any JSON value
	}
	open := true
	s.Type = []string{"null"}
	for _, x := range []struct {
		bit  attributeTypes
		name string
	}{{typeString, "string"}, {typeInteger, "integer"}, {typeNumber, "number"}, {typeBoolean, "boolean"}, {typeObject, "object"}, {typeArray, "array"}} {
		if t&x.bit == 0 || x.bit == typeInteger && t&typeNumber != 0 {
			continue
		}
		s.Type = append(s.Type, x.name)
	}
	if t&typeObject != 0 {
		s.AdditionalProperties = &open
	}
	if t&typeArray != 0 {
		s.Items = &propertySchema{Type: []string{"null", "object"}, AdditionalProperties: &open}
	}
	return s
}

// describe says what an attribute is, for its schema's description.
func (a customAttribute) describe() string {
	var b strings.Builder
	switch a.Name {
	case "_default_title_":
		b.WriteString("The ticket's title (a default attribute of every ticket type).")
	case "_default_description_":
		b.WriteString("The ticket's description (a default attribute of every ticket type).")
	default:
		title := a.Label
		if title == "" {
			title = a.Name
		}
		b.WriteString(title)
		if d := strings.TrimSpace(a.Description); d != "" && d != title && d != a.Name {
			b.WriteString(": " + d)
		}
		if s := b.String(); !strings.HasSuffix(s, ".") {
			b.WriteString(".")
		}
	}
	b.WriteString(" Intercom data type " + a.DataType)
	switch {
	case a.DataType == "date":
		b.WriteString(", as unix seconds")
	case strings.Contains(a.DataType, "datetime"):
		b.WriteString(", as unix seconds or an ISO 8601 string")
	case a.DataType == "relationship":
		b.WriteString(", a list of custom object instances")
	case a.DataType == "files":
		b.WriteString(", a list of uploaded files")
	}
	if len(a.Options) > 0 {
		shown := a.Options[:min(len(a.Options), 20)]
		b.WriteString("; one of " + strings.Join(shown, ", "))
		if more := len(a.Options) - len(shown); more > 0 {
			fmt.Fprintf(&b, " and %d more", more)
		}
	}
	b.WriteString(".")
	if len(a.TicketTypes) > 0 {
		b.WriteString(" Ticket types: " + strings.Join(a.TicketTypes, ", ") + ".")
	}
	return b.String()
}

// ColumnPrefix starts the name of every column lifted from an attribute.
const ColumnPrefix = "custom_"

// normalizeName is an attribute's name as a column name: lowercase, each
// run of characters other than letters and digits (in any script) made
// one underscore, none at the ends; "attribute" if nothing is left.
func normalizeName(name string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(name) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('_')
		}
		gap = false
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "attribute"
	}
	return b.String()
}

// columnNames names the column of each attribute, which come oldest
// first: custom_ and the normalized name; when that is taken (by a
// top-level field of the stream, or by an older attribute), the same
// followed by _ and the attribute's normalized id; then by _2, _3, ...
// An attribute keeps its column while it lives, whatever attributes are
// created after it.
func columnNames(attrs []customAttribute, taken map[string]bool) []string {
	out := make([]string, len(attrs))
	for i, a := range attrs {
		base := ColumnPrefix + normalizeName(a.Name)
		name := base
		if taken[name] && a.ID != "" {
			name = base + "_" + normalizeName(a.ID)
		}
		for n := 2; taken[name]; n++ {
			name = base + "_" + strconv.Itoa(n)
		}
		taken[name] = true
		out[i] = name
	}
	return out
}

// byAge sorts attributes oldest first, the order their columns are named in.
func byAge(attrs []customAttribute) {
	sort.SliceStable(attrs, func(i, j int) bool {
		return older(attrs[i].CreatedAt, attrs[i].ID, attrs[j].CreatedAt, attrs[j].ID)
	})
}

// declareAttributes adds to a stream's schema its attributes, with their
// types, under the attributes object's properties (the object stays
// open: attributes created later still validate), and, with asColumns,
// each as a top-level column of its own that the read fills with a copy
// of its value (engine.CopiedFrom). Without attributes, the schema is
// returned as it is.
func declareAttributes(schema json.RawMessage, sa *streamAttributes, asColumns bool) (json.RawMessage, error) {
	if sa == nil || len(sa.Attrs) == 0 {
		return schema, nil
	}
	attrs := append([]customAttribute(nil), sa.Attrs...)
	byAge(attrs)
	obj, typ, objEnd, err := jsonparser.Get(schema, "properties", sa.Object)
	if err != nil || typ != jsonparser.Object {
		return nil, fmt.Errorf("the schema has no object property %s", sa.Object)
	}
	if _, _, _, err := jsonparser.Get(obj, "properties"); err == nil {
		return nil, fmt.Errorf("the schema already declares properties of %s", sa.Object)
	}
	var members bytes.Buffer
	members.WriteString(`"properties":{`)
	for i, a := range attrs {
		if i > 0 {
			members.WriteByte(',')
		}
		if err := writeMember(&members, a.Name, a.types.schema(a.describe())); err != nil {
			return nil, err
		}
	}
	members.WriteByte('}')
	out, err := insertMembers(schema, objEnd, members.Bytes())
	if err != nil || !asColumns {
		return out, err
	}

	props, _, propsEnd, err := jsonparser.Get(out, "properties")
	if err != nil {
		return nil, fmt.Errorf("the schema has no properties: %w", err)
	}
	taken := map[string]bool{"custom_attributes": true}
	if err := jsonparser.ObjectEach(props, func(k, _ []byte, _ jsonparser.ValueType, _ int) error {
		taken[string(k)] = true
		return nil
	}); err != nil {
		return nil, err
	}
	members.Reset()
	for i, name := range columnNames(attrs, taken) {
		if i > 0 {
			members.WriteByte(',')
		}
		a := attrs[i]
		keyJSON, _ := marshal(a.Name)
		s := a.types.schema(fmt.Sprintf("Copy of %s[%s]: %s", sa.Object, keyJSON, a.describe()))
		s.CopiedFrom = []string{sa.Object, a.Name}
		if err := writeMember(&members, name, s); err != nil {
			return nil, err
		}
	}
	return insertMembers(out, propsEnd, members.Bytes())
}

// writeMember writes `"name":schema`.
func writeMember(b *bytes.Buffer, name string, s *propertySchema) error {
	k, err := marshal(name)
	if err != nil {
		return err
	}
	v, err := marshal(s)
	if err != nil {
		return err
	}
	b.Write(k)
	b.WriteByte(':')
	b.Write(v)
	return nil
}

// insertMembers inserts members (`"a":x,"b":y`) at the end of the object
// that ends just before end in doc.
func insertMembers(doc []byte, end int, members []byte) ([]byte, error) {
	if end < 1 || end > len(doc) || doc[end-1] != '}' {
		return nil, fmt.Errorf("no object ends at offset %d", end)
	}
	closing := end - 1
	before := bytes.TrimRight(doc[:closing], " \t\r\n")
	out := make([]byte, 0, len(doc)+len(members)+1)
	out = append(out, doc[:closing]...)
	if len(before) > 0 && before[len(before)-1] != '{' {
		out = append(out, ',')
	}
	out = append(out, members...)
	return append(out, doc[closing:]...), nil
}

// marshal is json.Marshal keeping <, > and & as they are.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}
