package fakeintercom

import (
	"maps"
	"sort"
)

// convDraft is what a conversation's parts need to know about it.
type convDraft struct {
	id       string
	created  int64
	contacts []record
	assignee record
	state    string
	big      bool
}

// buildConversations creates conversations and their parts. Conversation
// ids and deleted conversation ids come from one sequence, as they would
// in a workspace where some conversations were later deleted.
func (b *builder) buildConversations() {
	g := b.rng("conversations")
	n := b.n.conversations
	ids := g.ids(2_400_000_000+g.between(0, 90_000), n+b.n.deleted)
	b.nextPart = 27_000_000_000 + g.between(0, 900_000)
	b.nextConversation = ids[len(ids)-1]
	gone := map[int]bool{}
	for _, i := range pickK(g, len(ids), b.n.deleted) {
		gone[i] = true
		b.deletedIDs = append(b.deletedIDs, idString(ids[i]))
	}
	created := g.createdTimes(n)
	busy := g.busySeconds(n / 25)
	big := map[int]int{}
	for k, i := range pickK(g, n, b.n.bigConversations) {
		big[i] = 520 + 65*k
	}
	k := 0
	for i, id := range ids {
		if gone[i] {
			continue
		}
		parts := int(g.between(1, 14))
		if p, ok := big[k]; ok {
			parts = p
		}
		b.addConversation(g, b.draft(g, idString(id), created[k], big[k] > 0), parts, busy)
		k++
	}
}

func (b *builder) draft(g rng, id string, created int64, big bool) *convDraft {
	d := &convDraft{id: id, created: created, big: big,
		assignee: b.admins[g.IntN(len(b.admins))],
		state:    g.pick([]string{"closed", "closed", "closed", "open", "open", "snoozed"}),
	}
	for range 1 + g.IntN(3)/2 {
		d.contacts = append(d.contacts, b.contactBefore(g, created))
	}
	return d
}

// contactBefore picks a contact that existed when the conversation began
// (the earliest contact if none did).
func (b *builder) contactBefore(g rng, t int64) record {
	n := sort.Search(len(b.contacts), func(i int) bool { return asInt(b.contacts[i]["created_at"]) > t })
	return b.contacts[g.IntN(max(n, 1))]
}

// addConversation generates the parts, then the conversation, whose
// updated_at is at or after its newest part's: sometimes a bulk action
// touched it later at one of the busy seconds.
func (b *builder) addConversation(g rng, d *convDraft, nParts int, busy []int64) {
	parts := b.makeParts(g, d, nParts)
	updated := d.created
	for _, p := range parts {
		updated = max(updated, asInt(p["updated_at"]))
	}
	switch r := g.Float64(); {
	case r < 0.2:
		if s := busy[g.IntN(len(busy))]; s >= updated {
			updated = s
		}
	case r < 0.3:
		updated = min(dataEpoch, updated+g.between(60, 2*day))
	}
	editParts(g, parts, updated)
	c := b.conversation(g, d, parts, updated)
	b.conversations = append(b.conversations, c)
	b.parts[d.id] = parts
}

// editParts marks a few parts as edited after they were written, never
// later than the conversation's own updated_at.
func editParts(g rng, parts []record, until int64) {
	for i, p := range parts {
		if g.chance(0.05) {
			q := maps.Clone(p)
			q["updated_at"] = g.between(asInt(p["created_at"]), until)
			parts[i] = q
		}
	}
}
