package streams

import (
	"context"
	"iter"
	"net/url"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// deletedConversations lists deleted conversations newest first and stops
// at the first page reaching below the cursor, so an incremental read
// costs a page or two. Deletions during the read push items to later pages
// (seen twice, never skipped); the checkpoint is the time the scan began.
// A read from start_date estimates the list's total_count.
func deletedConversations() engine.Stream {
	return engine.Stream{
		Name: "deleted_conversations", PrimaryKey: [][]string{{"id"}}, Cursor: "deleted_at",
		Source: engine.Func(func(ctx context.Context, env *engine.Env, since int64) iter.Seq2[engine.Page, error] {
			return func(yield func(engine.Page, error) bool) {
				var start time.Time
				q := url.Values{"order": {"desc"}}
				for l, err := range env.Client.PageNumbers(ctx, intercom.PathDeletedConversations, q, "conversations", intercom.DeletedConversationsPerPage) {
					if err != nil {
						yield(engine.Page{}, err)
						return
					}
					if start.IsZero() {
						start = l.Date
						if since <= env.Config.StartTime().Unix() {
							env.EstimateRows(int64(l.TotalCount)) // a whole scan: the list's total
						}
					}
					if !yield(engine.Page{Records: l.Items}, nil) {
						return
					}
					if n := len(l.Items); n > 0 {
						if oldest, ok := engine.CursorOf(l.Items[n-1], "deleted_at"); ok && oldest < since {
							break
						}
					}
				}
				yield(engine.Page{Checkpoint: engine.ScanCheckpoint(env, start)}, nil)
			}
		}),
	}
}
