package streams

import (
	"context"
	"iter"
	"net/url"
	"strconv"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// activityLogs reads admin activity logs in windows of
// activity_logs_time_step days, in parallel, following pages.next within
// each window. Logs come newest first within a window, so the cursor moves
// only over finished windows: to the end of the last of a finished prefix.
func activityLogs() engine.Stream {
	return engine.Stream{
		Name: "activity_logs", PrimaryKey: [][]string{{"id"}}, Cursor: "created_at",
		Source: engine.Windows{
			Cursor: "created_at",
			Step:   func(env *engine.Env) int64 { return int64(env.Config.ActivityLogsTimeStep) * 86400 },
			Window: func(ctx context.Context, env *engine.Env, lo, hi int64) iter.Seq2[*intercom.List, error] {
				// Bounds overlap by a second: Intercom does not say whether
				// they are inclusive, and a duplicate is better than a gap.
				q := url.Values{"created_at_after": {strconv.FormatInt(lo-1, 10)}, "created_at_before": {strconv.FormatInt(hi, 10)}}
				return env.Client.NextLinks(ctx, intercom.PathActivityLogs, q, "activity_logs")
			},
		},
	}
}
