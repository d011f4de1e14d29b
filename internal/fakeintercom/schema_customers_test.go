package fakeintercom

import "testing"

// TestCustomerResponsesMatchSpecSchemas validates the responses of the
// search, scroll, single-object and customer list endpoints. Two envelopes
// differ from their component and are checked in parts: a contact's
// companies come under data (as Intercom sends them) where the schema says
// companies, and activity log pages carry a next URL where the schema has
// a cursor object.
func TestCustomerResponsesMatchSpecSchemas(t *testing.T) {
	t.Parallel()
	c := loadComponents(t)
	for _, size := range []Size{Tiny, Small} {
		s := New(Options{Seed: 7, Size: size})
		all := searchBody(everything(), "", "", 150, "")
		wantValid(t, c, "contact_list", search(t, s, "/contacts/search", all), "contacts")
		wantValid(t, c, "conversation_list", search(t, s, "/conversations/search?include_monitors=true&include_scorecards=true", all), "conversations")
		wantValid(t, c, "ticket_list", search(t, s, "/tickets/search", all), "tickets")
		wantValid(t, c, "company_scroll", get(t, s, "/companies/scroll"), "scroll")
		wantValid(t, c, "deleted_conversation_list", get(t, s, "/conversations/deleted?per_page=60"), "deleted")
		logs := get(t, s, "/admins/activity_logs?created_at_after=0&per_page=150")
		wantValid(t, c, "pages_link", logs["pages"], "activity log pages")
		for _, l := range items(t, logs, "activity_logs") {
			wantValid(t, c, "activity_log", l, "activity log")
		}
		single := &schema{AllOf: []*schema{{Ref: "contact"}}, Properties: map[string]*schema{
			"enabled_push_messaging": {Type: "boolean", Nullable: true}}}
		for _, ct := range s.Records("contacts")[:60] {
			id := ct["id"].(string)
			for _, e := range c.check(single, get(t, s, "/contacts/"+id), "contact") {
				t.Error(e)
			}
			wantValid(t, c, "tag_list", get(t, s, "/contacts/"+id+"/tags"), "contact tags")
			wantValid(t, c, "note_list", get(t, s, "/contacts/"+id+"/notes"), "contact notes")
			wantValid(t, c, "contact_segments", get(t, s, "/contacts/"+id+"/segments"), "contact segments")
			wantValid(t, c, "subscription_type_list", get(t, s, "/contacts/"+id+"/subscriptions"), "contact subscriptions")
			companies := get(t, s, "/contacts/"+id+"/companies")
			wantValid(t, c, "pages_link", companies["pages"], "contact companies pages")
			for _, co := range items(t, companies, "data") {
				wantValid(t, c, "company", co, "contact company")
			}
		}
		for _, co := range s.Records("companies")[:60] {
			wantValid(t, c, "company", get(t, s, "/companies/"+co["id"].(string)), "company")
			wantValid(t, c, "company_attached_segments", get(t, s, "/companies/"+co["id"].(string)+"/segments"), "segments")
			wantValid(t, c, "company_attached_contacts", get(t, s, "/companies/"+co["id"].(string)+"/contacts?per_page=5"), "company contacts")
		}
		for _, cv := range s.Records("conversations")[:60] {
			wantValid(t, c, "conversation", get(t, s, "/conversations/"+cv["id"].(string)), "conversation")
		}
	}
}

// TestCustomerRecordsUseEveryDeclaredField guards against silently dropping
// spec fields of the new streams. Listed exceptions are fields Intercom
// only returns on request or for features the fake does not model.
func TestCustomerRecordsUseEveryDeclaredField(t *testing.T) {
	t.Parallel()
	c := loadComponents(t)
	s := New(Options{Seed: 7, Size: Small})
	notListed := map[string]map[string]bool{
		"contact":                   {"merge_history": true},
		"conversation_list_item":    {"monitor_evaluations": true, "scorecards": true},
		"conversation_part":         {},
		"company":                   {},
		"ticket":                    {},
		"activity_log":              {},
		"deleted_conversation_item": {},
		"segment":                   {"count": true},
		"note":                      {"company": true}, // a contact's notes are about the contact
		"subscription_type":         {},
	}
	for stream, component := range map[string]string{
		"contacts": "contact", "conversations": "conversation_list_item", "conversation_parts": "conversation_part",
		"companies": "company", "tickets": "ticket", "activity_logs": "activity_log",
		"deleted_conversations": "deleted_conversation_item", "company_segments": "segment",
		"contact_notes": "note", "contact_segments": "segment", "contact_subscriptions": "subscription_type",
		"company_contacts": "contact",
	} {
		seen := map[string]bool{}
		for _, r := range s.Records(stream) {
			for k := range r {
				seen[k] = true
			}
		}
		for name := range c.props(c[component]) {
			if !seen[name] && !notListed[component][name] {
				t.Errorf("%s: no record has %s", stream, name)
			}
		}
	}
}
