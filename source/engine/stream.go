// Package engine reads streams: the read loop (the only place a STATE is
// decided), checkpoints, time windows, the bounded pool and parent → child
// fan-out, written once for every stream. A stream is a declaration
// (package streams); the engine knows Intercom only through its client.
package engine

import (
	"context"
	"encoding/json"
	"iter"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/config"
)

// Stream declares one output stream: its name, keys and cursor, where its
// records come from, and what is done to them on the way. Streams are data;
// the machinery that reads them is written once for all.
type Stream struct {
	Name       string
	PrimaryKey [][]string
	// Cursor is the incremental cursor field (unix seconds); empty for
	// full-refresh-only streams.
	Cursor string
	// Source yields the stream's records page by page (List, Paged,
	// StartingAfter, Linked, Values, Snapshot, Search, Windows, or a Func
	// for what is truly special; Versioned for a collection older API
	// versions lack).
	Source Source
	// Parent names the stream whose cursor selects this child stream's
	// records; the state then carries the parent's cursor too. A child's
	// records are never filtered on their own cursor: every child of a
	// changed parent is emitted, since after a resume from a mid-read
	// checkpoint, children older than the parent cursor may never have
	// been written.
	Parent string
	// Permission, when set, names the token permission or the Intercom
	// product the stream needs: without it (HTTP 403, or 404 where the
	// workspace lacks the product) the stream is skipped with a WARN,
	// complete and empty, and the rest of the sync goes on.
	Permission string
	// Complete, when set, completes each record before it is written
	// (nested lists Intercom caps, say). Records are completed in
	// parallel and keep their order.
	Complete func(ctx context.Context, env *Env, rec json.RawMessage) (json.RawMessage, error)
}

// Source is where a stream's records come from.
type Source interface {
	// Pages yields records page by page, from since (unix seconds) on;
	// full-refresh-only streams get 0.
	Pages(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error]
}

// Func is a Source written as a function, for streams no other Source fits.
type Func func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error]

// Pages calls f.
func (f Func) Pages(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
	return f(ctx, env, since)
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
	// Total is how many records the whole source holds, if known (a
	// search's total_count): what a child estimates its own from.
	Total int
}

// settleTime is how far behind the server's clock a checkpoint stays. A
// record changed just before a page was served may not be visible in it yet
// (search indexes lag, a scan's snapshot precedes its response), so the next
// sync re-reads the last few minutes rather than risk skipping them.
const settleTime = 5 * time.Minute

// Settled caps a checkpoint at the server time asOf minus settleTime.
func Settled(cp int64, asOf time.Time) int64 {
	if asOf.IsZero() {
		return cp
	}
	return min(cp, asOf.Add(-settleTime).Unix())
}

// ScanCheckpoint is the checkpoint of a full scan that began at the server
// time start: every record last changed before it was in the scan.
func ScanCheckpoint(env *Env, start time.Time) int64 {
	if start.IsZero() {
		start = env.Now()
	}
	return start.Add(-settleTime).Unix()
}

// Env is what a stream's Source may use.
type Env struct {
	Client *intercom.Client
	Config *config.Config
	Log    func(level, msg string)
	// Scroll bounds waiting for, and restarting, the companies scroll.
	Scroll intercom.ScrollOptions
	// Workers is the most requests the read keeps in flight (the rate
	// governor decides how many actually are): it sizes every pool and
	// fan-out, so none holds back what the limit allows.
	Workers int
	// Estimator receives how many records a stream expects, when known.
	Estimator func(stream string, rows int64)
	// Clock is the local clock, used only where the server's is unknown;
	// time.Now if nil.
	Clock func() time.Time
	// stream is the stream being read, in the copy each stream gets;
	// fromStart: that stream reads from start_date (no state to resume).
	stream    string
	fromStart bool
}

// Now is the local clock.
func (env *Env) Now() time.Time {
	if env.Clock != nil {
		return env.Clock()
	}
	return time.Now()
}

// Warn logs a warning.
func (env *Env) Warn(msg string) {
	if env.Log != nil {
		env.Log(airbyte.LevelWarn, msg)
	}
}

// EstimateRows reports how many records the stream being read expects.
func (env *Env) EstimateRows(rows int64) {
	if env.Estimator != nil {
		env.Estimator(env.stream, rows)
	}
}

// forStream is the copy of env a stream reads with.
func (env *Env) forStream(name string) *Env {
	e := *env
	e.stream = name
	return &e
}

// forJob is the copy of env a job's stream reads with.
func (env *Env) forJob(j Job) *Env {
	e := env.forStream(j.stream.Name)
	e.fromStart = env.Config != nil && startOf(env.Config, j) <= env.Config.StartTime().Unix()
	return e
}

// Needs is s with the permission or product it needs (see Permission).
func (s Stream) Needs(permission string) Stream {
	s.Permission = permission
	return s
}

// SyncModes lists the modes a stream supports.
func (s Stream) SyncModes() []airbyte.SyncMode {
	if s.Cursor != "" {
		return []airbyte.SyncMode{airbyte.FullRefresh, airbyte.Incremental}
	}
	return []airbyte.SyncMode{airbyte.FullRefresh}
}
