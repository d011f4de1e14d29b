package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/schemas"
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
	return listPages(env, p.Path, env.Client.PageNumbers(ctx, p.Path, nil, orData(p.Key), p.PerPage))
}

// StartingAfter is a cursor-paginated GET (per_page, then each page's
// pages.next.starting_after) whose items sit under Key ("data" if empty):
// macros, data connectors.
type StartingAfter struct {
	Path    string
	Key     string
	PerPage int
}

// Pages follows the cursors.
func (c StartingAfter) Pages(ctx context.Context, env *Env, _ int64) iter.Seq2[Page, error] {
	return listPages(env, c.Path, env.Client.StartingAfter(ctx, c.Path, nil, orData(c.Key), c.PerPage))
}

// Linked is a GET that takes no paging parameters and links each page to
// the next (pages.next, a URL, followed as given); its items sit under Key
// ("data" if empty) and its first page's total_count is the estimate.
type Linked struct {
	Path string
	Key  string
}

// Pages follows the links.
func (l Linked) Pages(ctx context.Context, env *Env, _ int64) iter.Seq2[Page, error] {
	return listPages(env, l.Path, env.Client.NextLinks(ctx, l.Path, nil, orData(l.Key)))
}

// Values is a GET whose list under Key holds scalar values, not objects
// (the activity log event types' names): each value is written as a record
// {Field: value}.
type Values struct {
	Path  string
	Key   string
	Field string
}

// Pages yields the one page of values as records.
func (v Values) Pages(ctx context.Context, env *Env, _ int64) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		l, err := env.Client.GetValues(ctx, v.Path, nil, v.Key)
		if err != nil {
			yield(Page{}, err)
			return
		}
		warnNulls(env, v.Path, l)
		recs := make([]json.RawMessage, len(l.Items))
		for i, it := range l.Items {
			recs[i] = valueRecord(v.Field, it)
		}
		yield(Page{Records: recs, AsOf: l.Date}, nil)
	}
}

// valueRecord is {"field": value}.
func valueRecord(field string, value []byte) json.RawMessage {
	rec := make([]byte, 0, len(field)+len(value)+5)
	rec = append(rec, '{')
	rec = append(rec, JSONString(field)...)
	rec = append(rec, ':')
	rec = append(rec, value...)
	return append(rec, '}')
}

// listPages yields the pages of a paginated list as they come; the first
// page's total_count, when it has one, is the stream's estimate.
func listPages(env *Env, path string, lists iter.Seq2[*intercom.List, error]) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		first := true
		for l, err := range lists {
			if err != nil {
				yield(Page{}, err)
				return
			}
			if first && l.TotalCount > 0 {
				env.EstimateRows(int64(l.TotalCount))
			}
			warnNulls(env, path, l)
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
	// CountPath, if set, is a page-numbered POST list whose total_count
	// estimates the scan's records on a read from start_date (the scroll
	// gives no count): asked for beside the scroll, never holding it up.
	CountPath string
}

// Pages runs the scroll.
func (sc Scroll) Pages(ctx context.Context, env *Env, _ int64) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		// A parent read on a child's behalf estimates nothing: no count.
		if sc.CountPath != "" && env.Estimator != nil && env.fromStart {
			cctx, cancel := context.WithCancel(ctx)
			counted := make(chan struct{})
			go func() {
				defer close(counted)
				// Only an estimate: a failure to count is no failure of the
				// stream.
				if n, err := env.Client.PostCount(cctx, sc.CountPath); err == nil && n > 0 {
					env.EstimateRows(int64(n))
				}
			}()
			defer func() { cancel(); <-counted }()
		}
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

func orData(key string) string {
	if key == "" {
		return "data"
	}
	return key
}

// Versioned is the source of a stream that older Intercom API versions
// lack: Intercom serves a collection only to the versions that have it,
// and the stream's schema says which (schemas.InVersion). Read with
// intercom_version set to a version without it, the stream is skipped with
// a WARN, complete and empty, and nothing is requested.
type Versioned struct{ Source }

// Pages reads the source, or nothing in a version without the stream.
func (v Versioned) Pages(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
	if env.Config != nil && !schemas.InVersion(env.stream, env.Config.IntercomVersion) {
		env.Warn(fmt.Sprintf("Stream %s is skipped: Intercom's API %s (intercom_version) does not have it. Set intercom_version to %s to sync %s.",
			env.stream, env.Config.IntercomVersion, schemas.Latest, env.stream))
		return func(func(Page, error) bool) {}
	}
	return v.Source.Pages(ctx, env, since)
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
