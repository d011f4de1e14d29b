package fakeintercom

import "strings"

// buildContacts creates users and leads, then links them to tags,
// companies, notes, segments and subscription types.
func (b *builder) buildContacts() {
	g := b.rng("contacts")
	created := g.createdTimes(b.n.contacts)
	busy := g.busySeconds(b.n.contacts / 25)
	attrs := b.customAttrs("contact")
	b.contacts = make([]record, len(created))
	for i, c := range created {
		b.contacts[i] = b.contact(g, i, c, g.touched(c, busy), attrs)
	}
	b.linkContacts()
	b.linkMemberships()
}

func (b *builder) contact(g rng, i int, created, updated int64, attrs []record) record {
	first, last := g.pick(firstNames()), g.pick(lastNames())
	user := g.chance(0.75)
	seen := g.chance(0.85)
	c := record{
		"type": "contact", "id": mongoID(g, created), "workspace_id": b.appID,
		"role": "lead", "external_id": nil, "signed_up_at": nil,
		"name":                     g.orNil(0.1, first+" "+last),
		"phone":                    g.orNil(0.7, "+1 415 555 "+idString(g.between(1000, 9999))),
		"owner_id":                 g.orNil(0.6, b.admins[g.IntN(len(b.admins))]["id"]),
		"has_hard_bounced":         g.chance(0.03),
		"marked_email_as_spam":     g.chance(0.02),
		"unsubscribed_from_emails": g.chance(0.1),
		"created_at":               created, "updated_at": updated,
		"last_seen_at":          g.sometime(0.8, created, updated),
		"last_replied_at":       g.sometime(0.4, created, updated),
		"last_contacted_at":     g.sometime(0.5, created, updated),
		"last_email_opened_at":  g.sometime(0.3, created, updated),
		"last_email_clicked_at": g.sometime(0.15, created, updated),
		"language_override":     g.orNil(0.9, g.pick([]string{"fr", "de", "es", "pt"})),
		"custom_attributes":     customValues(g, attrs),
		"avatar":                nil,
		"location":              location(g, seen),
		"social_profiles":       record{"data": socialProfiles(g, first, last)},
	}
	if user {
		c["role"], c["external_id"] = "user", "usr_"+idString(int64(100_000+i*7))
		c["signed_up_at"] = created - g.between(0, 3*day)
	}
	setEmail(g, c, first, last)
	setDevice(g, c, seen, created, updated)
	if g.chance(0.3) {
		c["avatar"] = record{"type": "avatar", "image_url": "https://static.intercomassets.com/avatars/" + c["id"].(string) + "/square_128/avatar.png"}
	}
	return c
}

// setEmail gives most contacts an address; a few leads have none yet.
func setEmail(g rng, c record, first, last string) {
	if c["role"] == "lead" && g.chance(0.2) {
		c["email"], c["email_domain"] = "", ""
		return
	}
	domain := g.pick(emailDomains())
	local := strings.ToLower(first + "." + strings.ReplaceAll(last, "'", ""))
	c["email"] = local + idString(g.between(1, 999)) + "@" + domain
	c["email_domain"] = domain
}

func location(g rng, seen bool) record {
	if !seen {
		return record{"type": "location", "country": nil, "region": nil, "city": nil}
	}
	p := places()[g.IntN(len(places()))]
	return record{"type": "location", "city": p[0], "region": p[1], "country": p[2]}
}

func socialProfiles(g rng, first, last string) []any {
	if !g.chance(0.1) {
		return []any{}
	}
	handle := strings.ToLower(first + strings.ReplaceAll(last, "'", ""))
	return []any{record{"type": "social_profile", "name": "Twitter", "url": "https://twitter.example/" + handle}}
}
