package streams

import (
	"context"
	"iter"
	"net/url"
	"strconv"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// activityLogs reads admin activity logs. API 2.16 searches them, 250 a
// page (see activityLogSearch); 2.11 has only the list, 20 a page, read in
// windows of activity_logs_time_step days in parallel, following
// pages.next within each. Logs come newest first within a window, so the
// cursor moves only over finished windows.
func activityLogs() engine.Stream {
	return engine.Stream{
		Name: "activity_logs", PrimaryKey: [][]string{{"id"}}, Cursor: "created_at",
		Source: engine.Func(func(ctx context.Context, env *engine.Env, since int64) iter.Seq2[engine.Page, error] {
			if env.Config.IntercomVersion == "2.11" {
				return activityLogWindows.Pages(ctx, env, since)
			}
			return activityLogSearch(ctx, env, since)
		}),
	}
}

var activityLogWindows = engine.Windows{
	Cursor: "created_at",
	Step:   func(env *engine.Env) int64 { return int64(env.Config.ActivityLogsTimeStep) * 86400 },
	Window: func(ctx context.Context, env *engine.Env, lo, hi int64) iter.Seq2[*intercom.List, error] {
		// Bounds overlap by a second: Intercom does not say whether
		// they are inclusive, and a duplicate is better than a gap.
		q := url.Values{"created_at_after": {strconv.FormatInt(lo-1, 10)}, "created_at_before": {strconv.FormatInt(hi, 10)}}
		return env.Client.NextLinks(ctx, intercom.PathActivityLogs, q, "activity_logs")
	},
}

// activityLogSearch reads every log since the cursor with one search, the
// largest page Intercom allows, pages in turn: no request goes to a span
// without logs. Logs come newest first, and a log created during the read
// pushes older ones a page down: read in turn, pages then repeat a log
// (dropped here) but never skip one. The order allows no checkpoint midway,
// so the read checkpoints once, at its end, at the server's time when it
// began; without the server's clock (a proxy stripped Date), never past
// the newest log read either, as the local clock may run ahead.
func activityLogSearch(ctx context.Context, env *engine.Env, since int64) iter.Seq2[engine.Page, error] {
	return func(yield func(engine.Page, error) bool) {
		seen := engine.IDSet{}
		start, began, newest := env.Now(), time.Time{}, int64(0)
		body := map[string]any{"created_at_after": since - 1}
		for l, err := range env.Client.PostPageNumbers(ctx, intercom.PathActivityLogsSearch, body, "activity_logs", intercom.ActivityLogsSearchPerPage) {
			if err != nil {
				yield(engine.Page{}, err)
				return
			}
			if l.Pages.Page <= 1 {
				began = l.Date
				// Every page but the last is full.
				env.EstimateRows(int64(max(len(l.Items), (l.Pages.TotalPages-1)*intercom.ActivityLogsSearchPerPage+1)))
			}
			fresh := l.Items[:0:0]
			for _, rec := range l.Items {
				if seen.Add(rec) {
					fresh = append(fresh, rec)
				}
				if c, ok := engine.CursorOf(rec, "created_at"); ok {
					newest = max(newest, c)
				}
			}
			if !yield(engine.Page{Records: fresh, AsOf: l.Date}, nil) {
				return
			}
		}
		cp := engine.ScanCheckpoint(env, began)
		if began.IsZero() {
			cp = min(engine.ScanCheckpoint(env, start), newest)
		}
		yield(engine.Page{Checkpoint: cp}, nil)
	}
}
