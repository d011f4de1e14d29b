package fakeintercom

import "strings"

// buildAwayStatusReasons creates the reasons admins give for being away.
// Their ids are the small numbers admins' away_status_reason_id holds; the
// last reason was deleted, which Intercom still lists.
func (b *builder) buildAwayStatusReasons() {
	g := b.rng("away_status_reasons")
	reasons := awayReasons()
	spans := g.spans(b.appCreated, len(reasons))
	g.editOneRecently(spans[:len(spans)-1])
	out := make([]record, len(reasons))
	for i, r := range reasons {
		deleted := i == len(reasons)-1
		updated := spans[i].updated
		if deleted {
			updated = max(updated, dataEpoch-g.between(1, 60)*day)
		}
		out[i] = record{
			"type": "away_status_reason", "id": idString(int64(i + 1)), "label": r[0], "emoji": r[1],
			"order": i + 1, "deleted": deleted, "created_at": spans[i].created, "updated_at": updated,
		}
	}
	b.streams["away_status_reasons"] = out
}

// buildOfficeHoursSchedules creates the workspace's weekly schedules: its
// business hours, weekend cover and a 24/7 one, in the workspace's time
// zone. Intervals are minutes from Monday 00:00.
func (b *builder) buildOfficeHoursSchedules() {
	g := b.rng("office_hours_schedules")
	ids := g.ids(g.between(100, 900), 3)
	spans := g.spans(b.appCreated, len(ids))
	g.editOneRecently(spans)
	week := func(days []int, from, to int) []any {
		var out []any
		for _, d := range days {
			out = append(out, record{"start_minute": d*1440 + from, "end_minute": d*1440 + to, "day_of_week": d})
		}
		return out
	}
	open := 8 * 60
	if g.chance(0.5) {
		open = 9 * 60
	}
	defs := []struct {
		name      string
		intervals []any
		always    bool
	}{
		{"Business hours", week([]int{0, 1, 2, 3, 4}, open, open+9*60), false},
		{"Weekend cover", week([]int{5, 6}, 10*60, 16*60), false},
		{"Priority support 24/7", []any{record{"start_minute": 0, "end_minute": 7 * 1440, "day_of_week": 0}}, true},
	}
	out := make([]record, len(defs))
	for i, d := range defs {
		out[i] = record{
			"type": "office_hours_schedule", "id": idString(ids[i]), "name": d.name,
			"time_zone_name": b.opts.Timezone, "time_intervals": d.intervals, "twenty_four_seven": d.always,
			"created_at": spans[i].created, "updated_at": spans[i].updated,
		}
	}
	b.streams["office_hours_schedules"] = out
}

// buildBrandsAndEmails creates a brand per help center, the default one
// (whose id is the workspace's) first, and the sender addresses of each:
// a brand's default address is its first, and every address names its
// brand.
func (b *builder) buildBrandsAndEmails() {
	g := b.rng("brands")
	ids := g.ids(g.between(2, 40), len(b.helpCenters))
	emailIDs := g.ids(g.between(5, 60), 3*len(ids))
	var brands, emails []record
	next := 0
	edited := g.IntN(len(b.helpCenters)) // the brand changed last month
	for i, hc := range b.helpCenters {
		id, name, domain := b.appID, "Acme", "acme-demo.example"
		if i > 0 {
			id = idString(ids[i])
			name = "Acme " + strings.TrimPrefix(strings.TrimSuffix(hc["display_name"].(string), " Help Center"), "Acme ")
			domain = slug(name) + ".example"
		}
		created := max(b.appCreated, asInt(hc["created_at"])-g.between(0, 30)*day)
		if i == 0 {
			created = b.appCreated
		}
		updated := g.between(created, dataEpoch)
		if i == edited {
			updated = max(created, dataEpoch-g.between(0, 30)*day)
		}
		locals := []string{"support"}
		if i == 0 {
			locals = append(locals, "billing", "hello")
		} else if g.chance(0.5) {
			locals = append(locals, "hello")
		}
		var first string
		for _, local := range locals {
			eid := idString(emailIDs[next])
			next++
			if first == "" {
				first = eid
			}
			emailCreated := g.between(created, updated)
			forwarding := g.chance(0.6)
			var received any
			if forwarding {
				received = g.between(emailCreated, dataEpoch)
			}
			emails = append(emails, record{
				"type": "email_setting", "id": eid, "email": local + "@" + domain, "verified": local == "support" || g.chance(0.7),
				"domain": domain, "brand_id": id, "forwarding_enabled": forwarding, "forwarded_email_last_received_at": received,
				"created_at": emailCreated, "updated_at": g.between(emailCreated, dataEpoch),
			})
		}
		brands = append(brands, record{
			"type": "brand", "id": id, "name": name, "is_default": i == 0,
			"created_at": created, "updated_at": updated,
			"help_center_id": hc["id"], "default_address_settings_id": first,
		})
	}
	b.streams["brands"], b.streams["email_settings"] = brands, emails
}

// buildActivityLogEventTypes lists every activity log event type.
func (b *builder) buildActivityLogEventTypes() {
	var out []record
	for _, t := range activityEventTypes() {
		out = append(out, record{"event_type": t})
	}
	b.streams["activity_log_event_types"] = out
}
