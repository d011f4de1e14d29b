package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/config"
	"github.com/intercom-connector/source-intercom/source/engine"
)

// Deps are the outside world a command touches, injected so tests run
// commands in-process.
type Deps struct {
	Stdout  io.Writer
	Stderr  io.Writer
	Version string
	// Now is the clock for emitted_at and rate-limit waits; time.Now if nil.
	Now func() time.Time
	// HTTPClient replaces the retrying client (tests); nil builds the real one.
	HTTPClient *http.Client
	// ReadFile reads config, catalog and state files; os.ReadFile if nil.
	ReadFile func(string) ([]byte, error)
	// ProgressTicks, if set, paces a read's progress LOGs instead of a
	// 30-second ticker (tests).
	ProgressTicks <-chan time.Time
	// Wait, if set, is handed every wait of the client (a retry's
	// backoff, a hold until the rate window resets, a busy scroll's poll)
	// and says how long to actually wait (intercom.WaitFunc): tests pass
	// fakeintercom.Clock.Wait.
	Wait intercom.WaitFunc
}

const usage = `Usage: source-intercom <command> [flags]

An Airbyte source for Intercom. Commands:
  spec                                          print the connector specification
  check    --config FILE                        test the credentials against Intercom
  discover --config FILE                        print the catalog of streams
  read     --config FILE --catalog FILE [--state FILE]
                                                read records as Airbyte messages

Flags:
  -h, --help      show this help
      --version   print the version

stdout carries only Airbyte protocol messages, one JSON object per line.
`

// Main runs one command and returns the process exit code: 0 on success, 1
// when the command failed (an ERROR trace says why), 2 on bad usage.
func Main(ctx context.Context, args []string, d Deps) (code int) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.ReadFile == nil {
		d.ReadFile = os.ReadFile
	}
	w := airbyte.NewWriter(d.Stdout, airbyte.WithClock(d.Now))
	stopFlushing := w.FlushEvery(time.Second)
	defer func() {
		stopFlushing()
		if p := recover(); p != nil {
			w.Error(airbyte.SystemError, "", fmt.Sprintf("internal error: %v", p), "", string(debug.Stack()))
			code = 1
		}
		if err := w.Flush(); err != nil && code == 0 {
			fmt.Fprintf(d.Stderr, "source-intercom: writing stdout: %v\n", err)
			code = 1
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(d.Stderr, usage)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(d.Stderr, usage)
		return 0
	case "--version", "version":
		fmt.Fprintf(d.Stderr, "source-intercom %s\n", d.Version)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(d.Stderr, "source-intercom: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	fs := pflag.NewFlagSet(args[0], pflag.ContinueOnError)
	fs.SetOutput(d.Stderr)
	f := flags{}
	cmd.flags(fs, &f)
	fs.Usage = func() { commandUsage(d.Stderr, args[0], cmd, fs) }
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(d.Stderr, "source-intercom %s: %v\n\n", args[0], err)
		fs.Usage()
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(d.Stderr, "source-intercom %s: unexpected argument %q\n\n", args[0], fs.Arg(0))
		fs.Usage()
		return 2
	}
	for _, name := range cmd.required {
		if !fs.Changed(name) {
			fmt.Fprintf(d.Stderr, "source-intercom %s: --%s is required\n\n", args[0], name)
			fs.Usage()
			return 2
		}
	}
	return cmd.run(ctx, d, w, f)
}

// flags are the values every command may take.
type flags struct {
	config, catalog, state string
}

type command struct {
	summary  string
	required []string
	flags    func(*pflag.FlagSet, *flags)
	run      func(context.Context, Deps, *airbyte.Writer, flags) int
}

var commands = map[string]command{
	"spec": {summary: "Prints the connector specification (a SPEC message).", flags: func(*pflag.FlagSet, *flags) {}, run: runSpec},
	"check": {summary: "Tests the config's credentials against Intercom (a CONNECTION_STATUS message).", required: []string{"config"}, run: runCheck, flags: func(fs *pflag.FlagSet, f *flags) {
		fs.StringVar(&f.config, "config", "", "path to the config JSON")
	}},
	"discover": {summary: "Prints the catalog of streams (a CATALOG message), with the workspace's custom attributes typed from its attribute definitions.", required: []string{"config"}, run: runDiscover, flags: func(fs *pflag.FlagSet, f *flags) {
		fs.StringVar(&f.config, "config", "", "path to the config JSON")
	}},
	"read": {summary: "Reads the catalog's streams as RECORD, STATE, TRACE and LOG messages.", required: []string{"config", "catalog"}, run: runRead, flags: func(fs *pflag.FlagSet, f *flags) {
		fs.StringVar(&f.config, "config", "", "path to the config JSON")
		fs.StringVar(&f.catalog, "catalog", "", "path to the configured catalog JSON")
		fs.StringVar(&f.state, "state", "", "path to the state JSON")
	}},
}

// loadConfig reads and validates the config file; errors are the user's to
// fix. The secrets are registered with w first, so an error quoting a value
// (a token pasted into the wrong field) never prints one.
func loadConfig(d Deps, w *airbyte.Writer, path string) (*config.Config, error) {
	b, err := d.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read config file: %w", unwrapPath(err))
	}
	w.Redact(config.SecretsIn(b)...)
	cfg, err := config.ParseConfig(b)
	if err != nil {
		return nil, err
	}
	for _, msg := range cfg.Warnings() {
		w.Log(airbyte.LevelWarn, msg)
	}
	return cfg, nil
}

// unwrapPath words an os error about a file the user named: the path as
// they gave it, what failed and why.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s %s: %w", pe.Op, pe.Path, pe.Err)
	}
	return err
}

// commandUsage is one command's help: its synopsis and its flags.
func commandUsage(out io.Writer, name string, cmd command, fs *pflag.FlagSet) {
	synopsis := "source-intercom " + name
	for _, r := range cmd.required {
		synopsis += " --" + r + " FILE"
	}
	fs.VisitAll(func(f *pflag.Flag) {
		if !slices.Contains(cmd.required, f.Name) {
			synopsis += " [--" + f.Name + " FILE]"
		}
	})
	fmt.Fprintf(out, "Usage: %s\n\n%s\n", synopsis, cmd.summary)
	if fs.HasFlags() {
		fmt.Fprintf(out, "\nFlags:\n%s", fs.FlagUsages())
	}
	fmt.Fprint(out, "\nstdout carries only Airbyte protocol messages, one JSON object per line.\n")
}

// fail reports a command-level failure as an ERROR trace and returns exit code 1.
func fail(w *airbyte.Writer, f *engine.Failure) int {
	w.Error(f.Type, "", f.Message, f.Internal(), "")
	return 1
}
