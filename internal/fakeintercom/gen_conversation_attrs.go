package fakeintercom

import "strconv"

// convAttr describes a conversation attribute; options and reference are
// the fields the list and relationship data types add.
type convAttr struct {
	name, description, dataType string
	options                     []string
	reference                   record
}

func conversationAttrDefs() []convAttr {
	return []convAttr{
		{"Order number", "The customer's order reference", "string", nil, nil},
		{"Issue type", "What the customer needs help with", "list", []string{"Bug", "Billing", "How-to", "Feature request", "Account access"}, nil},
		{"Seats affected", "Number of seats impacted by the issue", "integer", nil, nil},
		{"Refund amount", "Amount refunded in USD", "decimal", nil, nil},
		{"Escalated to engineering", "", "boolean", nil, nil},
		{"Follow-up date", "When to check back with the customer", "datetime", nil, nil},
		{"Related order", "The order this conversation is about", "relationship", nil, record{"type": "one", "object_type_id": "Order"}},
		{"Screenshots", "Files the customer shared", "files", nil, nil},
		{"Internal summary", "Short summary for handovers", "string", nil, nil},
		{"Priority reason", "Why the conversation was prioritised", "list", []string{"Outage", "VIP customer", "Security", "Legal"}, nil},
		{"Linked accounts", "Accounts affected by the issue", "relationship", nil, record{"type": "many", "object_type_id": "Account"}},
	}
}

// buildConversationAttributes covers every data_type at least once in
// every size, and live: only the first round's attributes are never
// archived at random. The last attribute is always archived (in Tiny, a
// second list).
func (b *builder) buildConversationAttributes() {
	g := b.rng("conversation_attributes")
	ids := g.ids(g.between(1, 20), b.n.conversationAttrs)
	defs := conversationAttrDefs()
	out := make([]record, len(ids))
	spans := g.spans(b.appCreated, len(ids))
	for i, id := range ids {
		d := defs[i%len(defs)]
		name := d.name
		round := i / len(defs)
		if round > 0 {
			name += " " + strconv.Itoa(round+1)
		}
		r := record{
			"type": "conversation_attribute", "id": id, "name": name,
			"description": d.description, "data_type": d.dataType,
			"required": g.chance(0.15), "visible_to_team_ids": b.visibleTeams(g),
			"archived":   archivedAt(g, i, len(ids), round),
			"created_at": spans[i].created, "updated_at": spans[i].updated,
			"admin_id": b.admins[g.IntN(len(b.admins))]["id"],
		}
		switch d.dataType {
		case "string":
			r["multiline"] = d.name == "Internal summary"
		case "list":
			r["options"] = listOptions(g, d.options)
		case "relationship":
			r["reference"] = d.reference
		}
		out[i] = r
	}
	b.streams["conversation_attributes"] = out
}

// visibleTeams is usually empty (visible to all) and sometimes restricted.
func (b *builder) visibleTeams(g rng) []any {
	if !g.chance(0.25) {
		return []any{}
	}
	var out []any
	for _, t := range sample(g, b.teams, 1+g.IntN(2)) {
		out = append(out, t["id"])
	}
	return out
}

func listOptions(g rng, labels []string) []any {
	out := make([]any, len(labels))
	for i, l := range labels {
		out[i] = record{
			"id":       formatUUID(g.Uint64(), g.Uint64()),
			"label":    l,
			"archived": i == len(labels)-1 && g.chance(0.5),
		}
	}
	return out
}
