package main

import (
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// parseFlags turns command-line arguments into server options and the
// listen address.
func parseFlags(args []string, stderr io.Writer) (fakeintercom.Options, string, error) {
	fs := pflag.NewFlagSet("fakeintercom", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen address (port 0 picks a free port)")
	seed := fs.Int64("seed", 1, "seed for the generated workspace")
	size := fs.String("size", "small", "workspace size: tiny, small or large")
	token := fs.String("token", "fake-token", "valid bearer token")
	rateLimit := fs.Int("rate-limit", 0, "requests allowed per rate window (0 = unlimited)")
	rateWindow := fs.Duration("rate-window", 10*time.Second, "rate limit window")
	latency := fs.Duration("latency", 0, "delay added to every request")
	median := fs.Duration("latency-median", 0, "median of a realistic per-request delay (lognormal, searches slower, a slow tail), added to --latency")
	timezone := fs.String("timezone", "America/Los_Angeles", "app timezone reported by /me")
	if err := fs.Parse(args); err != nil {
		return fakeintercom.Options{}, "", err
	}
	sz, err := fakeintercom.ParseSize(*size)
	if err != nil {
		return fakeintercom.Options{}, "", err
	}
	if _, err := time.LoadLocation(*timezone); err != nil {
		return fakeintercom.Options{}, "", err
	}
	return fakeintercom.Options{
		Seed: *seed, Size: sz, Token: *token,
		RateLimit: *rateLimit, RateWindow: *rateWindow,
		Latency: *latency, LatencyMedian: *median, Timezone: *timezone,
	}, *addr, nil
}
