package fakeintercom

// conversation assembles the conversation record as search returns it;
// GET /conversations/{id} adds its parts.
func (b *builder) conversation(g rng, d *convDraft, parts []record, updated int64) record {
	fromContact := g.chance(0.8)
	c := record{
		"type": "conversation", "id": d.id, "created_at": d.created, "updated_at": updated,
		"title": g.orNil(0.7, g.pick(conversationSubjects())),
		"state": d.state, "open": d.state != "closed", "read": g.chance(0.7),
		"waiting_since": waitingSince(parts, d.state), "snoozed_until": nil,
		"priority":            g.pick([]string{"none", "none", "none", "low", "medium", "high", "urgent"}),
		"admin_assignee_id":   asIntID(d.assignee["id"]),
		"team_assignee_id":    asIntID(b.teams[g.IntN(len(b.teams))]["id"]),
		"company":             nil,
		"tags":                record{"type": "tag.list", "tags": b.conversationTags(g, d.created, updated)},
		"conversation_rating": b.rating(g, d, updated),
		"source":              b.source(g, d, fromContact),
		"contacts":            contactRefs(d.contacts),
		"teammates":           teammates(parts),
		"custom_attributes":   b.conversationCustomAttributes(g, d),
		"first_contact_reply": nil,
		"sla_applied":         slaApplied(g),
		"statistics":          conversationStats(d.created, parts),
		"linked_objects":      record{"type": "list", "total_count": 0, "has_more": false, "data": []any{}},
		"channel":             nil, "external_references": []any{},
		"sales_agent_participated": false, "sales_agent": nil,
	}
	if d.state == "snoozed" {
		c["snoozed_until"] = dataEpoch + g.between(1, 14)*day
	}
	if fromContact {
		c["first_contact_reply"] = record{"type": "conversation", "created_at": d.created, "url": nil}
	}
	channel := c["source"].(record)["type"]
	c["channel"] = record{"initial": channel, "current": channel}
	setAIAgent(g, c, d.created, updated)
	return c
}

// waitingSince is when the customer's unanswered message arrived, for
// open conversations whose last comment is theirs.
func waitingSince(parts []record, state string) any {
	if state != "open" {
		return nil
	}
	for i := len(parts) - 1; i >= 0; i-- {
		if p := parts[i]; p["part_type"] == "comment" {
			if t := p["author"].(record)["type"]; t == "user" || t == "lead" {
				return p["created_at"]
			}
			return nil
		}
	}
	return nil
}

func contactRefs(cs []record) record {
	refs := []any{}
	for _, c := range cs {
		refs = append(refs, record{"type": "contact", "id": c["id"], "external_id": c["external_id"]})
	}
	return record{"type": "contact.list", "contacts": refs}
}

// teammates lists the admins who wrote parts, or null when none did.
func teammates(parts []record) any {
	seen := map[any]bool{}
	var refs []any
	for _, p := range parts {
		a := p["author"].(record)
		if a["type"] == "admin" && !seen[a["id"]] {
			seen[a["id"]] = true
			refs = append(refs, record{"type": "admin", "id": a["id"]})
		}
	}
	if refs == nil {
		return nil
	}
	return record{"type": "admin.list", "teammates": refs}
}

func (b *builder) conversationTags(g rng, created, updated int64) []any {
	out := []any{}
	for _, i := range pickK(g, len(b.tags), g.IntN(3)) {
		out = append(out, b.appliedTag(g, b.tags[i], created, updated))
	}
	return out
}
