package source

import (
	"context"
	"iter"
	"net/url"
	"strconv"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
)

// activityLogsStream reads admin activity logs in windows of
// activity_logs_time_step days, in parallel, following pages.next within
// each window. Logs come newest first within a window, so the cursor moves
// only over finished windows: to the end of the last of a finished prefix.
func activityLogsStream() Stream {
	return Stream{
		Name:       "activity_logs",
		PrimaryKey: [][]string{{"id"}},
		Cursor:     "created_at",
		Fetch: func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
			step := int64(env.Config.ActivityLogsTimeStep) * 86400
			var wins []window
			for from, now := since, env.now().Unix(); from <= now; from += step {
				wins = append(wins, window{lo: from, hi: from + step})
			}
			wd := windowed{cursor: "created_at", pages: func(ctx context.Context, w window) iter.Seq2[*intercom.List, error] {
				// Bounds overlap by a second: Intercom does not say whether
				// they are inclusive, and a duplicate is better than a gap.
				q := url.Values{"created_at_after": {strconv.FormatInt(w.lo-1, 10)}, "created_at_before": {strconv.FormatInt(w.hi, 10)}}
				return env.Client.NextLinks(ctx, "/admins/activity_logs", q, "activity_logs")
			}}
			return readWindows(ctx, env, wd, wins)
		},
	}
}

// deletedConversationsStream lists deleted conversations newest first and
// stops at the first page reaching below the cursor, so an incremental read
// costs a page or two. Deletions during the read push items to later pages
// (seen twice, never skipped); the checkpoint is the time the scan began.
func deletedConversationsStream() Stream {
	return Stream{
		Name:       "deleted_conversations",
		PrimaryKey: [][]string{{"id"}},
		Cursor:     "deleted_at",
		Fetch: func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				var start time.Time
				q := url.Values{"order": {"desc"}}
				for l, err := range env.Client.PageNumbers(ctx, "/conversations/deleted", q, "conversations", 60) {
					if err != nil {
						yield(Page{}, err)
						return
					}
					if start.IsZero() {
						start = l.Date
					}
					if !yield(Page{Records: l.Items}, nil) {
						return
					}
					if n := len(l.Items); n > 0 {
						if oldest, ok := cursorOf(l.Items[n-1], "deleted_at"); ok && oldest < since {
							break
						}
					}
				}
				yield(Page{Checkpoint: scanCheckpoint(env, start)}, nil)
			}
		},
	}
}
