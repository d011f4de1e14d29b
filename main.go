// Command source-intercom is an Airbyte source connector for Intercom.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/intercom-connector/source-intercom/source"
)

// version is stamped at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := source.Main(ctx, os.Args[1:], source.Deps{Stdout: os.Stdout, Stderr: os.Stderr, Version: version})
	stop()
	os.Exit(code)
}
