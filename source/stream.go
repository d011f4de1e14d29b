package source

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"
	"time"

	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// Stream declares one output stream: its name, keys and how its records are
// fetched. Streams are data; the machinery that reads them (read.go,
// incremental.go) is written once for all.
type Stream struct {
	Name       string
	PrimaryKey [][]string
	// Cursor is the incremental cursor field (unix seconds); empty for
	// full-refresh-only streams.
	Cursor string
	// Parent names the stream whose cursor selects this child stream's
	// records; the state then carries the parent's cursor too. A child's
	// records are never filtered on their own cursor: every child of a
	// changed parent is emitted, since after a resume from a mid-read
	// checkpoint, children older than the parent cursor may never have
	// been written.
	Parent string
	// Fetch yields the stream's records page by page, as the API returned
	// them, from since (unix seconds) on; full-refresh-only streams get 0.
	Fetch func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error]
}

// Page is one page of records of a stream.
type Page struct {
	Records []json.RawMessage
	// Extra, if set, is a `"field":value` pair added to every record as it
	// is written (a child's parent id).
	Extra []byte
	// Checkpoint, when non-zero, declares that every record whose cursor is
	// below it has now been yielded (for a child stream: every record of
	// every parent below it), so the state may move there.
	Checkpoint int64
	// AsOf is the server's clock when it served the page, if known.
	AsOf time.Time
}

// settleTime is how far behind the server's clock a checkpoint stays. A
// record changed just before a page was served may not be visible in it yet
// (search indexes lag, a scan's snapshot precedes its response), so the next
// sync re-reads the last few minutes rather than risk skipping them.
const settleTime = 5 * time.Minute

// settled caps a checkpoint at the server time asOf minus settleTime.
func settled(cp int64, asOf time.Time) int64 {
	if asOf.IsZero() {
		return cp
	}
	return min(cp, asOf.Add(-settleTime).Unix())
}

// Env is what a stream's Fetch may use.
type Env struct {
	Client *intercom.Client
	Config *Config
	Log    func(level, msg string)
	// Scroll bounds waiting for, and restarting, the companies scroll.
	Scroll intercom.ScrollOptions
	// Workers bounds each parent-to-child fan-out.
	Workers int
	// Estimate reports how many records a stream expects, when known.
	Estimate func(stream string, rows int64)
	// Now is the local clock, used only where the server's is unknown.
	Now func() time.Time
}

// now is the local clock, time.Now unless one was injected.
func (env *Env) now() time.Time {
	if env.Now != nil {
		return env.Now()
	}
	return time.Now()
}

// SyncModes lists the modes a stream supports.
func (s Stream) SyncModes() []airbyte.SyncMode {
	if s.Cursor != "" {
		return []airbyte.SyncMode{airbyte.FullRefresh, airbyte.Incremental}
	}
	return []airbyte.SyncMode{airbyte.FullRefresh}
}

// listStream is a stream served by one unpaginated GET whose items sit under key.
func listStream(name, path string, q url.Values, key string) Stream {
	return Stream{
		Name:       name,
		PrimaryKey: [][]string{{"id"}},
		Fetch: func(ctx context.Context, env *Env, _ int64) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				l, err := env.Client.GetList(ctx, path, q, key)
				if err != nil {
					yield(Page{}, err)
					return
				}
				yield(Page{Records: l.Items, AsOf: l.Date}, nil)
			}
		},
	}
}

// snapshotStream is a list served whole by one GET and filtered on our side
// by its cursor; the response is a snapshot, so its server time (settled)
// is the checkpoint.
func snapshotStream(name, path string, q url.Values, key, cursor string) Stream {
	s := listStream(name, path, q, key)
	s.Cursor = cursor
	inner := s.Fetch
	s.Fetch = func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
		return func(yield func(Page, error) bool) {
			for p, err := range inner(ctx, env, since) {
				if err == nil {
					p.Checkpoint = scanCheckpoint(env, p.AsOf)
				}
				if !yield(p, err) {
					return
				}
			}
		}
	}
	return s
}

// scanCheckpoint is the checkpoint of a full scan that began at the server
// time start: every record last changed before it was in the scan.
func scanCheckpoint(env *Env, start time.Time) int64 {
	if start.IsZero() {
		start = env.now()
	}
	return start.Add(-settleTime).Unix()
}

// pagedStream is a stream served by a page-numbered GET (page, per_page).
func pagedStream(name, path string, perPage int) Stream {
	return Stream{
		Name:       name,
		PrimaryKey: [][]string{{"id"}},
		Fetch: func(ctx context.Context, env *Env, _ int64) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				first := true
				for l, err := range env.Client.PageNumbers(ctx, path, nil, "data", perPage) {
					if err != nil {
						yield(Page{}, err)
						return
					}
					if first && env.Estimate != nil && l.TotalCount > 0 {
						env.Estimate(name, int64(l.TotalCount))
					}
					first = false
					if !yield(Page{Records: l.Items, AsOf: l.Date}, nil) {
						return
					}
				}
			}
		},
	}
}
