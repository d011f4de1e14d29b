package fakeintercom

// ticketFields are the accepted fields of ticket search. Intercom lists
// the assignee ids as strings there.
func ticketFields() map[string]field {
	f := map[string]field{}
	fieldSet(f, kindString, "id")
	fieldSet(f, kindDate, "created_at", "updated_at", "snoozed_until")
	fieldSet(f, kindBool, "open")
	f["title"] = field{kind: kindString, get: at("ticket_attributes._default_title_")}
	f["description"] = field{kind: kindString, get: at("ticket_attributes._default_description_")}
	f["category"] = field{kind: kindString, get: ticketCategory}
	f["ticket_type_id"] = field{kind: kindString, get: at("ticket_type.id")}
	f["state"] = field{kind: kindString, get: at("ticket_state.category")}
	f["contact_ids"] = field{kind: kindString, multi: true, get: listAt("contacts.contacts", "id")}
	f["teammate_ids"] = field{kind: kindString, multi: true, get: func(record) any { return []any{} }}
	f["admin_assignee_id"] = field{kind: kindString, get: numberText("admin_assignee_id")}
	f["team_assignee_id"] = field{kind: kindString, get: numberText("team_assignee_id")}
	return f
}

// ticketCategory maps categories to the terms ticket search uses.
func ticketCategory(r record) any {
	switch r["category"] {
	case "Customer":
		return "request"
	case "Back-office":
		return "task"
	case "Tracker":
		return "tracker"
	}
	return nil
}

func numberText(key string) func(record) any {
	return func(r record) any {
		if v, ok := r[key]; ok && v != nil {
			return idString(asInt(v))
		}
		return nil
	}
}
