package engine

import (
	"context"
	"encoding/json"
	"errors"
	"iter"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// Child is the source of a stream built on a parent stream's records: a
// child that costs a request per parent (a contact's notes), or a link
// table derived from the parents alone (a contact's tags). When the parent
// stream, or another child of it, is read in the same sync, one read of the
// parent feeds them all (see feed); otherwise the child reads the parent
// itself.
//
// The child sees only parents changed since its own cursor, and their pages
// keep their checkpoints: a checkpoint says every parent below it has been
// handed over, so once the child has yielded their children, its state (the
// parent's cursor) may move there.
type Child struct {
	// Of is the parent stream: its source, completion and permission.
	Of Stream
	// Alone, if set, is the parent's source when the parent is read for
	// this child alone: a single ascending chain, say, where the children's
	// requests, not the parent's pages, bound the read.
	Alone Source
	// Whole means the children need the parent's records completed
	// (Of.Complete): a contact's whole tag list, not the first ten.
	Whole bool
	// From turns the parents' pages into the child's.
	From func(ctx context.Context, env *Env, parents iter.Seq2[Page, error]) iter.Seq2[Page, error]
	// Estimate, if set, tells from a parent's record how many children it
	// has (a contact's notes.total_count): the child's row estimate is
	// made from it as the parents come (see estimateChildren).
	Estimate func(parent json.RawMessage) int64
}

// children turns the parents' pages into the child's, estimating them on
// the way if the child can.
func (c Child) children(ctx context.Context, env *Env, parents iter.Seq2[Page, error]) iter.Seq2[Page, error] {
	if c.Estimate != nil {
		parents = estimateChildren(env, parents, c.Estimate)
	}
	return c.From(ctx, env, parents)
}

// estimateChildren passes parents through and estimates the children they
// will give from count: the parents' total (a search's total_count) times
// the average so far, after the first page and then every estimateEvery
// parents; once the parents have all come (a scan gives no total), the
// children they count.
func estimateChildren(env *Env, parents iter.Seq2[Page, error], count func(parent json.RawMessage) int64) iter.Seq2[Page, error] {
	const estimateEvery = 1000
	return func(yield func(Page, error) bool) {
		seen, children, last := 0, int64(0), 0
		for p, err := range parents {
			if err == nil {
				for _, c := range p.Records {
					children += count(c)
				}
				seen += len(p.Records)
				if seen > 0 && (last == 0 || seen-last >= estimateEvery) {
					env.EstimateRows(children * int64(max(p.Total, seen)) / int64(seen))
					last = seen
				}
			}
			if !yield(p, err) || err != nil {
				return
			}
		}
		if seen > 0 {
			env.EstimateRows(children)
		}
	}
}

// Pages reads the parent for this child alone.
func (c Child) Pages(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
	src := c.Of.Source
	if c.Alone != nil {
		src = c.Alone
	}
	parents := parentPages(ctx, env.quiet(), c.Of, src, c.Whole, since, since)
	return c.children(ctx, env, changedSince(parents, c.Of.Cursor, since))
}

// parentPages reads a parent stream's source from since, its records
// completed if whole: those whose cursor is at or past completeFrom, the
// ones a reader needing whole records will write (the others only lend
// their ids to children, for which the first page of a list is no less).
func parentPages(ctx context.Context, env *Env, parent Stream, src Source, whole bool, since, completeFrom int64) iter.Seq2[Page, error] {
	pages := src.Pages(ctx, env, since)
	if whole && parent.Complete != nil {
		pages = completed(ctx, env, pages, parent.Complete, parent.Cursor, completeFrom)
	}
	return pages
}

// changedSince drops the parents whose cursor is below since; pages, even
// emptied, go on for their checkpoints.
func changedSince(pages iter.Seq2[Page, error], cursor string, since int64) iter.Seq2[Page, error] {
	if cursor == "" || since <= 0 {
		return pages
	}
	return func(yield func(Page, error) bool) {
		for p, err := range pages {
			if err == nil {
				p.Records = keepSince(p.Records, cursor, since)
			}
			if !yield(p, err) || err != nil {
				return
			}
		}
	}
}

func keepSince(recs []json.RawMessage, cursor string, since int64) []json.RawMessage {
	for i, rec := range recs {
		if c, ok := CursorOf(rec, cursor); ok && c < since {
			// Copy on the first drop only: most pages keep every record,
			// and a shared page must not be changed under another reader.
			out := make([]json.RawMessage, i, len(recs))
			copy(out, recs[:i])
			for _, rec := range recs[i+1:] {
				if c, ok := CursorOf(rec, cursor); !ok || c >= since {
					out = append(out, rec)
				}
			}
			return out
		}
	}
	return recs
}

// PerParent is a Child's From that fetches each parent's children with one
// request (or one chain), many parents at once, and yields them in the
// parents' order with the parents' checkpoints. A parent deleted between
// its listing and the fetch (HTTP 404) has no children left to read.
func PerParent(fetch func(ctx context.Context, env *Env, parent json.RawMessage) (Page, error)) func(context.Context, *Env, iter.Seq2[Page, error]) iter.Seq2[Page, error] {
	return func(ctx context.Context, env *Env, parents iter.Seq2[Page, error]) iter.Seq2[Page, error] {
		children := FanOutBounded(ctx, env.Workers, ChildAhead*env.Workers, AheadBytes, Page.bytes, flatten(parents), func(ctx context.Context, it item) (Page, error) {
			var p Page
			var err error
			if !it.Empty {
				p, err = fetch(ctx, env, it.Record)
				var api *intercom.APIError
				if errors.As(err, &api) && api.StatusCode == 404 {
					p, err = Page{}, nil
				}
			}
			p.Checkpoint, p.AsOf = it.checkpoint, it.AsOf
			return p, err
		})
		return EveryPage(children)
	}
}

// ChildAhead is how many workers' worth of parents a per-parent fan-out
// reads ahead of the one being written, so that one slow answer (Intercom's
// have a long tail) does not leave the other slots idle; AheadBytes bounds
// what the children fetched ahead hold.
const ChildAhead = 4

// AheadBytes is about the most that the results a fan-out fetched ahead of
// the one being written hold (a conversation's parts run to tens of KB:
// some 80 conversations' worth), however many requests are in flight.
const AheadBytes = 4 << 20

// bytes is the size of the page's records, which hold their answer's body.
func (p Page) bytes() int64 {
	n := int64(len(p.Extra))
	for _, r := range p.Records {
		n += int64(len(r))
	}
	return n
}

// Derived is a Child's From that makes the child's records from each
// parent record alone, with no request (link tables).
func Derived(derive func(parent json.RawMessage) ([]json.RawMessage, error)) func(context.Context, *Env, iter.Seq2[Page, error]) iter.Seq2[Page, error] {
	return func(_ context.Context, _ *Env, parents iter.Seq2[Page, error]) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			for p, err := range parents {
				if err != nil {
					yield(Page{}, err)
					return
				}
				out := Page{Checkpoint: p.Checkpoint, AsOf: p.AsOf}
				for _, rec := range p.Records {
					recs, err := derive(rec)
					if err != nil {
						yield(Page{}, err)
						return
					}
					out.Records = append(out.Records, recs...)
				}
				if !yield(out, nil) {
					return
				}
			}
		}
	}
}

// quiet is env for reading a parent on a child's behalf: the parent's
// estimates are not the child's.
func (env *Env) quiet() *Env {
	e := *env
	e.Estimator = nil
	return &e
}
