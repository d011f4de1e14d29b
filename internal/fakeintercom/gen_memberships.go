package fakeintercom

// linkMemberships gives every contact the segments it is in and the
// subscription types it set a preference on, and indexes the contacts of
// every company. Segment membership follows the contact's role: users are
// in user segments, leads in lead ("contact") segments. Each draws from
// its own stream, so the rest of the data is as it was without them.
func (b *builder) linkMemberships() {
	gs, gp := b.rng("contact_segments"), b.rng("contact_subscriptions")
	byPersonType := map[string][]string{}
	for _, s := range b.streams["segments"] {
		pt := s["person_type"].(string)
		byPersonType[pt] = append(byPersonType[pt], s["id"].(string))
	}
	types := b.streams["subscription_types"]
	b.members = map[string][]string{}
	for _, c := range b.contacts {
		id := c["id"].(string)
		l := b.links[id]
		pool := byPersonType[personType(c)]
		for _, i := range pickK(gs, len(pool), int(gs.between(0, 3))) {
			l.segments = append(l.segments, pool[i])
		}
		// Intercom lists only explicit preferences: most contacts have none.
		if gp.chance(0.35) {
			for _, i := range pickK(gp, len(types), int(gp.between(1, 3))) {
				l.subscriptions = append(l.subscriptions, types[i]["id"].(string))
			}
		}
		for _, co := range l.companies {
			b.members[co] = append(b.members[co], id)
		}
	}
}

// personType is the segment person_type a contact can be in: user, or
// contact for a lead.
func personType(c record) string {
	if c["role"] == "lead" {
		return "contact"
	}
	return "user"
}
