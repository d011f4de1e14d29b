package fakeintercom

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// attributeTypes are the data types an admin can give a new attribute,
// per stream: data attributes for contacts and companies ("options" is a
// string attribute with a list of options, as Intercom's create request
// names it), conversation attributes, ticket type attributes.
var attributeTypes = map[string][]string{
	"contacts":      {"string", "integer", "float", "boolean", "date", "options"},
	"companies":     {"string", "integer", "float", "boolean", "date", "options"},
	"conversations": {"string", "integer", "list", "decimal", "boolean", "datetime", "relationship", "files"},
	"tickets":       {"string", "list", "integer", "decimal", "boolean", "datetime", "files"},
}

// attributeObject is the object of a record that holds its attribute values.
var attributeObject = map[string]string{
	"contacts": "custom_attributes", "companies": "custom_attributes",
	"conversations": "custom_attributes", "tickets": "ticket_attributes",
}

// AddCustomAttribute defines a new custom attribute, as an admin would in
// Intercom's settings, and sets a value of it on up to n records, as the
// workspace's apps would: those records' updated_at move to the server's
// clock. stream is contacts or companies (a custom data attribute),
// conversations (a conversation attribute) or tickets (an attribute of
// the first ticket type; only tickets of that type get values);
// attributeTypes lists the data types each accepts. It returns the ids
// of the records given a value, in storage order.
func (s *Server) AddCustomAttribute(stream, name, dataType string, n int) ([]string, error) {
	types, ok := attributeTypes[stream]
	if !ok {
		return nil, errStream("add custom attribute", stream)
	}
	if !slices.Contains(types, dataType) {
		return nil, fmt.Errorf("add custom attribute to %s: data type %q is not one of %v", stream, dataType, types)
	}
	now := s.now()
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	b, g := s.ws.gen, s.ws.g
	admin := b.admins[0]["id"]
	var attr, ticketType record
	switch stream {
	case "contacts", "companies":
		model := map[string]string{"contacts": "contact", "companies": "company"}[stream]
		existing := s.ws.streams["data_attributes"]
		for _, a := range existing {
			if a["model"] == model && a["name"] == name && a["archived"] == false {
				return nil, fmt.Errorf("add custom attribute to %s: %q exists", stream, name)
			}
		}
		attr = record{
			"type": "data_attribute", "id": maxID(existing) + g.between(1, 7), "model": model,
			"name": name, "full_name": "custom_attributes." + name, "label": name, "description": "",
			"data_type": dataType, "api_writable": true, "ui_writable": true, "messenger_writable": false,
			"custom": true, "archived": false, "created_at": now, "updated_at": now, "admin_id": admin,
		}
		if dataType == "options" {
			attr["data_type"], attr["options"] = "string", strs([]string{"bronze", "silver", "gold"})
		}
		s.ws.streams["data_attributes"] = append(slices.Clone(existing), attr)
	case "conversations":
		existing := s.ws.streams["conversation_attributes"]
		for _, a := range existing {
			if a["name"] == name && a["archived"] == false {
				return nil, fmt.Errorf("add custom attribute to %s: %q exists", stream, name)
			}
		}
		attr = record{
			"type": "conversation_attribute", "id": maxID(existing) + g.between(1, 7), "name": name,
			"description": "", "data_type": dataType, "required": false, "visible_to_team_ids": []any{},
			"archived": false, "created_at": now, "updated_at": now, "admin_id": admin,
		}
		switch dataType {
		case "string":
			attr["multiline"] = false
		case "list":
			attr["options"] = listOptions(g, []string{"Option A", "Option B", "Option C"})
		case "relationship":
			attr["reference"] = record{"type": "one", "object_type_id": "Order"}
		}
		s.ws.streams["conversation_attributes"] = append(slices.Clone(existing), attr)
	case "tickets":
		tt := b.ticketTypes[0]
		list := tt["ticket_type_attributes"].(record)
		attrs := list["ticket_type_attributes"].([]any)
		var last int64
		for _, types := range b.ticketTypes {
			for _, a := range types["ticket_type_attributes"].(record)["ticket_type_attributes"].([]any) {
				if id, _ := strconv.ParseInt(a.(record)["id"].(string), 10, 64); id > last {
					last = id
				}
				if types["id"] == tt["id"] && a.(record)["name"] == name {
					return nil, fmt.Errorf("add custom attribute to %s: %q exists on ticket type %v", stream, name, tt["name"])
				}
			}
		}
		attr = b.ticketTypeAttr(asIntID(tt["id"]), last+g.between(1, 7), name, dataType, len(attrs), now)
		ticketType = maps.Clone(tt)
		ticketType["ticket_type_attributes"] = record{"type": list["type"], "ticket_type_attributes": append(slices.Clone(attrs), attr)}
		ticketType["updated_at"] = now
		b.ticketTypes = append([]record{ticketType}, b.ticketTypes[1:]...)
		s.ws.streams["ticket_types"] = b.ticketTypes
	}
	t := s.ws.tables[stream]
	var ids []string
	for _, r := range slices.Clone(t.rows) {
		if len(ids) >= n {
			break
		}
		if ticketType != nil {
			if rt, _ := r["ticket_type"].(record); rt == nil || rt["id"] != ticketType["id"] {
				continue
			}
		}
		c := deepCopy(r).(record)
		values, _ := c[attributeObject[stream]].(record)
		if values == nil {
			values = record{}
		}
		values[name] = customValue(g, attr)
		c[attributeObject[stream]] = values
		if ticketType != nil {
			c["ticket_type"] = ticketType
		}
		c["updated_at"] = now
		t.put(c)
		ids = append(ids, c["id"].(string))
	}
	return ids, nil
}

// maxID is the largest integer id of rs.
func maxID(rs []record) int64 {
	var out int64
	for _, r := range rs {
		out = max(out, asInt(r["id"]))
	}
	return out
}
