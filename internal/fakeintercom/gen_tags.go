package fakeintercom

// buildTags creates workspace tags; articles later carry some of them.
func (b *builder) buildTags() {
	g := b.rng("tags")
	ids := g.ids(7_100_000+g.between(0, 50_000), b.n.tags)
	names := g.names(tagNames(), len(ids))
	for i, id := range ids {
		b.tags = append(b.tags, record{"type": "tag", "id": idString(id), "name": names[i]})
	}
	b.streams["tags"] = b.tags
}

// buildSegments creates segments. count is stored but only served when
// the caller asks for include_count=true.
func (b *builder) buildSegments() {
	g := b.rng("segments")
	names := g.names(segmentNames(), b.n.segments)
	var out []record
	for i, sp := range g.spans(b.appCreated, b.n.segments) {
		out = append(out, record{
			"type":        "segment",
			"id":          mongoID(g, sp.created),
			"name":        names[i],
			"created_at":  sp.created,
			"updated_at":  sp.updated,
			"person_type": g.pick([]string{"user", "user", "contact"}),
			"count":       g.between(0, 25_000),
		})
	}
	b.streams["segments"] = out
}

// mongoID builds a 24-hex-digit object id whose first 8 digits encode the
// creation time, as Intercom's segment ids do.
func mongoID(g rng, created int64) string {
	const digits = "0123456789abcdef"
	ts := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		ts[i] = digits[created&0xf]
		created >>= 4
	}
	return string(ts) + g.hex(16)
}
