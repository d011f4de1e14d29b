package streams

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/buger/jsonparser"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// children are the streams that cost a request (or a chain of pages) per
// parent record, each record with its parent's id added.
//
// contact_notes follows its parent's cursor: the notes of every contact
// changed since it, which includes a contact that got a note (its record
// embeds its notes list). Segment membership is computed and does not
// move a contact's updated_at; subscription preferences carry no time; a
// company's contacts change without the company: those three are read
// whole every sync, for the parents updated since start_date.
func children() []engine.Stream {
	return []engine.Stream{
		{Name: "contact_notes", PrimaryKey: [][]string{{"id"}}, Cursor: "created_at", Parent: "contacts",
			Source: ofContacts(func(c json.RawMessage) int64 {
				n, _ := jsonparser.GetInt(c, "notes", "total_count")
				return n
			}, contactNotes)},
		{Name: "contact_subscriptions", PrimaryKey: [][]string{{"id"}, {"contact_id"}},
			Source: ofContacts(nil, func(ctx context.Context, env *engine.Env, id string) (engine.Page, error) {
				return engine.ChildList(ctx, env, intercom.ContactSubscriptionsPath(id), "data", "contact_id", id)
			})},
		{Name: "contact_segments", PrimaryKey: [][]string{{"id"}, {"contact_id"}},
			Source: ofContacts(nil, func(ctx context.Context, env *engine.Env, id string) (engine.Page, error) {
				return engine.ChildList(ctx, env, intercom.ContactSegmentsPath(id), "data", "contact_id", id)
			})},
		{Name: "company_contacts", PrimaryKey: [][]string{{"id"}, {"company_id"}},
			Source: ofCompanies(func(c json.RawMessage) int64 { n, _ := jsonparser.GetInt(c, "user_count"); return n }, companyContacts)},
	}
}

// ofContacts is a child of contacts fetching each contact's children with
// one request (or chain), estimated by count if it is set. Read alone,
// the contacts come from one ascending chain of their search: a day-
// granular query starts at the day of the cursor, and the chain sorts by
// the second, so a page still holds every contact changed below its last
// one, and checkpoints there hold.
func ofContacts(count func(contact json.RawMessage) int64, fetch func(ctx context.Context, env *engine.Env, id string) (engine.Page, error)) engine.Child {
	perParent := engine.PerParent(func(ctx context.Context, env *engine.Env, c json.RawMessage) (engine.Page, error) {
		id, err := jsonparser.GetString(c, "id")
		if err != nil {
			return engine.Page{}, &intercom.DecodeError{Path: intercom.PathContactsSearch, Err: fmt.Errorf("contact without id")}
		}
		return fetch(ctx, env, id)
	})
	return engine.Child{Of: contacts(), Alone: engine.Chained(contactSearch), Estimate: count, From: perParent}
}

// contactNotes fetches one contact's notes, all their pages.
func contactNotes(ctx context.Context, env *engine.Env, id string) (engine.Page, error) {
	var notes []json.RawMessage
	for l, err := range env.Client.PageNumbers(ctx, intercom.ContactNotesPath(id), nil, "data", intercom.ContactListPerPage) {
		if err != nil {
			return engine.Page{}, err
		}
		notes = append(notes, l.Items...)
	}
	return engine.WithParent(notes, "contact_id", engine.JSONString(id))
}

// companyContacts is one company's contacts, page by page.
func companyContacts(ctx context.Context, env *engine.Env, id string) iter.Seq2[engine.Page, error] {
	return func(yield func(engine.Page, error) bool) {
		for l, err := range env.Client.PageNumbers(ctx, intercom.CompanyContactsPath(id), nil, "data", intercom.CompanyContactsPerPage) {
			var p engine.Page
			if err == nil {
				p, err = engine.WithParent(l.Items, "company_id", engine.JSONString(id))
			}
			if !yield(p, err) || err != nil {
				return
			}
		}
	}
}
