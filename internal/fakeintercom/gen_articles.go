package fakeintercom

import (
	"fmt"
	"strconv"
)

// buildArticles creates help articles filed under collections or sections
// (a few stand alone), written by admins and tagged with workspace tags.
func (b *builder) buildArticles() {
	g := b.rng("articles")
	ids := g.ids(6_871_000+g.between(0, 9_000), b.n.articles)
	authors := b.adminIDs()
	titles := g.names(articleTitles(), len(ids))
	spans := g.spans(b.appCreated, len(ids))
	out := make([]record, len(ids))
	for i, id := range ids {
		out[i] = b.article(g, id, titles[i], spans[i], authors)
	}
	b.streams["articles"] = out
}

func (b *builder) article(g rng, id int64, title string, sp span, authors []int64) record {
	author := authors[g.IntN(len(authors))]
	state := g.pick([]string{"published", "published", "published", "draft"})
	created, updated := sp.created, sp.updated
	staged := state == "published" && g.chance(0.2)
	var draftAt, scheduled any
	if staged {
		draftAt = g.between(updated, dataEpoch)
	}
	if state == "draft" && g.chance(0.3) {
		scheduled = dataEpoch + g.between(1, 60)*day
	}
	parents, url := b.articlePlacement(g, id, title)
	body := articleBody(g, title)
	markdown := g.orNil(0.4, "# "+title+"\n\n"+articleSummary(title)+"\n")
	a := record{
		"type": "article", "id": idString(id), "workspace_id": b.appID,
		"title": title, "description": g.orNil(0.1, articleSummary(title)),
		"body": g.orNil(0.05, body), "body_markdown": markdown,
		"author_id": author, "state": state,
		"created_at": created, "updated_at": updated,
		"has_unpublished_changes": staged, "draft_updated_at": draftAt,
		"url": url, "parent_ids": ints(parents),
		"ai_chatbot_availability":          g.chance(0.8),
		"ai_copilot_availability":          g.chance(0.9),
		"ai_sales_agent_availability":      g.chance(0.3),
		"created_by_id":                    g.orNil(0.2, author),
		"updated_by_id":                    g.orNil(0.2, authors[g.IntN(len(authors))]),
		"exclude_from_article_suggestions": g.chance(0.1),
		"help_center_audience":             g.orNil(0.3, g.pick([]string{"everyone", "everyone", "all_users", "all_leads", "restricted"})),
		"scheduled_publish_at":             scheduled,
		"scheduled_unpublish_at":           g.orNil(0.95, dataEpoch+g.between(30, 365)*day),
		"default_locale":                   "en",
		"tags":                             record{"type": "tag.list", "tags": b.articleTags(g)},
	}
	a["translated_content"] = translatedArticle(g, a)
	return a
}

// articlePlacement files most articles under one collection or section;
// standalone articles have no help center and therefore no URL.
func (b *builder) articlePlacement(g rng, id int64, title string) ([]int64, any) {
	if len(b.collections) == 0 || g.chance(0.1) {
		return []int64{}, nil
	}
	c := b.collections[g.IntN(len(b.collections))]
	hc := b.homeOf[c["id"].(string)]
	url := hc["url"].(string) + "/en/articles/" + strconv.FormatInt(id, 10) + "-" + slug(title)
	return []int64{asIntID(c["id"])}, url
}

func (b *builder) articleTags(g rng) []any {
	out := []any{}
	for _, t := range sample(g, b.tags, g.IntN(4)) {
		out = append(out, t)
	}
	return out
}

// translatedArticle is the default-locale content of a multilingual article;
// null for standalone articles, which have no help center.
func translatedArticle(g rng, a record) any {
	if a["url"] == nil {
		return nil
	}
	content := record{"type": "article_content", "audience_ids": g.orNil(0.7, ints([]int64{1, g.between(2, 9)}))}
	for _, k := range []string{"title", "body_markdown", "author_id", "state", "created_at", "updated_at",
		"has_unpublished_changes", "draft_updated_at", "url", "ai_chatbot_availability",
		"ai_copilot_availability", "ai_sales_agent_availability", "created_by_id", "updated_by_id"} {
		content[k] = a[k]
	}
	content["description"] = stringOr(a["description"])
	content["body"] = stringOr(a["body"])
	return record{"type": "article_translated_content", "en": content}
}

// articleTitles combines templates and subjects into distinct titles.
func articleTitles() []string {
	var out []string
	for _, t := range articleTemplates() {
		for _, s := range articleSubjects() {
			out = append(out, fmt.Sprintf(t, s))
		}
	}
	return out
}

func stringOr(v any) string {
	s, _ := v.(string)
	return s
}

func articleSummary(title string) string {
	return "A step-by-step guide: " + lowerFirst(title) + "."
}

func articleBody(g rng, title string) string {
	steps := []string{"Open Settings", "Choose the workspace", "Select the option you need", "Click Save", "Check the result in your dashboard"}
	body := "<p>" + articleSummary(title) + "</p><h2>Before you begin</h2><p>You need admin permissions.</p><ol>"
	for _, s := range steps[:2+g.IntN(len(steps)-1)] {
		body += "<li>" + s + "</li>"
	}
	return body + "</ol>"
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
