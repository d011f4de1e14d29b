package streams

import (
	"context"
	"encoding/json"
	"iter"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// companies scans every company with the scroll API (the only way
// through large workspaces) and keeps, on our side, those changed since the
// cursor. A scan cannot resume midway, so it checkpoints once, at its end.
// The companies list counts them for an estimate (it leaves out companies
// without contacts, so the estimate may fall short).
func companies() engine.Stream {
	return engine.Stream{Name: "companies", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at",
		Source: engine.Scroll{Path: intercom.PathCompaniesScroll, Key: "data", What: "companies", CountPath: intercom.PathCompaniesList}}
}

// companySegments lists the segments of every company changed since the
// parent cursor: one request a company.
func companySegments() engine.Stream {
	return engine.Stream{
		Name: "company_segments", PrimaryKey: [][]string{{"id"}, {"company_id"}}, Cursor: "updated_at", Parent: "companies",
		Source: ofCompanies(
			func(c json.RawMessage) int64 { return engine.CountArray(c, "segments", "segments") },
			func(ctx context.Context, env *engine.Env, id string) iter.Seq2[engine.Page, error] {
				return func(yield func(engine.Page, error) bool) {
					yield(engine.ChildList(ctx, env, intercom.CompanySegmentsPath(id), "data", "company_id", id))
				}
			}),
	}
}

// ofCompanies is a child of companies. The companies come from the scroll
// (shared with the companies stream and the other children when read
// together), those changed since the child's cursor or, for one without,
// since start_date; each company's children are fetched as the scroll
// hands it over, and the state moves every SegmentsCheckpointEvery
// companies once the scroll has ended (see engine.ScanChildren). count
// estimates a company's children from its record; fetch gives them as a
// chain of pages.
func ofCompanies(count func(company json.RawMessage) int64, fetch func(ctx context.Context, env *engine.Env, id string) iter.Seq2[engine.Page, error]) engine.Child {
	return engine.Child{Of: companies(), Estimate: count, From: engine.ScanChildren(SegmentsCheckpointEvery, fetch)}
}

// SegmentsCheckpointEvery is how many companies' children are written
// between two checkpoints of a child of companies, once the scroll has
// ended.
const SegmentsCheckpointEvery = 500
