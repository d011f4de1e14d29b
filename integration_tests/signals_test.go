package integration_tests

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

func TestSignalStopsTheReadCleanly(t *testing.T) {
	// Not parallel: it times how fast the process stops, which the
	// package's other tests, loading the machine, would distort.
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel() // with each other only: the parent runs alone
			probe := fakeintercom.New(fakeintercom.Options{Seed: 6, Size: fakeintercom.Tiny})
			clk := newClock(latestData(probe) + 3600)
			// Latency makes the read last long enough to be interrupted.
			srv, url := fake(t, fakeintercom.Options{Seed: 6, Size: fakeintercom.Tiny, Clock: clk.Now, Latency: 20 * time.Millisecond})
			ageLeftScrolls(srv, clk)
			files := map[string]any{"config": config(url, nil), "catalog": everyMode()}
			p := startConnector(t, files, "read")
			if !p.await(`"type":"STATE"`, 4, 30*time.Second) {
				t.Fatal("the read did not get to its 4th STATE")
			}
			sent := time.Now()
			p.signal(t, sig)
			r, tail, _ := p.finish(t, 30*time.Second)
			stopped := time.Since(sent)
			if stopped > 5*time.Second {
				t.Errorf("stopped %s after %s", stopped.Round(time.Millisecond), sig)
			}
			if r.code == 0 {
				t.Error("exit 0 after an interrupted read")
			}
			if len(tail) > 0 {
				t.Errorf("stdout ends in an unflushed half line %q", tail)
			}
			if bytes.Contains(r.stderr, []byte("panic")) || bytes.Contains(r.stdout, []byte("goroutine ")) {
				t.Errorf("panic output: %s", r.stderr)
			}
			interrupted := checkInterrupted(t, r)
			if len(interrupted) == 0 {
				t.Error("every stream completed: the signal came too late to test anything")
			}
			checked := checkpointsHonest(t, srv, r, nil)
			// A stream reported COMPLETE emitted every record.
			for name, st := range r.statuses() {
				if st[len(st)-1] == "COMPLETE" {
					if lost, _, _ := coverage(srv, []string{name}, r); len(lost) > 0 {
						t.Errorf("%s: COMPLETE without %d of its records", name, len(lost))
					}
				}
			}

			// A resumed read completes what the interrupted one left.
			srv.WaitIdle(10 * time.Second)
			srv.ExpireScroll()
			files["state"] = lastStates(r)
			resumed := connector(t, files, "read")
			if resumed.code != 0 {
				t.Fatalf("resumed read: exit %d %v", resumed.code, resumed.errors())
			}
			lost, dups, n := coverage(srv, allStreams(), r, resumed)
			if len(lost) > 0 {
				t.Errorf("%d records lost, e.g. %v", len(lost), lost[:min(5, len(lost))])
			}
			t.Logf("%s: stopped in %s with %d streams INCOMPLETE %v; %d checkpoint claims checked; after resuming %d records checked, none lost, read twice %v",
				sig, stopped.Round(time.Millisecond), len(interrupted), interrupted, checked, n, nonZero(dups))
		})
	}
}

// checkInterrupted checks how an interrupted read ended: every stream that
// started ended COMPLETE or INCOMPLETE, each INCOMPLETE one with a
// transient_error saying to sync again, no STATE after a stream's end, and
// a final error naming the unfinished streams. It returns those streams.
func checkInterrupted(t *testing.T, r run) []string {
	t.Helper()
	var incomplete []string
	for name, st := range r.statuses() {
		final := st[len(st)-1]
		switch final {
		case "INCOMPLETE":
			incomplete = append(incomplete, name)
		case "COMPLETE":
		default:
			t.Errorf("%s: statuses %v end neither COMPLETE nor INCOMPLETE", name, st)
		}
	}
	slices.Sort(incomplete)
	errs := map[string]map[string]any{}
	var final map[string]any
	for _, e := range r.errors() {
		if sd, ok := e["stream_descriptor"].(map[string]any); ok {
			errs[str(sd["name"])] = e
		} else {
			final = e
		}
	}
	for _, name := range incomplete {
		e := errs[name]
		if e == nil || e["failure_type"] != "transient_error" || !strings.Contains(str(e["message"]), "interrupted") {
			t.Errorf("%s: error %v", name, e)
		}
	}
	for _, name := range incomplete {
		if final == nil || !strings.Contains(str(final["message"]), name) {
			t.Errorf("final error %v does not name %s", final, name)
		}
	}
	// Nothing of a stream comes after its last status.
	ended := map[string]bool{}
	for _, m := range r.msgs {
		name := streamOf(m)
		if ended[name] {
			t.Errorf("%s: %s after the stream ended", name, m["type"])
		}
		if tr, ok := m["trace"].(map[string]any); ok && tr["type"] == "STREAM_STATUS" {
			s := str(tr["stream_status"].(map[string]any)["status"])
			ended[name] = s == "COMPLETE" || s == "INCOMPLETE"
		}
	}
	return incomplete
}

// streamOf names the stream a message is about, "" for none.
func streamOf(m map[string]any) string {
	switch m["type"] {
	case "RECORD":
		return str(m["record"].(map[string]any)["stream"])
	case "STATE":
		return str(m["state"].(map[string]any)["stream"].(map[string]any)["stream_descriptor"].(map[string]any)["name"])
	case "TRACE":
		tr := m["trace"].(map[string]any)
		if ss, ok := tr["stream_status"].(map[string]any); ok {
			return str(ss["stream_descriptor"].(map[string]any)["name"])
		}
	}
	return ""
}

// Signals reach the connector when it is waiting, too: before the first
// answer, and between retries.
func TestSignalDuringRetryWaitStopsPromptly(t *testing.T) {
	// Not parallel: it times how fast the process stops, which the
	// package's other tests, loading the machine, would distort.
	srv, url, _ := workspaceAt(t, 3, fakeintercom.Tiny)
	// A 429 whose window resets in 30 s: the connector logs its retry,
	// then waits about 30 s before sending it.
	srv.SetFaults(fakeintercom.Faults{Rate: 1, Kinds: []fakeintercom.Fault{fakeintercom.TooManyRequests}, RetryAfter: 30 * time.Second, Match: fakeintercom.PathPrefix("/tickets/search")})
	p := startConnector(t, map[string]any{"config": config(url, nil), "catalog": bestMode("tickets", "admins")}, "read")
	// admins runs beside tickets and is signalled only once it is done, so
	// that it stays COMPLETE however slowly a loaded machine reads it.
	if !p.awaitEach(time.Minute, "got HTTP 429; retry 1 in 30.", `{"name":"admins"},"status":"COMPLETE"`) {
		t.Fatal("the connector did not log a retry and complete admins within a minute")
	}
	sent := time.Now()
	p.signal(t, os.Interrupt)
	r, _, _ := p.finish(t, 30*time.Second)
	// Well inside the 30 s wait, whatever the machine's load: the wait
	// was cut short, not waited out.
	if took := time.Since(sent); took > 10*time.Second {
		t.Errorf("stopped %s after the signal", took)
	}
	tickets := 0
	for _, req := range srv.Requests() {
		if req.Path == "/tickets/search" {
			tickets++
		}
	}
	if tickets != 1 {
		t.Errorf("%d requests to /tickets/search, want 1: the retry was sent", tickets)
	}
	if got := r.statuses()["tickets"]; !slices.Equal(got, []string{"STARTED", "INCOMPLETE"}) {
		t.Errorf("tickets: %v", got)
	}
	if got := r.statuses()["admins"]; fmt.Sprint(got) != "[STARTED RUNNING COMPLETE]" {
		t.Errorf("admins: %v", got)
	}
	checkInterrupted(t, r)
	if r.code == 0 {
		t.Error("exit 0")
	}
}
