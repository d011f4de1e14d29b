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
	// only216 marks a route the 2.11 description lacks: a request asking
	// for 2.11 or older gets Intercom's 404, as for any unknown route.
	only216 bool
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
		{pattern: "GET /teams", stream: "team_admins", records: (*Server).teamAdminRecords},
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
		{pattern: "POST /contacts/search", stream: "contact_tags", records: func(s *Server) []record { return s.contactLinkRecords("tag_id") }},
		{pattern: "POST /contacts/search", stream: "contact_companies", records: func(s *Server) []record { return s.contactLinkRecords("company_id") }},
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
		{pattern: "GET /companies/scroll", stream: "company_tags", records: func(s *Server) []record {
			return embeddedLinkRecords(s.companiesByID(), "company_id", "tags", "tags", "tag_id", true)
		}},
		{pattern: "POST /companies/list", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listCompanies }},
		{pattern: "GET /companies/{id}", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.getCompany }},
		{pattern: "GET /companies/{id}/segments", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listCompanySegments },
			stream: "company_segments", records: (*Server).companySegmentRecords},
		{pattern: "GET /companies/{id}/contacts", scope: ScopeReadUsersCompanies, handler: func(s *Server) http.HandlerFunc { return s.listCompanyContacts },
			stream: "company_contacts", records: (*Server).companyContactRecords},
		{pattern: "POST /conversations/search", scope: ScopeReadConversations, handler: func(s *Server) http.HandlerFunc { return s.search(s.conversations) },
			stream: "conversations", records: func(s *Server) []record { return s.searchAll(s.conversations) }},
		{pattern: "POST /conversations/search", stream: "conversation_contacts", records: func(s *Server) []record {
			return embeddedLinkRecords(s.searchAll(s.conversations), "conversation_id", "contacts", "contacts", "contact_id", true)
		}},
		{pattern: "POST /conversations/search", stream: "conversation_tags", records: func(s *Server) []record {
			return embeddedLinkRecords(s.searchAll(s.conversations), "conversation_id", "tags", "tags", "tag_id", true)
		}},
		{pattern: "POST /conversations/search", stream: "conversation_teammates", records: func(s *Server) []record {
			return embeddedLinkRecords(s.searchAll(s.conversations), "conversation_id", "teammates", "teammates", "admin_id", true)
		}},
		{pattern: "GET /conversations/{id}", scope: ScopeReadConversations, handler: func(s *Server) http.HandlerFunc { return s.getConversation },
			stream: "conversation_parts", records: (*Server).conversationPartRecords},
		{pattern: "GET /conversations/deleted", scope: ScopeReadConversations, handler: func(s *Server) http.HandlerFunc { return s.listDeletedConversations },
			stream: "deleted_conversations", records: func(s *Server) []record { return deletedOrder(s.ws.list("deleted_conversations"), true) }},
		{pattern: "POST /tickets/search", scope: ScopeReadTickets, handler: func(s *Server) http.HandlerFunc { return s.search(s.tickets) },
			stream: "tickets", records: func(s *Server) []record { return s.searchAll(s.tickets) }},
		{pattern: "POST /tickets/search", stream: "ticket_contacts", records: func(s *Server) []record {
			return embeddedLinkRecords(s.searchAll(s.tickets), "ticket_id", "contacts", "contacts", "contact_id", true)
		}},
		{pattern: "GET /admins/activity_logs", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc { return s.listActivityLogs },
			stream: "activity_logs", records: func(s *Server) []record { return newestLogs(s.ws.list("activity_logs")) }},
		{pattern: "POST /admins/activity_logs/search", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc { return s.searchActivityLogs }},

		// The smaller collections (handlers_collections.go).
		{pattern: "GET /ticket_types", scope: ScopeReadTickets, handler: func(s *Server) http.HandlerFunc { return s.listWhole("ticket_types", "list") },
			stream: "ticket_types", records: stored("ticket_types"), list: lister("/ticket_types", "list", "data")},
		{pattern: "GET /ticket_states", scope: ScopeReadTickets, handler: func(s *Server) http.HandlerFunc { return s.listWhole("ticket_states", "list") },
			stream: "ticket_states", records: stored("ticket_states"), list: lister("/ticket_states", "list", "data"), only216: true},
		{pattern: "GET /news/newsfeeds", scope: ScopeReadNews, handler: func(s *Server) http.HandlerFunc { return s.listNumbered("newsfeeds", inStorageOrder, 10, maxPerPage) },
			stream: "newsfeeds", records: stored("newsfeeds"), list: lister("/news/newsfeeds?per_page=150", "list", "data")},
		{pattern: "GET /macros", scope: ScopeReadConversations, handler: func(s *Server) http.HandlerFunc { return macroList().serve(s) },
			stream: "macros", records: func(s *Server) []record { return macroList().ordered(s.ws.list("macros")) }, list: lister("/macros?per_page=150", "list", "data"), only216: true},
		{pattern: "GET /away_status_reasons", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc { return s.listWhole("away_status_reasons", "list") },
			stream: "away_status_reasons", records: stored("away_status_reasons"), list: lister("/away_status_reasons", "list", "data"), only216: true},
		{pattern: "GET /office_hours_schedules", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc {
			return s.listWhole("office_hours_schedules", "office_hours_schedule.list")
		},
			stream: "office_hours_schedules", records: stored("office_hours_schedules"), list: lister("/office_hours_schedules", "office_hours_schedule.list", "data"), only216: true},
		{pattern: "GET /content_snippets", scope: ScopeReadContentData, handler: func(s *Server) http.HandlerFunc { return s.listFlat("content_snippets", 50, 50) },
			stream: "content_snippets", records: newest("content_snippets"), only216: true},
		{pattern: "GET /internal_articles", scope: ScopeReadContent, handler: func(s *Server) http.HandlerFunc {
			return s.listNumbered("internal_articles", newestFirst, 25, maxPerPage)
		},
			stream: "internal_articles", records: newest("internal_articles"), list: lister("/internal_articles?per_page=150", "list", "data"), only216: true},
		{pattern: "GET /brands", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc { return s.listWhole("brands", "list") },
			stream: "brands", records: stored("brands"), list: lister("/brands", "list", "data"), only216: true},
		{pattern: "GET /emails", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc { return s.listWhole("email_settings", "list") },
			stream: "email_settings", records: stored("email_settings"), list: lister("/emails", "list", "data"), only216: true},
		{pattern: "GET /calls", scope: ScopeReadConversations, handler: func(s *Server) http.HandlerFunc { return s.listNumbered("calls", newestFirst, 25, 25) },
			stream: "calls", records: newest("calls"), only216: true},
		{pattern: "GET /data_connectors", scope: ScopeReadContentData, handler: func(s *Server) http.HandlerFunc { return dataConnectorList().serve(s) },
			stream: "data_connectors", records: func(s *Server) []record { return dataConnectorList().ordered(s.ws.list("data_connectors")) },
			list: lister("/data_connectors?per_page=50", "list", "data"), only216: true},
		{pattern: "GET /audiences", scope: ScopeReadContentData, handler: func(s *Server) http.HandlerFunc { return s.listFlat("audiences", 50, 50) },
			stream: "audiences", records: newest("audiences"), list: lister("/audiences?per_page=50", "list", "data"), only216: true},
		{pattern: "GET /ai/content_import_sources", scope: ScopeReadContentData, handler: func(s *Server) http.HandlerFunc { return s.listLinked("content_import_sources", inStorageOrder) },
			stream: "content_import_sources", records: stored("content_import_sources"), list: lister("/ai/content_import_sources?per_page=150", "list", "data"), only216: true},
		{pattern: "GET /ai/external_pages", scope: ScopeReadContentData, handler: func(s *Server) http.HandlerFunc { return s.listLinked("external_pages", newestFirst) },
			stream: "external_pages", records: newest("external_pages"), list: lister("/ai/external_pages?per_page=150", "list", "data"), only216: true},
		{pattern: "GET /admins/activity_log_event_types", scope: ScopeReadAdmins, handler: func(s *Server) http.HandlerFunc { return s.listActivityLogEventTypes },
			stream: "activity_log_event_types", records: stored("activity_log_event_types"), only216: true},
	}
}

// stored is the oracle of a collection served in storage order.
func stored(stream string) func(s *Server) []record {
	return func(s *Server) []record { return s.ws.list(stream) }
}

// newest is the oracle of a collection served newest first.
func newest(stream string) func(s *Server) []record {
	return func(s *Server) []record { return newestFirst(s.ws.list(stream)) }
}

// routes registers every endpoint; unmatched paths and methods get
// Intercom's 404 error.list.
func (s *Server) routes() {
	for _, e := range endpoints() {
		if e.handler == nil {
			continue
		}
		h := e.handler(s)
		if e.only216 {
			h = newerThan211(h)
		}
		s.handle(e.pattern, e.scope, h)
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
