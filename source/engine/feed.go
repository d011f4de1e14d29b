package engine

import (
	"context"
	"iter"
	"math"
	"runtime/debug"
	"sync"
)

// A parent stream and its children, or several children of one parent,
// selected in the same sync read the parent once: a feed runs the parent's
// source and hands every page to each of its readers. Each reader sees the
// parents changed since its own cursor (the feed reads from the earliest),
// and the pages keep their checkpoints, which hold for every reader: every
// parent below one has been handed over.

// feed is one read of a parent stream shared by several streams.
type feed struct {
	parent Stream
	src    Source
	whole  bool
	since  int64
	// completeFrom: the parent's records from this cursor on are
	// completed, for the readers that write them whole.
	completeFrom int64
	ctx          context.Context // counts the requests of the stream that owns the read
	env          *Env
	// readers, in job order; the parent's own job, if any, reads pages as
	// the source yields them, a child's filtered by its cursor.
	readers []*reader
}

// reader is one stream's end of a feed.
type reader struct {
	since int64
	ch    chan feedPage
	stop  chan struct{}
	once  sync.Once
}

type feedPage struct {
	page Page
	err  error
}

// close tells the feed this reader wants no more pages.
func (r *reader) close() { r.once.Do(func() { close(r.stop) }) }

// pages is the reader's sequence; it may be ranged over once.
func (r *reader) pages() iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		defer r.close()
		for m := range r.ch {
			if !yield(m.page, m.err) || m.err != nil {
				return
			}
		}
	}
}

// run reads the parent and hands each page to every reader still reading,
// in step: the slowest reader sets the pace, so no page is held in memory
// for long. It ends when the source ends or fails, or every reader stops.
func (f *feed) run() {
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	live := make([]bool, len(f.readers))
	for i := range live {
		live[i] = true
	}
	// deliver hands a page to every reader still reading; false when none is.
	deliver := func(p Page, err error) bool {
		any := false
		for i, r := range f.readers {
			if !live[i] {
				continue
			}
			q := p
			if err == nil {
				q.Records = keepSince(p.Records, f.parent.Cursor, r.since)
			}
			select {
			case r.ch <- feedPage{q, err}:
				any = true
			case <-r.stop:
				live[i] = false
			case <-ctx.Done():
				return false
			}
		}
		return any
	}
	defer func() {
		for _, r := range f.readers {
			close(r.ch)
		}
	}()
	// A panic in the parent's source fails its readers, as it would fail
	// the stream reading it alone.
	defer func() {
		if v := recover(); v != nil {
			deliver(Page{}, &panicError{value: v, stack: string(debug.Stack())})
		}
	}()
	for p, err := range parentPages(ctx, f.env, f.parent, f.src, f.whole, f.since, f.completeFrom) {
		if !deliver(p, err) || err != nil {
			return
		}
	}
}

// share finds the jobs that read the same parent and gives each of them
// its reader of one feed; the others get nil and read on their own. ctxs
// are the jobs' request-counting contexts; the feed's requests count for
// the parent's job, or the first child's.
func share(ctxs []context.Context, env *Env, jobs []Job, since []int64) []*reader {
	readers := make([]*reader, len(jobs))
	groups := map[string][]int{}
	var order []string
	parentOf := func(j Job) (Child, bool) {
		c, ok := j.stream.Source.(Child)
		return c, ok
	}
	for i, j := range jobs {
		name := j.stream.Name
		if c, ok := parentOf(j); ok {
			name = c.Of.Name
		}
		if _, seen := groups[name]; !seen {
			order = append(order, name)
		}
		groups[name] = append(groups[name], i)
	}
	for _, name := range order {
		members := groups[name]
		if len(members) < 2 {
			continue
		}
		f := &feed{since: since[members[0]], completeFrom: math.MaxInt64}
		owner := -1
		for _, i := range members {
			f.since = min(f.since, since[i])
			if c, ok := parentOf(jobs[i]); ok {
				f.parent = c.Of
				f.whole = f.whole || c.Whole
				if c.Whole {
					f.completeFrom = min(f.completeFrom, since[i])
				}
				if f.src == nil && c.Alone != nil {
					f.src = c.Alone
				}
			} else {
				owner = i
				f.completeFrom = min(f.completeFrom, since[i])
			}
		}
		if owner >= 0 {
			// The parent's own stream reads it as it declares it.
			f.parent, f.src, f.whole = jobs[owner].stream, jobs[owner].stream.Source, true
		} else {
			owner = members[0]
			if f.src == nil {
				f.src = f.parent.Source
			}
		}
		f.ctx, f.env = ctxs[owner], env.forJob(jobs[owner])
		if _, isChild := parentOf(jobs[owner]); isChild {
			f.env = f.env.quiet()
		}
		for _, i := range members {
			r := &reader{since: since[i], ch: make(chan feedPage, 1), stop: make(chan struct{})}
			if _, isChild := parentOf(jobs[i]); !isChild {
				r.since = 0 // the parent's read filters its own records
			}
			f.readers = append(f.readers, r)
			readers[i] = r
		}
		go f.run()
	}
	return readers
}
