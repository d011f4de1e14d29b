package streams

import (
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// collections are the workspace's smaller collections, each one GET list:
// settings, content and configuration. Each needs a permission or a
// product a token or workspace may lack: without it the stream is skipped
// with a WARN. Those the 2.11 API lacks are Versioned: with intercom_version
// 2.11 they are not discovered, and a read skips them.
//
// A cursor is declared where a collection comes whole in one answer with
// integer updated_at: the read is a snapshot, filtered on our side. The
// others are full refresh: Intercom cannot filter them, and a scan over
// several pages is no snapshot (a record deleted meanwhile shifts the
// pages, so a checkpoint could skip a changed record for good). The macros'
// and data connectors' timestamps are ISO 8601 strings, not the unix
// seconds a cursor is.
func collections() []engine.Stream {
	return []engine.Stream{
		updatedList("ticket_types", engine.Snapshot{Path: intercom.PathTicketTypes, Key: ticketTypesKey}).Needs(needsTickets),
		list("ticket_states", engine.Versioned{Source: engine.List{Path: intercom.PathTicketStates, Key: "data"}}).Needs(needsTickets),
		list("newsfeeds", engine.Paged{Path: intercom.PathNewsfeeds, PerPage: intercom.MaxListPerPage}).Needs(needsNews),
		list("macros", engine.Versioned{Source: engine.StartingAfter{Path: intercom.PathMacros, PerPage: intercom.MacrosPerPage}}).Needs(needsConversations),
		updatedList("away_status_reasons", engine.Versioned{Source: engine.Snapshot{Path: intercom.PathAwayStatusReasons, Key: "data"}}).Needs(needsAdmins),
		updatedList("office_hours_schedules", engine.Versioned{Source: engine.Snapshot{Path: intercom.PathOfficeHoursSchedules, Key: "data"}}).Needs(needsAdmins),
		list("content_snippets", engine.Versioned{Source: engine.Paged{Path: intercom.PathContentSnippets, PerPage: intercom.ContentSnippetsPerPage}}).Needs(needsFinContent),
		list("internal_articles", engine.Versioned{Source: engine.Paged{Path: intercom.PathInternalArticles, PerPage: intercom.MaxListPerPage}}).Needs(needsInternalArticles),
		updatedList("brands", engine.Versioned{Source: engine.Snapshot{Path: intercom.PathBrands, Key: "data"}}).Needs(needsAdmins),
		updatedList("email_settings", engine.Versioned{Source: engine.Snapshot{Path: intercom.PathEmailSettings, Key: "data"}}).Needs(needsAdmins),
		list("calls", engine.Versioned{Source: engine.Paged{Path: intercom.PathCalls, PerPage: intercom.CallsPerPage}}).Needs(needsPhone),
		list("data_connectors", engine.Versioned{Source: engine.StartingAfter{Path: intercom.PathDataConnectors, PerPage: intercom.DataConnectorsPerPage}}).Needs(needsDataConnectors),
		list("audiences", engine.Versioned{Source: engine.Paged{Path: intercom.PathAudiences, PerPage: intercom.AudiencesPerPage}}).Needs(needsFinContent),
		list("content_import_sources", engine.Versioned{Source: engine.Linked{Path: intercom.PathContentImportSources}}).Needs(needsFinContent),
		list("external_pages", engine.Versioned{Source: engine.Linked{Path: intercom.PathExternalPages}}).Needs(needsFinContent),
		activityLogEventTypes(),
	}
}

// What the collections need: a token permission, or a product (and the
// permission to read it) a workspace may not have.
const (
	needsTickets          = "read tickets"
	needsConversations    = "read conversations"
	needsAdmins           = "read admins"
	needsNews             = "News (read news items)"
	needsPhone            = "Phone (read conversations)"
	needsFinContent       = "Fin AI Agent content (read content data)"
	needsInternalArticles = "Knowledge Hub internal articles (read and list articles)"
	needsDataConnectors   = "Data connectors (read content data)"
)

// ticketTypesKey: the ticket types sit under data, as Intercom's examples
// show them in every version; the 2.11 description's list names them
// ticket_types, which is read too.
const ticketTypesKey = "data|ticket_types"

// updatedList is a list served whole and filtered on our side by
// updated_at, like segments.
func updatedList(name string, src engine.Source) engine.Stream {
	s := list(name, src)
	s.Cursor = "updated_at"
	return s
}

// activityLogEventTypes lists the names activity logs' activity_type takes:
// Intercom answers a list of strings, each written as a record
// {"event_type": name}, keyed by it.
func activityLogEventTypes() engine.Stream {
	return engine.Stream{
		Name: "activity_log_event_types", PrimaryKey: [][]string{{"event_type"}},
		Source: engine.Versioned{Source: engine.Values{Path: intercom.PathActivityLogEventTypes, Key: "event_types", Field: "event_type"}},
	}.Needs(needsAdmins)
}
