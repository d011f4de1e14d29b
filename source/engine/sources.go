package engine

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// List is a collection served whole by one GET, its items under Key.
type List struct {
	Path  string
	Key   string
	Query url.Values
}

// Pages yields the one page.
func (l List) Pages(ctx context.Context, env *Env, _ int64) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		list, err := env.Client.GetList(ctx, l.Path, l.Query, l.Key)
		if err != nil {
			yield(Page{}, err)
			return
		}
		warnNulls(env, l.Path, list)
		yield(Page{Records: list.Items, AsOf: list.Date}, nil)
	}
}

// Snapshot is a List whose stream has a cursor Intercom cannot filter on:
// the read filters on its side, and the response, a snapshot, checkpoints
// at its server time (settled).
type Snapshot List

// Pages yields the list with its checkpoint.
func (s Snapshot) Pages(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		for p, err := range List(s).Pages(ctx, env, since) {
			if err == nil {
				p.Checkpoint = ScanCheckpoint(env, p.AsOf)
			}
			if !yield(p, err) {
				return
			}
		}
	}
}

// Paged is a page-numbered GET (page, per_page) whose items sit under
// Key ("data" if empty); its first page's total_count is the estimate.
type Paged struct {
	Path    string
	Key     string
	PerPage int
}

// Pages follows the page numbers.
func (p Paged) Pages(ctx context.Context, env *Env, _ int64) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		key := p.Key
		if key == "" {
			key = "data"
		}
		first := true
		for l, err := range env.Client.PageNumbers(ctx, p.Path, nil, key, p.PerPage) {
			if err != nil {
				yield(Page{}, err)
				return
			}
			if first && l.TotalCount > 0 {
				env.EstimateRows(int64(l.TotalCount))
			}
			warnNulls(env, p.Path, l)
			first = false
			if !yield(Page{Records: l.Items, AsOf: l.Date}, nil) {
				return
			}
		}
	}
}

// Scroll is a collection scanned whole with Intercom's scroll API (the
// companies), filtered on our side by the cursor. A scroll that fails
// midway restarts from the beginning (see intercom.ScrollOptions); the
// records it hands over again are dropped, so none is written twice in one
// sync. A scan cannot resume midway, so it checkpoints once, at its end, at
// the server's time when it began.
type Scroll struct {
	Path, Key string
	// What the records are, for the WARN of a restart.
	What string
}

// Pages runs the scroll.
func (sc Scroll) Pages(ctx context.Context, env *Env, _ int64) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		var start time.Time
		seen := IDSet{}
		for p, err := range env.Client.Scroll(ctx, sc.Path, sc.Key, env.Scroll) {
			if err != nil {
				yield(Page{}, err)
				return
			}
			if start.IsZero() {
				start = p.Date
			}
			if p.Restarted {
				env.Warn(fmt.Sprintf("The %s scroll failed midway and was restarted from the beginning; %s already read are skipped.", sc.What, sc.What))
			}
			fresh := p.Items[:0:0]
			for _, rec := range p.Items {
				if seen.Add(rec) {
					fresh = append(fresh, rec)
				}
			}
			if !yield(Page{Records: fresh, AsOf: p.Date}, nil) {
				return
			}
		}
		yield(Page{Checkpoint: ScanCheckpoint(env, start)}, nil)
	}
}

// Windows is a collection read in time windows of Step seconds from the
// cursor to now, in parallel, each window's pages from Window. Records
// come in no particular order within a window, so the cursor moves only
// over a finished prefix of windows.
type Windows struct {
	Cursor string
	// Step is the windows' width in seconds.
	Step   func(env *Env) int64
	Window func(ctx context.Context, env *Env, lo, hi int64) iter.Seq2[*intercom.List, error]
}

// Pages reads the windows.
func (ws Windows) Pages(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
	step := ws.Step(env)
	var wins []window
	for from, now := since, env.Now().Unix(); from <= now; from += step {
		wins = append(wins, window{lo: from, hi: from + step})
	}
	wd := windowed{cursor: ws.Cursor, pages: func(ctx context.Context, w window) iter.Seq2[*intercom.List, error] {
		return ws.Window(ctx, env, w.lo, w.hi)
	}}
	return readWindows(ctx, env, wd, wins)
}

// warnNulls says that a list held null items, which hold no record.
func warnNulls(env *Env, path string, l *intercom.List) {
	if l.Nulls > 0 {
		env.Warn(fmt.Sprintf("%s listed %d null items among its records; they were skipped.", path, l.Nulls))
	}
}
