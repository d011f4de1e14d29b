package engine

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"slices"
	"sync"

	"github.com/buger/jsonparser"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// ScanChildren is a Child's From for a parent read by a scan whose records
// come in no cursor order and checkpoint only at its end (the companies
// scroll). Each parent's children are fetched, one request a parent, as
// the scan hands the parent over: the fetches never hold the scan back
// (it must not idle long enough to expire), and they overlap its chain of
// pages rather than wait for its end. Once the scan has ended, the parents
// not yet fetched are fetched in ascending cursor order, so the state may
// move every `every` parents: past a parent's cursor once every parent
// below it, fetched during the scan or since, has its children written.
//
// A parent's children come as a chain of pages (fetch): its first page is
// fetched in the pool, in parallel with other parents', the rest one
// ahead of being written, so memory holds a page or two per parent however
// many children one has. A parent deleted meanwhile (HTTP 404) has none.
func ScanChildren(every int, fetch func(ctx context.Context, env *Env, parentID string) iter.Seq2[Page, error]) func(context.Context, *Env, iter.Seq2[Page, error]) iter.Seq2[Page, error] {
	return func(ctx context.Context, env *Env, parents iter.Seq2[Page, error]) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			q := &scanQueue{notify: make(chan struct{}, 1), every: every}
			collected := make(chan struct{})
			go func() { defer close(collected); q.collect(ctx, parents) }()
			defer func() { cancel(); <-collected }()
			type started struct {
				chain      *chain
				checkpoint int64
			}
			n := max(1, env.Workers/scanShare)
			children := FanOutAhead(ctx, n, n, q.jobs(ctx), func(ctx context.Context, j scanJob) (started, error) {
				c, err := startChain(ctx, fetch(ctx, env, j.id))
				return started{c, j.checkpoint}, err
			})
			for s, err := range children {
				if err != nil {
					yield(Page{}, err)
					return
				}
				for p, err := range s.chain.pages() {
					if !yield(p, err) || err != nil {
						return
					}
				}
				if s.checkpoint > 0 && !yield(Page{Checkpoint: s.checkpoint}, nil) {
					return
				}
			}
			if ctx.Err() == nil {
				yield(Page{Checkpoint: q.final}, nil)
			}
		}
	}
}

// scanShare: a scan's children take at most this share of the requests in
// flight, and read no further ahead. A parent's chain holds up to two pages
// (a company's contacts: 50 records, some 150 KB a page), and the other
// streams need the rest; at 200 in flight, 50 chains hold about 15 MB,
// while the scan's own pages (a chain) are never held back by them.
const scanShare = 4

// scanJob is one parent to fetch the children of, and the checkpoint that
// holds once they are written (0: none).
type scanJob struct {
	id         string
	cursor     int64
	checkpoint int64
}

// scanQueue holds the parents the scan has handed over and not yet
// fetched.
type scanQueue struct {
	mu      sync.Mutex
	pending []scanJob
	done    bool
	err     error
	final   int64 // the scan's checkpoint, once done
	notify  chan struct{}
	every   int
}

// collect takes every parent of the scan, never blocking it, until the
// scan ends or the read stops.
func (q *scanQueue) collect(ctx context.Context, parents iter.Seq2[Page, error]) {
	for p, err := range parents {
		q.mu.Lock()
		if err != nil {
			q.err = err
		} else {
			q.final = max(q.final, p.Checkpoint)
			for _, rec := range p.Records {
				id, err := jsonparser.GetString(rec, "id")
				if err != nil {
					q.err = &intercom.DecodeError{Err: errors.New("a parent record without id")}
					break
				}
				c, _ := CursorOf(rec, "updated_at")
				q.pending = append(q.pending, scanJob{id: id, cursor: c})
			}
		}
		failed := q.err != nil
		q.mu.Unlock()
		q.wake()
		if failed || ctx.Err() != nil {
			break
		}
	}
	q.mu.Lock()
	q.done = true
	q.mu.Unlock()
	q.wake()
}

func (q *scanQueue) wake() {
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

// jobs yields the parents in the order they came during the scan, then
// the rest in ascending cursor order with their checkpoints.
func (q *scanQueue) jobs(ctx context.Context) iter.Seq2[scanJob, error] {
	return func(yield func(scanJob, error) bool) {
		sorted, after := false, 0
		for {
			q.mu.Lock()
			switch {
			case q.err != nil:
				err := q.err
				q.mu.Unlock()
				yield(scanJob{}, err)
				return
			case len(q.pending) > 0:
				if q.done && !sorted {
					slices.SortStableFunc(q.pending, func(a, b scanJob) int { return cmp.Compare(a.cursor, b.cursor) })
					sorted = true
				}
				j := q.pending[0]
				q.pending = q.pending[1:]
				if sorted {
					if after++; after%q.every == 0 && len(q.pending) > 0 {
						j.checkpoint = min(q.pending[0].cursor, q.final)
					}
				}
				q.mu.Unlock()
				if !yield(j, nil) {
					return
				}
				continue
			case q.done:
				q.mu.Unlock()
				return
			}
			q.mu.Unlock()
			select {
			case <-q.notify:
			case <-ctx.Done():
				return
			}
		}
	}
}
