package fakeintercom

import (
	"fmt"
	"strings"
)

// buildAudiences creates the audiences Fin targets content to; content
// snippets, internal articles and import sources name their ids.
func (b *builder) buildAudiences() {
	g := b.rng("audiences")
	ids := g.ids(g.between(100, 900), b.n.audiences)
	defs := audienceDefs()
	deal := g.deal(len(defs), len(ids))
	spans := g.spans(b.appCreated, len(ids))
	out := make([]record, len(ids))
	for i, id := range ids {
		d := defs[deal[i].i]
		roles := []any{record{"attribute": "role", "type": "role", "comparison": "eq", "value": g.pick([]string{"user", "lead"})}}
		if g.chance(0.3) {
			roles = []any{}
		}
		out[i] = record{
			"type": "audience", "id": idString(id), "name": d[0] + deal[i].suffix(),
			"predicates":      []any{record{"attribute": d[1], "type": "string", "comparison": d[2], "value": d[3]}},
			"role_predicates": roles,
			"created_at":      spans[i].created, "updated_at": spans[i].updated,
		}
	}
	b.streams["audiences"] = out
}

// audienceIDs draws the audiences a piece of content targets: none (an
// empty list), a few, or, rarely, null.
func (b *builder) audienceIDs(g rng) any {
	if g.chance(0.1) {
		return nil
	}
	var ids []int64
	for _, a := range sample(g, b.streams["audiences"], g.IntN(3)) {
		ids = append(ids, asIntID(a["id"]))
	}
	return ints(ids)
}

// buildContentSnippets creates snippets for Fin and Copilot; the
// deprecated 0/1 availabilities mirror the booleans.
func (b *builder) buildContentSnippets() {
	g := b.rng("content_snippets")
	ids := g.ids(g.between(100, 900), b.n.contentSnippets)
	titles := g.names(snippetTopics(), len(ids))
	spans := g.spans(b.appCreated, len(ids))
	out := make([]record, len(ids))
	for i, id := range ids {
		chatbot, copilot := g.chance(0.8), g.chance(0.9)
		text := titles[i] + ": " + sentence(g)
		var title any = titles[i]
		if g.chance(0.05) {
			title = nil
		}
		var markdown any = "# " + titles[i] + "\n\n" + text + "\n"
		if g.chance(0.1) {
			markdown = nil
		}
		out[i] = record{
			"type": "content_snippet", "id": idString(id), "title": title, "locale": g.pick([]string{"en", "en", "en", "fr", "de"}),
			"json_blocks":          []any{record{"type": "paragraph", "text": text}},
			"body_markdown":        markdown,
			"chatbot_availability": boolInt(chatbot), "copilot_availability": boolInt(copilot),
			"ai_chatbot_availability": chatbot, "ai_copilot_availability": copilot, "ai_sales_agent_availability": g.chance(0.3),
			"created_at": spans[i].created, "updated_at": spans[i].updated,
			"audience_ids": b.audienceIDs(g),
		}
	}
	b.streams["content_snippets"] = out
}

// buildContentSources creates the content import sources and the external
// pages imported from them: each page names its source, and a source was
// last synced when its newest page was ingested (or when it was created).
func (b *builder) buildContentSources() {
	g := b.rng("content_import_sources")
	srcIDs := g.ids(g.between(20, 90), b.n.importSources)
	spans := g.spans(b.appCreated, len(srcIDs))
	sources := make([]record, len(srcIDs))
	sites := []string{"support.acme-demo.example", "docs.acme-demo.example", "community.acme-demo.example", "status.acme-demo.example"}
	for i, id := range srcIDs {
		behavior := g.pick([]string{"api", "api", "automatic", "manual"})
		sources[i] = record{
			"type": "content_import_source", "id": id, "sync_behavior": behavior,
			"status":     g.pick([]string{"active", "active", "active", "deactivated"}),
			"url":        "https://" + sites[i%len(sites)] + "/" + idString(int64(i/len(sites)+1)),
			"created_at": spans[i].created, "updated_at": spans[i].updated, "last_synced_at": spans[i].created,
			"audience_ids": b.audienceIDs(g),
		}
	}
	p := b.rng("external_pages")
	pageIDs := p.ids(p.between(10, 90), b.n.externalPages)
	titles := p.names(externalPageTopics(), len(pageIDs))
	pages := make([]record, len(pageIDs))
	for i, id := range pageIDs {
		k := p.IntN(len(sources))
		src := sources[k]
		created := p.between(asInt(src["created_at"]), dataEpoch-day)
		updated := p.between(created, dataEpoch)
		agent := p.chance(0.85)
		pages[i] = record{
			"type": "external_page", "id": idString(id), "title": titles[i],
			"html":                  "<h1>" + titles[i] + "</h1><p>" + sentence(p) + "</p>",
			"url":                   strings.TrimSuffix(src["url"].(string), "/") + "/" + slug(titles[i]),
			"ai_agent_availability": agent, "ai_copilot_availability": p.chance(0.9),
			"ai_sales_agent_availability": p.chance(0.3), "fin_availability": agent,
			"locale": "en", "source_id": src["id"], "external_id": "ext-" + idString(id*7+3),
			"created_at": created, "updated_at": updated, "last_ingested_at": updated,
		}
		if updated > asInt(src["last_synced_at"]) {
			s := record{}
			for key, v := range src {
				s[key] = v
			}
			s["last_synced_at"] = updated
			s["updated_at"] = max(asInt(s["updated_at"]), updated)
			sources[k] = s
			src = s
		}
	}
	b.streams["content_import_sources"], b.streams["external_pages"] = sources, pages
}

// buildInternalArticles creates the team's internal articles, owned and
// written by admins.
func (b *builder) buildInternalArticles() {
	g := b.rng("internal_articles")
	ids := g.ids(g.between(30, 300), b.n.internalArticles)
	titles := g.names(internalArticleTitles(), len(ids))
	spans := g.spans(b.appCreated, len(ids))
	admins := b.adminIDs()
	out := make([]record, len(ids))
	for i, id := range ids {
		body := "<p>" + titles[i] + ".</p><p>" + sentence(g) + "</p>"
		var html, markdown any = body, "# " + titles[i] + "\n\n" + sentence(g) + "\n"
		if g.chance(0.05) {
			html, markdown = nil, nil
		}
		out[i] = record{
			"type": "internal_article", "id": idString(id), "title": titles[i], "body": html, "body_markdown": markdown,
			"owner_id": admins[g.IntN(len(admins))], "author_id": admins[g.IntN(len(admins))],
			"created_at": spans[i].created, "updated_at": spans[i].updated, "locale": "en",
			"audience_ids": b.audienceIDs(g), "ai_chatbot_availability": g.chance(0.4),
			"ai_copilot_availability": g.chance(0.95), "ai_sales_agent_availability": g.chance(0.2),
		}
	}
	b.streams["internal_articles"] = out
}

// sentence is a line of help text about one of the product's subjects.
func sentence(g rng) string {
	return fmt.Sprintf(g.pick(articleTemplates()), g.pick(articleSubjects())) + "."
}
