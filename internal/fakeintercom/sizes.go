package fakeintercom

// counts is how many records each collection gets for a Size.
type counts struct {
	admins, teams, tags, segments int
	contactCustomAttrs            int
	companyCustomAttrs            int
	conversationAttrs             int
	subscriptionTypes             int
	helpCenters, collections      int
	articles, newsItems           int
	contacts, companies           int
	conversations, tickets        int
	activityLogs, deleted         int
	// bigConversations have more than the 500 parts Intercom returns.
	bigConversations              int
	macros, dataConnectors, calls int
	contentSnippets, audiences    int
	internalArticles              int
	importSources, externalPages  int
}

// countsFor keeps Tiny small but paginated: every page-numbered, linked or
// cursor list except help centers, audiences, data connectors and content
// import sources (a workspace has few) spans at least two pages at its
// default per_page, and Tiny has more than ten tags so some contacts can
// overflow their nested tag list. Large is roughly ten times Small, for
// benchmarks.
func countsFor(s Size) counts {
	switch s {
	case Small:
		return counts{
			admins: 20, teams: 6, tags: 50, segments: 15,
			contactCustomAttrs: 12, companyCustomAttrs: 8, conversationAttrs: 18,
			subscriptionTypes: 5, helpCenters: 3, collections: 60,
			articles: 300, newsItems: 40,
			contacts: 3000, companies: 600, conversations: 1500, tickets: 300,
			activityLogs: 1000, deleted: 100, bigConversations: 2,
			macros: 200, dataConnectors: 20, calls: 600,
			contentSnippets: 150, audiences: 30, internalArticles: 120,
			importSources: 6, externalPages: 300,
		}
	case Large:
		return counts{
			admins: 200, teams: 60, tags: 500, segments: 150,
			contactCustomAttrs: 120, companyCustomAttrs: 80, conversationAttrs: 180,
			subscriptionTypes: 50, helpCenters: 30, collections: 600,
			articles: 3000, newsItems: 400,
			contacts: 30000, companies: 6000, conversations: 15000, tickets: 3000,
			activityLogs: 10000, deleted: 1000, bigConversations: 10,
			macros: 2000, dataConnectors: 200, calls: 6000,
			contentSnippets: 1500, audiences: 300, internalArticles: 1200,
			importSources: 60, externalPages: 3000,
		}
	}
	return counts{
		admins: 6, teams: 3, tags: 16, segments: 5,
		contactCustomAttrs: 7, companyCustomAttrs: 7, conversationAttrs: 10,
		subscriptionTypes: 3, helpCenters: 3, collections: 25,
		articles: 30, newsItems: 12,
		contacts: 200, companies: 120, conversations: 160, tickets: 60,
		activityLogs: 200, deleted: 30, bigConversations: 1,
		macros: 60, dataConnectors: 8, calls: 60,
		contentSnippets: 60, audiences: 12, internalArticles: 30,
		importSources: 3, externalPages: 60,
	}
}
