package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// countResult is the request count of a full read and of the incremental
// read that follows a few changes.
type countResult struct {
	size                      string
	fullRequests, fullRecords int
	incRequests, incRecords   int
	changed                   int
	fullWall, incrementalWall time.Duration
	// The fewest requests of each read (see fewest.go), and the
	// endpoints where the second read differs from its fewest.
	fullFewest, incFewest int
	incExcess             string
}

// countRequests runs a full incremental-mode read of every stream, changes a
// few records, and reads again from the first read's states, without latency
// or rate limit: it measures requests, not time.
func countRequests(ctx context.Context, binary string, size fakeintercom.Size) (countResult, error) {
	probe := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: size})
	var latest int64
	for _, r := range probe.Records("contacts") {
		latest = max(latest, r["updated_at"].(int64))
	}
	clk := fakeintercom.NewClock(time.Unix(latest+3600, 0))
	b, err := newBench(fakeintercom.Options{Seed: 1, Size: size, Clock: clk.Now}, nil, incrementalCatalog())
	if err != nil {
		return countResult{}, err
	}
	defer b.close()
	fake := b.fake
	res := countResult{size: size.String()}
	start := time.Now()
	states, records, err := readStates(ctx, binary, b, false)
	if err != nil {
		return res, err
	}
	res.fullWall, res.fullRecords, res.fullRequests = time.Since(start), records, len(fake.Requests())
	full, err := fewestRequests(fake)
	if err != nil {
		return res, err
	}
	_, res.fullFewest, _ = requestReport(fake, full)
	res.changed = change(fake, clk)
	fake.ResetRequests()
	if err := writeJSON(b.path("state"), states); err != nil {
		return res, err
	}
	start = time.Now()
	_, records, err = readStates(ctx, binary, b, true)
	res.incrementalWall, res.incRecords, res.incRequests = time.Since(start), records, len(fake.Requests())
	if err != nil {
		return res, err
	}
	inc, err := fewestSince(fake, resumePoints(states))
	if err != nil {
		return res, err
	}
	_, res.incFewest, res.incExcess = requestReport(fake, inc)
	return res, nil
}

// resumePoints is where each incremental stream of states resumes: its
// cursor.
func resumePoints(states []any) map[string]int64 {
	out := map[string]int64{}
	for _, st := range states {
		stream, _ := st.(map[string]any)["stream"].(map[string]any)
		desc, _ := stream["stream_descriptor"].(map[string]any)
		name, _ := desc["name"].(string)
		s, ok := streams.Lookup(name)
		state, _ := stream["stream_state"].(map[string]any)
		c, isNum := state[s.Cursor].(float64)
		if !ok || s.Cursor == "" || !isNum {
			continue
		}
		out[name] = int64(c)
	}
	return out
}

// change updates a few records of each kind an hour after the first read.
func change(fake *fakeintercom.Server, clk *fakeintercom.Clock) int {
	clk.Advance(time.Hour)
	n := 0
	for _, stream := range []string{"contacts", "companies", "conversations", "tickets"} {
		recs := fake.Records(stream)
		for i := 0; i < 10 && i < len(recs); i++ {
			if fake.Update(stream, recs[i*len(recs)/10]["id"].(string), func(map[string]any) {}) == nil {
				n++
			}
		}
	}
	for range 5 {
		if _, err := fake.Create("tickets"); err == nil {
			n++
		}
	}
	clk.Advance(time.Hour)
	return n
}

// readStates runs a read and returns its last state per stream and its record count.
func readStates(ctx context.Context, binary string, b *bench, withState bool) ([]any, int, error) {
	cmd := exec.CommandContext(ctx, binary, b.args(withState)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, 0, err
	}
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	states, records := lastStates(out)
	if err := cmd.Wait(); err != nil {
		return nil, 0, fmt.Errorf("read: %w", err)
	}
	return states, records, nil
}

func lastStates(r io.Reader) ([]any, int) {
	last := map[string]any{}
	records := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if bytes.HasPrefix(line, []byte(`{"type":"RECORD"`)) {
			records++
			continue
		}
		var m struct {
			Type  string `json:"type"`
			State struct {
				Stream struct {
					Descriptor struct {
						Name string `json:"name"`
					} `json:"stream_descriptor"`
				} `json:"stream"`
			} `json:"state"`
		}
		if json.Unmarshal(line, &m) == nil && m.Type == "STATE" {
			var full map[string]any
			json.Unmarshal(line, &full)
			st := full["state"].(map[string]any)
			last[m.State.Stream.Descriptor.Name] = map[string]any{"type": "STREAM", "stream": st["stream"]}
		}
	}
	var out []any
	for _, v := range last {
		out = append(out, v)
	}
	return out, records
}
