package fakeintercom

import (
	"cmp"
	"slices"
)

// activityKinds are the activity types the fake produces, each with how
// its description reads and the metadata Intercom attaches.
type activityKind struct {
	kind     string
	describe func(name string) string
	metadata func(g rng, b *builder) any
}

func activityKinds() []activityKind {
	static := func(s string) func(string) string { return func(n string) string { return n + " " + s } }
	none := func(rng, *builder) any { return nil }
	return []activityKind{
		{"admin_login_success", static("successfully logged in"), func(g rng, _ *builder) any {
			return record{"sign_in_method": g.pick([]string{"email_password", "google_sso", "saml"})}
		}},
		{"admin_logout", static("logged out"), none},
		{"admin_away_mode_change", static("changed their away mode"), func(g rng, _ *builder) any {
			return record{"away_mode": g.chance(0.5), "away_status_reason": g.pick([]string{"On a break", "In a meeting", "Off for the day"}), "reassign_conversations": g.chance(0.3)}
		}},
		{"admin_conversation_assignment_limit_change", static("changed their conversation assignment limit"), func(g rng, _ *builder) any {
			return record{"conversation_assignment_limit": g.between(5, 30)}
		}},
		{"app_team_membership_modification", static("changed team membership"), func(g rng, b *builder) any {
			t := b.teams[g.IntN(len(b.teams))]
			return record{"team": record{"id": asIntID(t["id"]), "name": t["name"]}}
		}},
		{"inbox_access_change", static("changed inbox access"), none},
		{"admin_permission_change", static("changed a teammate's permissions"), none},
		{"macro_creation", static("created a macro"), none},
		{"app_data_export", static("exported conversation data"), none},
		{"admin_occupancy_state_change", static("changed their status"), func(g rng, _ *builder) any {
			return record{"previous_state": "active", "new_state": g.pick([]string{"away", "offline"}), "auto": g.chance(0.4)}
		}},
	}
}

// buildActivityLogs spreads admin activity over the last year; logins and
// the changes made right after them often share a second.
func (b *builder) buildActivityLogs() {
	g := b.rng("activity_logs")
	kinds := activityKinds()
	var out []record
	var t int64
	for i := range b.n.activityLogs {
		if i == 0 || !g.chance(0.15) {
			t = g.between(dataEpoch-365*day, dataEpoch)
		}
		out = append(out, b.activityLog(g, kinds[g.IntN(len(kinds))], t))
	}
	slices.SortStableFunc(out, func(x, y record) int { return cmp.Compare(asInt(x["created_at"]), asInt(y["created_at"])) })
	b.streams["activity_logs"] = out
}

func (b *builder) activityLog(g rng, k activityKind, at int64) record {
	a := b.admins[g.IntN(len(b.admins))]
	return record{
		"id": formatUUID(g.Uint64(), g.Uint64()),
		"performed_by": record{"type": "admin", "id": a["id"], "email": a["email"],
			"ip": "203.0.113." + idString(g.between(1, 254))},
		"metadata": k.metadata(g, b), "created_at": at,
		"activity_type": k.kind, "activity_description": k.describe(a["name"].(string)),
	}
}

// buildDeleted records the conversations deleted from the workspace over
// the last six months, several in the same bulk deletion second.
func (b *builder) buildDeleted() {
	g := b.rng("deleted_conversations")
	busy := g.busySeconds(max(1, len(b.deletedIDs)/8))
	out := make([]record, len(b.deletedIDs))
	for i, id := range b.deletedIDs {
		at := dataEpoch - g.between(0, 180*day)
		if g.chance(0.4) {
			at = busy[g.IntN(len(busy))]
		}
		out[i] = record{"type": "conversation", "id": id, "metrics_retained": g.chance(0.5), "deleted_at": at}
	}
	b.streams["deleted_conversations"] = out
}
