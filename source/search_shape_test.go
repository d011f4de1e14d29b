package source

import (
	"bytes"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/streams"
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
	t.Parallel()
	searches := 0
	for _, s := range streams.All() {
		sp, ok := s.Source.(engine.Search)
		if !ok {
			continue
		}
		searches++
		for _, w := range [][2]int64{{1_700_000_000, 0}, {1_700_000_000, 1_700_086_400}} {
			if q := sp.Query(w[0], w[1]); !wellFormed(q) {
				t.Errorf("%s %v: %+v mixes filters and groups", sp.Path, w, q)
			}
		}
	}
	if searches < 3 {
		t.Errorf("%d search streams, want contacts, conversations and tickets at least", searches)
	}
}

// TestSearchRequestsValidateAgainstTheDescription: a read of Small's
// contacts (cut into windows) and tickets sends search requests that each
// validate against the search_request of Intercom's description
// (testdata/search_request.schema.json); the fake, which refuses a group
// mixing filters and groups (400) as the description does, serves them all.
func TestSearchRequestsValidateAgainstTheDescription(t *testing.T) {
	t.Parallel()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	schema, err := c.Compile("testdata/search_request.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	valid := func(body []byte) error {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			return err
		}
		return schema.Validate(doc)
	}
	// The shape used before: AND[OR[> D, = D], < E] mixes a group and a filter.
	if valid([]byte(`{"query":{"operator":"AND","value":[{"operator":"OR","value":[{"field":"updated_at","operator":">","value":1},{"field":"updated_at","operator":"=","value":1}]},{"field":"updated_at","operator":"<","value":2}]}}`)) == nil {
		t.Fatal("the schema accepts a group mixing filters and groups")
	}

	fake := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Small, Token: fakeToken})
	code, msgs := readFake(t, fake, "contacts", "tickets")
	counts := map[string]int{}
	for _, m := range msgs {
		if r, ok := m["record"].(map[string]any); ok {
			counts[r["stream"].(string)]++
		}
	}
	status, errs := outcome(msgs)
	for _, stream := range []string{"contacts", "tickets"} {
		if status[stream] != "COMPLETE" || counts[stream] != len(fake.Records(stream)) {
			t.Errorf("%s: %s %v, %d of %d records", stream, status[stream], errs[stream], counts[stream], len(fake.Records(stream)))
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	windowed, searches := 0, 0
	for _, r := range fake.Requests() {
		if r.Status == 400 {
			t.Errorf("refused: %s %s %s", r.Method, r.Path, r.Body)
		}
		if r.Method != "POST" || !strings.HasSuffix(r.Path, "/search") {
			continue
		}
		searches++
		if err := valid(r.Body); err != nil {
			t.Errorf("%s %s does not validate: %v", r.Path, r.Body, err)
		}
		if strings.Contains(string(r.Body), `{"operator":"OR","value":[{"operator":"AND"`) {
			windowed++
		}
	}
	if windowed == 0 || searches < 10 {
		t.Errorf("%d searches, %d of bounded contact windows", searches, windowed)
	}
}
