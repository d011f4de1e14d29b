package source

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// descriptionFile is Intercom's official OpenAPI description, version 2.16,
// vendored unchanged (testdata/README.md).
const descriptionFile = "testdata/intercom-openapi-2.16.yaml"

// replayBase is the origin requests are replayed at: the description's
// servers are replaced by it, so routes match on method and path only.
const replayBase = "http://intercom.test"

// undeclaredPaging lists the query parameters the description does not
// declare but the connector sends, allowed on exactly these operations and
// nowhere else:
//
//   - page and per_page on list endpoints whose 2.16 description declares no
//     paging. Intercom honours them there: its answers carry `pages` (page,
//     per_page, total_pages; the description keeps that object in every one
//     of these answers but help_center_list), and Intercom's own 2.11
//     description declares both parameters on all of them but news items.
//     Without them a list longer than Intercom's default page would take
//     more requests, or be cut at one page.
//   - page and per_page on the newsfeeds and the internal articles, the
//     same way: their answers carry the same `pages` (page, per_page,
//     total_pages) as the news items' and the articles', in the same
//     envelope, and nothing else reaches their second page.
//   - page and per_page on the external pages: the connector sends nothing
//     there; page and per_page come in the pages.next links Intercom
//     answers with, which the connector follows as given.
var undeclaredPaging = map[string][]string{
	"GET /articles":                        {"page", "per_page"},
	"GET /help_center/collections":         {"page", "per_page"},
	"GET /help_center/help_centers":        {"page", "per_page"},
	"GET /news/news_items":                 {"page", "per_page"},
	"GET /news/newsfeeds":                  {"page", "per_page"},
	"GET /internal_articles":               {"page", "per_page"},
	"GET /contacts/{contact_id}/companies": {"page", "per_page"},
	"GET /contacts/{contact_id}/notes":     {"page", "per_page"},
	"GET /ai/external_pages":               {"page", "per_page"},
	"GET /companies/{company_id}/contacts": {"page", "per_page"},
}

// loadDescription loads the vendored description, validates it and returns
// a router over it.
// Problems of the description that stop kin-openapi from validating it are
// worked around here, on the in-memory copy only; none concerns an
// operation the connector calls.
func loadDescription(t *testing.T) routers.Router {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile(descriptionFile)
	if err != nil {
		t.Fatalf("load %s: %v", descriptionFile, err)
	}
	// Workaround 1: ticket_custom_attributes and
	// ticket_request_custom_attributes allow `type: array` without `items`
	// among the values of their additionalProperties (anyOf), which OpenAPI
	// 3.0 requires; kin-openapi refuses the document. They get `items: {}`
	// (any item), which is what the description means.
	for _, name := range []string{"ticket_custom_attributes", "ticket_request_custom_attributes"} {
		s := doc.Components.Schemas[name]
		if s == nil || s.Value == nil || s.Value.AdditionalProperties.Schema == nil {
			t.Fatalf("workaround 1: the description has no schema %s with additionalProperties", name)
		}
		fixed := 0
		for _, alt := range s.Value.AdditionalProperties.Schema.Value.AnyOf {
			if alt.Value != nil && alt.Value.Type.Is(openapi3.TypeArray) && alt.Value.Items == nil {
				alt.Value.Items = openapi3.NewSchemaRef("", openapi3.NewSchema())
				fixed++
			}
		}
		if fixed == 0 {
			t.Fatalf("workaround 1: %s has no array without items any more; drop the workaround", name)
		}
	}
	// Workaround 2: GET /export/reporting_data/{job_identifier} and GET
	// /download/reporting_data/{job_identifier} declare job_identifier `in:
	// query` instead of `in: path`, so their path parameter is undeclared
	// and kin-openapi refuses the document. They get a string path
	// parameter job_identifier.
	for _, path := range []string{"/export/reporting_data/{job_identifier}", "/download/reporting_data/{job_identifier}"} {
		item := doc.Paths.Value(path)
		if item == nil || item.Get == nil {
			t.Fatalf("workaround 2: the description has no GET %s", path)
		}
		if item.Get.Parameters.GetByInAndName(openapi3.ParameterInPath, "job_identifier") != nil {
			t.Fatalf("workaround 2: GET %s declares its path parameter now; drop the workaround", path)
		}
		item.Get.Parameters = append(item.Get.Parameters, &openapi3.ParameterRef{
			Value: openapi3.NewPathParameter("job_identifier").WithSchema(openapi3.NewStringSchema())})
	}
	// Workaround 3: examples in the description do not always match their
	// own schemas (activity_log_metadata's auto_changed is a string whose
	// example is false). Examples play no part in validating a request, so
	// the document is validated without them.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		t.Fatalf("the description does not validate: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: replayBase}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return router
}

// validateRequest replays r as an http.Request and validates it against the
// description: its route (method and path), path parameters, query
// parameters (each one declared by the operation, unless undeclaredPaging
// allows it, and each value valid), headers declared (Intercom-Version) and
// JSON body. Security is not validated. It returns the operation, "METHOD
// /template", and the violations, and marks in allowed each parameter of
// undeclaredPaging it met.
func validateRequest(router routers.Router, r fakeintercom.Request, allowed map[string]bool) (string, []string) {
	target := replayBase + r.Path
	if r.RawQuery != "" {
		target += "?" + r.RawQuery
	}
	req := httptest.NewRequest(r.Method, target, bytes.NewReader(r.Body))
	if len(r.Body) > 0 {
		// The fake does not record Content-Type; the client sets
		// application/json on every request with a body (client.go).
		req.Header.Set("Content-Type", "application/json")
	}
	if r.Version != "" {
		req.Header.Set("Intercom-Version", r.Version)
	}
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		return r.Method + " " + r.Path, []string{fmt.Sprintf("no operation: %v", err)}
	}
	op := r.Method + " " + route.Path
	var violations []string
	declared := map[string]bool{}
	for _, ps := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				declared[p.Value.Name] = true
			}
		}
	}
	q, err := url.ParseQuery(r.RawQuery)
	if err != nil {
		violations = append(violations, fmt.Sprintf("query %q: %v", r.RawQuery, err))
	}
	for name := range q {
		switch {
		case declared[name]:
		case slices.Contains(undeclaredPaging[op], name):
			allowed[op+" "+name] = true
		default:
			violations = append(violations, fmt.Sprintf("query parameter %q is not declared", name))
		}
	}
	err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
			MultiError:                        true,
			RejectWhenRequestBodyNotSpecified: true,
		},
	})
	if me, ok := err.(openapi3.MultiError); ok {
		for _, e := range me {
			violations = append(violations, e.Error())
		}
	} else if err != nil {
		violations = append(violations, err.Error())
	}
	return op, violations
}

// TestEveryRequestValidatesAgainstTheDescription: every request a read of
// every stream sends to the fake (a full refresh, an incremental read from
// scratch, then, after a few changes, an incremental read from its final
// states) validates against Intercom's 2.16 description: a declared
// operation, path parameters, query parameters (none undeclared, save the
// paging of undeclaredPaging) and JSON body.
func TestEveryRequestValidatesAgainstTheDescription(t *testing.T) {
	t.Parallel()
	router := loadDescription(t)
	// The validator refuses what the description does not allow: an
	// undeclared parameter, a bad value, a body on a GET, an unknown
	// operation or version, a bad body.
	for _, bad := range []fakeintercom.Request{
		{Method: "GET", Path: "/tags", RawQuery: "per_page=50"},
		{Method: "GET", Path: "/data_attributes", RawQuery: "model=contact&include_archived=maybe"},
		{Method: "GET", Path: "/segments", Body: []byte(`{}`)},
		{Method: "GET", Path: "/contacts/1/conversations"},
		{Method: "GET", Path: "/admins", Version: "2.99"},
		{Method: "POST", Path: "/contacts/search", Body: []byte(`{"query":{"field":"updated_at","operator":">","value":1},"pagination":{"per_page":"150"}}`)},
		{Method: "POST", Path: "/contacts/search", Body: []byte(`{"query":{"field":"updated_at","operator":">","value":1},"sort":{"field":"updated_at","order":"asc"}}`)},
		{Method: "POST", Path: "/tickets/search", Body: []byte(`{"pagination":{"per_page":150}}`)},
	} {
		if _, violations := validateRequest(router, bad, map[string]bool{}); len(violations) == 0 {
			t.Fatalf("%s %s?%s %s validates", bad.Method, bad.Path, bad.RawQuery, bad.Body)
		}
	}
	srv := fakeintercom.New(fakeintercom.Options{Seed: 14, Size: fakeintercom.Tiny, Token: "tok"})

	full, incremental := map[string]string{}, map[string]string{}
	for _, s := range streams.All() {
		full[s.Name] = "full_refresh"
		incremental[s.Name] = "full_refresh"
		if s.Cursor != "" {
			incremental[s.Name] = "incremental"
		}
	}
	type phase struct {
		name     string
		from, to int
	}
	var phases []phase
	run := func(name string, modes map[string]string, state []byte) []map[string]any {
		from := len(srv.Requests())
		msgs := readInProcessFrom(t, srv, "tok", modes, state, nil)
		phases = append(phases, phase{name, from, len(srv.Requests())})
		return msgs
	}
	run("full refresh", full, nil)
	msgs := run("incremental from scratch", incremental, nil)

	// The final state of every stream, as the next read gets it.
	last := map[string]json.RawMessage{}
	for _, m := range msgs {
		if m["type"] != "STATE" {
			continue
		}
		st := m["state"].(map[string]any)
		name := st["stream"].(map[string]any)["stream_descriptor"].(map[string]any)["name"].(string)
		last[name], _ = json.Marshal(st)
	}
	var states []json.RawMessage
	for _, name := range slices.Sorted(maps.Keys(last)) {
		states = append(states, last[name])
	}
	if len(states) == 0 {
		t.Fatal("the incremental read emitted no STATE")
	}
	state, _ := json.Marshal(states)
	for _, stream := range []string{"contacts", "companies", "conversations", "tickets"} {
		if err := srv.Update(stream, firstRecordID(t, srv, stream), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.AddConversationPart(firstRecordID(t, srv, "conversations")); err != nil {
		t.Fatal(err)
	}
	run("incremental from its states", incremental, state)

	reqs := srv.Requests()
	ops, allowed := map[string]int{}, map[string]bool{}
	for _, p := range phases {
		searches := 0
		for _, r := range reqs[p.from:p.to] {
			op, violations := validateRequest(router, r, allowed)
			ops[op]++
			if strings.HasSuffix(op, "/search") {
				searches++
			}
			if r.Status >= 400 {
				violations = append(violations, fmt.Sprintf("the fake answered %d", r.Status))
			}
			for _, v := range violations {
				t.Errorf("%s: %s %s?%s %s: %s", p.name, r.Method, r.Path, r.RawQuery, r.Body, v)
			}
		}
		t.Logf("%s: %d requests, %d searches", p.name, p.to-p.from, searches)
		if searches == 0 {
			t.Errorf("%s: no search request; the read proves little", p.name)
		}
	}
	// An allowance the connector no longer needs is dropped, not kept.
	for op, params := range undeclaredPaging {
		for _, name := range params {
			if !allowed[op+" "+name] {
				t.Errorf("no request sent %s to %s; drop it from undeclaredPaging", name, op)
			}
		}
	}
	if len(ops) < 20 {
		t.Errorf("%d distinct operations, want one at least for every kind of stream", len(ops))
	}
	t.Logf("%d requests validated, %d distinct operations: %v", len(reqs), len(ops), ops)
}

// firstRecordID is the id of the fake's first record of stream.
func firstRecordID(t *testing.T, srv *fakeintercom.Server, stream string) string {
	t.Helper()
	b, err := json.Marshal(srv.Records(stream))
	if err != nil {
		t.Fatal(err)
	}
	var recs []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &recs); err != nil || len(recs) == 0 || recs[0].ID == "" {
		t.Fatalf("the fake's %s: %d records, %v", stream, len(recs), err)
	}
	return recs[0].ID
}
