package fakeintercom

import (
	"maps"
	"strings"
)

// ticketStates are Intercom's default states, one per category.
func (b *builder) buildTicketStates() {
	g := b.rng("ticket_states")
	base := 8_500 + g.between(0, 900)
	labels := [][3]string{
		{"submitted", "Submitted", "Submitted"}, {"in_progress", "In progress", "In progress"},
		{"waiting_on_customer", "Waiting on customer", "Awaiting your reply"}, {"resolved", "Resolved", "Resolved"},
	}
	b.archivedStateID = base + int64(len(labels)) // the next id, for the archived custom state
	for i, l := range labels {
		b.ticketStates = append(b.ticketStates, record{
			"type": "ticket_state", "id": idString(base + int64(i)), "category": l[0],
			"internal_label": l[1], "external_label": l[2],
		})
	}
}

// ticketTypeDef is a ticket type and the attributes it adds to the
// default title and description.
type ticketTypeDef struct {
	category, name, icon string
	attrs                []ticketAttrDef
}

type ticketAttrDef struct{ name, dataType string }

// ticketTypeDefs cover every data type a ticket type attribute has
// (string, list, integer, decimal, boolean, datetime, files); the types
// share Severity, a list in each.
func ticketTypeDefs() []ticketTypeDef {
	return []ticketTypeDef{
		{"Customer", "Bug report", "🐞", []ticketAttrDef{
			{"Severity", "list"}, {"Affected version", "string"}, {"Users affected", "integer"},
			{"Reproducible", "boolean"}, {"Screenshots", "files"}}},
		{"Back-office", "Refund approval", "💸", []ticketAttrDef{
			{"Severity", "list"}, {"Refund amount", "decimal"}, {"Order number", "string"},
			{"Approved", "boolean"}, {"Refund due", "datetime"}}},
		{"Tracker", "Incident", "🚨", []ticketAttrDef{
			{"Severity", "list"}, {"Started at", "datetime"}, {"Customers affected", "integer"},
			{"Postmortem done", "boolean"}}},
	}
}

// buildTicketTypes creates one ticket type per category, each with the
// default title and description attributes and custom ones.
func (b *builder) buildTicketTypes() {
	g := b.rng("ticket_types")
	defs := ticketTypeDefs()
	ids := g.ids(100+g.between(0, 50), len(defs))
	n := 0
	for _, d := range defs {
		n += 2 + len(d.attrs)
	}
	attrIDs := g.ids(220+g.between(0, 50), n)
	states := []any{}
	for _, s := range b.ticketStates {
		states = append(states, s)
	}
	// One was edited last month; its own stream keeps the draws above as
	// they were.
	e := b.rng("ticket_types_edited")
	recent := e.IntN(len(defs))
	next := 0
	for i, d := range defs {
		at := b.appCreated + g.between(30, 300)*day
		attrs := []any{
			b.ticketTypeAttr(ids[i], attrIDs[next], "_default_title_", "string", 0, at),
			b.ticketTypeAttr(ids[i], attrIDs[next+1], "_default_description_", "string", 1, at),
		}
		next += 2
		for k, a := range d.attrs {
			attrs = append(attrs, b.ticketTypeAttr(ids[i], attrIDs[next], a.name, a.dataType, 2+k, at+g.between(0, 90)*day))
			next++
		}
		updated := at
		if i == recent {
			updated = max(at, dataEpoch-e.between(0, 30)*day)
		}
		b.ticketTypes = append(b.ticketTypes, record{
			"type": "ticket_type", "id": idString(ids[i]), "category": d.category, "name": d.name,
			"description": d.name + " tickets", "icon": d.icon, "workspace_id": b.appID,
			"ticket_type_attributes": record{"type": "list", "ticket_type_attributes": attrs},
			"ticket_states":          record{"type": "list", "data": states},
			"archived":               false, "created_at": at, "updated_at": updated,
		})
	}
}

func (b *builder) ticketTypeAttr(typeID, id int64, name, dataType string, order int, at int64) record {
	var options any = record{}
	switch dataType {
	case "list":
		options = record{"list": []any{record{"label": "Low"}, record{"label": "Medium"}, record{"label": "High"}}}
	case "string":
		options = record{"multiline": name == "_default_description_"}
	}
	isDefault := strings.HasPrefix(name, "_default_")
	return record{
		"type": "ticket_type_attribute", "id": idString(id), "workspace_id": b.appID,
		"name": name, "description": name, "data_type": dataType, "input_options": options,
		"order": order, "required_to_create": order == 0, "required_to_create_for_contacts": false,
		"visible_on_create": true, "visible_to_contacts": isDefault, "default": isDefault,
		"ticket_type_id": typeID, "archived": false, "created_at": at, "updated_at": at,
	}
}

// buildTicketStateList is what GET /ticket_states lists: every state with
// the ticket types that use it (all of them), and a custom state that was
// archived, used by none.
func (b *builder) buildTicketStateList() {
	var types []any
	for _, t := range b.ticketTypes {
		types = append(types, record{
			"type": "ticket_type", "id": t["id"], "category": t["category"], "name": t["name"],
			"description": t["description"], "icon": t["icon"], "archived": t["archived"],
		})
	}
	var out []record
	for _, st := range b.ticketStates {
		s := maps.Clone(st)
		s["archived"] = false
		s["ticket_types"] = record{"type": "list", "data": types}
		out = append(out, s)
	}
	out = append(out, record{
		"type": "ticket_state", "id": idString(b.archivedStateID), "category": "in_progress",
		"internal_label": "With engineering", "external_label": "In progress", "archived": true,
		"ticket_types": record{"type": "list", "data": []any{}},
	})
	b.streams["ticket_types"], b.streams["ticket_states"] = b.ticketTypes, out
}
