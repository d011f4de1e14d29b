package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/pflag"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// shutdownGrace bounds how long in-flight requests may finish after a
// signal.
const shutdownGrace = 5 * time.Second

// run serves until ctx ends and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, addr, err := parseFlags(args, stderr)
	if errors.Is(err, pflag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "fakeintercom:", err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		logger.Error("listen", "addr", addr, "err", err)
		return 1
	}
	srv := &http.Server{Handler: fakeintercom.New(opts), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "http://%s\n", ln.Addr())
	logger.Info("serving fake Intercom", "addr", ln.Addr().String(), "seed", opts.Seed, "size", opts.Size.String())
	return serve(ctx, srv, ln, logger)
}

// serve runs srv on ln and shuts it down gracefully when ctx ends.
func serve(ctx context.Context, srv *http.Server, ln net.Listener, logger *slog.Logger) int {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		logger.Error("serve", "err", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Error("shutdown", "err", err)
		return 1
	}
	logger.Info("stopped")
	return 0
}
