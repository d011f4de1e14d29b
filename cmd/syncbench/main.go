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
	// realistic are the median latencies of the realistic scenario:
	// Intercom's limit (1,667 requests per 10 s), lognormal latencies,
	// default settings.
	realistic     []time.Duration
	realisticOnly bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("syncbench", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	var sizes, out string
	fs.StringVar(&s.binary, "binary", "bin/source-intercom", "connector binary")
	fs.StringVar(&sizes, "sizes", "small,large", "workspace sizes, comma-separated")
	fs.DurationVar(&s.latency, "latency", 50*time.Millisecond, "added latency of every fake response")
	fs.IntVar(&s.rateLimit, "rate-limit", 1000, "requests allowed per rate window")
	fs.DurationVar(&s.rateWindow, "rate-window", 10*time.Second, "rate-limit window")
	fs.IntVar(&s.workers, "workers", 16, "num_workers of the concurrent runs")
	fs.BoolVar(&s.baseline, "baseline", true, "also run with num_workers=1")
	fs.BoolVar(&s.hotPath, "hot-path", true, "also run the hot-path Go benchmarks")
	fs.StringVar(&out, "out", "", "write the markdown report to this file (default stdout)")
	fs.DurationSliceVar(&s.realistic, "realistic-medians", nil, "median latencies of the realistic scenario, e.g. 150ms,300ms,600ms (none: skip it)")
	fs.BoolVar(&s.realisticOnly, "realistic-only", false, "run only the realistic scenario")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	for _, name := range strings.Split(sizes, ",") {
		sz, err := fakeintercom.ParseSize(strings.TrimSpace(name))
		if err != nil {
			fmt.Fprintln(stderr, "syncbench:", err)
			return 2
		}
		s.sizes = append(s.sizes, sz)
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
