package streams

import (
	"cmp"
	"context"
	"iter"
	"slices"

	"github.com/buger/jsonparser"
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
// parent cursor: one request a company. The companies come from the
// scroll (shared with the companies stream when both are read); their ids
// are collected during it and the segments fetched after it, so work on
// children never leaves the scroll idle long enough to expire. Children
// are fetched in ascending company updated_at, so the parent cursor can
// move as they are written: after the segments of every company below a
// cursor, the state moves there, every SegmentsCheckpointEvery companies.
func companySegments() engine.Stream {
	return engine.Stream{
		Name: "company_segments", PrimaryKey: [][]string{{"id"}, {"company_id"}}, Cursor: "updated_at", Parent: "companies",
		Source: engine.Child{Of: companies(), From: func(ctx context.Context, env *engine.Env, scan iter.Seq2[engine.Page, error]) iter.Seq2[engine.Page, error] {
			return func(yield func(engine.Page, error) bool) {
				var changed []parentRef
				embedded, final := int64(0), int64(0)
				for p, err := range scan {
					if err != nil {
						yield(engine.Page{}, err)
						return
					}
					// The scan's checkpoint comes once, at its end.
					final = max(final, p.Checkpoint)
					for _, rec := range p.Records {
						c, _ := engine.CursorOf(rec, "updated_at")
						if id, err := jsonparser.GetString(rec, "id"); err == nil {
							changed = append(changed, parentRef{id: id, cursor: c})
							embedded += engine.CountArray(rec, "segments", "segments")
						}
					}
				}
				if ctx.Err() != nil {
					return
				}
				env.EstimateRows(embedded)
				slices.SortFunc(changed, func(a, b parentRef) int { return cmp.Compare(a.cursor, b.cursor) })
				fetch := func(ctx context.Context, i int) (engine.Page, error) {
					p, err := engine.ChildList(ctx, env, intercom.CompanySegmentsPath(changed[i].id), "data", "company_id", changed[i].id)
					if next := i + 1; err == nil && next < len(changed) && next%SegmentsCheckpointEvery == 0 {
						p.Checkpoint = min(changed[next].cursor, final)
					}
					return p, err
				}
				for p, err := range engine.FanOutAhead(ctx, env.Workers, engine.ChildAhead*env.Workers, engine.IndexSeq(len(changed)), fetch) {
					if !yield(p, err) || err != nil {
						return
					}
				}
				yield(engine.Page{Checkpoint: final}, nil)
			}
		}},
	}
}

// SegmentsCheckpointEvery is how many companies' segments are written
// between two checkpoints of company_segments.
const SegmentsCheckpointEvery = 500

// parentRef is a parent record's id and cursor.
type parentRef struct {
	id     string
	cursor int64
}
