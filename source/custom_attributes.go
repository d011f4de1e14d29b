package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// attributeObjects names, per stream, the object of its records that holds
// the workspace's own attributes.
var attributeObjects = map[string]string{
	"contacts":      "custom_attributes",
	"companies":     "custom_attributes",
	"conversations": "custom_attributes",
	"tickets":       "ticket_attributes",
}

// customAttribute is one attribute a workspace defined for a stream's
// records: the key of its values in the stream's attributes object.
type customAttribute struct {
	Name        string
	DataType    string // Intercom's: string, integer, float, decimal, boolean, date, datetime, list, relationship, files
	Label       string
	Description string
	Options     []string
	ID          string
	CreatedAt   int64
	// TicketTypes are the ticket types that have it (tickets only).
	TicketTypes []string
	// types is the JSON types its values take (several for a ticket
	// attribute the ticket types define differently).
	types attributeTypes
}

// streamAttributes is what discover learned of one stream's attributes.
type streamAttributes struct {
	Stream, Object string
	Attrs          []customAttribute
}

// attributeSource is where discover reads one stream's attribute definitions.
type attributeSource struct {
	stream     string
	path       string
	query      url.Values
	permission string // what a 403 means is missing
	// optional is set for a product a workspace may lack (tickets): a
	// 404 then means the workspace has none, not a wrong api_url.
	optional bool
	parse    func(items []json.RawMessage) ([]customAttribute, error)
}

func attributeSources() []attributeSource {
	return []attributeSource{
		{stream: "contacts", path: intercom.PathDataAttributes, query: url.Values{"model": {"contact"}},
			permission: "read and list users and companies", parse: dataAttributes},
		{stream: "companies", path: intercom.PathDataAttributes, query: url.Values{"model": {"company"}},
			permission: "read and list users and companies", parse: dataAttributes},
		{stream: "conversations", path: intercom.PathConversationAttrs,
			permission: "read conversations", parse: conversationAttributes},
		{stream: "tickets", path: intercom.PathTicketTypes,
			permission: "read tickets", optional: true, parse: ticketTypeAttributes},
	}
}

// readCustomAttributes reads every stream's attribute definitions, one
// request per stream: the first alone, so that a token refused or a host
// unreachable fails once, then the others in parallel. A stream whose
// definitions the token may not read (403), or the workspace does not
// have (404, as without tickets), is left out with a warning: its
// attributes stay an untyped object. Any other failure is returned: a
// catalog silently missing the attributes would drop their columns.
func readCustomAttributes(ctx context.Context, c *intercom.Client, warn func(string)) (map[string]*streamAttributes, error) {
	srcs := attributeSources()
	lists := make([]*intercom.List, len(srcs))
	errs := make([]error, len(srcs))
	get := func(i int) { lists[i], errs[i] = c.GetList(ctx, srcs[i].path, srcs[i].query, "data") }
	if get(0); !skippable(srcs[0], errs[0]) {
		return nil, errs[0]
	}
	var wg sync.WaitGroup
	for i := 1; i < len(srcs); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			get(i)
		}()
	}
	wg.Wait()
	out := map[string]*streamAttributes{}
	for i, src := range srcs {
		var api *intercom.APIError
		switch err := errs[i]; {
		case err != nil && skippable(src, err) && errors.As(err, &api):
			why := fmt.Sprintf("the access token lacks the %q permission", src.permission)
			if !api.Forbidden() {
				why = "the workspace does not seem to have them"
			}
			warn(fmt.Sprintf("Discover could not read the attribute definitions of %s (HTTP %d %s on %s): %s. Its %s are declared as an untyped object, without columns of their own; once that is fixed, refresh the source schema to have them typed.",
				src.stream, api.StatusCode, api.Code, api.Path, why, attributeObjects[src.stream]))
			continue
		case err != nil:
			return nil, err
		}
		attrs, err := src.parse(lists[i].Items)
		if err != nil {
			return nil, &intercom.DecodeError{Path: src.path, Err: err}
		}
		out[src.stream] = &streamAttributes{Stream: src.stream, Object: attributeObjects[src.stream], Attrs: attrs}
	}
	if conv := out["conversations"]; conv != nil {
		conv.Attrs = withSystemAttributes(conv.Attrs)
	}
	return out, nil
}

// skippable reports whether err leaves the stream's attributes untyped
// rather than failing discover: no error, a 403 (a permission the token
// lacks) or, for an optional product, a 404 (the workspace lacks it).
func skippable(src attributeSource, err error) bool {
	var api *intercom.APIError
	return err == nil || errors.As(err, &api) && (api.Forbidden() || src.optional && api.StatusCode == 404)
}

// rawID is an id given as a JSON number or string.
type rawID string

func (id *rawID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		*id = rawID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("id %s is neither a string nor a number", b)
	}
	*id = rawID(n.String())
	return nil
}

// options reads the choices of a list attribute, strings (data
// attributes) or objects with a label (conversation attributes, archived
// ones left out).
type options []string

func (o *options) UnmarshalJSON(b []byte) error {
	var items []json.RawMessage
	if json.Unmarshal(b, &items) != nil {
		return nil // null, or a shape to ignore: options only describe
	}
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) == nil {
			*o = append(*o, s)
			continue
		}
		var opt struct {
			Label    string `json:"label"`
			Archived bool   `json:"archived"`
		}
		if json.Unmarshal(it, &opt) == nil && opt.Label != "" && !opt.Archived {
			*o = append(*o, opt.Label)
		}
	}
	return nil
}

// definition is the fields the attribute lists share.
type definition struct {
	ID           rawID   `json:"id"`
	Name         string  `json:"name"`
	Label        string  `json:"label"`
	Description  string  `json:"description"`
	DataType     string  `json:"data_type"`
	Options      options `json:"options"`
	InputOptions struct {
		List options `json:"list"`
	} `json:"input_options"`
	Custom    bool  `json:"custom"`
	Default   bool  `json:"default"`
	Archived  bool  `json:"archived"`
	CreatedAt int64 `json:"created_at"`
}

func (d definition) attribute() customAttribute {
	opts := d.Options
	if len(opts) == 0 {
		opts = d.InputOptions.List
	}
	return customAttribute{Name: d.Name, DataType: d.DataType, Label: d.Label, Description: d.Description,
		Options: opts, ID: string(d.ID), CreatedAt: d.CreatedAt, types: typesOf(d.DataType)}
}

func decodeDefinition(item json.RawMessage) (definition, error) {
	var d definition
	if err := json.Unmarshal(item, &d); err != nil {
		return d, err
	}
	if d.Name == "" {
		return d, fmt.Errorf("an attribute has no name: %.200s", item)
	}
	return d, nil
}

// dataAttributes keeps the live custom attributes of a data attribute list.
func dataAttributes(items []json.RawMessage) ([]customAttribute, error) {
	var out []customAttribute
	for _, it := range items {
		d, err := decodeDefinition(it)
		if err != nil {
			return nil, err
		}
		if d.Custom && !d.Archived {
			out = append(out, d.attribute())
		}
	}
	return out, nil
}

// conversationAttributes keeps the live conversation attributes (every
// one is the workspace's own).
func conversationAttributes(items []json.RawMessage) ([]customAttribute, error) {
	var out []customAttribute
	for _, it := range items {
		d, err := decodeDefinition(it)
		if err != nil {
			return nil, err
		}
		if !d.Archived {
			out = append(out, d.attribute())
		}
	}
	return out, nil
}

// ticketTypeAttributes gathers the live attributes of every ticket type,
// the default title and description included: a ticket's
// ticket_attributes holds all of them by name. An attribute several
// ticket types define is one, its values of any type they give it.
func ticketTypeAttributes(items []json.RawMessage) ([]customAttribute, error) {
	var out []customAttribute
	at := map[string]int{}
	for _, it := range items {
		var tt struct {
			Name       string `json:"name"`
			Attributes struct {
				// The ticket_type schema lists them under
				// ticket_type_attributes, its example under data.
				List []json.RawMessage `json:"ticket_type_attributes"`
				Data []json.RawMessage `json:"data"`
			} `json:"ticket_type_attributes"`
		}
		if err := json.Unmarshal(it, &tt); err != nil {
			return nil, err
		}
		for _, raw := range append(tt.Attributes.List, tt.Attributes.Data...) {
			d, err := decodeDefinition(raw)
			if err != nil {
				return nil, err
			}
			if d.Archived {
				continue
			}
			i, seen := at[d.Name]
			if !seen {
				at[d.Name] = len(out)
				a := d.attribute()
				a.TicketTypes = []string{tt.Name}
				out = append(out, a)
				continue
			}
			a := &out[i]
			if tt.Name != "" && !slices.Contains(a.TicketTypes, tt.Name) {
				a.TicketTypes = append(a.TicketTypes, tt.Name)
			}
			if d.DataType != a.DataType && !slices.Contains(strings.Split(a.DataType, " or "), d.DataType) {
				a.DataType += " or " + d.DataType
			}
			a.types = a.types.union(typesOf(d.DataType))
			if older(d.CreatedAt, string(d.ID), a.CreatedAt, a.ID) {
				a.ID, a.CreatedAt = string(d.ID), d.CreatedAt
			}
		}
	}
	return out, nil
}

// systemConversationAttributes are what Intercom itself adds to a
// conversation's custom_attributes, which no conversation attribute lists
// (the description names them: "CX Score rating", "CX Score explanation").
func systemConversationAttributes() []customAttribute {
	return []customAttribute{
		{Name: "CX Score rating", DataType: "integer", Description: "The conversation's CX Score (1 to 5), set by Intercom.", types: typesOf("integer")},
		{Name: "CX Score explanation", DataType: "string", Description: "Why Intercom gave the conversation its CX Score.", types: typesOf("string")},
	}
}

// withSystemAttributes adds the system attributes the workspace does not
// define itself.
func withSystemAttributes(attrs []customAttribute) []customAttribute {
	for _, s := range systemConversationAttributes() {
		if !slices.ContainsFunc(attrs, func(a customAttribute) bool { return a.Name == s.Name }) {
			attrs = append(attrs, s)
		}
	}
	return attrs
}

// older orders attributes by creation, then id (numerically when both
// are numbers); an attribute without a creation time comes after those
// with one.
func older(createdA int64, idA string, createdB int64, idB string) bool {
	if createdA != createdB {
		switch {
		case createdA == 0:
			return false
		case createdB == 0:
			return true
		}
		return createdA < createdB
	}
	na, errA := strconv.ParseInt(idA, 10, 64)
	nb, errB := strconv.ParseInt(idB, 10, 64)
	if errA == nil && errB == nil {
		return na < nb
	}
	return idA < idB
}

// discoverFailure words a failure to read the attribute definitions.
func discoverFailure(err error, f *engine.Failure) *engine.Failure {
	return &engine.Failure{Type: f.Type, Err: err,
		Message: "Discover could not read the workspace's attribute definitions, which it needs to declare custom attributes with their types. " + f.Message}
}
