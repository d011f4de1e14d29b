package fakeintercom

import (
	"reflect"
	"testing"
)

func streams() []string {
	return []string{
		"admins", "teams", "tags", "segments", "company_attributes", "contact_attributes",
		"conversation_attributes", "subscription_types", "help_centers",
		"help_center_collections", "articles", "news_items",
		"contacts", "companies", "company_segments", "conversations", "conversation_parts",
		"tickets", "activity_logs", "deleted_conversations",
		"ticket_types", "ticket_states", "newsfeeds", "macros", "away_status_reasons",
		"office_hours_schedules", "content_snippets", "internal_articles", "brands",
		"email_settings", "calls", "data_connectors", "audiences", "content_import_sources",
		"external_pages", "activity_log_event_types",
		"contact_notes", "contact_segments", "contact_subscriptions", "company_contacts",
	}
}

func TestTinyIsSmallButPaginated(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1, Size: Tiny})
	for _, stream := range streams() {
		if n := len(s.Records(stream)); n < 3 {
			t.Errorf("%s: %d records, want at least 3", stream, n)
		}
	}
	for stream, perPage := range map[string]int{"help_center_collections": 20, "articles": 25, "news_items": 10,
		"macros": 50, "content_snippets": 50, "internal_articles": 25, "calls": 25, "external_pages": 50} {
		if n := len(s.Records(stream)); n <= perPage {
			t.Errorf("%s: %d records fit on one default page of %d", stream, n, perPage)
		}
	}
}

func TestSizesScale(t *testing.T) {
	t.Parallel()
	tiny, small := New(Options{Seed: 1, Size: Tiny}), New(Options{Seed: 1, Size: Small})
	for _, stream := range streams() {
		if a, b := len(tiny.Records(stream)), len(small.Records(stream)); a > b {
			t.Errorf("%s: counts %d, %d do not grow with size", stream, a, b)
		}
	}
	for size, s := range map[Size]*Server{Tiny: tiny, Small: small} {
		wantCustomerCounts(t, size, s)
	}
	// Large is built by the same code from its counts (Tiny and Small show
	// the builder honours them; the benchmarks run it): it must be about
	// ten times Small in every collection.
	sc, lc := reflect.ValueOf(countsFor(Small)), reflect.ValueOf(countsFor(Large))
	for i := range sc.NumField() {
		if a, b := sc.Field(i).Int(), lc.Field(i).Int(); b < 5*a {
			t.Errorf("large has %d %s, small %d: want about ten times", b, sc.Type().Field(i).Name, a)
		}
	}
}

// wantCustomerCounts checks the record-heavy streams against the sizes the
// connector's tests rely on.
func wantCustomerCounts(t *testing.T, size Size, s *Server) {
	t.Helper()
	want := map[Size]map[string]int{
		Tiny:  {"contacts": 200, "companies": 120, "conversations": 160, "tickets": 60, "activity_logs": 200, "deleted_conversations": 30},
		Small: {"contacts": 3000, "companies": 600, "conversations": 1500, "tickets": 300, "activity_logs": 1000, "deleted_conversations": 100},
	}[size]
	for stream, n := range want {
		if got := len(s.Records(stream)); got != n {
			t.Errorf("%v %s: %d records, want %d", size, stream, got, n)
		}
	}
	parts, big := 0, 0
	for _, c := range s.Records("conversations") {
		n := s.PartsTotal(c["id"].(string))
		parts += n
		if n > maxParts {
			big++
		}
	}
	perConversation := float64(parts) / float64(want["conversations"])
	if big == 0 || perConversation < 7 || perConversation > 12 {
		t.Errorf("%v: %d parts (%.1f per conversation), %d conversations over 500 parts", size, parts, perConversation, big)
	}
}

func TestParseSize(t *testing.T) {
	t.Parallel()
	for _, want := range []Size{Tiny, Small, Large} {
		got, err := ParseSize(want.String())
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %v, %v", want.String(), got, err)
		}
	}
	if _, err := ParseSize("huge"); err == nil {
		t.Error("ParseSize accepted huge")
	}
}

func BenchmarkNewLarge(b *testing.B) {
	for b.Loop() {
		New(Options{Seed: 1, Size: Large})
	}
}
