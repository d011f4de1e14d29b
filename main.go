// Command source-intercom is an Airbyte source connector for Intercom.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/intercom-connector/source-intercom/source"
)

// version is stamped at build time with -ldflags "-X main.version=...".
var version = "dev"

// memoryTarget is the heap the garbage collector aims to stay under (a
// soft limit, GOMEMLIMIT's): the read's live data is a few megabytes of
// pages in flight, and without it the heap would grow to twice its peak
// before each collection. GOMEMLIMIT in the environment overrides it.
const memoryTarget = 40 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryTarget)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := source.Main(ctx, os.Args[1:], source.Deps{Stdout: os.Stdout, Stderr: os.Stderr, Version: version})
	stop()
	os.Exit(code)
}
