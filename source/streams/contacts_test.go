package streams_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// TestContactsAreCompleted: each of a contact's nested lists that Intercom
// caps (has_more) is replaced by the whole list from the contact's
// sub-resource, with one request per capped list and none for the others.
func TestContactsAreCompleted(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 8, Size: fakeintercom.Tiny, Token: token})
	s, _ := streams.Lookup("contacts")
	r := read(t, srv, s, airbyte.FullRefresh, nil)
	capped := map[string]int{} // list → contacts whose list had more than the cap
	for _, c := range r.records {
		id := c["id"].(string)
		for _, list := range []string{"tags", "companies", "notes"} {
			l := c[list].(map[string]any)
			var got []string
			for _, it := range l["data"].([]any) {
				got = append(got, it.(map[string]any)["id"].(string))
			}
			want := srv.NestedIDs(id, list)
			if len(want) > 10 {
				capped[list]++
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) || int(l["total_count"].(float64)) != len(want) || l["has_more"] == true {
				t.Errorf("contact %s %s: %d ids (total_count %v, has_more %v), the fake holds %d", id, list, len(got), l["total_count"], l["has_more"], len(want))
			}
		}
	}
	requests := map[string]int{}
	for _, req := range srv.Requests() {
		if rest, ok := strings.CutPrefix(req.Path, "/contacts/"); ok && strings.Count(rest, "/") == 1 && req.Method == "GET" {
			list := rest[strings.Index(rest, "/")+1:]
			if q, _ := url.ParseQuery(req.RawQuery); q.Get("page") == "" || q.Get("page") == "1" {
				requests[list]++
			}
		}
	}
	for _, list := range []string{"tags", "companies", "notes"} {
		if capped[list] == 0 {
			t.Errorf("%s: no contact has more than the cap; the test proves nothing for it", list)
		}
		if requests[list] != capped[list] {
			t.Errorf("%s: %d first-page requests for %d capped contacts", list, requests[list], capped[list])
		}
	}
}
