package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// result is one sync.
type result struct {
	median    time.Duration // the realistic scenario's median latency
	peakConc  int64         // most requests the fake answered at once
	size      string
	workers   int
	wall      time.Duration
	requests  int
	fewest    int    // the fewest requests a full read can make (see fewest.go)
	excess    string // the endpoints where requests and the fewest differ
	tooMany   int
	records   int
	peakRSS   int64 // bytes
	chain     int   // longest unavoidable chain of sequential requests
	exitCode  int
	lowerSecs float64
	// windowSecs is a tighter bound for a windowed limit: the first
	// window's budget is there at once, each further one costs a window.
	windowSecs float64
}

type report struct {
	realistic []result
	results   []result
	counts    []countResult
	hotPath   string
}

func measure(ctx context.Context, s settings, log io.Writer) (*report, error) {
	r := &report{}
	for _, run := range s.realistic {
		size, median := run.size, run.median
		{
			fmt.Fprintf(log, "realistic: %s workspace, median latency %s, Intercom's limit, default settings ...\n", size, median)
			res, err := syncWith(ctx, s.binary, fakeintercom.Options{Seed: 1, Size: size, LatencyMedian: median, RateLimit: realisticLimit, RateWindow: 10 * time.Second}, nil)
			if err != nil {
				return nil, err
			}
			res.median = median
			rate := float64(realisticLimit) / 10
			res.lowerSecs = max(float64(res.fewest)/rate, float64(res.chain)*median.Seconds())
			fmt.Fprintf(log, "  %s (bound %.1f s, %.2f×), %d requests (fewest %d, %.3f×), %d x 429, peak concurrency %d, peak RSS %.1f MiB, exit %d\n",
				res.wall.Round(time.Millisecond), res.lowerSecs, res.wall.Seconds()/res.lowerSecs, res.requests, res.fewest, float64(res.requests)/float64(res.fewest), res.tooMany, res.peakConc, float64(res.peakRSS)/(1<<20), res.exitCode)
			if res.excess != "" {
				fmt.Fprintf(log, "  requests beside the fewest: %s\n", res.excess)
			}
			r.realistic = append(r.realistic, res)
		}
	}
	if s.realisticOnly {
		return r, nil
	}
	if s.hotPath {
		fmt.Fprintln(log, "hot path: go test -run '^$' -bench HotPath -benchmem -count 3 ./source/engine")
		out, err := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", "HotPath", "-benchmem", "-count", "3", "./source/engine").CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("hot-path benchmarks: %v\n%s", err, out)
		}
		r.hotPath = string(out)
	}
	for _, size := range s.countSizes {
		fmt.Fprintf(log, "request counts: %s workspace, full then incremental ...\n", size)
		c, err := countRequests(ctx, s.binary, size)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "  full %d requests (fewest %d) / %d records, incremental %d requests (fewest %d) / %d records after %d changes\n", c.fullRequests, c.fullFewest, c.fullRecords, c.incRequests, c.incFewest, c.incRecords, c.changed)
		if c.incExcess != "" {
			fmt.Fprintf(log, "  incremental requests beside the fewest: %s\n", c.incExcess)
		}
		r.counts = append(r.counts, c)
	}
	for _, size := range s.sizes {
		runs := []int{s.workers}
		if s.baseline {
			runs = append(runs, 1)
		}
		for _, workers := range runs {
			fmt.Fprintf(log, "sync: %s workspace, num_workers=%d ...\n", size, workers)
			res, err := syncOnce(ctx, s, size, workers)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(log, "  %s, %d requests, %d x 429, %d records, peak RSS %.1f MiB, exit %d\n",
				res.wall.Round(time.Millisecond), res.requests, res.tooMany, res.records, float64(res.peakRSS)/(1<<20), res.exitCode)
			r.results = append(r.results, res)
		}
	}
	return r, nil
}

// realisticLimit is Intercom's default limit per 10-second window
// (10,000 requests a minute).
const realisticLimit = 1667

// syncOnce runs one full sync of every stream against a fresh fake.
func syncOnce(ctx context.Context, s settings, size fakeintercom.Size, workers int) (result, error) {
	res, err := syncWith(ctx, s.binary, fakeintercom.Options{Seed: 1, Size: size, Latency: s.latency, RateLimit: s.rateLimit, RateWindow: s.rateWindow},
		map[string]any{"num_workers": workers})
	if err != nil {
		return result{}, err
	}
	res.workers = workers
	rate := float64(s.rateLimit) / s.rateWindow.Seconds()
	res.lowerSecs = max(float64(res.requests)/rate, float64(res.chain)*s.latency.Seconds())
	windows := (res.requests + s.rateLimit - 1) / s.rateLimit
	res.windowSecs = max(float64(windows-1)*s.rateWindow.Seconds(), float64(res.chain)*s.latency.Seconds())
	return res, nil
}

// syncWith runs one full sync of every stream against a fresh fake with
// opts, the config holding extra.
func syncWith(ctx context.Context, binary string, opts fakeintercom.Options, extra map[string]any) (result, error) {
	size := opts.Size
	b, err := newBench(opts, extra, fullCatalog())
	if err != nil {
		return result{}, err
	}
	defer b.close()
	fake := b.fake
	cmd := exec.CommandContext(ctx, binary, b.args(false)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return result{}, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if opts.RateLimit > 0 && opts.RateWindow > 0 {
		waitForPhase(opts.RateWindow)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	peak := watchPeakRSS(cmd.Process.Pid)
	records := countRecords(out)
	err = cmd.Wait()
	res := result{size: size.String(), wall: time.Since(start), records: records, peakConc: fake.PeakInFlight()}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		res.exitCode = exit.ExitCode()
	} else if err != nil {
		return result{}, err
	}
	res.peakRSS = peak()
	for _, req := range fake.Requests() {
		res.requests++
		if req.Status == http.StatusTooManyRequests {
			res.tooMany++
		}
	}
	res.chain = len(fake.Records("companies"))/50 + 2
	fewest, err := fewestRequests(fake)
	if err != nil {
		return result{}, err
	}
	_, res.fewest, res.excess = requestReport(fake, fewest)
	return res, nil
}

// waitForPhase waits until the middle of the fake's current rate window
// (its windows are aligned to the clock). Where in a window a sync starts
// changes its wall time by up to a window either way: a start just before
// a window ends loses most of that window's budget, one at its start gets
// a whole window's budget at once. Starting every run mid-window makes
// runs comparable.
func waitForPhase(window time.Duration) {
	now := time.Now()
	phase := time.Duration(now.UnixNano() % int64(window))
	wait := window/2 - phase
	if wait < 0 {
		wait += window
	}
	time.Sleep(wait)
}

// watchPeakRSS samples the process's VmHWM (its resident high-water mark)
// until it exits. The rusage of a child is no use here: Linux carries the
// parent's peak into a child forked from it, and this process holds the
// whole fake workspace.
func watchPeakRSS(pid int) func() int64 {
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		path := fmt.Sprintf("/proc/%d/status", pid)
		for {
			b, err := os.ReadFile(path)
			if err != nil {
				return
			}
			for _, line := range strings.Split(string(b), "\n") {
				if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					var kb int64
					fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
					if kb == 0 {
						return // a zombie reports no memory
					}
					peak.Store(kb * 1024)
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return func() int64 {
		<-done
		return peak.Load()
	}
}

// countRecords counts RECORD lines without keeping them.
func countRecords(r io.Reader) int {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	prefix := []byte(`{"type":"RECORD"`)
	for sc.Scan() {
		if bytes.HasPrefix(sc.Bytes(), prefix) {
			n++
		}
	}
	return n
}

func fullCatalog() map[string]any { return catalogOf(false) }

func incrementalCatalog() map[string]any { return catalogOf(true) }

// catalogOf configures every stream, incremental where it can be if incremental.
func catalogOf(incremental bool) map[string]any {
	var configured []any
	for _, s := range streams.All() {
		if !isSelected(s.Name) {
			continue
		}
		mode := "full_refresh"
		if incremental && s.Cursor != "" {
			mode = "incremental"
		}
		configured = append(configured, map[string]any{
			"stream":                map[string]any{"name": s.Name, "json_schema": map[string]any{}, "supported_sync_modes": s.SyncModes()},
			"sync_mode":             mode,
			"destination_sync_mode": "append",
		})
	}
	return map[string]any{"streams": configured}
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// selected names the streams the benchmark's catalogs hold; nil: every
// stream.
var selected map[string]bool

func isSelected(stream string) bool { return selected == nil || selected[stream] }
