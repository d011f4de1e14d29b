package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/intercom-connector/source-intercom/source/airbyte"
)

// fullRefreshState is the STATE a full-refresh stream emits at its end: the
// platform expects one per stream, and there is no cursor to carry.
var fullRefreshState = json.RawMessage(`{"__ab_no_cursor_state_message":true}`)

// job is one configured stream matched to its declaration.
type job struct {
	stream Stream
	mode   airbyte.SyncMode
}

// plan matches the configured catalog to the declared streams. Unknown
// streams, unsupported modes and foreign cursors are config errors: the
// user must fix the connection, and nothing is read.
func plan(cat *airbyte.ConfiguredCatalog) ([]job, error) {
	if len(cat.Streams) == 0 {
		return nil, fmt.Errorf("the catalog selects no streams; select at least one of: %s", streamNames())
	}
	var jobs []job
	for _, cs := range cat.Streams {
		s, ok := Lookup(cs.Stream.Name)
		if !ok {
			return nil, fmt.Errorf("the catalog names stream %q, which this source does not have; streams are: %s", cs.Stream.Name, streamNames())
		}
		if cs.SyncMode == airbyte.Incremental && s.Cursor == "" {
			return nil, fmt.Errorf("stream %q supports only full_refresh, but the catalog asks for incremental", s.Name)
		}
		if cs.SyncMode == airbyte.Incremental && len(cs.CursorField) > 0 && strings.Join(cs.CursorField, ".") != s.Cursor {
			return nil, fmt.Errorf("stream %q has the source-defined cursor %q; the catalog's cursor_field %q cannot be used", s.Name, s.Cursor, strings.Join(cs.CursorField, "."))
		}
		jobs = append(jobs, job{stream: s, mode: cs.SyncMode})
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

// readAll reads every job in turn. A failing stream is reported with an
// ERROR trace and INCOMPLETE status, and the others still run.
func readAll(ctx context.Context, w *airbyte.Writer, env *Env, jobs []job) []streamFailure {
	var failed []streamFailure
	for _, j := range jobs {
		if err := readStream(ctx, w, env, j); err != nil {
			f := classify(err, env.Config)
			w.Error(f.Type, j.stream.Name, fmt.Sprintf("Stream %s failed: %s", j.stream.Name, f.Message), errString(f.Err), stackOf(err))
			w.StreamStatus(j.stream.Name, airbyte.Incomplete)
			failed = append(failed, streamFailure{stream: j.stream.Name, failure: f})
		}
	}
	return failed
}

// readStream emits one stream: STARTED, RUNNING at the first page, its
// records, its STATE, COMPLETE. A panic inside a stream becomes its error.
func readStream(ctx context.Context, w *airbyte.Writer, env *Env, j job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p, stack: string(debug.Stack())}
		}
	}()
	name := j.stream.Name
	if err := w.StreamStatus(name, airbyte.Started); err != nil {
		return err
	}
	running := false
	for page, err := range j.stream.Fetch(ctx, env) {
		if err != nil {
			return err
		}
		if !running {
			running = true
			w.StreamStatus(name, airbyte.Running)
		}
		for _, rec := range page.Records {
			if err := w.Record(name, rec); err != nil {
				return err
			}
		}
	}
	if !running {
		w.StreamStatus(name, airbyte.Running)
	}
	if err := w.State(name, fullRefreshState); err != nil {
		return err
	}
	return w.StreamStatus(name, airbyte.Complete)
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
