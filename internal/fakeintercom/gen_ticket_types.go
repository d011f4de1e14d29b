package fakeintercom

import "maps"

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

// buildTicketTypes creates one ticket type per category, each with the
// default title and description attributes and one custom attribute.
func (b *builder) buildTicketTypes() {
	g := b.rng("ticket_types")
	ids := g.ids(100+g.between(0, 50), 3)
	attrIDs := g.ids(220+g.between(0, 50), 9)
	defs := [][3]string{{"Customer", "Bug report", "🐞"}, {"Back-office", "Refund approval", "💸"}, {"Tracker", "Incident", "🚨"}}
	states := []any{}
	for _, s := range b.ticketStates {
		states = append(states, s)
	}
	// One was edited last month; its own stream keeps the draws above as
	// they were.
	e := b.rng("ticket_types_edited")
	recent := e.IntN(len(defs))
	for i, d := range defs {
		at := b.appCreated + g.between(30, 300)*day
		attrs := []any{
			b.ticketTypeAttr(ids[i], attrIDs[3*i], "_default_title_", "string", 0, at),
			b.ticketTypeAttr(ids[i], attrIDs[3*i+1], "_default_description_", "string", 1, at),
			b.ticketTypeAttr(ids[i], attrIDs[3*i+2], "Severity", "list", 2, at),
		}
		updated := at
		if i == recent {
			updated = max(at, dataEpoch-e.between(0, 30)*day)
		}
		b.ticketTypes = append(b.ticketTypes, record{
			"type": "ticket_type", "id": idString(ids[i]), "category": d[0], "name": d[1],
			"description": d[1] + " tickets", "icon": d[2], "workspace_id": b.appID,
			"ticket_type_attributes": record{"type": "list", "ticket_type_attributes": attrs},
			"ticket_states":          record{"type": "list", "data": states},
			"archived":               false, "created_at": at, "updated_at": updated,
		})
	}
}

func (b *builder) ticketTypeAttr(typeID, id int64, name, dataType string, order int, at int64) record {
	var options any = record{}
	if dataType == "list" {
		options = record{"list": []any{record{"label": "Low"}, record{"label": "High"}}}
	}
	return record{
		"type": "ticket_type_attribute", "id": idString(id), "workspace_id": b.appID,
		"name": name, "description": name, "data_type": dataType, "input_options": options,
		"order": order, "required_to_create": order == 0, "required_to_create_for_contacts": false,
		"visible_on_create": true, "visible_to_contacts": order < 2, "default": order < 2,
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
