package source

import (
	"context"
	"iter"
	"net/url"
	"strconv"
	"time"
)

// activityLogsStream reads admin activity logs in windows of
// activity_logs_time_step days, following pages.next within each window.
// After a window the cursor moves to its end: every log created before it
// has been read.
func activityLogsStream() Stream {
	return Stream{
		Name:       "activity_logs",
		PrimaryKey: [][]string{{"id"}},
		Cursor:     "created_at",
		Fetch: func(ctx context.Context, env *Env, since int64) iter.Seq2[Page, error] {
			return func(yield func(Page, error) bool) {
				step := int64(env.Config.ActivityLogsTimeStep) * 86400
				now := time.Now()
				for from := since; from <= now.Unix(); from += step {
					to := from + step
					// Bounds overlap by a second: Intercom does not say
					// whether they are inclusive, and a duplicate is
					// better than a gap.
					q := url.Values{"created_at_after": {strconv.FormatInt(from-1, 10)}, "created_at_before": {strconv.FormatInt(to, 10)}}
					var asOf time.Time
					read := false
					for l, err := range env.Client.NextLinks(ctx, "/admins/activity_logs", q, "activity_logs") {
						if err != nil {
							yield(Page{}, err)
							return
						}
						asOf = l.Date
						if asOf.After(now) {
							now = asOf
						}
						read = read || len(l.Items) > 0
						if !yield(Page{Records: l.Items}, nil) {
							return
						}
					}
					// An empty window yields no checkpoint of its own: the
					// next window's, or the last one's, covers it.
					last := to > now.Unix()
					if read || last {
						if !yield(Page{Checkpoint: settled(to, asOf)}, nil) {
							return
						}
					}
				}
			}
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
				yield(Page{Checkpoint: scanCheckpoint(start)}, nil)
			}
		},
	}
}
