package engine

import (
	"context"
	"encoding/json"
	"iter"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"golang.org/x/sync/errgroup"
)

// Search is a search endpoint read in ascending updated_at, the largest
// page Intercom allows, cut into time windows read in parallel when it is
// long, with a checkpoint after every page. The search's total_count is the
// stream's estimate.
type Search struct {
	Path string
	// Key is where the records sit in the answer.
	Key string
	// Query matches updated_at in [lo, hi); hi 0 is open-ended.
	Query func(lo, hi int64) intercom.Filter
	// Granularity is the endpoint's date granularity in seconds (a day
	// for contact search, see intercom.ContactSearchGranularity); 0 means
	// to the second.
	Granularity int64
}

// Pages plans the windows and reads them.
func (sp Search) Pages(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		wins, total, err := planWindows(ctx, env, sp, since)
		if err != nil {
			yield(Page{}, err)
			return
		}
		env.EstimateRows(int64(total))
		for p, err := range readWindows(ctx, env, searchWindows(env, sp), wins) {
			p.Total = total
			if !yield(p, err) || err != nil {
				return
			}
		}
	}
}

// item is one record of a stream's pages, as a fan-out over them sees it.
type item struct {
	Record json.RawMessage
	// LastOfPage marks the last record of a page.
	LastOfPage bool
	// AsOf is the server's clock when it served the record's page.
	AsOf time.Time
	// Empty stands for a page without records.
	Empty bool
	// checkpoint rides on the last item of a page.
	checkpoint int64
	// total is the page's Total.
	total int
}

// Chained is a search read as one ascending chain of pages, each
// checkpointed at its last record: the parent of a child read alone, whose
// requests, not the chain's, bound the read.
type Chained Search

// Pages follows the chain.
func (c Chained) Pages(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
	return func(yield func(Page, error) bool) {
		for l, err := range env.Client.Search(ctx, c.Path, c.Query(since, 0), "updated_at", c.Key, intercom.MaxSearchPerPage) {
			if err != nil {
				yield(Page{}, err)
				return
			}
			p := Page{Records: l.Items, AsOf: l.Date, Total: l.TotalCount}
			if n := len(l.Items); n > 0 {
				if last, ok := CursorOf(l.Items[n-1], "updated_at"); ok {
					// Ascending: every record below the last one's cursor
					// has come.
					p.Checkpoint = Settled(last, l.Date)
				}
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

// align is the search's date granularity in seconds, at least 1.
func (sp Search) align() int64 { return max(sp.Granularity, 1) }

func (sp Search) query(w window) intercom.Filter { return sp.Query(w.lo, w.hi) }

const (
	// splitWorkers bounds how finely a search is cut: each window costs a
	// count request or two, and two windows per worker of this many keep
	// the rate limit busy.
	splitWorkers = 16
	perPage      = intercom.MaxSearchPerPage
	// splitPages: a search of more pages than this is cut into windows.
	splitPages = 8
)

// planWindows cuts [since, ∞) into windows of about equal record counts,
// enough for every worker to have two, probing counts with one-record
// pages. A short search stays one window. The range is first cut into
// planSlices equal spans counted at once (one round of requests, where
// halving took one round per level: seconds at Intercom's latencies, with
// nothing else to read yet), adjacent spans are joined up to the target,
// and only a span holding more than twice the target is halved further.
func planWindows(ctx context.Context, env *Env, sp Search, since int64) ([]window, int, error) {
	all := window{lo: since}
	total, asOf, err := env.Client.SearchCount(ctx, sp.Path, sp.query(all), sp.Key)
	if err != nil {
		return nil, 0, err
	}
	split := min(env.Workers, splitWorkers)
	if total <= splitPages*perPage || split <= 1 {
		return []window{all}, total, nil
	}
	now := asOf.Unix()
	if asOf.IsZero() {
		now = env.Now().Unix()
	}
	target := max(splitPages*perPage/2, total/(2*split))
	// The spans' bounds, aligned to the search's granularity; the last
	// span is open-ended, so a record updated meanwhile is still in one.
	bounds := []int64{since}
	for i := 1; i < planSlices; i++ {
		b := since + (now+1-since)*int64(i)/planSlices
		b -= b % sp.align()
		if b > bounds[len(bounds)-1] {
			bounds = append(bounds, b)
		}
	}
	spans := make([]window, len(bounds))
	for i := range bounds {
		spans[i] = window{lo: bounds[i]}
		if i+1 < len(bounds) {
			spans[i].hi = bounds[i+1]
		}
	}
	counts := make([]int, len(spans))
	g, gctx := errgroup.WithContext(ctx)
	for i := range spans[:len(spans)-1] {
		g.Go(func() (err error) {
			counts[i], _, err = env.Client.SearchCount(gctx, sp.Path, sp.query(spans[i]), sp.Key)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, err
	}
	counted := 0
	for _, c := range counts[:len(spans)-1] {
		counted += c
	}
	counts[len(spans)-1] = max(total-counted, 0)
	// Heavy spans are halved further, all at once.
	parts := make([][]window, len(spans))
	g, gctx = errgroup.WithContext(ctx)
	for i, w := range spans {
		if counts[i] <= 2*target {
			parts[i] = []window{w}
			continue
		}
		g.Go(func() (err error) {
			parts[i], err = splitWindow(gctx, env, sp, w, counts[i], target, now+1)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, err
	}
	// Light spans next to each other are joined up to the target.
	var wins []window
	run := 0
	for i, ps := range parts {
		if len(ps) == 1 && len(wins) > 0 && run+counts[i] <= target {
			wins[len(wins)-1].hi = ps[0].hi
			run += counts[i]
			continue
		}
		wins = append(wins, ps...)
		run = counts[i]
		if len(ps) > 1 {
			run = target // a halved span's parts are full
		}
	}
	return wins, total, nil
}

// planSlices is how many equal spans a long search's range is first cut
// into, each counted at once.
const planSlices = 8

// splitWindow halves w (of count records) until each part holds about
// target records or cannot be cut finer than the endpoint's granularity.
func splitWindow(ctx context.Context, env *Env, sp Search, w window, count, target int, end int64) ([]window, error) {
	hi := w.hi
	if hi == 0 {
		hi = end
	}
	mid := w.lo + (hi-w.lo)/2
	mid -= mid % sp.align()
	if count <= target || mid <= w.lo || mid >= hi {
		return []window{w}, nil
	}
	left, right := window{lo: w.lo, hi: mid}, window{lo: mid, hi: w.hi}
	nLeft, _, err := env.Client.SearchCount(ctx, sp.Path, sp.query(left), sp.Key)
	if err != nil {
		return nil, err
	}
	var parts [2][]window
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		parts[0], err = splitWindow(gctx, env, sp, left, nLeft, target, end)
		return err
	})
	g.Go(func() (err error) {
		parts[1], err = splitWindow(gctx, env, sp, right, max(count-nLeft, 0), target, end)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return append(parts[0], parts[1]...), nil
}

// searchWindows reads a search's windows in ascending updated_at.
func searchWindows(env *Env, sp Search) windowed {
	w := windowed{cursor: "updated_at", ascending: true}
	if sp.align() > 1 {
		w.slack = sp.align()
	}
	w.pages = func(ctx context.Context, win window) iter.Seq2[*intercom.List, error] {
		return env.Client.Search(ctx, sp.Path, sp.query(win), "updated_at", sp.Key, perPage)
	}
	return w
}
