package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/config"
)

// fullRefreshState is the STATE a full-refresh-only stream emits at its end:
// the platform expects one per stream, and there is no cursor to carry.
var fullRefreshState = json.RawMessage(`{"__ab_no_cursor_state_message":true}`)

// progressState is what a stream without a cursor checkpoints while it
// writes: no point to resume from (a full refresh reads from the start),
// only a mark that lets the platform commit the records so far.
var progressState = json.RawMessage(`{}`)

// Job is one configured stream matched to its declaration and incoming state.
type Job struct {
	stream Stream
	mode   airbyte.SyncMode
	state  cursorState
	// columns are the copies written with each record (CopyColumns).
	columns *columns
}

// Plan matches the configured catalog to the declared streams and their
// states. Unknown streams, unsupported modes, foreign cursors and unreadable
// states are config errors: the user must fix the connection, and nothing
// is read. Full refresh ignores incoming state.
func Plan(all []Stream, cat *airbyte.ConfiguredCatalog, states map[string]json.RawMessage) ([]Job, error) {
	if len(cat.Streams) == 0 {
		return nil, fmt.Errorf("the catalog selects no streams; select at least one of: %s", streamNames(all))
	}
	var jobs []Job
	for _, cs := range cat.Streams {
		i := slices.IndexFunc(all, func(s Stream) bool { return s.Name == cs.Stream.Name })
		if i < 0 {
			return nil, fmt.Errorf("the catalog names stream %q, which this source does not have; streams are: %s", cs.Stream.Name, streamNames(all))
		}
		s := all[i]
		j := Job{stream: s, mode: cs.SyncMode}
		if cs.SyncMode == airbyte.Incremental {
			if s.Cursor == "" {
				return nil, fmt.Errorf("stream %q supports only full_refresh, but the catalog asks for incremental", s.Name)
			}
			if len(cs.CursorField) > 0 && strings.Join(cs.CursorField, ".") != s.Cursor {
				return nil, fmt.Errorf("stream %q has the source-defined cursor %q; the catalog's cursor_field %q cannot be used", s.Name, s.Cursor, strings.Join(cs.CursorField, "."))
			}
			st, err := parseCursorState(s, states[s.Name])
			if err != nil {
				return nil, fmt.Errorf("%w; fix or reset the connection's state", err)
			}
			j.state = st
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

func streamNames(all []Stream) string {
	var names []string
	for _, s := range all {
		names = append(names, s.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// StreamFailure is a stream that ended INCOMPLETE.
type StreamFailure struct {
	Stream  string
	Failure *Failure
}

// Read reads every job at once; the client's governor bounds the
// requests in flight and their rate. Output of streams interleaves, but each
// stream's records and states keep their order. A failing stream is
// reported with an ERROR trace and INCOMPLETE status, and the others still
// run. Failures come back in catalog order. Progress is logged on every
// tick of ticks (every 30 s if nil), and a summary at the end.
func Read(ctx context.Context, w *airbyte.Writer, env *Env, jobs []Job, stats func() intercom.GovernorStats, ticks <-chan time.Time) []StreamFailure {
	prog := newProgress(w, env.Now, stats)
	if ticks == nil {
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		ticks = t.C
	}
	stop, reported := make(chan struct{}), make(chan struct{})
	go func() { prog.run(ticks, stop); close(reported) }()
	failed := readAll(ctx, w, env, jobs, prog)
	close(stop)
	<-reported
	prog.summary(len(jobs))
	return failed
}

func readAll(ctx context.Context, w *airbyte.Writer, env *Env, jobs []Job, prog *progress) []StreamFailure {
	failures := make([]*Failure, len(jobs))
	sps := make([]*streamProgress, len(jobs))
	ctxs := make([]context.Context, len(jobs))
	since := make([]int64, len(jobs))
	for i, j := range jobs {
		sps[i] = prog.start(j.stream.Name)
		ctxs[i] = intercom.CountRequests(ctx, &sps[i].requests)
		since[i] = startOf(env.Config, j)
	}
	readers := share(ctxs, env, jobs, since)
	var wg sync.WaitGroup
	for i, j := range jobs {
		sp, r := sps[i], readers[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r != nil {
				defer r.close()
			}
			err := readStream(ctxs[i], w, env.forJob(j), j, sp, r)
			prog.end(sp, err != nil)
			if err != nil {
				f := Classify(err, env.Config)
				w.Error(f.Type, j.stream.Name, fmt.Sprintf("Stream %s failed: %s", j.stream.Name, f.Message), errString(f.Err), stackOf(err))
				w.StreamStatus(j.stream.Name, airbyte.Incomplete)
				failures[i] = f
			}
		}()
	}
	wg.Wait()
	var failed []StreamFailure
	for i, f := range failures {
		if f != nil {
			failed = append(failed, StreamFailure{Stream: jobs[i].stream.Name, Failure: f})
		}
	}
	return failed
}

// readStream emits one stream: STARTED, RUNNING at the first page, its
// records and STATEs, COMPLETE. A panic inside a stream becomes its error.
//
// Records are written before the STATE that covers them, and a STATE is
// written only when a page declares a checkpoint past the current one, so
// state never runs ahead of output and never moves backwards.
func readStream(ctx context.Context, w *airbyte.Writer, env *Env, j Job, sp *streamProgress, r *reader) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p, stack: string(debug.Stack())}
		}
	}()
	s := j.stream
	if err := w.StreamStatus(s.Name, airbyte.Started); err != nil {
		return err
	}
	st, since := j.state, startOf(env.Config, j)
	if s.Cursor != "" {
		if ahead := env.Now().Add(futureSlack).Unix(); st.Resume > ahead {
			// A cursor past now reads nothing. The platform's acceptance
			// tests expect exactly that of an abnormally large state, so
			// it is kept, but never silently.
			env.Warn(fmt.Sprintf("The state of stream %s is at %s, in the future: nothing changed before then is read. If that is a mistake (a clock, a start_date once set in the future), reset the stream in the connection to read it again.",
				s.Name, time.Unix(st.Resume, 0).UTC().Format(time.RFC3339)))
		}
		// Nothing below since is wanted, so since is already a valid
		// checkpoint: only progress past it is worth a STATE.
		st.Resume = max(st.Resume, since)
	}
	running := false
	lastState, pending := env.Now(), 0
	noCursor := 0 // records written without an integer cursor
	conform := newConformance(env, s.Name)
	for page, err := range pagesOf(ctx, env, s, since, r) {
		if err != nil {
			return err
		}
		if !running {
			running = true
			w.StreamStatus(s.Name, airbyte.Running)
		}
		written := 0
		if len(page.Records) > 0 {
			conform.sample(page.Records[0])
		}
		for _, rec := range page.Records {
			c, ok := CursorOf(rec, s.Cursor)
			if ok && s.Parent == "" && c < since {
				continue
			}
			if !ok && s.Cursor != "" {
				noCursor++
			}
			if err := w.RecordWith(s.Name, rec, j.columns.extra(rec, page.Extra)); err != nil {
				return err
			}
			written++
		}
		sp.records.Add(int64(written))
		pending += written
		if s.Cursor == "" {
			// Nothing to resume from, but a long stream (a request per
			// parent) still lets the platform commit what it has.
			if pending > 0 && env.Now().Sub(lastState) >= StateEvery {
				if err := w.State(s.Name, progressState); err != nil {
					return err
				}
				lastState, pending = env.Now(), 0
			}
			continue
		}
		moved := page.Checkpoint > st.Resume
		if moved {
			st.Resume = page.Checkpoint
		}
		// A stream whose checkpoint cannot move for a while (a scan that
		// cannot resume midway) still repeats its state, so the platform
		// can commit what was written and see the stream alive.
		if moved || pending > 0 && env.Now().Sub(lastState) >= StateEvery {
			if err := w.State(s.Name, st.JSON(s)); err != nil {
				return err
			}
			lastState, pending = env.Now(), 0
		}
	}
	// Cancelled, a paginator may end without yielding the error: the
	// stream is then cut short, never complete.
	if err := ctx.Err(); err != nil {
		return err
	}
	if !running {
		w.StreamStatus(s.Name, airbyte.Running)
	}
	if msg := conform.report(s.Name); msg != "" {
		env.Warn(msg)
	}
	for _, msg := range j.columns.report(s.Name) {
		env.Warn(msg)
	}
	if noCursor > 0 {
		env.Warn(fmt.Sprintf("Stream %s: %d records had no integer %s (null, or of another type); they were written all the same, and the checkpoint does not rely on them.", s.Name, noCursor, s.Cursor))
	}
	final := fullRefreshState
	if s.Cursor != "" {
		final = st.JSON(s)
	}
	if err := w.State(s.Name, final); err != nil {
		return err
	}
	return w.StreamStatus(s.Name, airbyte.Complete)
}

// futureSlack is how far ahead of the local clock a state cursor may be
// (clocks differ) before it is taken for a mistake.
const futureSlack = time.Hour

// StateEvery is the longest a stream that writes records goes without a
// STATE.
const StateEvery = 30 * time.Second

// startOf is where a job's read starts: for a stream with a cursor, its
// state's cursor (see sinceOf); for a child without one, start_date, as
// its rows are those of the parents a sync replicates; else 0.
func startOf(cfg *config.Config, j Job) int64 {
	if j.stream.Cursor == "" {
		if _, child := j.stream.Source.(Child); child {
			return cfg.StartTime().Unix()
		}
		return 0
	}
	return sinceOf(cfg, j.state)
}

// sinceOf is where an incremental read starts: the state's cursor minus the
// lookback window, never before start_date.
func sinceOf(cfg *config.Config, st cursorState) int64 {
	since := cfg.StartTime().Unix()
	// Any number of days is accepted: one past the state's age simply
	// re-reads from start_date (and must not overflow).
	if lb := int64(cfg.LookbackWindow); st.Resume > 0 && lb < st.Resume/86400 {
		since = max(since, st.Resume-lb*86400)
	}
	return since
}
