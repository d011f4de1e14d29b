package streams

import (
	"context"
	"iter"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// companies scans every company with the scroll API (the only way
// through large workspaces) and keeps, on our side, those changed since the
// cursor. A scan cannot resume midway, so it checkpoints once, at its end.
func companies() engine.Stream {
	return engine.Stream{Name: "companies", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at",
		Source: engine.Scroll{Path: intercom.PathCompaniesScroll, Key: "data", What: "companies"}}
}

// companySegments lists the segments of every company changed since the
// parent cursor: one request a company, fetched as the scroll (shared with
// the companies stream when both are read) hands the companies over; see
// engine.ScanChildren for how its state moves, every
// SegmentsCheckpointEvery companies once the scroll has ended. The
// companies' embedded segments are the estimate.
func companySegments() engine.Stream {
	segments := engine.ScanChildren(SegmentsCheckpointEvery, func(ctx context.Context, env *engine.Env, id string) (engine.Page, error) {
		return engine.ChildList(ctx, env, intercom.CompanySegmentsPath(id), "data", "company_id", id)
	})
	return engine.Stream{
		Name: "company_segments", PrimaryKey: [][]string{{"id"}, {"company_id"}}, Cursor: "updated_at", Parent: "companies",
		Source: engine.Child{Of: companies(), From: func(ctx context.Context, env *engine.Env, scan iter.Seq2[engine.Page, error]) iter.Seq2[engine.Page, error] {
			return segments(ctx, env, estimateSegments(env, scan))
		}},
	}
}

// estimateSegments passes the companies through, and at the scan's end
// estimates their segments from those embedded in the records.
func estimateSegments(env *engine.Env, scan iter.Seq2[engine.Page, error]) iter.Seq2[engine.Page, error] {
	return func(yield func(engine.Page, error) bool) {
		embedded := int64(0)
		for p, err := range scan {
			for _, rec := range p.Records {
				embedded += engine.CountArray(rec, "segments", "segments")
			}
			if !yield(p, err) || err != nil {
				return
			}
		}
		env.EstimateRows(embedded)
	}
}

// SegmentsCheckpointEvery is how many companies' segments are written
// between two checkpoints of company_segments, once the scroll has ended.
const SegmentsCheckpointEvery = 500
