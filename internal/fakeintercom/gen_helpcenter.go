package fakeintercom

import "strings"

// buildHelpCenters creates help centers; the first is the default one and
// some are multilingual, which decides the locales of their collections.
func (b *builder) buildHelpCenters() {
	g := b.rng("help_centers")
	ids := g.ids(g.between(70, 400), b.n.helpCenters)
	spans := g.spans(b.appCreated, len(ids))
	for i, id := range ids {
		pool := helpCenterNames()
		name := pool[i%len(pool)] + dealt{round: i / len(pool)}.suffix()
		ident := slug(strings.TrimPrefix(name, "Acme "))
		var domain any
		url := "https://intercom.help/" + ident
		if g.chance(0.5) {
			domain = ident + ".acme-demo.example"
			url = "https://" + domain.(string)
		}
		locales := []string{"en"}
		if i == 0 || g.chance(0.3) {
			locales = append(locales, "fr", "de")
		}
		b.helpCenters = append(b.helpCenters, record{
			"id": idString(id), "workspace_id": b.appID,
			"created_at": spans[i].created, "updated_at": spans[i].updated,
			"identifier": ident, "website_turned_on": i == 0 || g.chance(0.7),
			"display_name": name, "url": url, "custom_domain": domain,
			"default": i == 0, "locales": strs(locales),
		})
	}
	b.streams["help_centers"] = b.helpCenters
}

// locales returns a help center's locales as strings.
func locales(helpCenter record) []string {
	var out []string
	for _, l := range helpCenter["locales"].([]any) {
		out = append(out, l.(string))
	}
	return out
}
