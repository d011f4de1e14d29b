package fakeintercom

import "strconv"

// buildCollections creates top-level collections spread over the help
// centers, then sections (collections with a parent_id) inside them.
// Sections carry no description and no help_center_id, as Intercom
// returns them.
func (b *builder) buildCollections() {
	g := b.rng("collections")
	ids := g.ids(150+g.between(0, 60), b.n.collections)
	top := max(1, len(ids)*3/5)
	spans := g.spans(b.appCreated, len(ids))
	names := append(g.deal(len(collectionTopics()), top), g.deal(len(sectionTopics()), len(ids)-top)...)
	orders := map[string]int{}
	for i, id := range ids {
		var c record
		if i < top {
			hc := b.helpCenters[i%len(b.helpCenters)]
			c = b.collection(g, id, hc, collectionTopics()[names[i].i], names[i].suffix(), spans[i])
			c["help_center_id"] = asIntID(hc["id"])
			c["order"] = orders[hc["id"].(string)]
			orders[hc["id"].(string)]++
		} else {
			parent := b.collections[g.IntN(top)]
			hc := b.homeOf[parent["id"].(string)]
			c = b.collection(g, id, hc, sectionTopics()[names[i].i], names[i].suffix(), spans[i])
			c["parent_id"], c["description"] = parent["id"], nil
			c["order"] = orders[parent["id"].(string)]
			orders[parent["id"].(string)]++
			dropDescriptions(c)
		}
		b.collections = append(b.collections, c)
	}
	b.streams["help_center_collections"] = b.collections
}

// collection builds one collection in help center hc, translated into the
// help center's locales. It is never created before its help center.
func (b *builder) collection(g rng, id int64, hc record, t trio, suffix string, sp span) record {
	name := t.en + suffix
	description := "Guides and answers about " + name
	created := max(sp.created, asInt(hc["created_at"]))
	var url, translated any
	if hc["website_turned_on"] == true {
		url = hc["url"].(string) + "/en/collections/" + strconv.FormatInt(id, 10) + "-" + slug(name)
	}
	if !g.chance(0.1) {
		tc := record{"type": "group_translated_content"}
		for _, l := range locales(hc) {
			tc[l] = record{"type": "group_content", "name": t.in(l) + suffix, "description": description}
		}
		translated = tc
	}
	b.homeOf[idString(id)] = hc
	return record{
		"id": idString(id), "workspace_id": b.appID, "name": name,
		"description": g.orNil(0.15, description),
		"created_at":  created, "updated_at": max(sp.updated, created), "url": url,
		"icon":           g.orNil(0.2, collectionIcons()[g.IntN(len(collectionIcons()))]),
		"default_locale": "en", "translated_content": translated,
		"parent_id": nil, "help_center_id": nil,
	}
}

// dropDescriptions removes translated descriptions, which Intercom only
// returns for collections, not sections.
func dropDescriptions(c record) {
	tc, ok := c["translated_content"].(record)
	if !ok {
		return
	}
	for k, v := range tc {
		if content, ok := v.(record); ok {
			tc[k] = without(content, "description")
		}
	}
}

func asIntID(id any) int64 {
	n, _ := strconv.ParseInt(id.(string), 10, 64)
	return n
}
