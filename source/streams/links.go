package streams

import (
	"github.com/intercom-connector/source-intercom/source/engine"
)

// links are the link tables: one row per pair of ids (a contact and one of
// its tags), derived from the parent's records as they are read, with no
// request of their own. A child of an incremental parent carries the
// parent's updated_at and follows its cursor: a changed parent's links are
// all written again. A link removed from a parent stays in a deduplicated
// table until a full refresh (Intercom does not list removals).
func links() []engine.Stream {
	conv := conversations()
	return []engine.Stream{
		link("contact_tags", contacts(), "contact_id", "tag_id", "tags", "data"),
		link("contact_companies", contacts(), "contact_id", "company_id", "companies", "data"),
		link("company_tags", companies(), "company_id", "tag_id", "tags", "tags"),
		link("conversation_contacts", conv, "conversation_id", "contact_id", "contacts", "contacts"),
		link("conversation_tags", conv, "conversation_id", "tag_id", "tags", "tags"),
		link("conversation_teammates", conv, "conversation_id", "admin_id", "teammates", "teammates"),
		link("ticket_contacts", tickets(), "ticket_id", "contact_id", "contacts", "contacts"),
		link("team_admins", teams(), "team_id", "admin_id", "admin_ids"),
	}
}

// link declares a link table of parent: for each parent record, a row
// {parentField, itemField[, updated_at]} per item of the list at path,
// each item an object with an id or an id itself. A contact's lists are
// capped at ten items in the record, so the contact is completed first.
func link(name string, parent engine.Stream, parentField, itemField string, path ...string) engine.Stream {
	s := engine.Stream{Name: name, PrimaryKey: [][]string{{parentField}, {itemField}}}
	if parent.Cursor != "" {
		s.Cursor, s.Parent = "updated_at", parent.Name
	}
	src := engine.Child{Of: parent, Whole: parent.Complete != nil}
	if parent.Name == "conversations" || parent.Name == "tickets" {
		// Alone, one chain of the parent's search: no requests to plan
		// windows, and the links' writing is no bottleneck.
		src.Alone = engine.Chained(parent.Source.(engine.Search))
	}
	src.From = engine.Derived(engine.LinkRows(parentField, itemField, parent.Cursor != "", path...))
	s.Source = src
	return s
}
