package engine

import (
	"context"
	"iter"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// A long search is one chain of starting_after pages: each request waits for
// the previous one, so latency, not the rate limit, bounds it. A search
// that matches many records is therefore cut into time windows read in
// parallel; each window is its own ascending chain, and the checkpoint only
// advances over the contiguous prefix of finished windows.

// window is the slice [lo, hi) of a search's cursor range; hi 0 is open-ended.
type window struct{ lo, hi int64 }

// windowed is a source of records cut into windows: how to page through
// one, and what the reader may conclude from its order.
type windowed struct {
	pages func(ctx context.Context, w window) iter.Seq2[*intercom.List, error]
	// cursor is the records' cursor field.
	cursor string
	// ascending: each window's pages come in ascending cursor order, so a
	// window's progress counts before it ends.
	ascending bool
	// slack is how far before lo a window's records may start (a day for
	// day-granular windows), 0 otherwise.
	slack int64
}

// windowProgress is what the reader knows of one window.
type windowProgress struct {
	started, done bool
	max           int64 // largest cursor read in the window
}

// floor is the cursor below which every record belongs to an earlier
// window. Day-granular windows start at the workspace's midnight before
// lo, which may be up to a day earlier.
func (wd windowed) floor(wins []window, k int) int64 {
	if k == 0 {
		return wins[k].lo
	}
	return wins[k].lo - wd.slack
}

// prefixCheckpoint is the cursor below which every record has been read:
// all windows before the first unfinished one, and that window's own
// progress when it reads in ascending order.
func (wd windowed) prefixCheckpoint(wins []window, prog []windowProgress) int64 {
	k := 0
	for k < len(wins) && prog[k].done {
		k++
	}
	if k == len(wins) {
		last := wins[k-1]
		if last.hi != 0 && !wd.ascending {
			return last.hi
		}
		k--
	}
	cp := wd.floor(wins, k)
	if wd.ascending && prog[k].started {
		cp = max(cp, prog[k].max)
	}
	return cp
}

// windowPage is one page of one window, or the window's end.
type windowPage struct {
	i    int
	list *intercom.List
	done bool
	err  error
}

// readWindows reads the windows, at most env.Workers at once, earliest
// first, and yields their pages as they come with the prefix checkpoint.
func readWindows(ctx context.Context, env *Env, wd windowed, wins []window) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		// A page or two wait at most: a window that reads ahead of the
		// stream's readers (a contact's children cost requests of their
		// own) waits rather than hold its pages in memory.
		pages := make(chan windowPage, windowsAhead)
		go launchWindows(ctx, env.Workers, wd, wins, pages)
		defer func() {
			cancel()
			for range pages {
			}
		}()
		prog := make([]windowProgress, len(wins))
		var asOf time.Time
		newest := int64(0) // the newest cursor read, in any window
		for m := range pages {
			if m.err != nil {
				yield(Page{}, m.err)
				return
			}
			p := Page{}
			if m.done {
				prog[m.i].done = true
			} else {
				prog[m.i].started = true
				p.Records = m.list.Items
				asOf = m.list.Date
				for _, rec := range p.Records {
					if c, ok := CursorOf(rec, wd.cursor); ok {
						prog[m.i].max = max(prog[m.i].max, c)
						newest = max(newest, c)
					}
				}
			}
			p.AsOf = asOf
			p.Checkpoint = Settled(wd.prefixCheckpoint(wins, prog), asOf)
			if asOf.IsZero() {
				// Without the server's clock (a proxy stripped Date), the
				// windows' ends may lie ahead of what the server has: never
				// past the newest record read, nor the local clock.
				p.Checkpoint = min(p.Checkpoint, newest, env.Now().Add(-settleTime).Unix())
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

// windowsAhead is how many pages of a windowed read may wait for the
// stream's reader, beside the one each running window holds.
const windowsAhead = 2

// windowsAtOnce is how many windows of one search read at once. Each holds
// a page (up to half a MB of contacts); four chains of pages read a
// search of 30,000 contacts in under half a minute at Intercom's latencies,
// well inside a read that long a workspace takes at its rate limit, and
// keep the checkpoint's prefix close behind.
const windowsAtOnce = 4

// launchWindows runs each window's chain of pages into out, earliest
// windows first, at most windowsAtOnce (and workers) at once, and closes
// out when all are done or ctx ends.
func launchWindows(ctx context.Context, workers int, wd windowed, wins []window, out chan<- windowPage) {
	defer close(out)
	indices := func(yield func(int) bool) {
		for i := range wins {
			if !yield(i) {
				return
			}
		}
	}
	pool(ctx, min(workers, windowsAtOnce), indices, func(int) bool { return true }, func(i int) {
		for l, err := range wd.pages(ctx, wins[i]) {
			if !send(ctx, out, windowPage{i: i, list: l, err: err}) || err != nil {
				return
			}
		}
		send(ctx, out, windowPage{i: i, done: true})
	})
}
