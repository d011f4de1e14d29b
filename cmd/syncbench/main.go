// Command syncbench measures full syncs of the connector binary against the
// fake Intercom with per-request latency and a rate limit, at two workspace
// sizes, concurrent and sequential (num_workers=1), and writes the figures
// with the hot-path benchmarks as markdown.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// settings of one benchmark session.
type settings struct {
	binary     string
	sizes      []fakeintercom.Size
	latency    time.Duration
	rateLimit  int
	rateWindow time.Duration
	workers    int
	baseline   bool
	hotPath    bool
	// realistic are the runs of the realistic scenario, a workspace size
	// and a median latency each: Intercom's limit (1,667 requests per
	// 10 s), lognormal latencies, default settings.
	realistic     []realisticRun
	realisticOnly bool
	// countSizes are the workspaces whose request counts (full, then
	// incremental) are measured.
	countSizes []fakeintercom.Size
}

type realisticRun struct {
	size   fakeintercom.Size
	median time.Duration
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("syncbench", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	var sizes, countSizes, out string
	var realistic, only []string
	fs.StringVar(&s.binary, "binary", "bin/source-intercom", "connector binary")
	fs.StringVar(&sizes, "sizes", "small,large", "workspace sizes, comma-separated")
	fs.DurationVar(&s.latency, "latency", 50*time.Millisecond, "added latency of every fake response")
	fs.IntVar(&s.rateLimit, "rate-limit", 1000, "requests allowed per rate window")
	fs.DurationVar(&s.rateWindow, "rate-window", 10*time.Second, "rate-limit window")
	fs.IntVar(&s.workers, "workers", 16, "num_workers of the concurrent runs")
	fs.BoolVar(&s.baseline, "baseline", true, "also run with num_workers=1")
	fs.BoolVar(&s.hotPath, "hot-path", true, "also run the hot-path Go benchmarks")
	fs.StringVar(&out, "out", "", "write the markdown report to this file (default stdout)")
	fs.StringSliceVar(&realistic, "realistic", nil, "runs of the realistic scenario as size:median, e.g. small:150ms,small:600ms,large:300ms (none: skip it)")
	fs.StringSliceVar(&only, "streams", nil, "read only these streams (default every stream)")
	fs.StringVar(&countSizes, "count-sizes", "small,large", "workspace sizes whose request counts are measured")
	fs.BoolVar(&s.realisticOnly, "realistic-only", false, "run only the realistic scenario")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if len(only) > 0 {
		selected = map[string]bool{}
		for _, name := range only {
			selected[strings.TrimSpace(name)] = true
		}
	}
	var err error
	if s.sizes, err = parseSizes(sizes); err == nil {
		s.countSizes, err = parseSizes(countSizes)
	}
	for _, r := range realistic {
		size, median, ok := strings.Cut(r, ":")
		var run realisticRun
		if !ok {
			err = fmt.Errorf("--realistic %q: want size:median, e.g. small:300ms", r)
			break
		}
		if run.size, err = fakeintercom.ParseSize(size); err != nil {
			break
		}
		if run.median, err = time.ParseDuration(median); err != nil {
			break
		}
		s.realistic = append(s.realistic, run)
	}
	if err != nil {
		fmt.Fprintln(stderr, "syncbench:", err)
		return 2
	}
	report, err := measure(ctx, s, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "syncbench:", err)
		return 1
	}
	w := stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			fmt.Fprintln(stderr, "syncbench:", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	report.write(w, s)
	return 0
}

func parseSizes(list string) ([]fakeintercom.Size, error) {
	var out []fakeintercom.Size
	for _, name := range strings.Split(list, ",") {
		sz, err := fakeintercom.ParseSize(strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		out = append(out, sz)
	}
	return out, nil
}
