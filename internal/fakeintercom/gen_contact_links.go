package fakeintercom

import (
	"cmp"
	"slices"
)

// nestedCap is how many items Intercom embeds in a contact's tags,
// companies and notes lists; the rest are behind the list's url.
const nestedCap = 10

// contactLinks are the full lists behind a contact's nested tags,
// companies and notes, and the contact's segments and subscription
// preferences, which its record does not embed. A change replaces the
// whole struct: handlers read it after releasing the lock.
type contactLinks struct {
	tags      []record // tags as applied to the contact
	companies []string // company ids
	notes     []record // newest first
	segments  []string // segment ids
	// subscriptions are the ids of the subscription types the contact
	// opted into (opt_in types) or out of (opt_out types).
	subscriptions []string
}

// linkContacts attaches tags, companies and notes to every contact. Most
// contacts have a few of each; some have more than fit in the record.
func (b *builder) linkContacts() {
	g := b.rng("contact_links")
	users := map[string]int64{}
	b.nextNote = 52_000_000 + g.between(0, 9_000)
	for _, c := range b.contacts {
		l := &contactLinks{}
		created, updated := asInt(c["created_at"]), asInt(c["updated_at"])
		for _, i := range pickK(g, len(b.tags), linkCount(g)) {
			l.tags = append(l.tags, b.appliedTag(g, b.tags[i], created, updated))
		}
		for _, i := range pickK(g, len(b.companies), linkCount(g)) {
			id := b.companies[i]["id"].(string)
			l.companies = append(l.companies, id)
			users[id]++
		}
		for range linkCount(g) {
			b.nextNote += g.between(1, 40)
			l.notes = append(l.notes, b.contactNote(g, c, b.nextNote))
		}
		slices.SortStableFunc(l.notes, func(x, y record) int { return cmp.Compare(asInt(y["created_at"]), asInt(x["created_at"])) })
		b.links[c["id"].(string)] = l
		renderLinks(c, l)
	}
	for _, co := range b.companies {
		co["user_count"] = users[co["id"].(string)]
	}
}

// linkCount is 0 for about half the contacts, a handful for most others
// and more than nestedCap for a few.
func linkCount(g rng) int {
	switch r := g.Float64(); {
	case r < 0.05:
		return int(g.between(nestedCap+1, nestedCap+6))
	case r < 0.5:
		return 0
	}
	return int(g.between(1, 4))
}

// pickK returns min(k, n) distinct indexes below n in ascending order,
// without the O(n) cost of a permutation when k is small.
func pickK(g rng, n, k int) []int {
	k = min(k, n)
	seen := make(map[int]bool, k)
	out := make([]int, 0, k)
	for len(out) < k {
		if i := g.IntN(n); !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

func (b *builder) appliedTag(g rng, t record, created, updated int64) record {
	admin := b.admins[g.IntN(len(b.admins))]
	return record{
		"type": "tag", "id": t["id"], "name": t["name"],
		"applied_at": g.between(created, updated),
		"applied_by": record{"type": "admin", "id": admin["id"]},
	}
}

func (b *builder) contactNote(g rng, c record, id int64) record {
	return record{
		"type": "note", "id": idString(id),
		"created_at": g.between(asInt(c["created_at"]), asInt(c["updated_at"])),
		"contact":    record{"type": "contact", "id": c["id"]},
		"author":     b.noteAuthor(g), "body": "<p>" + g.pick(noteBodies()) + "</p>",
	}
}

// renderLinks sets the contact's nested lists from its full links.
func renderLinks(c record, l *contactLinks) {
	id := c["id"].(string)
	c["tags"] = nestedList(id, "tag", idsOf(l.tags))
	c["companies"] = nestedList(id, "company", l.companies)
	c["notes"] = nestedList(id, "note", idsOf(l.notes))
}

// nestedList is Intercom's embedded list: the first nestedCap items as
// addressable objects, the total and whether more are behind url.
func nestedList(contactID, kind string, ids []string) record {
	plural := kind + "s"
	if kind == "company" {
		plural = "companies"
	}
	data := []any{}
	for _, id := range ids[:min(nestedCap, len(ids))] {
		data = append(data, record{"type": kind, "id": id, "url": "/" + plural + "/" + id})
	}
	return record{
		"data": data, "url": "/contacts/" + contactID + "/" + plural,
		"total_count": len(ids), "has_more": len(ids) > nestedCap,
	}
}

func idsOf(rs []record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r["id"].(string)
	}
	return out
}
