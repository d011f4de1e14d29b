package integration_tests

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// proc is a connector running in the background, for tests that signal or
// kill it. Its stdout is read line by line as it comes.
type proc struct {
	cmd    *exec.Cmd
	lines  chan []byte // complete stdout lines; closed at EOF
	mu     sync.Mutex
	out    bytes.Buffer // every complete line
	tail   []byte       // a last line without its newline, if any
	stderr bytes.Buffer
	done   chan struct{}
}

// startConnector starts the binary; files are written as connector does.
func startConnector(t *testing.T, files map[string]any, args ...string) *proc {
	t.Helper()
	return startCmd(t, exec.Command(binary, append(args, fileArgs(t, files)...)...))
}

// startCmd starts cmd, the connector or a launcher of it.
func startCmd(t *testing.T, cmd *exec.Cmd) *proc {
	t.Helper()
	p := &proc{cmd: cmd, lines: make(chan []byte, 1<<16), done: make(chan struct{})}
	p.cmd.Stderr = &p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); <-p.done })
	go p.pump(out)
	return p
}

func fileArgs(t *testing.T, files map[string]any) []string {
	t.Helper()
	dir := t.TempDir()
	var args []string
	for flag, v := range files {
		b, ok := v.([]byte)
		if !ok {
			b, _ = json.Marshal(v)
		}
		p := filepath.Join(dir, flag+".json")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--"+flag, p)
	}
	return args
}

func (p *proc) pump(out io.Reader) {
	defer close(p.done)
	defer close(p.lines)
	br := bufio.NewReaderSize(out, 1<<20)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			p.mu.Lock()
			p.out.Write(line)
			p.mu.Unlock()
			select {
			case p.lines <- line:
			default: // nobody is watching lines closely enough to block the process
			}
		} else if len(line) > 0 {
			p.mu.Lock()
			p.tail = line
			p.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// await reads p's stdout until n lines containing text went by, at most
// timeout; it reports whether they did (false if the process ended first).
func (p *proc) await(text string, n int, timeout time.Duration) bool {
	seen := 0
	return p.until(timeout, func(line []byte) bool {
		if bytes.Contains(line, []byte(text)) {
			seen++
		}
		return seen >= n
	})
}

// awaitEach reads p's stdout until a line containing each of texts went by,
// in any order, at most timeout; it reports whether they all did.
func (p *proc) awaitEach(timeout time.Duration, texts ...string) bool {
	left := slices.Clone(texts)
	return p.until(timeout, func(line []byte) bool {
		left = slices.DeleteFunc(left, func(text string) bool { return bytes.Contains(line, []byte(text)) })
		return len(left) == 0
	})
}

// until reads p's stdout line by line until done says so, at most timeout;
// it reports whether done did (false if the process ended first).
func (p *proc) until(timeout time.Duration, done func(line []byte) bool) bool {
	deadline := time.After(timeout)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				return false
			}
			if done(line) {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

// signal sends sig to the process.
func (p *proc) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// finish waits for the process to exit, at most timeout, and returns its
// run with stdout validated line by line against the Airbyte protocol.
// A killed process may leave a last line unfinished: it is reported in
// tail, not validated.
func (p *proc) finish(t *testing.T, timeout time.Duration) (r run, tail []byte, usage *syscall.Rusage) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		// SIGQUIT makes a Go process print every goroutine's stack: what
		// it was stuck on.
		_ = p.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
		_ = p.cmd.Wait()
		p.mu.Lock()
		defer p.mu.Unlock()
		t.Fatalf("the connector did not exit within %s; its stacks:\n%s", timeout, p.stderr.String())
	}
	err := p.cmd.Wait()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	if ru, ok := p.cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		usage = ru
	}
	p.mu.Lock()
	r.stdout, tail = bytes.Clone(p.out.Bytes()), p.tail
	p.mu.Unlock()
	r.stderr = p.stderr.Bytes()
	r.decode(t)
	return r, tail, usage
}

// peakRSSEnv names the file in which this test binary, started as a
// launcher, writes the peak RSS (KiB) of the command it ran. The connector
// must not be the direct child of the test process: Go starts children
// with vfork, and Linux then counts the parent's peak (hundreds of MiB
// under -race) into the child's. A launcher's own child starts from the
// launcher's small memory instead.
const peakRSSEnv = "SOURCE_INTERCOM_TEST_PEAK_RSS_FILE"

// launchMeasured runs args as a launcher and records its peak RSS.
func launchMeasured(file string, args []string) int {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		os.WriteFile(file, []byte(strconv.FormatInt(ru.Maxrss, 10)), 0o600)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return 125
	}
	return 0
}

// connectorPeak runs the connector through a launcher and returns its run
// and its own peak RSS in bytes.
func connectorPeak(t *testing.T, files map[string]any, args ...string) (run, int64) {
	t.Helper()
	rss := filepath.Join(t.TempDir(), "peak-rss")
	cmd := exec.Command(os.Args[0], append([]string{binary}, append(args, fileArgs(t, files)...)...)...)
	cmd.Env = append(os.Environ(), peakRSSEnv+"="+rss)
	r, tail, _ := startCmd(t, cmd).finish(t, 3*time.Minute)
	if len(tail) > 0 {
		t.Errorf("stdout ends in an unfinished line %q", tail)
	}
	b, err := os.ReadFile(rss)
	if err != nil {
		t.Fatalf("the launcher recorded no peak RSS: %v", err)
	}
	kib, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return r, kib << 10
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
