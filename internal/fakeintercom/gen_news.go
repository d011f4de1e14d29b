package fakeintercom

import "slices"

// buildNewsItems creates news items sent by admins; live ones are assigned
// to one or both of the workspace's newsfeeds.
func (b *builder) buildNewsItems() {
	g := b.rng("news_items")
	ids := g.ids(g.between(20, 200), b.n.newsItems)
	feeds := g.ids(198_300, 2)
	b.newsfeedIDs = feeds
	senders := b.adminIDs()
	titles := g.names(newsHeadlines(), len(ids))
	spans := g.spans(b.appCreated, len(ids))
	out := make([]record, len(ids))
	for i, id := range ids {
		title, created, updated := titles[i], spans[i].created, spans[i].updated
		state := g.pick([]string{"live", "live", "draft"})
		assignments := []any{}
		if state == "live" {
			for _, f := range sample(g, feeds, 1+g.IntN(2)) {
				assignments = append(assignments, record{"newsfeed_id": f, "published_at": g.between(created, updated)})
			}
		}
		var cover any
		if g.chance(0.5) {
			cover = "https://downloads.acme-demo.example/news/" + idString(id) + ".png"
		}
		out[i] = record{
			"type": "news-item", "id": idString(id), "workspace_id": b.appID,
			"title": title, "body": "<p>" + title + ".</p><p>Read on to see what changed and how to try it.</p>",
			"sender_id": senders[g.IntN(len(senders))], "state": state,
			"newsfeed_assignments": assignments,
			"labels":               strs(sample(g, []string{"New", "Improvement", "Fix", "Beta", "Announcement"}, g.IntN(3))),
			"cover_image_url":      cover,
			"reactions":            newsReactions(g),
			"deliver_silently":     g.chance(0.2),
			"created_at":           created, "updated_at": updated,
		}
	}
	b.streams["news_items"] = out
}

// newsReactions is empty when reactions are disabled, and holds nulls for
// default reaction slots the way Intercom reports them.
func newsReactions(g rng) []any {
	switch g.IntN(3) {
	case 0:
		return []any{}
	case 1:
		return []any{nil, nil, nil, nil}
	}
	return []any{"👍", "❤️", "🎉", "😂"}
}

// buildNewsfeeds creates the newsfeeds: the two news items are assigned
// to, and a third, newer one nothing is published in yet.
func (b *builder) buildNewsfeeds() {
	g := b.rng("newsfeeds")
	ids := append(slices.Clone(b.newsfeedIDs), b.newsfeedIDs[len(b.newsfeedIDs)-1]+g.between(1, 7))
	names := []string{"Messenger newsfeed", "Visitor feed", "Beta program"}
	spans := g.spans(b.appCreated, len(ids))
	out := make([]record, len(ids))
	for i, id := range ids {
		out[i] = record{"id": idString(id), "type": "newsfeed", "name": names[i%len(names)],
			"created_at": spans[i].created, "updated_at": spans[i].updated}
	}
	b.streams["newsfeeds"] = out
}
