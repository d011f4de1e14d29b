package streams

import (
	"cmp"
	"context"
	"encoding/json"
	"iter"
	"slices"
	"time"

	"github.com/buger/jsonparser"
	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// companies scans every company with the scroll API (the only way
// through large workspaces) and keeps, on our side, those changed since the
// cursor. A scan cannot resume midway, so it checkpoints once, at its end,
// at the time it began.
func companies() engine.Stream {
	return engine.Stream{
		Name: "companies", PrimaryKey: [][]string{{"id"}}, Cursor: "updated_at",
		Source: engine.Func(func(ctx context.Context, env *engine.Env, since int64) iter.Seq2[engine.Page, error] {
			return func(yield func(engine.Page, error) bool) {
				start, ok := scanCompanies(ctx, env, yield, func(page []json.RawMessage) bool {
					return yield(engine.Page{Records: page}, nil)
				})
				if ok {
					yield(engine.Page{Checkpoint: engine.ScanCheckpoint(env, start)}, nil)
				}
			}
		}),
	}
}

// scanCompanies runs one scroll, handing each page's new companies to emit.
// A scroll that restarts returns companies already handed over; they are
// dropped so no company is emitted twice in one sync. It returns the
// server time the scan began, and false if it stopped early (error
// yielded, or emit asked to stop).
func scanCompanies(ctx context.Context, env *engine.Env, yield func(engine.Page, error) bool, emit func([]json.RawMessage) bool) (time.Time, bool) {
	var start time.Time
	seen := engine.IDSet{}
	for p, err := range env.Client.Scroll(ctx, intercom.PathCompaniesScroll, "data", env.Scroll) {
		if err != nil {
			yield(engine.Page{}, err)
			return start, false
		}
		if start.IsZero() {
			start = p.Date
		}
		if p.Restarted {
			env.Warn("The companies scroll failed midway and was restarted from the beginning; companies already read are skipped.")
		}
		fresh := p.Items[:0:0]
		for _, rec := range p.Items {
			if seen.Add(rec) {
				fresh = append(fresh, rec)
			}
		}
		if !emit(fresh) {
			return start, false
		}
	}
	return start, true
}

// companySegments lists the segments of every company changed since the
// parent cursor: one request a company.
func companySegments() engine.Stream {
	return engine.Stream{
		Name: "company_segments", PrimaryKey: [][]string{{"id"}, {"company_id"}}, Cursor: "updated_at", Parent: "companies",
		Source: engine.Child{Of: companies(), From: afterScan(
			func(c json.RawMessage) int64 { return engine.CountArray(c, "segments", "segments") },
			func(ctx context.Context, env *engine.Env, id string) iter.Seq2[engine.Page, error] {
				return func(yield func(engine.Page, error) bool) {
					yield(engine.ChildList(ctx, env, intercom.CompanySegmentsPath(id), "data", "company_id", id))
				}
			})},
	}
}

// afterScan is the From of a child of companies. The companies come from
// the scroll (shared with the companies stream and the other children when
// read together); the ids of those changed since the cursor are collected
// during it and their children fetched after it, so work on children never
// leaves the scroll idle long enough to expire; those updated before
// start_date are left out (see replicated). count estimates a
// company's children from its record; fetch gives them as a chain of
// pages. Children are fetched in ascending company updated_at, so the
// parent cursor can move as they are written: after the children of every
// company below a cursor, the state moves there, every
// SegmentsCheckpointEvery companies. A company deleted after the scroll
// (HTTP 404) has no children left to read.
func afterScan(count func(company json.RawMessage) int64, fetch func(ctx context.Context, env *engine.Env, id string) iter.Seq2[engine.Page, error]) func(context.Context, *engine.Env, iter.Seq2[engine.Page, error]) iter.Seq2[engine.Page, error] {
	return func(ctx context.Context, env *engine.Env, scan iter.Seq2[engine.Page, error]) iter.Seq2[engine.Page, error] {
		return func(yield func(engine.Page, error) bool) {
			var changed []parentRef
			embedded, final := int64(0), int64(0)
			for p, err := range replicated(env, scan) {
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
						embedded += count(rec)
					}
				}
			}
			if ctx.Err() != nil {
				return
			}
			env.EstimateRows(embedded)
			slices.SortFunc(changed, func(a, b parentRef) int { return cmp.Compare(a.cursor, b.cursor) })
			first := func(ctx context.Context, i int) (*chain, error) {
				return startChain(ctx, fetch(ctx, env, changed[i].id))
			}
			next := 0 // the company after the one whose children come
			for c, err := range engine.FanOutAhead(ctx, env.Workers, engine.ChildAhead*env.Workers, engine.IndexSeq(len(changed)), first) {
				if err != nil {
					yield(engine.Page{}, err)
					return
				}
				for p, err := range c.pages() {
					if !yield(p, err) || err != nil {
						return
					}
				}
				if next++; next < len(changed) && next%SegmentsCheckpointEvery == 0 {
					if !yield(engine.Page{Checkpoint: min(changed[next].cursor, final)}, nil) {
						return
					}
				}
			}
			yield(engine.Page{Checkpoint: final}, nil)
		}
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
