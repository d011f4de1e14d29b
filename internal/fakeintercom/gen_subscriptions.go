package fakeintercom

import "strconv"

// subscriptionDef is a subscription type's English name and description;
// translations add French and German versions.
type subscriptionDef struct{ en, fr, de, description string }

func subscriptionDefs() []subscriptionDef {
	return []subscriptionDef{
		{"Newsletters", "Newsletters", "Newsletter", "Monthly product newsletter"},
		{"Product updates", "Mises à jour produit", "Produktneuigkeiten", "Announcements about new features"},
		{"Billing notices", "Avis de facturation", "Rechnungshinweise", "Invoices, receipts and payment reminders"},
		{"Webinars & events", "Webinaires et événements", "Webinare & Events", "Invitations to webinars and meetups"},
		{"Service alerts", "Alertes de service", "Servicewarnungen", "Outage and maintenance notifications"},
	}
}

// buildSubscriptionTypes creates subscription types with their default
// translation and a translations list that always includes it.
func (b *builder) buildSubscriptionTypes() {
	g := b.rng("subscription_types")
	ids := g.ids(130+g.between(0, 40), b.n.subscriptionTypes)
	defs := subscriptionDefs()
	contentTypes := [][]string{{"email"}, {"email"}, {"sms_message"}, {"email", "sms_message"}}
	out := make([]record, len(ids))
	for i, id := range ids {
		d := defs[i%len(defs)]
		suffix := ""
		if round := i / len(defs); round > 0 {
			suffix = " " + strconv.Itoa(round+1)
		}
		en := record{"name": d.en + suffix, "description": d.description, "locale": "en"}
		translations := []any{en}
		if g.chance(0.5) {
			translations = append(translations,
				record{"name": d.fr + suffix, "description": d.description, "locale": "fr"},
				record{"name": d.de + suffix, "description": d.description, "locale": "de"})
		}
		out[i] = record{
			"type":                "subscription",
			"id":                  idString(id),
			"state":               g.pick([]string{"live", "live", "live", "draft", "archived"}),
			"default_translation": en,
			"translations":        translations,
			"consent_type":        g.pick([]string{"opt_out", "opt_out", "opt_in"}),
			"content_types":       strs(contentTypes[g.IntN(len(contentTypes))]),
		}
	}
	b.streams["subscription_types"] = out
}
