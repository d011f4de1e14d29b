package integration_tests

import (
	"bufio"
	"encoding/json"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// readUntilStates runs a read and kills it with SIGKILL right after its
// n-th STATE message; it returns every complete message read before that.
func readUntilStates(t *testing.T, files map[string]any, n int) run {
	t.Helper()
	args := append([]string{"read"}, fileArgs(t, files)...)
	cmd := exec.Command(binary, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var r run
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	states := 0
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("stdout line is not JSON: %q", sc.Text())
		}
		r.msgs = append(r.msgs, m)
		if m["type"] == "STATE" {
			if states++; states == n {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	cmd.Wait()
	return r
}

func TestKilledReadResumesWithoutLoss(t *testing.T) {
	t.Parallel()
	for _, killAt := range []int{1, 4, 12} {
		probe := fakeintercom.New(fakeintercom.Options{Seed: 11, Size: fakeintercom.Tiny})
		clk := newClock(latestData(probe) + 3600)
		srv, url := fake(t, fakeintercom.Options{Seed: 11, Size: fakeintercom.Tiny, Clock: clk.Now})
		ageLeftScrolls(srv, clk)
		files := map[string]any{"config": config(url, nil), "catalog": catalog("incremental", incrementalStreams()...)}
		killed := readUntilStates(t, files, killAt)
		files["state"] = lastStates(killed)
		// The killed read left its companies scroll open (maybe with the
		// request that opens it still in flight); Intercom frees it after a
		// minute unused.
		srv.WaitIdle(10 * time.Second)
		srv.ExpireScroll()
		resumed := connector(t, files, "read")
		if resumed.code != 0 {
			t.Fatalf("kill at state %d: resumed read exit %d %v", killAt, resumed.code, resumed.errors())
		}
		before, after := killed.records(), resumed.records()
		dups := 0
		perStream := map[string]int{}
		for _, name := range incrementalStreams() {
			s, _ := streams.Lookup(name)
			seen := map[string]int{}
			for _, rec := range append(before[name], after[name]...) {
				seen[key(rec, s.PrimaryKey)]++
			}
			for _, want := range srv.Records(name) {
				if seen[key(want, s.PrimaryKey)] == 0 {
					t.Errorf("kill at state %d: %s %s lost", killAt, name, key(want, s.PrimaryKey))
				}
			}
			for _, n := range seen {
				dups += n - 1
				perStream[name] += n - 1
			}
		}
		t.Logf("killed after state %d: %d records before the kill, %d after resuming, %d read twice %v", killAt, len(killed.ofType("RECORD")), len(resumed.ofType("RECORD")), dups, perStream)
	}
}
