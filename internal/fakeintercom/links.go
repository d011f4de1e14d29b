package fakeintercom

import (
	"fmt"
	"strconv"
)

// The link tables (a contact's tags, a conversation's teammates...) are
// not served by any endpoint: a connector derives them from the records
// it reads. Their oracles derive them here from the fake's own data, the
// contacts' full lists included, not from what a response embeds.

// link is one row of a link table: the parent's id, the linked id, and
// the parent's updated_at when it has one.
func link(parentField string, parent record, itemField string, item any, cursor bool) record {
	r := record{parentField: parent["id"], itemField: item}
	if cursor {
		r["updated_at"] = parent["updated_at"]
	}
	return r
}

// contactLinkRecords lists every contact's whole tag or company list as
// rows.
func (s *Server) contactLinkRecords(itemField string) []record {
	var out []record
	for _, c := range s.searchAll(s.contacts) {
		_, l, _ := s.contact(c["id"].(string))
		if l == nil {
			continue
		}
		switch itemField {
		case "tag_id":
			for _, t := range l.tags {
				out = append(out, link("contact_id", c, itemField, t["id"], true))
			}
		case "company_id":
			for _, co := range s.companiesOf(l.companies) {
				out = append(out, link("contact_id", c, itemField, co["id"], true))
			}
		}
	}
	return out
}

// embeddedLinkRecords lists, for every record of rows, the ids in its
// embedded list field.list.
func embeddedLinkRecords(rows []record, parentField, field, list, itemField string, cursor bool) []record {
	var out []record
	for _, p := range rows {
		l, _ := p[field].(record)
		items, _ := l[list].([]any)
		for _, it := range items {
			if m, ok := it.(record); ok {
				out = append(out, link(parentField, p, itemField, m["id"], cursor))
			}
		}
	}
	return out
}

// teamAdminRecords lists every team's admins; admin ids as strings, as
// the admins stream has them.
func (s *Server) teamAdminRecords() []record {
	var out []record
	for _, t := range s.ws.list("teams") {
		ids, _ := t["admin_ids"].([]any)
		for _, id := range ids {
			out = append(out, link("team_id", t, "admin_id", stringID(id), false))
		}
	}
	return out
}

func stringID(v any) string {
	if n, ok := v.(int64); ok {
		return strconv.FormatInt(n, 10)
	}
	return fmt.Sprint(v)
}
