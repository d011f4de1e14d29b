package fakeintercom

// source is the message that started the conversation.
func (b *builder) source(g rng, d *convDraft, fromContact bool) record {
	contact := d.contacts[0]
	s := record{
		"type": g.pick([]string{"conversation", "conversation", "email", "push"}), "id": idString(g.between(400_000_000, 499_999_999)),
		"delivered_as": "customer_initiated", "subject": "", "body": "<p>" + g.pick(customerMessages()) + "</p>",
		"author":      record{"type": contact["role"], "id": contact["id"], "name": contact["name"], "email": contact["email"]},
		"attachments": []any{}, "url": nil, "redacted": false,
	}
	if !fromContact {
		a := b.admins[g.IntN(len(b.admins))]
		s["delivered_as"], s["body"] = "admin_initiated", "<p>"+g.pick(adminReplies())+"</p>"
		s["author"] = record{"type": "admin", "id": a["id"], "name": a["name"], "email": a["email"]}
	}
	switch s["type"] {
	case "email":
		s["subject"] = g.pick(conversationSubjects())
	case "conversation":
		s["url"] = g.orNil(0.5, "https://app.acme-demo.example/"+g.pick([]string{"billing", "settings", "reports", "dashboard"}))
	}
	return s
}

// rating is left by the customer on some closed conversations.
func (b *builder) rating(g rng, d *convDraft, updated int64) any {
	if d.state != "closed" || !g.chance(0.3) {
		return nil
	}
	at := g.between(d.created, updated)
	return record{
		"rating": g.between(1, 5), "remark": g.pick([]string{"", "Quick and helpful", "Took a while", "Great support!"}),
		"created_at": at, "updated_at": at,
		"contact":  record{"type": "contact", "id": d.contacts[0]["id"], "external_id": d.contacts[0]["external_id"]},
		"teammate": record{"type": "admin", "id": d.assignee["id"]},
	}
}

func conversationCustomAttributes(g rng) record {
	out := record{}
	if g.chance(0.5) {
		out["Issue type"] = g.pick([]string{"Bug", "Billing", "How-to", "Feature request", "Account access"})
	}
	if g.chance(0.2) {
		out["Order number"] = "ORD-" + idString(g.between(10_000, 99_999))
	}
	if g.chance(0.1) {
		out["Seats affected"] = g.between(1, 50)
	}
	return out
}

func slaApplied(g rng) any {
	if !g.chance(0.15) {
		return nil
	}
	return record{
		"type": "conversation_sla_summary", "sla_name": g.pick([]string{"Enterprise first response", "Standard 24h"}),
		"sla_status": g.pick([]string{"hit", "hit", "missed", "active"}),
	}
}

// setAIAgent records Fin's involvement on about one conversation in five.
func setAIAgent(g rng, c record, created, updated int64) {
	c["ai_agent_participated"], c["ai_agent"] = false, nil
	if !g.chance(0.2) {
		return
	}
	c["ai_agent_participated"] = true
	c["ai_agent"] = record{
		"source_type": "workflow", "source_title": "Fin for support",
		"last_answer_type": g.pick([]string{"ai_answer", "custom_answer"}),
		"resolution_state": g.pick([]string{"assumed_resolution", "confirmed_resolution", "escalated", "negative_feedback"}),
		"rating":           g.orNil(0.6, g.between(1, 5)), "rating_remark": nil,
		"created_at": created, "updated_at": g.between(created, updated),
		"content_sources": record{"type": "content_source.list", "total_count": 0, "content_sources": []any{}},
	}
}
