package fakeintercom

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// knownVersion reports whether Intercom accepts v as an Intercom-Version
// header. The list mirrors the intercom_version enum of the 2.16
// description, plus "Unstable", which Intercom also serves.
func knownVersion(v string) bool {
	return slices.Contains([]string{
		"1.0", "1.1", "1.2", "1.3", "1.4",
		"2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8",
		"2.9", "2.10", "2.11", "2.12", "2.13", "2.14", "2.15", "2.16",
		"Unstable",
	}, v)
}

// shapes211 reports whether v asks for the shapes of API 2.11 and before.
// The fake knows two sets of shapes: those of the 2.11 description and
// those of 2.16, which it serves for 2.12 and later, for Unstable and when
// no version is sent (an app's default is recent).
func shapes211(v string) bool {
	major, minor, ok := strings.Cut(v, ".")
	if !ok {
		return false
	}
	m, err1 := strconv.Atoi(major)
	n, err2 := strconv.Atoi(minor)
	return err1 == nil && err2 == nil && (m < 2 || (m == 2 && n <= 11))
}

// versioned returns rs in the shapes of the request's Intercom-Version:
// stored records have the 2.16 shapes; for 2.11 and before the fields
// whose type changed between the two descriptions are rewritten on copies.
func versioned(r *http.Request, stream string, rs []record) []record {
	if !shapes211(r.Header.Get("Intercom-Version")) {
		return rs
	}
	change, ok := to211[stream]
	if !ok {
		return rs
	}
	out := make([]record, len(rs))
	for i, rec := range rs {
		c := maps.Clone(rec)
		change(c)
		out[i] = c
	}
	return out
}

// newerThan211 answers 404 to a request asking for API 2.11 or older: its
// route is one the 2.11 description lacks, and Intercom serves newer
// collections only to the versions that have them.
func newerThan211(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if shapes211(r.Header.Get("Intercom-Version")) {
			notFound(w, r)
			return
		}
		h(w, r)
	}
}

// resolution211 maps the AI agent resolution states 2.16 added to the
// 2.11 state closest in meaning.
var resolution211 = map[string]string{
	"escalated": "routed_to_team", "procedure_handoff": "routed_to_team", "negative_feedback": "abandoned",
}

// to211 rewrites one record of a stream from its 2.16 shape to its 2.11 one.
var to211 = map[string]func(record){
	// 2.11: ticket_state is the category string, with its labels beside it;
	// the assignee ids are strings. 2.16: a ticket_state object, integer ids.
	"tickets": func(t record) {
		if st, ok := t["ticket_state"].(record); ok {
			t["ticket_state"] = st["category"]
			t["ticket_state_internal_label"] = st["internal_label"]
			t["ticket_state_external_label"] = st["external_label"]
		}
		delete(t, "previous_ticket_state_id")
		for _, k := range []string{"admin_assignee_id", "team_assignee_id"} {
			switch id := t[k].(type) {
			case int64:
				t[k] = strconv.FormatInt(id, 10)
			case int:
				t[k] = strconv.Itoa(id)
			case float64:
				t[k] = strconv.FormatInt(int64(id), 10)
			}
		}
	},
	// 2.11: avatar is an object {image_url}; 2.16: the URL itself.
	"admins": func(a record) {
		if u, ok := a["avatar"].(string); ok {
			a["avatar"] = record{"image_url": u}
		}
	},
	// 2.11 has other AI agent resolution states: the nearest stand in.
	"conversations": func(c record) {
		ai, ok := c["ai_agent"].(record)
		if !ok {
			return
		}
		if st, ok := resolution211[fmt.Sprint(ai["resolution_state"])]; ok {
			ai = maps.Clone(ai)
			ai["resolution_state"] = st
			c["ai_agent"] = ai
		}
	},
	// 2.11 also names an article's parent as parent_id and parent_type.
	"articles": func(a record) {
		a["parent_id"], a["parent_type"] = nil, nil
		if ids, ok := a["parent_ids"].([]any); ok && len(ids) > 0 {
			a["parent_id"], a["parent_type"] = ids[0], "collection"
		}
	},
	// 2.11's ticket types list no ticket states.
	"ticket_types": func(t record) { delete(t, "ticket_states") },
	// 2.11: owner_id is an integer; 2.16: a string.
	"contacts": func(c record) {
		if id, ok := c["owner_id"].(string); ok {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				c["owner_id"] = n
			}
		}
	},
}
