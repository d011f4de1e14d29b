package streams_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/engine/enginetest"
	"github.com/intercom-connector/source-intercom/source/schemas"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// collectionScopes is the fake's scope each of the smaller collections
// needs, by stream.
var collectionScopes = map[string]string{
	"ticket_types": fakeintercom.ScopeReadTickets, "ticket_states": fakeintercom.ScopeReadTickets,
	"newsfeeds": fakeintercom.ScopeReadNews,
	"macros":    fakeintercom.ScopeReadConversations, "calls": fakeintercom.ScopeReadConversations,
	"away_status_reasons": fakeintercom.ScopeReadAdmins, "office_hours_schedules": fakeintercom.ScopeReadAdmins,
	"brands": fakeintercom.ScopeReadAdmins, "email_settings": fakeintercom.ScopeReadAdmins,
	"activity_log_event_types": fakeintercom.ScopeReadAdmins,
	"internal_articles":        fakeintercom.ScopeReadContent,
	"content_snippets":         fakeintercom.ScopeReadContentData, "data_connectors": fakeintercom.ScopeReadContentData,
	"audiences": fakeintercom.ScopeReadContentData, "content_import_sources": fakeintercom.ScopeReadContentData,
	"external_pages": fakeintercom.ScopeReadContentData,
}

func collectionStreams(t *testing.T) []engine.Stream {
	t.Helper()
	var out []engine.Stream
	for _, s := range streams.All() {
		if _, ok := collectionScopes[s.Name]; ok {
			out = append(out, s)
		}
	}
	if len(out) != len(collectionScopes) {
		t.Fatalf("%d of the %d collections are declared", len(out), len(collectionScopes))
	}
	return out
}

// TestCollectionsWithoutTheirPermission: a token lacking one scope skips
// exactly the collections that need it, each with a WARN naming what it
// needs, complete and empty; the others read all their records.
func TestCollectionsWithoutTheirPermission(t *testing.T) {
	t.Parallel()
	scopes := []string{fakeintercom.ScopeReadAdmins, fakeintercom.ScopeReadTags, fakeintercom.ScopeReadUsersCompanies,
		fakeintercom.ScopeReadConversations, fakeintercom.ScopeReadContent, fakeintercom.ScopeReadNews,
		fakeintercom.ScopeReadTickets, fakeintercom.ScopeReadContentData}
	ss := collectionStreams(t)
	for _, missing := range scopes {
		t.Run(missing, func(t *testing.T) {
			t.Parallel()
			granted := slices.DeleteFunc(slices.Clone(scopes), func(s string) bool { return s == missing })
			srv := fakeintercom.New(fakeintercom.Options{Seed: 8, Size: fakeintercom.Tiny, Token: token, LimitedToken: "limited", LimitedScopes: granted})
			r := enginetest.Read(t, srv, "limited", enginetest.Options{Mode: airbyte.FullRefresh}, ss...)
			if len(r.Failed) > 0 {
				t.Fatalf("%s failed: %v", r.Failed[0].Stream, r.Failed[0].Failure)
			}
			logs := strings.Join(r.Logs(), "\n")
			for _, s := range ss {
				if got := r.Statuses(s.Name); !slices.Equal(got, []string{"STARTED", "RUNNING", "COMPLETE"}) {
					t.Errorf("%s: statuses %v", s.Name, got)
				}
				warn := fmt.Sprintf("Stream %s is skipped: the access token or the workspace's plan lacks %q (HTTP 403", s.Name, s.Permission)
				n := len(r.Records(s.Name))
				if collectionScopes[s.Name] == missing {
					if n != 0 || !strings.Contains(logs, warn) {
						t.Errorf("%s: %d records without %s; WARN %v", s.Name, n, missing, strings.Contains(logs, warn))
					}
					continue
				}
				if want := len(srv.Records(s.Name)); n != want || want == 0 || strings.Contains(logs, "Stream "+s.Name+" is skipped") {
					t.Errorf("%s: %d records of %d with its scope granted", s.Name, n, want)
				}
			}
		})
	}
}

// TestCollectionsIn211: with intercom_version 2.11 the collections 2.11
// lacks are skipped with a WARN and never requested; ticket types and
// newsfeeds, which 2.11 has, are read in its shapes.
func TestCollectionsIn211(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 8, Size: fakeintercom.Tiny, Token: token})
	ss := collectionStreams(t)
	r := enginetest.Read(t, srv, token, enginetest.Options{Mode: airbyte.FullRefresh, Tweak: func(env *engine.Env) {
		env.Config.IntercomVersion = "2.11"
		c, err := intercom.New(token, intercom.WithBaseURL(env.Client.BaseURL()), intercom.WithVersion("2.11"))
		if err != nil {
			t.Fatal(err)
		}
		env.Client = c
	}}, ss...)
	if len(r.Failed) > 0 {
		t.Fatalf("%s failed: %v", r.Failed[0].Stream, r.Failed[0].Failure)
	}
	requested := map[string]bool{}
	for _, req := range srv.Requests() {
		requested[req.Path] = true
		if req.Version != "2.11" {
			t.Errorf("%s asked for version %q", req.Path, req.Version)
		}
	}
	logs := strings.Join(r.Logs(), "\n")
	for _, s := range ss {
		in211 := schemas.InVersion(s.Name, "2.11")
		n := len(r.Records(s.Name))
		if in211 != (n > 0) || in211 == strings.Contains(logs, "Stream "+s.Name+" is skipped: Intercom's API 2.11") {
			t.Errorf("%s: in 2.11 %v, %d records", s.Name, in211, n)
		}
	}
	if len(requested) != 2 || !requested[intercom.PathTicketTypes] || !requested[intercom.PathNewsfeeds] {
		t.Errorf("requested %v, want only the ticket types and newsfeeds", requested)
	}
	for _, tt := range r.Records("ticket_types") {
		if _, ok := tt["ticket_states"]; ok {
			t.Errorf("a 2.11 ticket type with ticket_states: %v", tt["id"])
		}
	}
}

// TestCollectionCursorsFilterOnOurSide: an incremental read of a
// collection with a cursor, from a state, emits exactly the records
// updated at or after it, and ends at a state no older.
func TestCollectionCursorsFilterOnOurSide(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 8, Size: fakeintercom.Small, Token: token})
	cursors := 0
	for _, s := range collectionStreams(t) {
		if s.Cursor == "" {
			continue
		}
		cursors++
		t.Run(s.Name, func(t *testing.T) {
			all := decoded(t, srv, s.Name)
			var times []int64
			for _, rec := range all {
				times = append(times, int64(rec[s.Cursor].(float64)))
			}
			slices.Sort(times)
			mid := times[len(times)/2]
			var want []map[string]any
			for _, rec := range all {
				if int64(rec[s.Cursor].(float64)) >= mid {
					want = append(want, rec)
				}
			}
			state, _ := json.Marshal(map[string]int64{s.Cursor: mid})
			r := read(t, srv, s, airbyte.Incremental, state)
			if len(r.failed) > 0 {
				t.Fatal(r.failed[0].Failure)
			}
			if got := keysOf(r.records, s.PrimaryKey); len(want) == len(all) || !slices.Equal(got, keysOf(want, s.PrimaryKey)) {
				t.Errorf("read %v from %d, want %v (of %d)", got, mid, keysOf(want, s.PrimaryKey), len(all))
			}
			if final := resumeOf(s, r.states[len(r.states)-1]); final < mid {
				t.Errorf("final state %d, before the incoming %d", final, mid)
			}
		})
	}
	if cursors != 5 {
		t.Errorf("%d collections with a cursor, want 5", cursors)
	}
}
