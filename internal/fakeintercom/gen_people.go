package fakeintercom

import "strings"

// buildPeople creates teams and admins together because membership is
// recorded on both sides (team.admin_ids and admin.team_ids).
func (b *builder) buildPeople() {
	g := b.rng("admins")
	teamIDs := g.ids(4_800_000+g.between(0, 90_000), b.n.teams)
	adminIDs := g.ids(991_267_000+g.between(0, 900), b.n.admins)
	members := make([][]int64, len(teamIDs))
	seen := map[string]bool{}
	extra := min(0.2, 1.5/float64(len(teamIDs))) // about one or two extra teams each
	for i, id := range adminIDs {
		var mine []int64
		for t, tid := range teamIDs {
			if i%5 != 4 && (i+t)%len(teamIDs) == 0 || g.chance(extra) {
				mine = append(mine, tid)
				members[t] = append(members[t], id)
			}
		}
		b.admins = append(b.admins, b.admin(g, id, mine, seen))
	}
	names := g.names(teamNames(), len(teamIDs))
	for t, id := range teamIDs {
		b.teams = append(b.teams, b.team(g, id, names[t], members[t]))
	}
	b.streams["admins"], b.streams["teams"] = b.admins, b.teams
}

func (b *builder) admin(g rng, id int64, teamIDs []int64, seen map[string]bool) record {
	first, last := g.pick(firstNames()), g.pick(lastNames())
	local := uniqueName(seen, strings.ToLower(first+"."+strings.ReplaceAll(last, "'", "")))
	away := g.chance(0.15)
	var reason any
	if away && g.chance(0.7) {
		reason = g.between(1, 6)
	}
	var avatar any
	if g.chance(0.7) {
		avatar = "https://static.intercomassets.com/avatars/" + idString(id) + "/square_128/" + slug(first) + ".jpg"
	}
	var role any
	if g.chance(0.8) {
		r := roles()[g.IntN(len(roles()))]
		role = record{"type": "role", "id": r[0], "name": r[1]}
	}
	title := ""
	if g.chance(0.8) {
		title = g.pick(jobTitles())
	}
	primary, secondary := splitPriority(g, teamIDs)
	return record{
		"type":                  "admin",
		"id":                    idString(id),
		"name":                  first + " " + last,
		"email":                 strings.ReplaceAll(local, " ", "") + "@acme-demo.example",
		"job_title":             title,
		"away_mode_enabled":     away,
		"away_mode_reassign":    away && g.chance(0.5),
		"away_status_reason_id": reason,
		"has_inbox_seat":        g.chance(0.85),
		"team_ids":              ints(teamIDs),
		"avatar":                avatar,
		"team_priority_level":   record{"primary_team_ids": primary, "secondary_team_ids": secondary},
		"role":                  role,
	}
}

func (b *builder) team(g rng, id int64, name string, adminIDs []int64) record {
	method := g.pick([]string{"round_robin", "balanced", "manual"})
	var limit, distribution any = nil, method
	switch {
	case method == "balanced":
		limit = g.between(5, 25)
	case method == "manual" && g.chance(0.5):
		distribution = nil
	}
	primary, secondary := splitPriority(g, adminIDs)
	return record{
		"type":                 "team",
		"id":                   idString(id),
		"name":                 name,
		"admin_ids":            ints(adminIDs),
		"admin_priority_level": record{"primary_admin_ids": primary, "secondary_admin_ids": secondary},
		"assignment_limit":     limit,
		"distribution_method":  distribution,
	}
}

// splitPriority divides ids into primary and secondary priority lists;
// an empty side is null, as Intercom reports it.
func splitPriority(g rng, ids []int64) (primary, secondary any) {
	var p, s []int64
	for _, id := range ids {
		if g.chance(0.6) {
			p = append(p, id)
		} else {
			s = append(s, id)
		}
	}
	if len(p) > 0 {
		primary = ints(p)
	}
	if len(s) > 0 {
		secondary = ints(s)
	}
	return primary, secondary
}
