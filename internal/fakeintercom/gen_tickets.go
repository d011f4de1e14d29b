package fakeintercom

import "slices"

// buildTickets creates tickets with their parts; about a third are linked
// to a conversation, and the conversation links back.
func (b *builder) buildTickets() {
	b.buildTicketStates()
	b.buildTicketTypes()
	g := b.rng("tickets")
	ids := g.ids(3_100_000_000+g.between(0, 90_000), b.n.tickets)
	b.nextTicketPart = 9_400_000 + g.between(0, 90_000)
	b.nextTicket = ids[len(ids)-1]
	created := g.createdTimes(len(ids))
	busy := g.busySeconds(len(ids) / 25)
	for i, id := range ids {
		t := b.ticket(g, idString(id), i, created[i], g.touched(created[i], busy))
		b.tickets = append(b.tickets, t)
	}
}

func (b *builder) ticket(g rng, id string, i int, created, updated int64) record {
	tt := b.ticketTypes[g.IntN(len(b.ticketTypes))]
	contact := b.contactBefore(g, created)
	final := g.IntN(len(b.ticketStates))
	parts := b.ticketParts(g, contact, created, updated, final)
	var admin int64
	if g.chance(0.8) {
		admin = asIntID(b.admins[g.IntN(len(b.admins))]["id"])
	}
	var previous any
	if final > 0 {
		previous = b.ticketStates[final-1]["id"]
	}
	t := record{
		"type": "ticket", "id": id, "ticket_id": idString(int64(i + 1)), "category": tt["category"],
		"ticket_attributes": b.ticketAttributeValues(g, id, tt),
		"ticket_state":      b.ticketStates[final], "ticket_type": tt,
		"contacts":          contactRefs([]record{contact}),
		"admin_assignee_id": admin, "team_assignee_id": asIntID(b.teams[g.IntN(len(b.teams))]["id"]),
		"created_at": created, "updated_at": updated, "open": final < len(b.ticketStates)-1,
		"linked_objects": b.linkTicket(g, id, tt["category"]),
		"ticket_parts":   record{"type": "ticket_part.list", "ticket_parts": parts, "total_count": len(parts)},
		"is_shared":      tt["category"] == "Customer", "previous_ticket_state_id": previous,
	}
	if b.ticketStates[final]["category"] == "waiting_on_customer" && g.chance(0.5) {
		t["snoozed_until"] = dataEpoch + g.between(1, 10)*day
	}
	return t
}

// ticketParts walks the ticket from submitted to its final state, with
// comments between state changes, all within [created, updated].
func (b *builder) ticketParts(g rng, contact record, created, updated int64, final int) []any {
	n := final + 1 + g.IntN(3)
	times := make([]int64, n)
	for k := range times {
		times[k] = g.between(created, updated)
	}
	slices.Sort(times)
	times[0] = created
	changes := map[int]bool{0: true}
	for _, k := range pickK(g, n-1, final) {
		changes[k+1] = true
	}
	out := make([]any, n)
	state, prev := 0, 0
	for k, t := range times {
		b.nextTicketPart += g.between(1, 5)
		kind, author, body := "comment", b.ticketAuthor(g, contact), any(nil)
		prev = state
		if changes[k] {
			state += min(k, 1)
			kind, author = "ticket_state_updated_by_admin", b.ticketAdmin(g)
		} else if author["type"] == "user" {
			body = "<p>" + g.pick(customerMessages()) + "</p>"
		} else {
			body = "<p>" + g.pick(adminReplies()) + "</p>"
		}
		out[k] = record{
			"type": "ticket_part", "id": idString(b.nextTicketPart), "part_type": kind, "body": body,
			"previous_ticket_state": b.ticketStates[prev]["category"], "ticket_state": b.ticketStates[state]["category"],
			"created_at": t, "updated_at": t, "assigned_to": nil, "author": author,
			"attachments": []any{}, "external_id": nil, "redacted": false, "updated_attribute_data": nil,
		}
	}
	return out
}

func (b *builder) ticketAdmin(g rng) record {
	a := b.admins[g.IntN(len(b.admins))]
	return record{"type": "admin", "id": a["id"], "name": a["name"], "email": a["email"]}
}

func (b *builder) ticketAuthor(g rng, contact record) record {
	if g.chance(0.5) {
		return b.ticketAdmin(g)
	}
	return record{"type": "user", "id": contact["id"], "name": contact["name"], "email": contact["email"]}
}

// linkTicket links about a third of the tickets to a conversation.
func (b *builder) linkTicket(g rng, ticketID string, category any) record {
	empty := record{"type": "list", "total_count": 0, "has_more": false, "data": []any{}}
	if b.built || len(b.conversations) == 0 || !g.chance(0.35) {
		return empty
	}
	c := b.conversations[g.IntN(len(b.conversations))]
	if asInt(c["linked_objects"].(record)["total_count"]) > 0 {
		return empty
	}
	c["linked_objects"] = record{"type": "list", "total_count": 1, "has_more": false,
		"data": []any{record{"type": "ticket", "id": ticketID, "category": category}}}
	return record{"type": "list", "total_count": 1, "has_more": false,
		"data": []any{record{"type": "conversation", "id": c["id"], "category": nil}}}
}
