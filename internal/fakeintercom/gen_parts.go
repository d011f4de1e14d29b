package fakeintercom

import (
	"slices"
	"strconv"
)

// makeParts generates a conversation's parts oldest first: an optional
// automatic assignment, then replies, notes and reassignments, and a final
// close or snooze that matches the conversation's state. A few parts share
// a second with the part before them.
func (b *builder) makeParts(g rng, d *convDraft, n int) []record {
	times := partTimes(g, d, n)
	out := make([]record, n)
	for k, t := range times {
		b.nextPart += g.between(1, 9)
		out[k] = b.part(g, d, partKind(g, k, n, d.state), t)
	}
	return out
}

func partTimes(g rng, d *convDraft, n int) []int64 {
	span := g.between(10*60, 14*day)
	if d.big {
		span = 400 * day
	}
	end := min(d.created+span, dataEpoch)
	out := make([]int64, n)
	for k := range out {
		out[k] = g.between(d.created+1, max(end, d.created+1))
	}
	slices.Sort(out)
	for k := 1; k < n; k++ {
		if g.chance(0.08) {
			out[k] = out[k-1]
		}
	}
	return out
}

func partKind(g rng, k, n int, state string) string {
	switch {
	case k == 0 && g.chance(0.5):
		return "default_assignment"
	case k == n-1 && state == "closed":
		return "close"
	case k == n-1 && state == "snoozed":
		return "snoozed"
	}
	switch r := g.Float64(); {
	case r < 0.45:
		return "comment_contact"
	case r < 0.85:
		return "comment"
	case r < 0.95:
		return "note"
	}
	return "assignment"
}

// part builds one conversation part of kind at time t.
func (b *builder) part(g rng, d *convDraft, kind string, t int64) record {
	author, body, assigned, state := b.adminAuthor(d.assignee), any(nil), any(nil), "open"
	switch kind {
	case "comment_contact":
		kind, author = "comment", b.contactAuthor(d.contacts[g.IntN(len(d.contacts))])
		body = "<p>" + g.pick(customerMessages()) + "</p>"
	case "comment":
		if g.chance(0.15) {
			author = b.botAuthor(true)
		}
		body = "<p>" + g.pick(adminReplies()) + "</p>"
	case "note":
		body = "<p>" + g.pick(noteBodies()) + "</p>"
	case "default_assignment", "assignment":
		if kind == "default_assignment" {
			author = b.botAuthor(false)
		}
		assigned = record{"type": "admin", "id": d.assignee["id"]}
	case "close":
		state = "closed"
	case "snoozed":
		state = "snoozed"
	}
	return b.partRecord(kind, t, author, body, assigned, state)
}

func (b *builder) partRecord(kind string, t int64, author, body, assigned any, state string) record {
	return record{
		"type": "conversation_part", "id": idString(b.nextPart), "part_type": kind,
		"body": body, "created_at": t, "updated_at": t, "notified_at": t,
		"assigned_to": assigned, "author": author, "attachments": []any{},
		"external_id": nil, "redacted": false, "email_message_metadata": nil,
		"metadata": nil, "state": state, "tags": []any{}, "event_details": nil,
		"app_package_code": nil,
	}
}

// Authors are shared between parts: stored records are never modified in
// place, so sharing them saves memory on large workspaces.

func (b *builder) adminAuthor(a record) record {
	id := a["id"].(string)
	if r, ok := b.authors[id]; ok {
		return r
	}
	r := record{"type": "admin", "id": id, "name": a["name"], "email": a["email"], "from_ai_agent": false, "is_ai_answer": false}
	b.authors[id] = r
	return r
}

func (b *builder) contactAuthor(c record) record {
	id := c["id"].(string)
	if r, ok := b.authors[id]; ok {
		return r
	}
	r := record{"type": c["role"], "id": id, "name": c["name"], "email": c["email"], "from_ai_agent": false, "is_ai_answer": false}
	b.authors[id] = r
	return r
}

// botAuthor is Fin, Intercom's AI agent, which also runs assignment rules.
func (b *builder) botAuthor(answer bool) record {
	key := "bot:" + strconv.FormatBool(answer)
	if r, ok := b.authors[key]; ok {
		return r
	}
	r := record{
		"type": "bot", "id": b.botID, "name": "Fin", "email": "operator+" + b.appID + "@intercom.io",
		"from_ai_agent": true, "is_ai_answer": answer,
	}
	b.authors[key] = r
	return r
}
