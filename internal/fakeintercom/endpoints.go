package fakeintercom

import "net/http"

// endpoint is one route of the fake, and for a collection the stream whose
// records it serves: the one table that the router, the oracle of expected
// records (Records) and the tests read. Adding an endpoint is a row here,
// its handler and its generator.
type endpoint struct {
	// pattern is the route: method and path, as http.ServeMux takes it.
	pattern string
	// scope is the permission a limited token needs for it ("" none).
	scope   string
	handler func(s *Server) http.HandlerFunc
	// stream, when set, is the stream this endpoint serves, and records
	// what a connector must emit for it, in the order the API serves it.
	stream  string
	records func(s *Server) []record
	// list, for a collection served by one GET (paged or not): a request
	// that lists it whole, and the envelope's type and records key.
	list *listShape
}

type listShape struct{ probe, typ, key string }

// endpoints lists every route of the fake.
func endpoints() []endpoint {
	lister := func(probe, typ, key string) *listShape { return &listShape{probe, typ, key} }
	return []endpoint{
		{pattern: "GET /me", handler: func(s *Server) http.HandlerFunc { return s.getMe }},
		{pattern: "GET /admins", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc { return s.listAdmins },
			stream: "admins", records: func(s *Server) []record { return s.admins(false) }, list: lister("/admins", "admin.list", "admins")},
		{pattern: "GET /teams", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc { return s.listTeams },
			stream: "teams", records: func(s *Server) []record { return s.ws.list("teams") }, list: lister("/teams", "team.list", "teams")},
		{pattern: "GET /tags", scope: ScopeReadTags, handler: func(s *Server) http.HandlerFunc { return s.listTags },
			stream: "tags", records: func(s *Server) []record { return s.ws.list("tags") }, list: lister("/tags", "list", "data")},
		{pattern: "GET /segments", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listSegments },
			stream: "segments", records: func(s *Server) []record { return s.segments(false) }, list: lister("/segments", "segment.list", "segments")},
		{pattern: "GET /data_attributes", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listDataAttributes },
			stream: "company_attributes", records: func(s *Server) []record { return s.dataAttributes("company", false) }, list: lister("/data_attributes?model=company", "list", "data")},
		// The same route, as the contact attributes' oracle.
		{pattern: "GET /data_attributes", stream: "contact_attributes", records: func(s *Server) []record { return s.dataAttributes("contact", false) },
			list: lister("/data_attributes?model=contact", "list", "data")},
		{pattern: "GET /conversations/attributes", scope: ScopeReadConversations, handler: func(s *Server) http.HandlerFunc { return s.listConversationAttributes },
			stream: "conversation_attributes", records: func(s *Server) []record { return s.conversationAttributes(false) }, list: lister("/conversations/attributes", "list", "data")},
		{pattern: "GET /subscription_types", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listSubscriptionTypes },
			stream: "subscription_types", records: func(s *Server) []record { return s.ws.list("subscription_types") }, list: lister("/subscription_types", "list", "data")},
		{pattern: "GET /help_center/help_centers", scope: ScopeReadContent, handler: func(s *Server) http.HandlerFunc { return s.listHelpCenters },
			stream: "help_centers", records: func(s *Server) []record { return newestFirst(s.ws.list("help_centers")) }, list: lister("/help_center/help_centers?per_page=150", "list", "data")},
		{pattern: "GET /help_center/collections", scope: ScopeReadContent, handler: func(s *Server) http.HandlerFunc { return s.listCollections },
			stream: "help_center_collections", records: func(s *Server) []record { return newestFirst(s.ws.list("help_center_collections")) }, list: lister("/help_center/collections?per_page=150", "list", "data")},
		{pattern: "GET /articles", scope: ScopeReadContent, handler: func(s *Server) http.HandlerFunc { return s.listArticles },
			stream: "articles", records: func(s *Server) []record { return newestFirst(s.ws.list("articles")) }, list: lister("/articles?per_page=150", "list", "data")},
		{pattern: "GET /news/news_items", scope: ScopeReadNews, handler: func(s *Server) http.HandlerFunc { return s.listNewsItems },
			stream: "news_items", records: func(s *Server) []record { return newestFirst(s.ws.list("news_items")) }, list: lister("/news/news_items?per_page=150", "list", "data")},

		{pattern: "POST /contacts/search", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.search(s.contacts) },
			stream: "contacts", records: func(s *Server) []record { return s.searchAll(s.contacts) }},
		{pattern: "GET /contacts/{id}", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.getContact }},
		{pattern: "GET /contacts/{id}/tags", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listContactTags }},
		{pattern: "GET /contacts/{id}/companies", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listContactCompanies }},
		{pattern: "GET /contacts/{id}/notes", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listContactNotes },
			stream: "contact_notes", records: (*Server).contactNoteRecords},
		{pattern: "GET /contacts/{id}/segments", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listContactSegments },
			stream: "contact_segments", records: (*Server).contactSegmentRecords},
		{pattern: "GET /contacts/{id}/subscriptions", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listContactSubscriptions },
			stream: "contact_subscriptions", records: (*Server).contactSubscriptionRecords},
		{pattern: "GET /companies/scroll", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.scrollCompanies },
			stream: "companies", records: (*Server).companiesByID},
		{pattern: "GET /companies/{id}", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.getCompany }},
		{pattern: "GET /companies/{id}/segments", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listCompanySegments },
			stream: "company_segments", records: (*Server).companySegmentRecords},
		{pattern: "GET /companies/{id}/contacts", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listCompanyContacts },
			stream: "company_contacts", records: (*Server).companyContactRecords},
		{pattern: "POST /conversations/search", scope: ScopeReadConversations, handler: func(s *Server) http.HandlerFunc { return s.search(s.conversations) },
			stream: "conversations", records: func(s *Server) []record { return s.searchAll(s.conversations) }},
		{pattern: "GET /conversations/{id}", scope: ScopeReadConversations, handler: func(s *Server) http.HandlerFunc { return s.getConversation },
			stream: "conversation_parts", records: (*Server).conversationPartRecords},
		{pattern: "GET /conversations/deleted", scope: ScopeReadConversations, handler: func(s *Server) http.HandlerFunc { return s.listDeletedConversations },
			stream: "deleted_conversations", records: func(s *Server) []record { return deletedOrder(s.ws.list("deleted_conversations"), true) }},
		{pattern: "POST /tickets/search", scope: ScopeReadTickets, handler: func(s *Server) http.HandlerFunc { return s.search(s.tickets) },
			stream: "tickets", records: func(s *Server) []record { return s.searchAll(s.tickets) }},
		{pattern: "GET /admins/activity_logs", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc { return s.listActivityLogs },
			stream: "activity_logs", records: func(s *Server) []record { return newestLogs(s.ws.list("activity_logs")) }},
	}
}

// routes registers every endpoint; unmatched paths and methods get
// Intercom's 404 error.list.
func (s *Server) routes() {
	for _, e := range endpoints() {
		if e.handler != nil {
			s.handle(e.pattern, e.scope, e.handler(s))
		}
	}
	s.mux.HandleFunc("/", notFound)
}

// oracle finds the records a connector must emit for stream.
func oracle(stream string) (func(s *Server) []record, bool) {
	for _, e := range endpoints() {
		if e.stream == stream {
			return e.records, true
		}
	}
	return nil, false
}
