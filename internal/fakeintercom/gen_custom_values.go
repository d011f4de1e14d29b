package fakeintercom

import (
	"strings"
)

// customAttrs returns the live custom data attributes of model, so that
// contacts and companies carry values for exactly the attributes the
// workspace defines.
func (b *builder) customAttrs(model string) []record {
	var out []record
	for _, a := range b.streams["data_attributes"] {
		if a["model"] == model && a["custom"] == true && a["archived"] == false {
			out = append(out, a)
		}
	}
	return out
}

// customValues gives a record values for up to eight of the attributes;
// most records leave most attributes unset.
func customValues(g rng, attrs []record) record {
	out := record{}
	for _, i := range pickK(g, len(attrs), g.IntN(9)) {
		out[attrs[i]["name"].(string)] = customValue(g, attrs[i])
	}
	return out
}

// customValue is a value of attribute a as Intercom sends it in a record
// (a contact's or company's custom_attributes, a conversation's
// custom_attributes, a ticket's ticket_attributes): dates and datetimes as
// unix seconds, list attributes as the chosen option's label, decimals as
// JSON numbers, relationships as a list of custom object instances, files
// as a list of uploads.
func customValue(g rng, a record) any {
	switch a["data_type"] {
	case "integer":
		return g.between(0, 500)
	case "float", "decimal":
		return float64(g.between(0, 5_000_000)) / 100
	case "boolean":
		return g.chance(0.5)
	case "date", "datetime":
		return dataEpoch + g.between(-400, 400)*day
	case "relationship":
		return relationshipValue(g, a)
	case "files":
		return filesValue(g)
	}
	if opts := optionLabels(a); len(opts) > 0 {
		return opts[g.IntN(len(opts))]
	}
	name := a["name"].(string)
	switch {
	case strings.Contains(strings.ToLower(name), "manager"):
		return g.pick(firstNames()) + " " + g.pick(lastNames())
	case a["multiline"] == true:
		return g.pick(customerMessages())
	}
	prefix := strings.ToUpper(strings.ReplaceAll(name, " ", ""))
	return prefix[:min(3, len(prefix))] + "-" + idString(g.between(10_000, 99_999))
}

// optionLabels are the choices of a list attribute, in whichever shape its
// model describes them: strings (data attributes), options with a label
// (conversation attributes, archived ones left out) or input_options.list
// (ticket type attributes).
func optionLabels(a record) []string {
	var out []string
	add := func(opts []any) {
		for _, o := range opts {
			switch o := o.(type) {
			case string:
				out = append(out, o)
			case record:
				if l, ok := o["label"].(string); ok && o["archived"] != true {
					out = append(out, l)
				}
			}
		}
	}
	if opts, ok := a["options"].([]any); ok {
		add(opts)
	}
	if in, ok := a["input_options"].(record); ok {
		if opts, ok := in["list"].([]any); ok {
			add(opts)
		}
	}
	return out
}

// relationshipValue is a custom_object_instance_list: one instance for a
// one-to-one reference, up to three for one-to-many.
func relationshipValue(g rng, a record) record {
	objectType := "Order"
	n := 1
	if ref, ok := a["reference"].(record); ok {
		if t, ok := ref["object_type_id"].(string); ok {
			objectType = t
		}
		if ref["type"] == "many" {
			n = int(g.between(1, 3))
		}
	}
	instances := make([]any, n)
	for i := range instances {
		at := dataEpoch - g.between(1, 700)*day
		ext := strings.ToLower(objectType) + "_" + idString(g.between(100_000, 999_999))
		instances[i] = record{
			"id": idString(g.between(1, 90_000)), "type": objectType, "external_id": ext,
			"external_created_at": at, "external_updated_at": at + g.between(0, 30)*day,
			"custom_attributes": record{"name": ext},
			"created_at":        at, "updated_at": at,
		}
	}
	return record{"type": objectType + ".list", "instances": instances}
}

// filesValue is a list of one or two uploads, as file_attribute describes them.
func filesValue(g rng) []any {
	out := make([]any, g.between(1, 2))
	for i := range out {
		name := g.pick([]string{"screenshot", "invoice", "error-log", "receipt"}) + "-" + idString(g.between(1, 999))
		f := record{"type": "upload", "filesize": g.between(2_000, 4_000_000)}
		if g.chance(0.6) {
			f["name"], f["content_type"] = name+".png", "image/png"
			f["width"], f["height"] = g.between(320, 3024), g.between(240, 1964)
		} else {
			f["name"], f["content_type"] = name+".pdf", "application/pdf"
		}
		f["url"] = "https://intercom-attachments.example/" + g.hex(16) + "/" + f["name"].(string)
		out[i] = f
	}
	return out
}

// systemConversationAttributes are what Intercom adds to a conversation's
// custom_attributes of its own, without a conversation attribute listing
// them: the CX Score of a conversation Fin or a teammate closed.
func systemConversationAttributes(g rng, out record) {
	out["CX Score rating"] = g.between(1, 5)
	out["CX Score explanation"] = g.pick([]string{
		"The customer's issue was resolved quickly and they thanked the teammate.",
		"The customer had to repeat the problem several times before it was understood.",
		"The answer solved the problem, but only after a long wait.",
		"The customer left without confirming the fix worked.",
	})
}

// conversationCustomAttributes gives a conversation the values its first
// three attributes have always had (drawn from the conversations' own
// stream), then, from a stream of its own so that the rest of the data
// does not move, values for up to three more of the live conversation
// attributes and, for some closed conversations, the CX Score.
func (b *builder) conversationCustomAttributes(g rng, d *convDraft) record {
	out := conversationCustomAttributes(g)
	h := b.rng("conversation_custom_attributes/" + d.id)
	var others []record
	for _, a := range b.streams["conversation_attributes"] {
		if _, set := out[a["name"].(string)]; !set && a["archived"] == false && !legacyConversationAttr[a["name"].(string)] {
			others = append(others, a)
		}
	}
	for _, i := range pickK(h, len(others), h.IntN(4)) {
		out[others[i]["name"].(string)] = customValue(h, others[i])
	}
	if d.state == "closed" && h.chance(0.3) {
		systemConversationAttributes(h, out)
	}
	return out
}

// legacyConversationAttr names the attributes conversationCustomAttributes
// sets with their own odds.
var legacyConversationAttr = map[string]bool{"Issue type": true, "Order number": true, "Seats affected": true}

// ticketAttributeValues gives a ticket its title and description (drawn
// from the tickets' stream, as always) and, from a stream of its own,
// values for most of its ticket type's other attributes.
func (b *builder) ticketAttributeValues(g rng, id string, tt record) record {
	out := record{"_default_title_": g.pick(ticketTitles()), "_default_description_": "<p>" + g.pick(customerMessages()) + "</p>"}
	h := b.rng("ticket_attributes/" + id)
	list, _ := tt["ticket_type_attributes"].(record)
	attrs, _ := list["ticket_type_attributes"].([]any)
	for _, x := range attrs {
		a := x.(record)
		if a["default"] == true || a["archived"] == true || !h.chance(0.7) {
			continue
		}
		out[a["name"].(string)] = customValue(h, a)
	}
	return out
}
