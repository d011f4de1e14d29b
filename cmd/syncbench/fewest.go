package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// The fewest requests a full read of every stream can make, given
// Intercom's API: every list at its largest page, a search in one chain of
// 150-record pages, one request per parent for what only a per-parent
// endpoint serves (a company's segments, a conversation's parts), a
// contact's capped lists fetched only when capped, and nothing for what the
// records already hold (link tables). It is what the connector's request
// count is measured against.

// linkedPage is the page Intercom serves on lists that follow pages.next
// links without a per_page of ours (the fake's, as Intercom's, is 50).
const linkedPage = 50

// scrollPage is the companies scroll's page; the scroll ends with an
// empty page.
const scrollPage = 50

func pages(n, per int) int { return max(1, (n+per-1)/per) }

// fewestRequests models each stream of a full read of fake, by the
// endpoint it needs; a stream the model does not know is an error.
func fewestRequests(fake *fakeintercom.Server) (map[string]int, error) {
	return fewestSince(fake, nil)
}

// fewestSince models a read that resumes each incremental stream from
// since[stream] (a full read where absent): a search or a child per parent
// only for the records changed since; a scan, a list served whole and a
// full-refresh stream cost what a full read does.
func fewestSince(fake *fakeintercom.Server, since map[string]int64) (map[string]int, error) {
	changed := func(stream, of string) []map[string]any { return changedSince(fake, since, stream, of) }
	n := func(stream string) int { return len(changed(stream, stream)) }
	all := func(stream string) int { return len(fake.Records(stream)) }
	out := map[string]int{}
	for _, s := range streams.All() {
		if !isSelected(s.Name) {
			continue
		}
		src := s.Source
		if v, ok := src.(engine.Versioned); ok {
			src = v.Source
		}
		switch s.Name {
		case "contacts":
			// A full-refresh child of contacts needs every contact's id:
			// the search then lists them all.
			// Intercom's contact search filters whole days: a resumed
			// search lists the cursor's day from its midnight (UTC, the
			// fake's workspace timezone).
			listed := n("contacts")
			if from, ok := since["contacts"]; ok {
				day := map[string]int64{"contacts": from - from%86400}
				listed = len(changedSince(fake, day, "contacts", "contacts"))
			}
			if isSelected("contact_subscriptions") || isSelected("contact_segments") {
				listed = all("contacts")
			}
			out["POST /contacts/search"] += pages(listed, intercom.MaxSearchPerPage)
			for _, c := range changed("contacts", "contacts") {
				id := c["id"].(string)
				for _, l := range intercom.ContactLists {
					if l.Field == "notes" && isSelected("contact_notes") {
						continue // all read for contact_notes, see below
					}
					if k := len(fake.NestedIDs(id, l.Field)); k > intercom.NestedListCap {
						per := intercom.ContactListPerPage
						if l.Field == "tags" {
							per = k // served whole
						}
						out["GET /contacts/{id}/"+l.Field] += pages(k, per)
					}
				}
			}
			continue
		case "conversations", "tickets":
			out["POST /"+s.Name+"/search"] += pages(n(s.Name), intercom.MaxSearchPerPage)
			continue
		case "companies":
			out["GET /companies/scroll"] += all("companies")/scrollPage + 1
			continue
		case "company_segments":
			out["GET /companies/{id}/segments"] += len(changed(s.Name, "companies"))
			continue
		case "conversation_parts":
			out["GET /conversations/{id}"] += len(changed(s.Name, "conversations"))
			continue
		case "contact_notes":
			// Every contact's notes, whole: what completing a contact's
			// capped notes needs too.
			for _, c := range changed(s.Name, "contacts") {
				out["GET /contacts/{id}/notes"] += pages(len(fake.NestedIDs(c["id"].(string), "notes")), intercom.ContactListPerPage)
			}
			continue
		case "contact_subscriptions", "contact_segments":
			out["GET /contacts/{id}/"+strings.TrimPrefix(s.Name, "contact_")] += all("contacts")
			continue
		case "company_contacts":
			members := map[string]int{}
			for _, c := range fake.Records("contacts") {
				for _, co := range fake.NestedIDs(c["id"].(string), "companies") {
					members[co]++
				}
			}
			for _, co := range fake.Records("companies") {
				out["GET /companies/{id}/contacts"] += pages(members[co["id"].(string)], intercom.CompanyContactsPerPage)
			}
			continue
		case "activity_logs":
			out["POST /admins/activity_logs/search"] += pages(n("activity_logs"), intercom.ActivityLogsSearchPerPage)
			continue
		case "deleted_conversations":
			out["GET /conversations/deleted"] += pages(n("deleted_conversations"), intercom.DeletedConversationsPerPage)
			continue
		}
		switch src := src.(type) {
		case engine.Child:
			// A link table: made from its parent's records.
		case engine.List:
			out["GET "+src.Path]++
		case engine.Snapshot:
			out["GET "+src.Path]++
		case engine.Values:
			out["GET "+src.Path]++
		case engine.Paged:
			out["GET "+src.Path] += pages(all(s.Name), src.PerPage)
		case engine.StartingAfter:
			out["GET "+src.Path] += pages(all(s.Name), src.PerPage)
		case engine.Linked:
			out["GET "+src.Path] += pages(all(s.Name), linkedPage)
		default:
			return nil, fmt.Errorf("the fewest-requests model does not know stream %s (%T)", s.Name, src)
		}
	}
	return out, nil
}

// changedSince is the records of of (stream's parent, or stream itself)
// a read of stream resumed from since[stream] reads: those whose cursor is
// at or past it; every one where stream has no resume point.
func changedSince(fake *fakeintercom.Server, since map[string]int64, stream, of string) []map[string]any {
	from, ok := since[stream]
	all := fake.Records(of)
	if !ok {
		return all
	}
	field := "updated_at"
	if d, ok := streams.Lookup(of); ok && d.Cursor != "" {
		field = d.Cursor
	}
	var out []map[string]any
	for _, r := range all {
		if c, ok := r[field].(int64); !ok || c >= from {
			out = append(out, r)
		}
	}
	return out
}

var idSegment = regexp.MustCompile(`^[0-9a-f]{6,}$|^[0-9]+$`)

// endpointOf is a request's method and path with ids as {id}.
func endpointOf(r fakeintercom.Request) string {
	parts := strings.Split(r.Path, "/")
	for i, p := range parts {
		if idSegment.MatchString(p) {
			parts[i] = "{id}"
		}
	}
	return r.Method + " " + strings.Join(parts, "/")
}

// requestReport compares a read's requests with the fewest, by endpoint,
// listing only the endpoints where they differ.
func requestReport(fake *fakeintercom.Server, fewest map[string]int) (made, least int, diff string) {
	got := map[string]int{}
	for _, r := range fake.Requests() {
		got[endpointOf(r)]++
	}
	keys := map[string]bool{}
	for k, v := range got {
		keys[k] = true
		made += v
	}
	for k, v := range fewest {
		keys[k] = true
		least += v
	}
	var rows []string
	for k := range keys {
		if got[k] != fewest[k] {
			rows = append(rows, fmt.Sprintf("%s %d (fewest %d)", k, got[k], fewest[k]))
		}
	}
	sort.Strings(rows)
	return made, least, strings.Join(rows, "; ")
}
