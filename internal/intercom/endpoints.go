package intercom

// Intercom's endpoints and their documented limits (API 2.16), named once
// so that stream declarations say what they read, not how Intercom spells it.
const (
	PathMe                    = "/me"
	PathAdmins                = "/admins"
	PathActivityLogs          = "/admins/activity_logs"
	PathActivityLogsSearch    = "/admins/activity_logs/search"
	PathTeams                 = "/teams"
	PathTags                  = "/tags"
	PathSegments              = "/segments"
	PathDataAttributes        = "/data_attributes"
	PathConversationAttrs     = "/conversations/attributes"
	PathSubscriptionTypes     = "/subscription_types"
	PathHelpCenters           = "/help_center/help_centers"
	PathHelpCenterCollections = "/help_center/collections"
	PathArticles              = "/articles"
	PathNewsItems             = "/news/news_items"
	PathContactsSearch        = "/contacts/search"
	PathConversationsSearch   = "/conversations/search"
	PathTicketsSearch         = "/tickets/search"
	PathCompaniesScroll       = "/companies/scroll"
	PathCompaniesList         = "/companies/list"
	PathDeletedConversations  = "/conversations/deleted"

	PathTicketTypes           = "/ticket_types"
	PathTicketStates          = "/ticket_states"
	PathNewsfeeds             = "/news/newsfeeds"
	PathMacros                = "/macros"
	PathAwayStatusReasons     = "/away_status_reasons"
	PathOfficeHoursSchedules  = "/office_hours_schedules"
	PathContentSnippets       = "/content_snippets"
	PathInternalArticles      = "/internal_articles"
	PathBrands                = "/brands"
	PathEmailSettings         = "/emails"
	PathCalls                 = "/calls"
	PathDataConnectors        = "/data_connectors"
	PathAudiences             = "/audiences"
	PathContentImportSources  = "/ai/content_import_sources"
	PathExternalPages         = "/ai/external_pages"
	PathActivityLogEventTypes = "/admins/activity_log_event_types"
)

// ConversationPath is one conversation, with its parts.
func ConversationPath(id string) string { return "/conversations/" + id }

// CompanySegmentsPath lists one company's segments.
func CompanySegmentsPath(id string) string { return "/companies/" + id + "/segments" }

// ContactListPath lists one of a contact's nested lists (tags, companies, notes) in full.
func ContactListPath(id, list string) string { return "/contacts/" + id + "/" + list }

// ContactNotesPath lists one contact's notes, with their bodies, page by page.
func ContactNotesPath(id string) string { return ContactListPath(id, "notes") }

// ContactSegmentsPath lists the segments one contact is in.
func ContactSegmentsPath(id string) string { return ContactListPath(id, "segments") }

// ContactSubscriptionsPath lists the subscription types one contact has
// opted into or out of.
func ContactSubscriptionsPath(id string) string { return ContactListPath(id, "subscriptions") }

// CompanyContactsPath lists the contacts attached to one company, page by page.
func CompanyContactsPath(id string) string { return "/companies/" + id + "/contacts" }

const (
	// MaxListPerPage is the largest per_page of the page-numbered lists
	// (help center, articles, news items and newsfeeds, internal articles).
	MaxListPerPage = 150
	// ActivityLogsSearchPerPage is the largest page of activity log search
	// (API 2.16; the list endpoint serves 20 a page).
	ActivityLogsSearchPerPage = 250
	// MacrosPerPage is the largest per_page of the macros.
	MacrosPerPage = 150
	// DataConnectorsPerPage is the largest per_page of the data connectors.
	DataConnectorsPerPage = 50
	// ContentSnippetsPerPage is the largest per_page of the content snippets.
	ContentSnippetsPerPage = 50
	// AudiencesPerPage is the largest per_page of the audiences.
	AudiencesPerPage = 50
	// CallsPerPage is the largest per_page of the calls.
	CallsPerPage = 25
	// DeletedConversationsPerPage is the page size of deleted conversations.
	DeletedConversationsPerPage = 60
	// ContactListPerPage is the page size of a contact's nested lists.
	ContactListPerPage = 50
	// CompanyContactsPerPage is the page size of a company's contacts: the
	// per_page Intercom's own answers show (its 2.11 description, which
	// declares the parameter, gives no ceiling).
	CompanyContactsPerPage = 50
	// ContactSearchGranularity: contact search matches dates by whole day
	// (86,400 s) in the workspace's time zone; other searches to the second.
	ContactSearchGranularity = 86400
	// ConversationPartsCap is how many of a conversation's most recent parts
	// Intercom returns.
	ConversationPartsCap = 500
	// NestedListCap is how many items of its tags, companies and notes a
	// contact shows; has_more says there are more.
	NestedListCap = 10
)
