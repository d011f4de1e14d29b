package fakeintercom

import (
	"net/http"
	"slices"
	"time"
)

// Server is the fake Intercom API. It is safe for concurrent use.
type Server struct {
	opts    Options
	ws      *workspace
	log     requestLog
	ids     *idSource
	limiter *rateLimiter
	mux     *http.ServeMux
	cache   searchCache
	scroll  scrollState
	faults  faultInjector
	oauth   oauthCodes
	// contacts, conversations and tickets describe the search endpoints.
	contacts, conversations, tickets *entity
}

// New generates the workspace for opts and returns a server for it.
func New(opts Options) *Server {
	opts = opts.withDefaults()
	loc, err := time.LoadLocation(opts.Timezone)
	if err != nil {
		loc = time.UTC
	}
	ws := buildWorkspace(opts)
	s := &Server{
		opts:          opts,
		ws:            ws,
		ids:           newIDSource(opts.Seed),
		mux:           http.NewServeMux(),
		contacts:      contactEntity(contactFields(ws.links, ws.gen.customAttrs("contact")), loc),
		conversations: conversationEntity(),
		tickets:       ticketEntity(),
	}
	if opts.RateLimit > 0 {
		s.limiter = newRateLimiter(opts.RateLimit, opts.RateWindow)
	}
	s.routes()
	return s
}

// routes lists every endpoint; unmatched paths and methods get Intercom's
// 404 error.list.
func (s *Server) routes() {
	s.handle("GET /me", "", s.getMe)
	s.handle("GET /admins", ScopeReadAdmins, s.listAdmins)
	s.handle("GET /teams", ScopeReadAdmins, s.listTeams)
	s.handle("GET /tags", ScopeReadTags, s.listTags)
	s.handle("GET /segments", ScopeReadUsersCompanies, s.listSegments)
	s.handle("GET /data_attributes", ScopeReadUsersCompanies, s.listDataAttributes)
	s.handle("GET /conversations/attributes", ScopeReadConversations, s.listConversationAttributes)
	s.handle("GET /subscription_types", ScopeReadUsersCompanies, s.listSubscriptionTypes)
	s.handle("GET /help_center/help_centers", ScopeReadContent, s.listHelpCenters)
	s.handle("GET /help_center/collections", ScopeReadContent, s.listCollections)
	s.handle("GET /articles", ScopeReadContent, s.listArticles)
	s.handle("GET /news/news_items", ScopeReadNews, s.listNewsItems)
	s.customerRoutes()
	s.mux.HandleFunc("/", notFound)
}

// customerRoutes lists the endpoints of contacts, companies,
// conversations, tickets and activity logs.
func (s *Server) customerRoutes() {
	s.handle("POST /contacts/search", ScopeReadUsersCompanies, s.search(s.contacts))
	s.handle("GET /contacts/{id}", ScopeReadUsersCompanies, s.getContact)
	s.handle("GET /contacts/{id}/tags", ScopeReadUsersCompanies, s.listContactTags)
	s.handle("GET /contacts/{id}/companies", ScopeReadUsersCompanies, s.listContactCompanies)
	s.handle("GET /contacts/{id}/notes", ScopeReadUsersCompanies, s.listContactNotes)
	s.handle("GET /companies/scroll", ScopeReadUsersCompanies, s.scrollCompanies)
	s.handle("GET /companies/{id}", ScopeReadUsersCompanies, s.getCompany)
	s.handle("GET /companies/{id}/segments", ScopeReadUsersCompanies, s.listCompanySegments)
	s.handle("POST /conversations/search", ScopeReadConversations, s.search(s.conversations))
	s.handle("GET /conversations/{id}", ScopeReadConversations, s.getConversation)
	s.handle("GET /conversations/deleted", ScopeReadConversations, s.listDeletedConversations)
	s.handle("POST /tickets/search", ScopeReadTickets, s.search(s.tickets))
	s.handle("GET /admins/activity_logs", ScopeReadAdmins, s.listActivityLogs)
}

// Records returns a deep copy of the records a connector should emit for
// stream, in the order the API serves them; nil for an unknown stream.
// Streams: admins, teams, tags, segments, company_attributes,
// contact_attributes, conversation_attributes, subscription_types,
// help_centers, help_center_collections, articles, news_items, and:
//
//   - contacts, conversations, tickets: as search returns them (nested
//     lists capped at ten), in the default search order;
//   - companies: as the scroll returns them, in scroll order;
//   - company_segments: every segment of every company, with the
//     company's id added as company_id;
//   - conversation_parts: the parts GET /conversations/{id} returns (the
//     500 most recent) of every conversation, with conversation_id added;
//   - activity_logs: newest first, as the list serves them;
//   - deleted_conversations: most recently deleted first.
func (s *Server) Records(stream string) []map[string]any {
	view, ok := s.views()[stream]
	if !ok {
		return nil
	}
	rs := view()
	out := make([]map[string]any, len(rs))
	for i, r := range rs {
		out[i] = deepCopy(r).(record)
	}
	return out
}

// views maps stream names to what the endpoint returns by default.
func (s *Server) views() map[string]func() []record {
	return map[string]func() []record{
		"admins":                  func() []record { return s.admins(false) },
		"teams":                   func() []record { return s.ws.list("teams") },
		"tags":                    func() []record { return s.ws.list("tags") },
		"segments":                func() []record { return s.segments(false) },
		"company_attributes":      func() []record { return s.dataAttributes("company", false) },
		"contact_attributes":      func() []record { return s.dataAttributes("contact", false) },
		"conversation_attributes": func() []record { return s.conversationAttributes(false) },
		"subscription_types":      func() []record { return s.ws.list("subscription_types") },
		"help_centers":            func() []record { return newestFirst(s.ws.list("help_centers")) },
		"help_center_collections": func() []record { return newestFirst(s.ws.list("help_center_collections")) },
		"articles":                func() []record { return newestFirst(s.ws.list("articles")) },
		"news_items":              func() []record { return newestFirst(s.ws.list("news_items")) },
		"contacts":                func() []record { return s.searchAll(s.contacts) },
		"conversations":           func() []record { return s.searchAll(s.conversations) },
		"tickets":                 func() []record { return s.searchAll(s.tickets) },
		"companies":               s.companiesByID,
		"company_segments":        s.companySegmentRecords,
		"conversation_parts":      s.conversationPartRecords,
		"activity_logs":           func() []record { return newestLogs(s.ws.list("activity_logs")) },
		"deleted_conversations":   func() []record { return deletedOrder(s.ws.list("deleted_conversations"), true) },
	}
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request { return s.log.snapshot() }

// ResetRequests forgets recorded requests.
func (s *Server) ResetRequests() { s.log.reset() }

// filter returns the records for which keep is true.
func filter(rs []record, keep func(record) bool) []record {
	return slices.DeleteFunc(slices.Clone(rs), func(r record) bool { return !keep(r) })
}
