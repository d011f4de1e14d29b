package fakeintercom

import "strings"

// conversationFields are the accepted fields of conversation search.
func conversationFields() map[string]field {
	f := map[string]field{}
	fieldSet(f, kindString, "id", "source.type", "source.id", "source.delivered_as", "source.subject",
		"source.author.id", "source.author.type", "source.author.name", "source.author.email",
		"source.url", "state", "priority", "statistics.last_closed_by_id",
		"ai_agent.resolution_state", "ai_agent.last_answer_type", "ai_agent.rating_remark",
		"ai_agent.source_type", "ai_agent.source_title", "conversation_rating.remark")
	fieldSet(f, kindDate, "created_at", "updated_at", "waiting_since", "snoozed_until",
		"statistics.first_contact_reply_at", "statistics.first_assignment_at",
		"statistics.first_admin_reply_at", "statistics.first_close_at", "statistics.last_assignment_at",
		"statistics.last_assignment_admin_reply_at", "statistics.last_contact_reply_at",
		"statistics.last_admin_reply_at", "statistics.last_close_at")
	fieldSet(f, kindNumber, "admin_assignee_id", "team_assignee_id",
		"statistics.time_to_assignment", "statistics.time_to_admin_reply", "statistics.time_to_first_close",
		"statistics.time_to_last_close", "statistics.median_time_to_reply", "statistics.count_reopens",
		"statistics.count_assignments", "statistics.count_conversation_parts", "ai_agent.rating")
	fieldSet(f, kindBool, "open", "read", "ai_agent_participated")
	f["source.body"] = field{kind: kindString, multi: true, get: bodyWords}
	f["contact_ids"] = field{kind: kindString, multi: true, get: listAt("contacts.contacts", "id")}
	f["teammate_ids"] = field{kind: kindString, multi: true, get: listAt("teammates.teammates", "id")}
	f["tag_ids"] = field{kind: kindString, multi: true, get: listAt("tags.tags", "id")}
	f["channel_initiated"] = field{kind: kindString, get: at("channel.initial")}
	f["conversation_rating.score"] = field{kind: kindNumber, get: at("conversation_rating.rating")}
	f["conversation_rating.requested_at"] = field{kind: kindDate, get: at("conversation_rating.created_at")}
	f["conversation_rating.replied_at"] = field{kind: kindDate, get: at("conversation_rating.updated_at")}
	f["conversation_rating.contact_id"] = field{kind: kindString, get: at("conversation_rating.contact.id")}
	f["conversation_rating.admin_d"] = field{kind: kindString, get: at("conversation_rating.teammate.id")}
	return f
}

// bodyWords splits source.body into words, because Intercom matches that
// field against each word separately.
func bodyWords(r record) any {
	body, _ := at("source.body")(r).(string)
	var words []any
	for _, w := range strings.FieldsFunc(stripTags(body), func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '\'')
	}) {
		words = append(words, strings.ToLower(w))
	}
	return words
}

func stripTags(s string) string {
	var sb strings.Builder
	in := false
	for _, c := range s {
		switch {
		case c == '<':
			in = true
			sb.WriteByte(' ')
		case c == '>':
			in = false
		case !in:
			sb.WriteRune(c)
		}
	}
	return sb.String()
}
