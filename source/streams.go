package source

import "net/url"

// All lists every stream the connector offers, in discover order.
func All() []Stream {
	return []Stream{
		contactsStream(),
		companiesStream(),
		companySegmentsStream(),
		searchStream("conversations", conversationSearch),
		conversationPartsStream(),
		needsPermission(searchStream("tickets", ticketSearch), "read tickets"),
		activityLogsStream(),
		deletedConversationsStream(),
		listStream("admins", "/admins", nil, "admins"),
		listStream("teams", "/teams", nil, "teams"),
		listStream("tags", "/tags", nil, "data"),
		snapshotStream("segments", "/segments", nil, "segments", "updated_at"),
		attributeStream("company_attributes", "/data_attributes", url.Values{"model": {"company"}}),
		attributeStream("contact_attributes", "/data_attributes", url.Values{"model": {"contact"}}),
		listStream("conversation_attributes", "/conversations/attributes", nil, "data"),
		listStream("subscription_types", "/subscription_types", nil, "data"),
		pagedStream("help_centers", "/help_center/help_centers", 150),
		pagedStream("help_center_collections", "/help_center/collections", 150),
		pagedStream("articles", "/articles", 150),
		pagedStream("news_items", "/news/news_items", 150),
	}
}

// attributeStream lists data attributes of one model. Standard attributes
// have no id, so the key is full_name, which is unique per model (name is
// not: nested attributes share short names).
func attributeStream(name, path string, q url.Values) Stream {
	s := listStream(name, path, q, "data")
	s.PrimaryKey = [][]string{{"full_name"}}
	return s
}

// Lookup finds a stream by name.
func Lookup(name string) (Stream, bool) {
	for _, s := range All() {
		if s.Name == name {
			return s, true
		}
	}
	return Stream{}, false
}
