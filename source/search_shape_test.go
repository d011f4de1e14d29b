package source

import (
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/intercom"
)

// wellFormed reports whether every group of q holds only filters or only
// groups, as Intercom's multiple_filter_search_request allows.
func wellFormed(q intercom.Filter) bool {
	fs, ok := q.Value.([]intercom.Filter)
	if !ok {
		return q.Field != ""
	}
	singles := 0
	for _, f := range fs {
		if f.Field != "" {
			singles++
		} else if !wellFormed(f) {
			return false
		}
	}
	return singles == 0 || singles == len(fs)
}

func TestSearchQueriesFollowTheDescription(t *testing.T) {
	for _, sp := range []searchSpec{contactSearch, conversationSearch, ticketSearch} {
		for _, w := range []window{{lo: 1_700_000_000}, {lo: 1_700_000_000, hi: 1_700_086_400}} {
			if q := sp.query(w); !wellFormed(q) {
				t.Errorf("%s %+v: %+v mixes filters and groups", sp.path, w, q)
			}
		}
	}
}

// TestContactsReadThroughAStrictFake: the fake refuses a group mixing
// filters and groups (400), as the description does; windowed contact
// searches read every contact.
func TestContactsReadThroughAStrictFake(t *testing.T) {
	// Small: enough contacts (3,000) for the search to be cut into windows.
	fake := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Small, Token: fakeToken})
	code, msgs := readFake(t, fake, "contacts")
	records := 0
	for _, m := range msgs {
		if m["type"] == "RECORD" {
			records++
		}
	}
	status, errs := outcome(msgs)
	if code != 0 || status["contacts"] != "COMPLETE" || records != len(fake.Records("contacts")) {
		t.Errorf("exit %d, %v %v, %d of %d contacts", code, status, errs, records, len(fake.Records("contacts")))
	}
	windowed := 0
	for _, r := range fake.Requests() {
		if r.Status == 400 {
			t.Errorf("refused: %s %s %s", r.Method, r.Path, r.Body)
		}
		if strings.Contains(string(r.Body), `{"operator":"OR","value":[{"operator":"AND"`) {
			windowed++
		}
	}
	if windowed == 0 {
		t.Error("no bounded window was searched")
	}
}
