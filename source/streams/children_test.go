package streams_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/config"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/engine/enginetest"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// TestContactNotesCheckpointsCoverEveryContactBelow: contact_notes read
// from a state within a day, alone (one ascending chain of the day-
// granular contact search) and with contacts (its windows), emits the
// notes of exactly the contacts changed since the state, and every STATE
// it writes follows the notes of every such contact changed below it.
func TestContactNotesCheckpointsCoverEveryContactBelow(t *testing.T) {
	t.Parallel()
	notes, _ := streams.Lookup("contact_notes")
	contacts, _ := streams.Lookup("contacts")
	probe := fakeintercom.New(fakeintercom.Options{Seed: 35, Size: fakeintercom.Tiny, Token: token})
	updated := map[string]int64{}
	var cursors []int64
	for _, c := range decoded(t, probe, "contacts") {
		updated[c["id"].(string)] = int64(c["updated_at"].(float64))
		cursors = append(cursors, int64(c["updated_at"].(float64)))
	}
	slices.Sort(cursors)
	// One second after a contact's change: contacts earlier that day are
	// matched by the search and must be dropped, this one kept.
	since := cursors[len(cursors)/5] + 1
	noteOf := map[string]string{} // note id → contact id
	for _, n := range decoded(t, probe, "contact_notes") {
		noteOf[n["id"].(string)] = n["contact_id"].(string)
	}
	state := json.RawMessage(fmt.Sprintf(`{"created_at":%d,"contacts":{"updated_at":%d}}`, since, since))
	for _, set := range [][]string{{"contact_notes"}, {"contacts", "contact_notes"}} {
		t.Run(strings.Join(set, "+"), func(t *testing.T) {
			srv := fakeintercom.New(fakeintercom.Options{Seed: 35, Size: fakeintercom.Tiny, Token: token})
			ss := []engine.Stream{notes}
			if len(set) == 2 {
				ss = []engine.Stream{contacts, notes}
			}
			res := enginetest.Read(t, srv, token, enginetest.Options{States: map[string]json.RawMessage{"contact_notes": state}}, ss...)
			if len(res.Failed) > 0 {
				t.Fatal(res.Failed[0].Failure)
			}
			written := map[string]bool{} // contacts whose notes were written
			states := 0
			for _, m := range res.Msgs {
				switch m["type"] {
				case "RECORD":
					rec := m["record"].(map[string]any)
					if rec["stream"] == "contact_notes" {
						c := rec["data"].(map[string]any)["contact_id"].(string)
						if noteOf[rec["data"].(map[string]any)["id"].(string)] != c || updated[c] < since {
							t.Fatalf("note %v of contact %s (updated %d) written, since %d", rec["data"].(map[string]any)["id"], c, updated[c], since)
						}
						written[c] = true
					}
				case "STATE":
					st := m["state"].(map[string]any)["stream"].(map[string]any)
					if st["stream_descriptor"].(map[string]any)["name"] != "contact_notes" {
						continue
					}
					states++
					r := int64(st["stream_state"].(map[string]any)["contacts"].(map[string]any)["updated_at"].(float64))
					for n, c := range noteOf {
						if updated[c] >= since && updated[c] < r && !written[c] {
							t.Fatalf("STATE at %d before the notes of contact %s (updated %d), e.g. %s", r, c, updated[c], n)
						}
					}
				}
			}
			for _, c := range noteOf {
				if updated[c] >= since && !written[c] {
					t.Errorf("contact %s changed at %d, after the state %d: its notes were not written", c, updated[c], since)
				}
			}
			if states < 2 {
				t.Errorf("%d STATEs: the read proves little", states)
			}
		})
	}
}

// TestChildrenEstimate: contact_notes estimates its records from the
// contacts' embedded notes total_count, company_contacts from the
// companies' user_count, each without a request of its own.
func TestChildrenEstimate(t *testing.T) {
	t.Parallel()
	for name, exact := range map[string]bool{"contact_notes": false, "company_contacts": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := fakeintercom.New(fakeintercom.Options{Seed: 36, Size: fakeintercom.Tiny, Token: token})
			s, _ := streams.Lookup(name)
			res := enginetest.Read(t, srv, token, enginetest.Options{Mode: airbyte.FullRefresh}, s)
			if len(res.Failed) > 0 {
				t.Fatal(res.Failed[0].Failure)
			}
			got, ok := res.Estimates()[name]
			n := int64(len(res.Records(name)))
			switch {
			case !ok:
				t.Fatal("no ESTIMATE")
			case exact && got != n:
				t.Errorf("estimate %d, %d records", got, n)
			case got < n/2 || got > 2*n:
				t.Errorf("estimate %d, %d records", got, n)
			}
		})
	}
}

// TestCompanyContactsPagesThroughABigCompany: a company with more
// contacts than a page is read page by page, whole.
func TestCompanyContactsPagesThroughABigCompany(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 37, Size: fakeintercom.Tiny, Token: token})
	company := firstID(t, srv, "companies")
	for _, c := range decoded(t, srv, "contacts")[:120] {
		if err := srv.AttachContact(c["id"].(string), company); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := streams.Lookup("company_contacts")
	r := read(t, srv, s, airbyte.FullRefresh, nil)
	want := keysOf(decoded(t, srv, "company_contacts"), s.PrimaryKey)
	if got := keysOf(r.records, s.PrimaryKey); len(r.failed) > 0 || !slices.Equal(got, want) {
		t.Fatalf("%d records, the fake holds %d (%v), failures %v", len(got), len(want), firstDiff(got, want), r.failed)
	}
	var pages []string
	for _, req := range srv.Requests() {
		if req.Path == "/companies/"+company+"/contacts" {
			q, _ := url.ParseQuery(req.RawQuery)
			pages = append(pages, q.Get("page")+"/"+q.Get("per_page"))
		}
	}
	sort.Strings(pages)
	if !slices.Equal(pages, []string{"1/50", "2/50", "3/50"}) {
		t.Errorf("the big company's pages requested: %v", pages)
	}
}

// TestChildrenNeedTheirParentsPermission: a token without the users and
// companies permission fails the children of contacts and companies as it
// fails their parents, with a config_error saying what to grant, while
// the streams it may read go on.
func TestChildrenNeedTheirParentsPermission(t *testing.T) {
	t.Parallel()
	const limited = "tok-limited-41f"
	srv := fakeintercom.New(fakeintercom.Options{Seed: 38, Size: fakeintercom.Tiny, Token: token, LimitedToken: limited,
		LimitedScopes: []string{fakeintercom.ScopeReadAdmins, fakeintercom.ScopeReadConversations}})
	var ss []engine.Stream
	for _, name := range []string{"admins", "contact_notes", "contact_segments", "contact_subscriptions", "company_contacts"} {
		s, _ := streams.Lookup(name)
		ss = append(ss, s)
	}
	res := enginetest.Read(t, srv, limited, enginetest.Options{Mode: airbyte.FullRefresh}, ss...)
	failed := map[string]bool{}
	for _, f := range res.Failed {
		failed[f.Stream] = true
		if f.Failure.Type != airbyte.ConfigError || !strings.Contains(f.Failure.Message, "lacks a permission") {
			t.Errorf("%s: %s %q", f.Stream, f.Failure.Type, f.Failure.Message)
		}
	}
	for _, s := range ss[1:] {
		if !failed[s.Name] || len(res.Records(s.Name)) != 0 {
			t.Errorf("%s: failed %v, %d records", s.Name, failed[s.Name], len(res.Records(s.Name)))
		}
	}
	if failed["admins"] || len(res.Records("admins")) == 0 {
		t.Error("admins, which the token may read, did not go on")
	}
}

// TestFullRefreshChildrenFollowTheStartDate: the full-refresh children
// hold the children of the parents a sync replicates, those updated at or
// after start_date, and request nothing for the others.
func TestFullRefreshChildrenFollowTheStartDate(t *testing.T) {
	t.Parallel()
	probe := fakeintercom.New(fakeintercom.Options{Seed: 39, Size: fakeintercom.Tiny, Token: token})
	for _, tc := range []struct{ child, parent, link, path string }{
		{"contact_segments", "contacts", "contact_id", "/contacts/"},
		{"contact_subscriptions", "contacts", "contact_id", "/contacts/"},
		{"company_contacts", "companies", "company_id", "/companies/"},
	} {
		t.Run(tc.child, func(t *testing.T) {
			var cursors []int64
			updated := map[string]int64{}
			for _, p := range decoded(t, probe, tc.parent) {
				updated[p["id"].(string)] = int64(p["updated_at"].(float64))
				cursors = append(cursors, updated[p["id"].(string)])
			}
			slices.Sort(cursors)
			start := time.Unix(cursors[len(cursors)/2], 0).UTC().Truncate(time.Second)
			srv := fakeintercom.New(fakeintercom.Options{Seed: 39, Size: fakeintercom.Tiny, Token: token})
			s, _ := streams.Lookup(tc.child)
			r := read(t, srv, s, airbyte.FullRefresh, nil, func(env *engine.Env) {
				cfg, err := config.ParseConfig(fmt.Appendf(nil, `{"access_token":%q,"start_date":%q,"api_url":%q}`, token, start.Format(time.RFC3339), env.Config.APIURL))
				if err != nil {
					t.Fatal(err)
				}
				env.Config = cfg
			})
			var want []map[string]any
			for _, rec := range decoded(t, srv, tc.child) {
				if updated[rec[tc.link].(string)] >= start.Unix() {
					want = append(want, rec)
				}
			}
			got, wantKeys := keysOf(r.records, s.PrimaryKey), keysOf(want, s.PrimaryKey)
			if len(r.failed) > 0 || len(wantKeys) == 0 || !slices.Equal(got, wantKeys) {
				t.Fatalf("%d records, want the %d of parents updated since %s (%v), failures %v", len(got), len(wantKeys), start, firstDiff(got, wantKeys), r.failed)
			}
			for _, req := range srv.Requests() {
				if id, ok := strings.CutPrefix(req.Path, tc.path); ok && strings.Contains(id, "/") {
					if id, _, _ = strings.Cut(id, "/"); updated[id] < start.Unix() {
						t.Fatalf("%s requested for a parent updated before start_date", req.Path)
					}
				}
			}
		})
	}
}
