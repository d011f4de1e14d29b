// Command demo runs the connector end to end against the built-in fake
// Intercom: it starts the fake on loopback, runs spec, check, discover and
// read with the connector binary, and prints what was synced.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("demo", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	binary := fs.String("binary", "bin/source-intercom", "connector binary to run")
	out := fs.String("out", ".demo", "directory for the config, catalog and the read's output")
	size := fs.String("size", "small", "fake workspace size: tiny, small or large")
	seed := fs.Int64("seed", 1, "fake workspace seed")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	sz, err := fakeintercom.ParseSize(*size)
	if err != nil {
		fmt.Fprintln(stderr, "demo:", err)
		return 2
	}
	if err := demo(ctx, stdout, *binary, *out, fakeintercom.Options{Seed: *seed, Size: sz, Token: demoToken}); err != nil {
		fmt.Fprintln(stderr, "demo:", err)
		return 1
	}
	return 0
}

const demoToken = "demo-token-not-a-secret"

func demo(ctx context.Context, stdout io.Writer, binary, out string, opts fakeintercom.Options) error {
	if _, err := os.Stat(binary); err != nil {
		return fmt.Errorf("connector binary %s not found: run make build first", binary)
	}
	abs, err := filepath.Abs(binary)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen on loopback: %w", err)
	}
	srv := &http.Server{Handler: fakeintercom.New(opts)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "fake intercom:", err)
		}
	}()
	defer srv.Shutdown(context.Background())
	baseURL := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "Fake Intercom (%s workspace, seed %d) listening on %s\n\n", sizeName(opts.Size), opts.Seed, baseURL)
	s := &session{ctx: ctx, stdout: stdout, binary: abs, dir: out, baseURL: baseURL}
	return s.all()
}

func sizeName(s fakeintercom.Size) string {
	for _, n := range []string{"tiny", "small", "large"} {
		if sz, _ := fakeintercom.ParseSize(n); sz == s {
			return n
		}
	}
	return "custom"
}
