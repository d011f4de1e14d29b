package fakeintercom

import (
	"testing"
	"time"
)

// TestContactDatesMatchByLocalDay checks the documented day truncation in
// a workspace whose time zone is not UTC: a contact updated late in the
// evening of day D matches = D but not > D, and > D starts at the next
// local midnight.
func TestContactDatesMatchByLocalDay(t *testing.T) {
	t.Parallel()
	const zone = "America/Los_Angeles"
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	s := New(Options{Seed: 5, Timezone: zone})
	contacts := s.Records("contacts")
	late := lateInTheDay(t, contacts, loc)
	u := time.Unix(asInt(late["updated_at"]), 0).In(loc)
	start := time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, loc)
	next := start.AddDate(0, 0, 1)
	noon := start.Add(12 * time.Hour).Unix() // any instant of day D names D

	for _, tc := range []struct {
		op      string
		in      func(int64) bool
		hasLate bool
	}{
		{"=", func(v int64) bool { return v >= start.Unix() && v < next.Unix() }, true},
		{">", func(v int64) bool { return v >= next.Unix() }, false},
		{"<", func(v int64) bool { return v < start.Unix() }, false},
	} {
		got, _ := searchPages(t, s, "/contacts/search", "data", filterQ("updated_at", tc.op, noon), "", "", 150)
		want := filter(contacts, func(c map[string]any) bool { return tc.in(asInt(c["updated_at"])) })
		wantSameRecords(t, "updated_at "+tc.op, got, want)
		if containsID(got, late["id"].(string)) != tc.hasLate {
			t.Errorf("updated_at %s D: contact updated at %v included = %v", tc.op, u, !tc.hasLate)
		}
	}
	// The same query in UTC draws the day boundary elsewhere.
	utc := New(Options{Seed: 5, Timezone: "UTC"})
	got, _ := searchPages(t, utc, "/contacts/search", "data", filterQ("updated_at", "=", noon), "", "", 150)
	if containsID(got, late["id"].(string)) {
		t.Errorf("in UTC the contact updated at %v (local) should fall on the next day", u)
	}
}

// lateInTheDay finds a contact updated in the last hours of a local day,
// which in UTC is already the next day.
func lateInTheDay(t *testing.T, contacts []map[string]any, loc *time.Location) map[string]any {
	t.Helper()
	for _, c := range contacts {
		if u := time.Unix(asInt(c["updated_at"]), 0).In(loc); u.Hour() >= 18 {
			return c
		}
	}
	t.Fatal("no contact updated late in a day")
	return nil
}

// TestConversationDatesAreSecondPrecise follows the conversation search
// documentation, which describes > and < as "greater (or equal)" and
// "lower (or equal)": the bound second is included, the seconds beyond
// it are not.
func TestConversationDatesAreSecondPrecise(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 5})
	all := s.Records("conversations")
	u := asInt(all[len(all)/2]["updated_at"])
	for _, tc := range []struct {
		op    string
		value int64
		in    func(int64) bool
	}{
		{">", u, func(v int64) bool { return v >= u }},
		{">", u + 1, func(v int64) bool { return v >= u+1 }},
		{"<", u, func(v int64) bool { return v <= u }},
		{"=", u, func(v int64) bool { return v == u }},
		{"!=", u, func(v int64) bool { return v != u }},
	} {
		for _, path := range []string{"/conversations/search", "/tickets/search"} {
			key, stream := "conversations", "conversations"
			if path == "/tickets/search" {
				key, stream = "tickets", "tickets"
			}
			got, _ := searchPages(t, s, path, key, filterQ("updated_at", tc.op, tc.value), "", "", 150)
			want := filter(s.Records(stream), func(c map[string]any) bool { return tc.in(asInt(c["updated_at"])) })
			wantSameRecords(t, stream+" updated_at "+tc.op, got, want)
		}
	}
}

func TestDayBoundsAcrossDaylightSaving(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	springForward := time.Date(2025, 3, 9, 12, 0, 0, 0, loc).Unix()
	start, next := dayBounds(springForward, loc)
	if next-start != 23*3600 {
		t.Errorf("day of the spring change lasts %ds, want 23h", next-start)
	}
}
