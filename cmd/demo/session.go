package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// session runs the connector's commands one after another.
type session struct {
	ctx     context.Context
	stdout  io.Writer
	binary  string
	dir     string
	baseURL string
}

func (s *session) all() error {
	cfg := map[string]any{"access_token": demoToken, "start_date": "2020-01-01T00:00:00Z", "api_url": s.baseURL}
	cfgPath, err := s.write("config.json", cfg)
	if err != nil {
		return err
	}
	msgs, err := s.exec("spec")
	if err != nil {
		return err
	}
	fmt.Fprintf(s.stdout, "$ source-intercom spec\n  SPEC with %d config fields\n\n", countFields(msgs))
	if msgs, err = s.exec("check", "--config", cfgPath); err != nil {
		return err
	}
	fmt.Fprintf(s.stdout, "$ source-intercom check --config %s\n  %s\n\n", cfgPath, checkLine(msgs))
	if msgs, err = s.exec("discover", "--config", cfgPath); err != nil {
		return err
	}
	cat := configure(msgs)
	fmt.Fprintf(s.stdout, "$ source-intercom discover --config %s\n  %d streams\n\n", cfgPath, len(cat["streams"].([]any)))
	catPath, err := s.write("catalog.json", cat)
	if err != nil {
		return err
	}
	start := time.Now()
	if msgs, err = s.exec("read", "--config", cfgPath, "--catalog", catPath); err != nil {
		return err
	}
	fmt.Fprintf(s.stdout, "$ source-intercom read --config %s --catalog %s > %s\n", cfgPath, catPath, filepath.Join(s.dir, "read.jsonl"))
	summarize(s.stdout, msgs, time.Since(start))
	return nil
}

func (s *session) write(name string, v any) (string, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "", err
	}
	p := filepath.Join(s.dir, name)
	return p, os.WriteFile(p, b, 0o600)
}

// exec runs one command, keeps its stdout in the output directory and
// returns the decoded messages. A non-zero exit is reported, not fatal: the
// messages say why.
func (s *session) exec(args ...string) ([]map[string]any, error) {
	cmd := exec.CommandContext(s.ctx, s.binary, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	runErr := cmd.Run()
	if err := os.WriteFile(filepath.Join(s.dir, args[0]+".jsonl"), out.Bytes(), 0o600); err != nil {
		return nil, err
	}
	var msgs []map[string]any
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, fmt.Errorf("%s wrote a line that is not JSON: %q", args[0], sc.Text())
		}
		msgs = append(msgs, m)
	}
	if runErr != nil {
		fmt.Fprintf(s.stdout, "  (%s exited with %v)\n", args[0], runErr)
	}
	return msgs, sc.Err()
}

func countFields(msgs []map[string]any) int {
	for _, m := range msgs {
		if spec, ok := m["spec"].(map[string]any); ok {
			props, _ := spec["connectionSpecification"].(map[string]any)["properties"].(map[string]any)
			return len(props)
		}
	}
	return 0
}

func checkLine(msgs []map[string]any) string {
	var logs []string
	status := "no CONNECTION_STATUS"
	for _, m := range msgs {
		if l, ok := m["log"].(map[string]any); ok {
			logs = append(logs, fmt.Sprint(l["message"]))
		}
		if cs, ok := m["connectionStatus"].(map[string]any); ok {
			status = fmt.Sprint(cs["status"])
			if msg, ok := cs["message"]; ok {
				status += ": " + fmt.Sprint(msg)
			}
		}
	}
	return strings.Join(append(logs, status), "\n  ")
}

// configure turns a discovered catalog into a configured one, choosing
// incremental wherever a stream supports it.
func configure(msgs []map[string]any) map[string]any {
	var streams []any
	for _, m := range msgs {
		cat, ok := m["catalog"].(map[string]any)
		if !ok {
			continue
		}
		for _, s := range cat["streams"].([]any) {
			st := s.(map[string]any)
			mode := "full_refresh"
			for _, sm := range st["supported_sync_modes"].([]any) {
				if sm == "incremental" {
					mode = "incremental"
				}
			}
			streams = append(streams, map[string]any{"stream": st, "sync_mode": mode, "destination_sync_mode": "append"})
		}
	}
	return map[string]any{"streams": streams}
}

func summarize(w io.Writer, msgs []map[string]any, took time.Duration) {
	records, states, status := map[string]int{}, map[string]int{}, map[string]string{}
	var errs []string
	for _, m := range msgs {
		switch m["type"] {
		case "RECORD":
			records[m["record"].(map[string]any)["stream"].(string)]++
		case "STATE":
			states[m["state"].(map[string]any)["stream"].(map[string]any)["stream_descriptor"].(map[string]any)["name"].(string)]++
		case "TRACE":
			tr := m["trace"].(map[string]any)
			if ss, ok := tr["stream_status"].(map[string]any); ok {
				status[ss["stream_descriptor"].(map[string]any)["name"].(string)] = ss["status"].(string)
			}
			if e, ok := tr["error"].(map[string]any); ok {
				errs = append(errs, fmt.Sprintf("%s: %s", e["failure_type"], e["message"]))
			}
		}
	}
	names := make([]string, 0, len(status))
	for n := range status {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  stream\trecords\tstates\tstatus\t")
	total := 0
	for _, n := range names {
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\t\n", n, records[n], states[n], status[n])
		total += records[n]
	}
	tw.Flush()
	fmt.Fprintf(w, "\n  %d records in %s (%d messages)\n", total, took.Round(time.Millisecond), len(msgs))
	for _, e := range errs {
		fmt.Fprintf(w, "  error %s\n", e)
	}
}
