package main

import (
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
	"time"
)

func (r *report) write(w io.Writer, s settings) {
	fmt.Fprintf(w, "# Benchmarks\n\n")
	fmt.Fprintf(w, "Measured on %s/%s, %d cores, %s. Reproduce with `make bench` (about half an hour: the sequential baselines are slow by nature).\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), time.Now().UTC().Format("2006-01-02"))
	if len(r.realistic) > 0 {
		fmt.Fprintf(w, "## At Intercom's limit, at real latencies\n\n")
		fmt.Fprintf(w, "Every stream, full refresh, default settings. The fake allows Intercom's default limit, %d requests per 10-second window (10,000 a minute), and delays each answer as Intercom's vary: lognormal around the median (p90 about 1.8× the median), searches 1.6× slower, 1%% of answers 4× slower again. The lower bound is `max(fewest requests / rate, chain × median)`, where the fewest requests are what a full read of the workspace needs at the least (every list at its largest page, one request a parent only where Intercom serves children per parent; see `cmd/syncbench/fewest.go`), and the chain is the companies scroll's pages, which must follow one another. Each sync starts in the middle of one of the fake's 10-second windows: where in a window a sync starts moves its wall time by up to a window either way (a start just before a window ends loses most of its budget), so every run starts at the same point.\n\n", realisticLimit)
		fmt.Fprintf(w, "Command: `go run ./cmd/syncbench --binary bin/source-intercom --realistic %s%s --realistic-only`\n\n", joinRuns(s.realistic), streamsFlag())
		fmt.Fprintln(w, "| workspace | median latency | wall time | lower bound | wall / bound | requests | fewest | requests / fewest | 429s | peak concurrency | peak RSS | exit |")
		fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
		for _, x := range r.realistic {
			fmt.Fprintf(w, "| %s | %s | %.1f s | %.1f s | %.2f× | %d | %d | %.3f× | %d | %d | %.1f MiB | %d |\n",
				x.size, x.median, x.wall.Seconds(), x.lowerSecs, x.wall.Seconds()/x.lowerSecs, x.requests, x.fewest, float64(x.requests)/float64(x.fewest), x.tooMany, x.peakConc, float64(x.peakRSS)/(1<<20), x.exitCode)
		}
		fmt.Fprintln(w)
	}
	if len(r.results) == 0 {
		return
	}
	fmt.Fprintf(w, "## Full sync against the fake Intercom\n\n")
	fmt.Fprintf(w, "Every stream, full refresh, `start_date` 2015. The fake adds %s to every response and allows %d requests per %s window (Intercom spreads its per-minute limit over 10-second windows), answering 429 beyond it. ",
		s.latency, s.rateLimit, s.rateWindow)
	fmt.Fprintf(w, "The lower bound is `max(requests / rate, chain × latency)`, where the chain is the longest run of requests that must follow one another (the companies scroll: each page needs the previous page's scroll_param). Because the limit is per window, a sync may spend a whole window's budget at once, so a short sync can beat `requests / rate`; the windowed bound `max((⌈requests / limit⌉ − 1) × window, chain × latency)` is the tighter figure.\n\n")
	fmt.Fprintf(w, "Command: `go run ./cmd/syncbench --binary bin/source-intercom --latency %s --rate-limit %d --rate-window %s --workers %d`\n\n", s.latency, s.rateLimit, s.rateWindow, s.workers)
	fmt.Fprintln(w, "| workspace | num_workers | wall time | requests | 429s | records | records/s | peak RSS | lower bound | wall / bound | windowed bound | wall / windowed | exit |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, x := range r.results {
		fmt.Fprintf(w, "| %s | %d | %.1f s | %d | %d | %d | %.0f | %.1f MiB | %.1f s | %.2f× | %.1f s | %.2f× | %d |\n",
			x.size, x.workers, x.wall.Seconds(), x.requests, x.tooMany, x.records, float64(x.records)/x.wall.Seconds(),
			float64(x.peakRSS)/(1<<20), x.lowerSecs, x.wall.Seconds()/x.lowerSecs, x.windowSecs, x.wall.Seconds()/max(x.windowSecs, 0.001), x.exitCode)
	}
	fmt.Fprintln(w)
	for _, x := range r.results {
		if x.workers == 1 {
			continue
		}
		for _, y := range r.results {
			if y.size == x.size && y.workers == 1 {
				fmt.Fprintf(w, "- %s: num_workers=%d is %.1f× faster than the sequential baseline.\n", x.size, x.workers, y.wall.Seconds()/x.wall.Seconds())
			}
		}
	}
	if len(r.counts) > 0 {
		fmt.Fprintf(w, "\n## Requests of a full and an incremental read\n\nEvery stream in incremental mode where it can be: a first read from `start_date` 2015, then, an hour later, 10 changed contacts, companies, conversations and tickets each plus 5 new tickets, and a second read from the first read's states. The second read's records include the full-refresh-only streams (admins, articles, attributes, ...), which are re-read whole by nature, and every part of a changed conversation. No latency or rate limit here: this counts requests.\n\n")
		fmt.Fprintln(w, "| workspace | first read: requests | fewest | requests / fewest | records | changes | second read: requests | fewest | requests / fewest | records |")
		fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
		for _, c := range r.counts {
			fmt.Fprintf(w, "| %s | %d | %d | %.3f× | %d | %d | %d | %d | %.3f× | %d |\n", c.size, c.fullRequests, c.fullFewest, float64(c.fullRequests)/float64(max(c.fullFewest, 1)),
				c.fullRecords, c.changed, c.incRequests, c.incFewest, float64(c.incRequests)/float64(max(c.incFewest, 1)), c.incRecords)
		}
		fmt.Fprintln(w, "\nThe fewest requests of the second read (`fewestSince` in `cmd/syncbench/fewest.go`) resume each incremental stream from the first read's state: a search or a request per parent only for what changed since (contacts from the midnight before their cursor, as Intercom's contact search filters whole days), a scan or a list served whole and every full-refresh stream as in a full read.")
		for _, c := range r.counts {
			if c.incExcess != "" {
				fmt.Fprintf(w, "\n- %s, second read, requests beside the fewest: %s\n", c.size, c.incExcess)
			}
		}
	}
	if r.hotPath != "" {
		fmt.Fprintf(w, "\n## Hot path\n\nOne page of API JSON in (150 contacts from a search, or a conversation with 150 parts), Airbyte RECORD messages out: decode, cursor, parent id, write. MB/s is of API JSON, per core.\n\nCommand: `go test -run '^$' -bench HotPath -benchmem -count 3 ./source/engine`\n\n```\n%s```\n", r.hotPath)
	}
}

func joinRuns(runs []realisticRun) string {
	var parts []string
	for _, r := range runs {
		parts = append(parts, r.size.String()+":"+r.median.String())
	}
	return strings.Join(parts, ",")
}

// streamsFlag is the --streams flag of a run that read only some streams.
func streamsFlag() string {
	if selected == nil {
		return ""
	}
	return " --streams " + strings.Join(slices.Sorted(maps.Keys(selected)), ",")
}
