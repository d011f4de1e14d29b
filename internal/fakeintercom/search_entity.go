package fakeintercom

import "time"

// entity describes one search endpoint: what it searches, its response
// envelope, its fields and the operator rules of its documentation.
type entity struct {
	noun, stream      string
	listType, listKey string
	defaultPerPage    int
	fieldMap          map[string]field
	ops               map[kind][]string
	extraOps          map[string][]string
	// loc, when set, makes date filters match by whole calendar day in
	// that zone, as contact search does.
	loc *time.Location
	// inclusive makes > and < include the bound, as the conversation and
	// ticket search documentation describes them ("Greater (or equal)
	// than").
	inclusive bool
}

func (e *entity) fields(name string) (field, bool) {
	f, ok := e.fieldMap[name]
	return f, ok
}

var (
	stringOps = []string{"=", "!=", "IN", "NIN", "~", "!~", "^", "$"}
	boolOps   = []string{"=", "!=", "IN", "NIN"}
)

// contactEntity follows the contact search documentation: integers take
// every comparison, dates only =, < and > by calendar day, tag_id only
// = and !=.
func contactEntity(fields map[string]field, loc *time.Location) *entity {
	return &entity{
		noun: "contact", stream: "contacts", listType: "list", listKey: "data", defaultPerPage: 50,
		fieldMap: fields, loc: loc,
		ops: map[kind][]string{
			kindString: stringOps, kindBool: boolOps, kindTag: {"=", "!="},
			kindNumber: {"=", "!=", "IN", "NIN", "<", ">", "<=", ">="},
			kindDate:   {"=", "<", ">"},
		},
	}
}

// conversationEntity follows the conversation search documentation: >
// and < on integers and dates, second-precise and including the bound;
// no >= or <=.
func conversationEntity() *entity {
	return &entity{
		noun: "conversation", stream: "conversations", listType: "conversation.list", listKey: "conversations",
		defaultPerPage: 20, fieldMap: conversationFields(), inclusive: true,
		ops: map[kind][]string{
			kindString: stringOps, kindBool: boolOps,
			kindNumber: {"=", "!=", "IN", "NIN", "<", ">"},
			kindDate:   {"=", "!=", "IN", "NIN", "<", ">"},
		},
	}
}

// ticketEntity is like conversations, plus the documented >= and <= on
// created_at.
func ticketEntity() *entity {
	e := conversationEntity()
	e.noun, e.stream, e.listType, e.listKey = "ticket", "tickets", "ticket.list", "tickets"
	e.fieldMap = ticketFields()
	e.extraOps = map[string][]string{"created_at": {">=", "<="}}
	return e
}
