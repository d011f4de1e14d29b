package fakeintercom

// buildCompanies creates companies with tags, segments and the odd note.
// user_count is filled in once contacts are linked to them.
func (b *builder) buildCompanies() {
	g := b.rng("companies")
	created := g.createdTimes(b.n.companies)
	busy := g.busySeconds(b.n.companies / 25)
	names := g.names(companyNames(), b.n.companies)
	attrs := b.customAttrs("company")
	noteIDs := g.ids(41_000_000, b.n.companies)
	b.companies = make([]record, b.n.companies)
	for i, c := range created {
		b.companies[i] = b.company(g, names[i], c, g.touched(c, busy), attrs, noteIDs[i])
	}
}

func (b *builder) company(g rng, name string, created, updated int64, attrs []record, noteID int64) record {
	id := mongoID(g, created)
	plan := record{}
	if g.chance(0.7) {
		p := plans()[g.IntN(len(plans()))]
		plan = record{"type": "plan", "id": p[0], "name": p[1]}
	}
	return record{
		"type": "company", "id": id, "name": name, "app_id": b.appID,
		"plan": plan, "company_id": "cmp-" + idString(g.between(100_000, 999_999)),
		"remote_created_at": created - g.between(0, 400)*day,
		"created_at":        created, "updated_at": updated,
		"last_request_at":   g.between(created, updated),
		"size":              g.between(1, 5000),
		"website":           "https://www." + slug(name) + ".example",
		"industry":          g.pick(industries()),
		"monthly_spend":     g.between(0, 250) * 10,
		"session_count":     g.between(0, 4000),
		"user_count":        int64(0),
		"custom_attributes": customValues(g, attrs),
		"tags":              record{"type": "tag.list", "tags": b.basicTags(g, g.IntN(3))},
		"segments":          record{"type": "segment.list", "segments": b.companySegments(g)},
		"notes":             record{"type": "note.list", "notes": b.companyNotes(g, id, created, updated, noteID)},
	}
}

// basicTags returns k workspace tags as tag_basic objects.
func (b *builder) basicTags(g rng, k int) []any {
	out := []any{}
	for _, t := range sample(g, b.tags, k) {
		out = append(out, record{"type": "tag", "id": t["id"], "name": t["name"]})
	}
	return out
}

// companySegments picks up to three segments; counts are not embedded.
func (b *builder) companySegments(g rng) []any {
	out := []any{}
	for _, s := range sample(g, b.streams["segments"], g.IntN(4)) {
		out = append(out, without(s, "count"))
	}
	return out
}

// companyNotes gives about one company in ten a note.
func (b *builder) companyNotes(g rng, companyID string, created, updated, noteID int64) []any {
	if !g.chance(0.1) {
		return []any{}
	}
	return []any{record{
		"type": "note", "id": idString(noteID), "created_at": g.between(created, updated),
		"company": record{"type": "company", "id": companyID},
		"author":  b.noteAuthor(g), "body": "<p>" + g.pick(noteBodies()) + "</p>",
	}}
}

// noteAuthor is an admin as notes embed it, without the avatar.
func (b *builder) noteAuthor(g rng) record {
	return without(b.admins[g.IntN(len(b.admins))], "avatar")
}
