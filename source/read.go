package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/intercom-connector/source-intercom/internal/jsonscan"

	"github.com/intercom-connector/source-intercom/source/airbyte"
)

// fullRefreshState is the STATE a full-refresh-only stream emits at its end:
// the platform expects one per stream, and there is no cursor to carry.
var fullRefreshState = json.RawMessage(`{"__ab_no_cursor_state_message":true}`)

// job is one configured stream matched to its declaration and incoming state.
type job struct {
	stream Stream
	mode   airbyte.SyncMode
	state  cursorState
}

// plan matches the configured catalog to the declared streams and their
// states. Unknown streams, unsupported modes, foreign cursors and unreadable
// states are config errors: the user must fix the connection, and nothing
// is read. Full refresh ignores incoming state.
func plan(cat *airbyte.ConfiguredCatalog, states map[string]json.RawMessage) ([]job, error) {
	if len(cat.Streams) == 0 {
		return nil, fmt.Errorf("the catalog selects no streams; select at least one of: %s", streamNames())
	}
	var jobs []job
	for _, cs := range cat.Streams {
		s, ok := Lookup(cs.Stream.Name)
		if !ok {
			return nil, fmt.Errorf("the catalog names stream %q, which this source does not have; streams are: %s", cs.Stream.Name, streamNames())
		}
		j := job{stream: s, mode: cs.SyncMode}
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

func streamNames() string {
	var names []string
	for _, s := range All() {
		names = append(names, s.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// streamFailure is a stream that ended INCOMPLETE.
type streamFailure struct {
	stream  string
	failure *Failure
}

// readAll reads every job at once; the client's governor bounds the
// requests in flight and their rate. Output of streams interleaves, but each
// stream's records and states keep their order. A failing stream is
// reported with an ERROR trace and INCOMPLETE status, and the others still
// run. Failures come back in catalog order.
func readAll(ctx context.Context, w *airbyte.Writer, env *Env, jobs []job) []streamFailure {
	failures := make([]*Failure, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := readStream(ctx, w, env, j); err != nil {
				f := classify(err, env.Config)
				w.Error(f.Type, j.stream.Name, fmt.Sprintf("Stream %s failed: %s", j.stream.Name, f.Message), errString(f.Err), stackOf(err))
				w.StreamStatus(j.stream.Name, airbyte.Incomplete)
				failures[i] = f
			}
		}()
	}
	wg.Wait()
	var failed []streamFailure
	for i, f := range failures {
		if f != nil {
			failed = append(failed, streamFailure{stream: jobs[i].stream.Name, failure: f})
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
func readStream(ctx context.Context, w *airbyte.Writer, env *Env, j job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p, stack: string(debug.Stack())}
		}
	}()
	s := j.stream
	if err := w.StreamStatus(s.Name, airbyte.Started); err != nil {
		return err
	}
	st, since := j.state, int64(0)
	if s.Cursor != "" {
		since = sinceOf(env.Config, st)
		// Nothing below since is wanted, so since is already a valid
		// checkpoint: only progress past it is worth a STATE.
		st.Resume = max(st.Resume, since)
	}
	running := false
	for page, err := range s.Fetch(ctx, env, since) {
		if err != nil {
			return err
		}
		if !running {
			running = true
			w.StreamStatus(s.Name, airbyte.Running)
		}
		for _, rec := range page.Records {
			if c, ok := cursorOf(rec, s.Cursor); ok && s.Parent == "" && c < since {
				continue
			}
			if err := w.RecordWith(s.Name, rec, page.Extra); err != nil {
				return err
			}
		}
		if s.Cursor != "" && page.Checkpoint > st.Resume {
			st.Resume = page.Checkpoint
			if err := w.State(s.Name, st.JSON(s)); err != nil {
				return err
			}
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
	final := fullRefreshState
	if s.Cursor != "" {
		final = st.JSON(s)
	}
	if err := w.State(s.Name, final); err != nil {
		return err
	}
	return w.StreamStatus(s.Name, airbyte.Complete)
}

// sinceOf is where an incremental read starts: the state's cursor minus the
// lookback window, never before start_date.
func sinceOf(cfg *Config, st cursorState) int64 {
	since := cfg.StartTime().Unix()
	// Any number of days is accepted: one past the state's age simply
	// re-reads from start_date (and must not overflow).
	if lb := int64(cfg.LookbackWindow); st.Resume > 0 && lb < st.Resume/86400 {
		since = max(since, st.Resume-lb*86400)
	}
	return since
}

// cursorOf reads a record's cursor (unix seconds) without decoding the rest.
func cursorOf(rec json.RawMessage, field string) (int64, bool) {
	if field == "" {
		return 0, false
	}
	return jsonscan.Int(rec, field)
}

// panicError is a recovered panic: a bug, reported as a system error with its stack.
type panicError struct {
	value any
	stack string
}

func (p *panicError) Error() string { return fmt.Sprintf("internal error: %v", p.value) }

func stackOf(err error) string {
	var p *panicError
	if errors.As(err, &p) {
		return p.stack
	}
	return ""
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
