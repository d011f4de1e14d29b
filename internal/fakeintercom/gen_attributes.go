package fakeintercom

import (
	"strconv"
	"strings"
)

// buildDataAttributes stores contact then company attributes, each as the
// built-in ones followed by custom ones. Custom ones carry an id; a few are
// archived and only listed with include_archived=true.
func (b *builder) buildDataAttributes() {
	g := b.rng("data_attributes")
	ids := g.ids(12_800+g.between(0, 400), b.n.contactCustomAttrs+b.n.companyCustomAttrs)
	var out []record
	out = append(out, standardRecords("contact", contactStandardAttrs())...)
	out = append(out, b.customRecords(g, "contact", contactCustomAttrs(), ids[:b.n.contactCustomAttrs])...)
	out = append(out, standardRecords("company", companyStandardAttrs())...)
	out = append(out, b.customRecords(g, "company", companyCustomAttrs(), ids[b.n.contactCustomAttrs:])...)
	b.streams["data_attributes"] = out
}

func standardRecords(model string, attrs []stdAttr) []record {
	out := make([]record, len(attrs))
	for i, a := range attrs {
		out[i] = record{
			"type":               "data_attribute",
			"model":              model,
			"name":               a.fullName[strings.LastIndex(a.fullName, ".")+1:],
			"full_name":          a.fullName,
			"label":              a.label,
			"description":        a.description,
			"data_type":          a.dataType,
			"api_writable":       a.api,
			"ui_writable":        a.ui,
			"messenger_writable": a.messenger,
			"custom":             false,
			"archived":           false,
		}
	}
	return out
}

// customRecords cycles through defs, suffixing names on later rounds so
// large workspaces still have unique attribute names. The last one is
// always archived so every size exercises include_archived; others of
// later rounds sometimes are, never the first round's, so every data
// type stays live.
func (b *builder) customRecords(g rng, model string, defs []customAttr, ids []int64) []record {
	out := make([]record, len(ids))
	spans := g.spans(b.appCreated, len(ids))
	for i, id := range ids {
		d := defs[i%len(defs)]
		name, label := d.name, d.label
		round := i / len(defs)
		if round > 0 {
			name += "_" + strconv.Itoa(round+1)
			label += " " + strconv.Itoa(round+1)
		}
		r := record{
			"type": "data_attribute", "id": id, "model": model,
			"name": name, "full_name": "custom_attributes." + name,
			"label": label, "description": d.description, "data_type": d.dataType,
			"api_writable": true, "ui_writable": true, "messenger_writable": g.chance(0.3),
			"custom": true, "archived": archivedAt(g, i, len(ids), round),
			"created_at": spans[i].created, "updated_at": spans[i].updated,
			"admin_id": b.admins[g.IntN(len(b.admins))]["id"],
		}
		if d.options != nil {
			r["options"] = strs(d.options)
		}
		out[i] = r
	}
	return out
}

// archivedAt decides whether attribute i of n, of the round-th pass over
// its definitions, is archived: the last always, later rounds' sometimes.
func archivedAt(g rng, i, n, round int) bool {
	later := g.chance(0.1) // drawn for every attribute, so the draws that follow do not depend on round
	return i == n-1 || round > 0 && later
}
