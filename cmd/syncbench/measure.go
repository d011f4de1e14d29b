package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source"
)

// result is one sync.
type result struct {
	size      string
	workers   int
	wall      time.Duration
	requests  int
	tooMany   int
	records   int
	peakRSS   int64 // bytes
	chain     int   // longest unavoidable chain of sequential requests
	exitCode  int
	lowerSecs float64
}

type report struct {
	results []result
	hotPath string
}

func measure(ctx context.Context, s settings, log io.Writer) (*report, error) {
	r := &report{}
	if s.hotPath {
		fmt.Fprintln(log, "hot path: go test -run '^$' -bench HotPath -benchmem -count 3 ./source")
		out, err := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", "HotPath", "-benchmem", "-count", "3", "./source").CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("hot-path benchmarks: %v\n%s", err, out)
		}
		r.hotPath = string(out)
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

// syncOnce runs one full sync of every stream against a fresh fake.
func syncOnce(ctx context.Context, s settings, size fakeintercom.Size, workers int) (result, error) {
	fake := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: size, Token: "bench-token", Latency: s.latency, RateLimit: s.rateLimit, RateWindow: s.rateWindow})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return result{}, err
	}
	srv := &http.Server{Handler: fake}
	go srv.Serve(ln)
	defer srv.Close()
	dir, err := os.MkdirTemp("", "syncbench")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	cfg := map[string]any{"access_token": "bench-token", "start_date": "2015-01-01T00:00:00Z", "api_url": "http://" + ln.Addr().String(), "num_workers": workers}
	if err := writeJSON(filepath.Join(dir, "config.json"), cfg); err != nil {
		return result{}, err
	}
	if err := writeJSON(filepath.Join(dir, "catalog.json"), fullCatalog()); err != nil {
		return result{}, err
	}
	cmd := exec.CommandContext(ctx, s.binary, "read", "--config", filepath.Join(dir, "config.json"), "--catalog", filepath.Join(dir, "catalog.json"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		return result{}, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	records := countRecords(out)
	err = cmd.Wait()
	res := result{size: size.String(), workers: workers, wall: time.Since(start), records: records}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		res.exitCode = exit.ExitCode()
	} else if err != nil {
		return result{}, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.peakRSS = ru.Maxrss * 1024
	}
	for _, req := range fake.Requests() {
		res.requests++
		if req.Status == http.StatusTooManyRequests {
			res.tooMany++
		}
	}
	res.chain = len(fake.Records("companies"))/50 + 2
	rate := float64(s.rateLimit) / s.rateWindow.Seconds()
	res.lowerSecs = max(float64(res.requests)/rate, float64(res.chain)*s.latency.Seconds())
	return res, nil
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

func fullCatalog() map[string]any {
	var streams []any
	for _, s := range source.All() {
		streams = append(streams, map[string]any{
			"stream":                map[string]any{"name": s.Name, "json_schema": map[string]any{}, "supported_sync_modes": s.SyncModes()},
			"sync_mode":             "full_refresh",
			"destination_sync_mode": "overwrite",
		})
	}
	return map[string]any{"streams": streams}
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}
