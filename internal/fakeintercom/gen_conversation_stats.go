package fakeintercom

// conversationStats derives Intercom's statistics from the parts, so they
// stay consistent when parts are added. Fields with no event yet (no
// close, no admin reply) are left out.
func conversationStats(created int64, parts []record) record {
	st := record{
		"type": "conversation_statistics", "count_reopens": 0, "count_assignments": 0,
		"count_conversation_parts":                          len(parts),
		"assigned_team_first_response_time":                 []any{},
		"assigned_team_first_response_time_in_office_hours": []any{},
	}
	for _, p := range parts {
		countPart(st, p)
	}
	since := func(field, out string) {
		if t, ok := st[field].(int64); ok {
			st[out] = t - created
		}
	}
	since("first_assignment_at", "time_to_assignment")
	since("first_admin_reply_at", "time_to_admin_reply")
	since("first_admin_reply_at", "median_time_to_reply")
	since("first_close_at", "time_to_first_close")
	since("last_close_at", "time_to_last_close")
	since("last_close_at", "handling_time")
	if t, ok := st["last_admin_reply_at"].(int64); ok && t >= asInt(st["last_assignment_at"]) {
		st["last_assignment_admin_reply_at"] = t
	}
	st["adjusted_handling_time"] = nil
	return st
}

func countPart(st record, p record) {
	t := asInt(p["created_at"])
	first := func(field string) {
		if _, ok := st[field]; !ok {
			st[field] = t
		}
	}
	author := p["author"].(record)
	switch p["part_type"] {
	case "comment":
		if who := author["type"]; who == "user" || who == "lead" {
			first("first_contact_reply_at")
			st["last_contact_reply_at"] = t
			return
		}
		first("first_admin_reply_at")
		st["last_admin_reply_at"] = t
	case "assignment", "default_assignment":
		first("first_assignment_at")
		st["last_assignment_at"] = t
		st["count_assignments"] = st["count_assignments"].(int) + 1
	case "close":
		first("first_close_at")
		st["last_close_at"] = t
		st["last_closed_by_id"] = author["id"]
	case "open":
		st["count_reopens"] = st["count_reopens"].(int) + 1
	}
}
