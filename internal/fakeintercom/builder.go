package fakeintercom

import (
	"slices"
	"strconv"
	"strings"
)

// builder generates a workspace. Collections are built in dependency order
// and later ones reference the ids of earlier ones (admins in articles,
// collections in articles, teams in admins), so the data is coherent.
type builder struct {
	seed        int64
	n           counts
	opts        Options
	appID       string
	appCreated  int64
	admins      []record
	teams       []record
	tags        []record
	helpCenters []record
	collections []record
	// homeOf maps a collection id to the help center it is shown in.
	homeOf  map[string]record
	streams map[string][]record
	customerData
}

// customerData holds the record-heavy collections about customers and the
// state their generators share, kept after startup so created records
// continue the same id sequences.
type customerData struct {
	companies, contacts, conversations, tickets []record
	links                                       map[string]*contactLinks
	parts                                       map[string][]record
	authors                                     map[string]record
	botID                                       string
	deletedIDs                                  []string
	ticketStates, ticketTypes                   []record
	archivedStateID                             int64
	newsfeedIDs                                 []int64
	nextPart, nextTicketPart, nextNote          int64
	nextConversation, nextTicket                int64
	// built is set once the seeded data exists; records created later do
	// not link themselves into existing records.
	built bool
	// members maps a company id to its contacts' ids, in creation order.
	members map[string][]string
}

func buildWorkspace(opts Options) *workspace {
	b := &builder{seed: opts.Seed, n: countsFor(opts.Size), opts: opts,
		streams: map[string][]record{}, homeOf: map[string]record{}}
	b.links, b.parts = map[string]*contactLinks{}, map[string][]record{}
	b.authors = map[string]record{}
	app := b.buildApp()
	b.buildPeople()
	b.buildTags()
	b.buildSegments()
	b.buildDataAttributes()
	b.buildConversationAttributes()
	b.buildSubscriptionTypes()
	b.buildHelpCenters()
	b.buildCollections()
	b.buildArticles()
	b.buildNewsItems()
	b.buildNewsfeeds()
	b.buildAwayStatusReasons()
	b.buildOfficeHoursSchedules()
	b.buildBrandsAndEmails()
	b.buildActivityLogEventTypes()
	b.buildAudiences()
	b.buildContentSnippets()
	b.buildContentSources()
	b.buildInternalArticles()
	b.buildMacros()
	b.buildDataConnectors()
	b.buildCustomers()
	return b.workspace(app)
}

// workspace serves what b built for app; b goes on generating the records
// created later.
func (b *builder) workspace(app record) *workspace {
	return &workspace{
		app: app, me: b.me(app), streams: b.streams,
		tables: map[string]*table{
			"contacts": newTable(slices.Clone(b.contacts)), "companies": newTable(slices.Clone(b.companies)),
			"conversations": newTable(slices.Clone(b.conversations)), "tickets": newTable(slices.Clone(b.tickets)),
		},
		parts: b.parts, links: b.links, members: b.members, gen: b, g: b.rng("created"),
	}
}

// buildCustomers builds companies, contacts and everything that refers to
// them.
func (b *builder) buildCustomers() {
	b.botID = idString(asIntID(b.admins[len(b.admins)-1]["id"]) + 311)
	b.buildCompanies()
	b.buildContacts()
	b.buildConversations()
	b.buildTickets()
	b.buildTicketStateList()
	b.buildActivityLogs()
	b.buildDeleted()
	b.buildCalls()
	b.built = true
}

func (b *builder) rng(stream string) rng { return newRNG(b.seed, stream) }

// buildApp creates the app (workspace) object /me embeds.
func (b *builder) buildApp() record {
	g := b.rng("app")
	b.appID = g.alnum(8)
	b.appCreated = dataEpoch - g.between(3*365, 5*365)*day
	return record{
		"type":                  "app",
		"id_code":               b.appID,
		"name":                  b.opts.WorkspaceName,
		"region":                "US",
		"timezone":              b.opts.Timezone,
		"created_at":            b.appCreated,
		"identity_verification": g.chance(0.5),
	}
}

// me is the admin_with_app view of the workspace owner, the first admin.
func (b *builder) me(app record) record {
	a := b.admins[0]
	return record{
		"type":               "admin",
		"id":                 a["id"],
		"name":               a["name"],
		"email":              a["email"],
		"job_title":          a["job_title"],
		"away_mode_enabled":  a["away_mode_enabled"],
		"away_mode_reassign": a["away_mode_reassign"],
		"has_inbox_seat":     a["has_inbox_seat"],
		"team_ids":           a["team_ids"],
		"avatar":             record{"type": "avatar", "image_url": a["avatar"]},
		"email_verified":     true,
		"app":                app,
	}
}

// adminIDs returns admin ids as integers, the type articles and news items
// use for authors and senders.
func (b *builder) adminIDs() []int64 {
	out := make([]int64, len(b.admins))
	for i, a := range b.admins {
		out[i] = asIntID(a["id"])
	}
	return out
}

// uniqueName returns base, or base with a counter when already taken.
func uniqueName(seen map[string]bool, base string) string {
	name := base
	for i := 2; seen[name]; i++ {
		name = base + " " + strconv.Itoa(i)
	}
	seen[name] = true
	return name
}

// slug turns a title into the URL fragment Intercom uses.
func slug(s string) string {
	var sb strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			sb.WriteRune(c)
			dash = false
		} else if !dash && sb.Len() > 0 {
			sb.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(sb.String(), "-")
}
