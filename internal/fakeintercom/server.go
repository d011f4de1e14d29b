package fakeintercom

import (
	"net/http"
	"slices"
	"sync/atomic"
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
	lat     *latency
	served  atomic.Pointer[func(Request)]
	// contacts, conversations and tickets describe the search endpoints.
	contacts, conversations, tickets *entity
}

// New generates the workspace for opts and returns a server for it.
func New(opts Options) *Server {
	opts = opts.withDefaults()
	return newServer(opts, workspaceFor(opts))
}

// newServer serves ws, which no other server may share; opts has its
// defaults.
func newServer(opts Options, ws *workspace) *Server {
	loc, err := time.LoadLocation(opts.Timezone)
	if err != nil {
		loc = time.UTC
	}
	s := &Server{
		opts:          opts,
		ws:            ws,
		ids:           newIDSource(opts.Seed),
		mux:           http.NewServeMux(),
		contacts:      contactEntity(contactFields(ws.links, ws.gen.customAttrs("contact")), loc),
		conversations: conversationEntity(),
		tickets:       ticketEntity(),
		lat:           newLatency(opts.LatencyMedian, opts.Seed),
	}
	if opts.RateLimit > 0 {
		s.limiter = newRateLimiter(opts.RateLimit, opts.RateWindow)
	}
	s.routes()
	return s
}

// Records returns a deep copy of the records a connector should emit for
// stream, in the order the API serves them; nil for an unknown stream.
// Streams: admins, teams, tags, segments, company_attributes,
// contact_attributes, conversation_attributes, subscription_types,
// help_centers, help_center_collections, articles, news_items,
// ticket_types, ticket_states, newsfeeds, macros, away_status_reasons,
// office_hours_schedules, content_snippets, internal_articles, brands,
// email_settings (GET /emails), calls, data_connectors, audiences,
// content_import_sources, external_pages, and:
//
//   - activity_log_event_types: one record {"event_type": name} for each
//     name the endpoint lists;
//   - contacts, conversations, tickets: as search returns them (nested
//     lists capped at ten), in the default search order;
//   - companies: as the scroll returns them, in scroll order;
//   - company_segments: every segment of every company, with the
//     company's id added as company_id;
//   - company_contacts: every contact attached to every company, as
//     search returns it, with the company's id added as company_id;
//   - contact_notes, contact_segments, contact_subscriptions: every note
//     (with its body), segment and subscription preference of every
//     contact, with the contact's id added as contact_id;
//   - conversation_parts: the parts GET /conversations/{id} returns (the
//     500 most recent) of every conversation, with conversation_id added;
//   - activity_logs: newest first, as the list serves them;
//   - deleted_conversations: most recently deleted first.
func (s *Server) Records(stream string) []map[string]any {
	view, ok := oracle(stream)
	if !ok {
		return nil
	}
	rs := view(s)
	out := make([]map[string]any, len(rs))
	for i, r := range rs {
		out[i] = deepCopy(r).(record)
	}
	return out
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request { return s.log.snapshot() }

// SpendBudget spends the rate budget of the window now running and of the
// windows-1 after it, as another app of the workspace does (Intercom's
// limit is per workspace, shared by its apps): until they end, every
// request is answered 429 with the running window's reset. It needs a
// RateLimit.
func (s *Server) SpendBudget(windows int) {
	if s.limiter != nil {
		s.limiter.spend(s.opts.Clock(), windows)
	}
}

// ResetRequests forgets recorded requests.
func (s *Server) ResetRequests() { s.log.reset() }

// filter returns the records for which keep is true.
func filter(rs []record, keep func(record) bool) []record {
	return slices.DeleteFunc(slices.Clone(rs), func(r record) bool { return !keep(r) })
}
