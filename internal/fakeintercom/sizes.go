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
}

// countsFor keeps Tiny small but paginated: every page-numbered list except
// help centers spans at least two pages at its default per_page. Large is
// roughly ten times Small, for benchmarks.
func countsFor(s Size) counts {
	switch s {
	case Small:
		return counts{
			admins: 20, teams: 6, tags: 50, segments: 15,
			contactCustomAttrs: 12, companyCustomAttrs: 8, conversationAttrs: 18,
			subscriptionTypes: 5, helpCenters: 3, collections: 60,
			articles: 300, newsItems: 40,
		}
	case Large:
		return counts{
			admins: 200, teams: 60, tags: 500, segments: 150,
			contactCustomAttrs: 120, companyCustomAttrs: 80, conversationAttrs: 180,
			subscriptionTypes: 50, helpCenters: 30, collections: 600,
			articles: 3000, newsItems: 400,
		}
	}
	return counts{
		admins: 6, teams: 3, tags: 8, segments: 5,
		contactCustomAttrs: 5, companyCustomAttrs: 4, conversationAttrs: 10,
		subscriptionTypes: 3, helpCenters: 3, collections: 25,
		articles: 30, newsItems: 12,
	}
}
