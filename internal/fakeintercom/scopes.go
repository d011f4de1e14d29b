package fakeintercom

// Scopes an endpoint may require. A request made with Options.LimitedToken
// reaches an endpoint only if Options.LimitedScopes holds its scope, which
// lets tests exercise Intercom's 403 for apps missing a permission.
// Endpoints with no scope (such as /me) accept any valid token.
const (
	ScopeReadAdmins         = "read_admins"
	ScopeReadTags           = "read_tags"
	ScopeReadUsersCompanies = "read_users_companies"
	ScopeReadConversations  = "read_conversations"
	ScopeReadContent        = "read_content"
	ScopeReadNews           = "read_news"
	ScopeReadTickets        = "read_tickets"
	// ScopeReadContentData is Fin's content (snippets, external pages and
	// their sources, audiences) and the data connectors.
	ScopeReadContentData = "read_content_data"
)

// hasScope reports whether a limited token may use an endpoint.
func hasScope(granted []string, need string) bool {
	if need == "" {
		return true
	}
	for _, g := range granted {
		if g == need {
			return true
		}
	}
	return false
}
