package streams

import (
	"encoding/json"
	"iter"
	"slices"

	"github.com/intercom-connector/source-intercom/source/engine"
)

// What the streams built on a parent's records share: which parents they
// read, and a parent's children as a chain of pages.

// replicated drops the parents last updated before start_date: a child
// stream holds the children of the parents a sync replicates. An
// incremental child starts there or later anyway; this bounds the
// full-refresh ones, which the engine reads from the beginning.
func replicated(env *engine.Env, parents iter.Seq2[engine.Page, error]) iter.Seq2[engine.Page, error] {
	start := startDate(env)
	if start <= 0 {
		return parents
	}
	return func(yield func(engine.Page, error) bool) {
		for p, err := range parents {
			if err == nil {
				// A page may be shared with other readers: filter a copy.
				p.Records = slices.DeleteFunc(slices.Clone(p.Records), func(rec json.RawMessage) bool {
					c, ok := engine.CursorOf(rec, "updated_at")
					return ok && c < start
				})
			}
			if !yield(p, err) {
				return
			}
		}
	}
}

// startDate is start_date in unix seconds; 0 without a config.
func startDate(env *engine.Env) int64 {
	if env.Config == nil {
		return 0
	}
	return env.Config.StartTime().Unix()
}

// quoted is s as a JSON string.
func quoted(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}
