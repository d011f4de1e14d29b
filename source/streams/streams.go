// Package streams declares every stream the connector offers: one file a
// stream, or a family sharing a query; a list stream is one line of All.
package streams

import (
	"net/url"
	"slices"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// All lists every stream the connector offers, in discover order.
func All() []engine.Stream {
	return append([]engine.Stream{
		contacts(),
		companies(),
		companySegments(),
		conversations(),
		conversationParts(),
		tickets(),
		activityLogs(),
		deletedConversations(),
		list("admins", engine.List{Path: intercom.PathAdmins, Key: "admins"}),
		teams(),
		list("tags", engine.List{Path: intercom.PathTags, Key: "data"}),
		segments(),
		attributes("company_attributes", "company"),
		attributes("contact_attributes", "contact"),
		list("conversation_attributes", engine.List{Path: intercom.PathConversationAttrs, Key: "data"}),
		list("subscription_types", engine.List{Path: intercom.PathSubscriptionTypes, Key: "data"}),
		list("help_centers", engine.Paged{Path: intercom.PathHelpCenters, PerPage: intercom.MaxListPerPage}).Needs(helpCenter),
		list("help_center_collections", engine.Paged{Path: intercom.PathHelpCenterCollections, PerPage: intercom.MaxListPerPage}).Needs(helpCenter),
		list("articles", engine.Paged{Path: intercom.PathArticles, PerPage: intercom.MaxListPerPage}).Needs(helpCenter),
		list("news_items", engine.Paged{Path: intercom.PathNewsItems, PerPage: intercom.MaxListPerPage}).Needs("News (read news items)"),
	}, slices.Concat(links(), collections(), children())...)
}

// helpCenter is what the Help Center streams need: the product and the
// permission to read its articles.
const helpCenter = "Help Center (read and list articles)"

// list is a full-refresh stream keyed by id.
func list(name string, src engine.Source) engine.Stream {
	return engine.Stream{Name: name, PrimaryKey: [][]string{{"id"}}, Source: src}
}

func teams() engine.Stream {
	return list("teams", engine.List{Path: intercom.PathTeams, Key: "teams"})
}

// segments are served whole and filtered on our side by updated_at.
func segments() engine.Stream {
	s := list("segments", engine.Snapshot{Path: intercom.PathSegments, Key: "segments"})
	s.Cursor = "updated_at"
	return s
}

// attributes lists the data attributes of one model. Standard attributes
// have no id, so the key is full_name, which is unique per model (name is
// not: nested attributes share short names).
func attributes(name, model string) engine.Stream {
	s := list(name, engine.List{Path: intercom.PathDataAttributes, Key: "data", Query: url.Values{"model": {model}}})
	s.PrimaryKey = [][]string{{"full_name"}}
	return s
}

// Lookup finds a stream by name.
func Lookup(name string) (engine.Stream, bool) {
	for _, s := range All() {
		if s.Name == name {
			return s, true
		}
	}
	return engine.Stream{}, false
}
